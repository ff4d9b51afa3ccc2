"""The record stays right where workflows meet: agendas once, deadlines everywhere, children that
report to drafts that have ended, meetings that are closed or not yet held, commands that
overlap. Time-skipping server with stand-in activities, except where noted."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from temporalio.client import WorkflowExecutionStatus, WorkflowUpdateFailedError

from models.api import DeadlineExtension, DecisionInput, Expert, Finding, MissionRequest, Withdrawal
from models.base import Empty
from models.contracts.draft import EndorsementStart
from models.contracts.expert_mission import MissionFindings
from models.contracts.meeting import MeetingClose
from models.domain import Decision, DocumentType, NoticeKind, Phase, Route
from tests.workflows.steps import (
    answer,
    ended,
    open_round,
    refused,
    start_draft,
    start_meeting,
)
from workflows.comment_round import CommentRoundWorkflow
from workflows.draft import DraftWorkflow
from workflows.expert_mission import ExpertMissionWorkflow
from workflows.meeting import MeetingWorkflow


async def test_an_extended_deadline_reaches_the_draft_and_its_projection(env) -> None:
    env, queue, fakes = env
    draft = await start_draft(env.client, queue)
    rnd = await open_round(env, draft, days=14)
    later = (await rnd.query(CommentRoundWorkflow.status)).deadline + timedelta(days=7)
    await rnd.execute_update(
        CommentRoundWorkflow.extend_deadline, DeadlineExtension(deadline=later)
    )
    for _ in range(100):
        status = await draft.query(DraftWorkflow.status)
        if status.open_round and status.open_round.deadline == later:
            break
        await asyncio.sleep(0.05)
    assert status.open_round is not None and status.open_round.deadline == later
    for _ in range(100):  # the dashboard's row (drafts.deadline) is written from this
        if fakes.projections and fakes.projections[-1].open_round.deadline == later:
            break
        await asyncio.sleep(0.05)
    assert fakes.projections[-1].open_round.deadline == later


async def test_a_meeting_inside_its_agenda_window_sends_one_agenda_per_change(env) -> None:
    env, queue, fakes = env
    meeting = await start_meeting(env, queue, days=2)  # the agenda window (7 days) has begun
    await asyncio.sleep(0.5)
    assert fakes.notices_of(NoticeKind.MEETING_AGENDA) == []  # no agenda of nothing
    first, second = await start_draft(env.client, queue), await start_draft(env.client, queue)
    await asyncio.gather(
        *(
            d.execute_update(
                DraftWorkflow.request_endorsement,
                EndorsementStart(route=Route.MEETING, meeting_id=meeting.id),
            )
            for d in (first, second)
        )
    )
    for _ in range(400):
        if any("Agenda with 2 item" in e.summary for e in fakes.events.values()):
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # nothing more is to come
    sent = [e.summary for e in fakes.events.values() if e.kind == "agenda_sent"]
    agendas = fakes.notices_of(NoticeKind.MEETING_AGENDA)
    assert len(sent) == len(agendas) and len(set(sent)) == len(sent), sent
    assert [k for k, n in fakes.notice_calls.items() if n > 1] == []
    assert any(s.startswith("Agenda with 2 item(s)") for s in sent), sent

    with refused("takes place on"):  # two days early
        await meeting.execute_update(
            MeetingWorkflow.record_decision,
            DecisionInput(draft_id=first.id, decision=Decision.ENDORSED),
        )
    with refused("takes place on"):
        await meeting.execute_update(MeetingWorkflow.close_meeting, MeetingClose())
    await meeting.execute_update(MeetingWorkflow.send_agenda_now, Empty())
    for _ in range(100):
        if len(fakes.notices_of(NoticeKind.MEETING_AGENDA)) == len(agendas) + 1:
            break
        await asyncio.sleep(0.05)
    assert len(fakes.notices_of(NoticeKind.MEETING_AGENDA)) == len(agendas) + 1  # sent again


async def test_a_withdrawn_draft_leaves_the_agenda(env) -> None:
    env, queue, fakes = env
    meeting = await start_meeting(env, queue, days=10)
    draft = await start_draft(env.client, queue)
    await draft.execute_update(
        DraftWorkflow.request_endorsement,
        EndorsementStart(route=Route.MEETING, meeting_id=meeting.id),
    )
    await draft.execute_update(DraftWorkflow.withdraw, Withdrawal(reason="Superseded"))
    for _ in range(100):
        if not (await meeting.query(MeetingWorkflow.status)).agenda:
            break
        await asyncio.sleep(0.05)
    assert (await meeting.query(MeetingWorkflow.status)).agenda == []
    assert any(e.kind == "agenda_item_withdrawn" for e in fakes.events.values())


async def test_a_closed_meeting_never_leaves_a_draft_waiting(env) -> None:
    env, queue, fakes = env
    meeting = await start_meeting(env, queue, days=0)
    await meeting.execute_update(MeetingWorkflow.close_meeting, MeetingClose())
    await meeting.result()
    draft = await start_draft(env.client, queue)
    try:
        await draft.execute_update(
            DraftWorkflow.request_endorsement,
            EndorsementStart(route=Route.MEETING, meeting_id=meeting.id),
        )
    except WorkflowUpdateFailedError as e:
        assert "cannot take agenda items" in str(e.cause)
    for _ in range(100):
        status = await draft.query(DraftWorkflow.status)
        if status.state.phase != Phase.ENDORSEMENT:
            break
        await asyncio.sleep(0.1)
    assert status.state.phase == Phase.DRAFTING and status.pending_endorsement is None


async def test_a_mission_ending_after_its_draft_is_final_closes_with_a_line(env) -> None:
    env, queue, fakes = env
    draft = await start_draft(env.client, queue, DocumentType.MIGRATION_PROFILE, country="AM")
    now = await env.get_current_time()
    started = await draft.execute_update(
        DraftWorkflow.start_mission,
        MissionRequest(
            experts=[Expert(name="A. Expert", email="a@example.org")],
            starts_on=now,
            ends_on=now,
            findings_due=now + timedelta(days=20),
        ),
    )
    meeting = await start_meeting(env, queue, days=0)
    await draft.execute_update(
        DraftWorkflow.request_endorsement,
        EndorsementStart(route=Route.MEETING, meeting_id=meeting.id),
    )
    await meeting.execute_update(
        MeetingWorkflow.record_decision,
        DecisionInput(draft_id=draft.id, decision=Decision.ENDORSED),
    )
    assert (await draft.result()).state.phase == Phase.FINAL
    mission = env.client.get_workflow_handle_for(ExpertMissionWorkflow.run, started.mission_id)
    await mission.execute_update(
        ExpertMissionWorkflow.submit_findings,
        MissionFindings(expert_email="a@example.org", findings=[Finding(text="Late")]),
    )
    await mission.result()  # it ends instead of failing on a draft that is gone
    assert any(
        e.kind == "result_undelivered" and e.workflow_id == started.mission_id
        for e in fakes.events.values()
    )
    await meeting.execute_update(MeetingWorkflow.close_meeting, MeetingClose())
    assert (await meeting.result()).conclusions_artifact_id  # conclusions still issued


async def test_a_withdrawal_during_a_round_opening_leaves_no_round_running(env) -> None:
    env, queue, fakes = env
    draft = await start_draft(env.client, queue)
    now = await env.get_current_time()
    from models.contracts.comment_round import RoundStart

    opening = draft.execute_update(
        DraftWorkflow.open_round,
        RoundStart(invitees=["DE", "AM"], deadline=now + timedelta(days=14)),
    )
    withdrawing = draft.execute_update(DraftWorkflow.withdraw, Withdrawal(reason="Stop"))
    results = await asyncio.gather(opening, withdrawing, return_exceptions=True)
    status = await draft.result()
    assert status.state.phase == Phase.WITHDRAWN
    for r in status.state.rounds:
        handle = env.client.get_workflow_handle(r.round_id)
        for _ in range(100):
            if (await handle.describe()).status != WorkflowExecutionStatus.RUNNING:
                break
            await asyncio.sleep(0.05)
        assert (await handle.describe()).status != WorkflowExecutionStatus.RUNNING, results
    assert not any(r.open for r in status.state.rounds)


async def test_answers_to_a_round_of_a_withdrawn_draft_are_refused(env) -> None:
    env, queue, fakes = env
    draft = await start_draft(env.client, queue)
    rnd = await open_round(env, draft)
    await draft.execute_update(DraftWorkflow.withdraw, Withdrawal(reason="Superseded"))
    await ended(env, rnd)
    try:
        await rnd.execute_update(CommentRoundWorkflow.submit_answer, answer("DE"))
    except Exception as e:  # the round has ended: no answer is taken
        assert "Superseded" not in str(e)
    else:
        raise AssertionError("an answer was taken by a round that had ended")


async def test_endorsed_with_amendments_goes_final_with_the_amended_text(env) -> None:
    import pytest
    from pydantic import ValidationError

    from models.base import SectionText

    env, queue, fakes = env
    with pytest.raises(ValidationError, match="say what was amended"):
        DecisionInput(draft_id="x", decision=Decision.ENDORSED_WITH_AMENDMENTS)
    draft = await start_draft(env.client, queue)
    meeting = await start_meeting(env, queue, days=0)
    await draft.execute_update(
        DraftWorkflow.request_endorsement,
        EndorsementStart(route=Route.MEETING, meeting_id=meeting.id),
    )
    await meeting.execute_update(
        MeetingWorkflow.record_decision,
        DecisionInput(
            draft_id=draft.id,
            decision=Decision.ENDORSED_WITH_AMENDMENTS,
            amendments="Principles: 'in dignity' added",
            amended_sections=[
                SectionText(id="s1", title="Introduction", text="Why."),
                SectionText(id="s2", title="Principles", text="What, in dignity."),
            ],
        ),
    )
    final = await draft.result()
    record = final.state.endorsements[-1]
    assert final.state.phase == Phase.FINAL and final.state.version == 2
    assert record.amended_version == 2 and "in dignity" in record.amendments
    assert final.state.current_sections[1].text == "What, in dignity."
    assert [s.id for s in final.state.current_sections] == ["s1", "s2"]
    finals = [d for d in fakes.documents if d.endswith("final_text")]
    assert finals and all("-v2-" in d for d in finals)  # the final text is the amended version
