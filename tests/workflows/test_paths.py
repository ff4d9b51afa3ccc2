"""Every path of the lifecycle on the time-skipping server: days pass in milliseconds.

These use stand-in activities (tests/workflows/fakes.py) to watch what the workflows ask for;
test_lifecycle.py runs the same workflows with the real activities, database and SMTP server.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from temporalio.service import RPCError

from models.api import (
    AnswerSubmit,
    CloseRequest,
    CommentInput,
    DeadlineExtension,
    DecisionInput,
    Expert,
    Finding,
    MissionRequest,
    RevisionSubmit,
    Withdrawal,
)
from models.base import SectionText
from models.contracts.comment_round import RoundStart
from models.contracts.draft import EndorsementStart
from models.contracts.expert_mission import MissionFindings
from models.contracts.meeting import MeetingClose
from models.contracts.written_procedure import SilenceBreak
from models.domain import (
    Decision,
    DocumentType,
    MissionOutcome,
    NoticeKind,
    Phase,
    Position,
    RoundOutcome,
    Route,
)
from tests.workflows.steps import (
    INVITED,
    answer,
    ended,
    open_round,
    refused,
    resolve_all,
    start_draft,
    start_meeting,
)
from workflows.comment_round import CommentRoundWorkflow
from workflows.draft import DraftWorkflow
from workflows.expert_mission import ExpertMissionWorkflow
from workflows.meeting import MeetingWorkflow
from workflows.written_procedure import WrittenProcedureWorkflow


async def test_reminders_go_only_to_those_who_have_not_answered(env) -> None:
    env, queue, fakes = env
    draft = await start_draft(env.client, queue)
    rnd = await open_round(env, draft, days=14, remind=[7, 3])
    await rnd.execute_update(CommentRoundWorkflow.submit_answer, answer("DE"))
    await env.sleep(timedelta(days=8))
    reminders = fakes.notices_of(NoticeKind.REMINDER)
    assert [sorted(r.recipients) for r in reminders] == [["AM", "KZ"]]
    await rnd.execute_update(CommentRoundWorkflow.submit_answer, answer("AM", Position.RESERVATION))
    await env.sleep(timedelta(days=4))
    reminders = fakes.notices_of(NoticeKind.REMINDER)
    assert [sorted(r.recipients) for r in reminders] == [["AM", "KZ"], ["KZ"]]
    result = await ended(env, rnd)
    assert result.outcome == RoundOutcome.DEADLINE
    status = await draft.query(DraftWorkflow.status)
    assert status.state.phase == Phase.REVISION
    assert status.state.rounds[0].positions == {"DE": Position.COMMENTS, "AM": Position.RESERVATION}
    # the reservation's reason is a comment to resolve, like every section comment
    assert status.unresolved_comments == 3


async def test_round_closes_early_when_everyone_answered(env) -> None:
    env, queue, fakes = env
    draft = await start_draft(env.client, queue)
    rnd = await open_round(env, draft)
    for p in INVITED:
        await rnd.execute_update(CommentRoundWorkflow.submit_answer, answer(p))
    result = await ended(env, rnd)
    assert result.outcome == RoundOutcome.ALL_ANSWERED
    assert not fakes.notices_of(NoticeKind.REMINDER)


async def test_answer_can_change_until_close_and_not_after(env) -> None:
    env, queue, _ = env
    draft = await start_draft(env.client, queue)
    rnd = await open_round(env, draft)
    await rnd.execute_update(CommentRoundWorkflow.submit_answer, answer("DE"))
    receipt = await rnd.execute_update(
        CommentRoundWorkflow.submit_answer, answer("DE", Position.NO_OBJECTION)
    )
    assert receipt.revision == 2
    with refused("not invited"):
        await rnd.execute_update(CommentRoundWorkflow.submit_answer, answer("FR"))
    with refused("no such section"):
        await rnd.execute_update(
            CommentRoundWorkflow.submit_answer,
            AnswerSubmit(
                participant_id="AM",
                position=Position.COMMENTS,
                comments=[CommentInput(section_id="s99", text="?")],
            ),
        )
    await rnd.execute_update(CommentRoundWorkflow.close_round, CloseRequest())
    assert (await ended(env, rnd)).outcome == RoundOutcome.CLOSED_BY_SECRETARIAT
    with pytest.raises(RPCError, match="completed|not found"):
        await rnd.execute_update(CommentRoundWorkflow.submit_answer, answer("AM"))


async def test_extension_moves_deadline_and_reminders(env) -> None:
    env, queue, fakes = env
    draft = await start_draft(env.client, queue)
    rnd = await open_round(env, draft, days=10, remind=[3])
    now = await env.get_current_time()
    with refused("later than"):
        await rnd.execute_update(
            CommentRoundWorkflow.extend_deadline,
            DeadlineExtension(deadline=now + timedelta(days=5)),
        )
    await rnd.execute_update(
        CommentRoundWorkflow.extend_deadline, DeadlineExtension(deadline=now + timedelta(days=20))
    )
    await env.sleep(timedelta(days=12))
    status = await rnd.query(CommentRoundWorkflow.status)
    assert status.open and not fakes.notices_of(NoticeKind.REMINDER)
    await env.sleep(timedelta(days=6))
    assert len(fakes.notices_of(NoticeKind.REMINDER)) == 1
    assert (await ended(env, rnd)).outcome == RoundOutcome.DEADLINE
    assert fakes.notices_of(NoticeKind.DEADLINE_EXTENDED)


async def test_silence_broken_then_kept(env) -> None:
    env, queue, fakes = env
    draft = await start_draft(env.client, queue)
    rnd = await open_round(env, draft)
    for p in INVITED:
        await rnd.execute_update(CommentRoundWorkflow.submit_answer, answer(p))
    await ended(env, rnd)
    with refused("unresolved"):
        await draft.execute_update(
            DraftWorkflow.request_endorsement,
            EndorsementStart(
                route=Route.WRITTEN_PROCEDURE,
                deadline=await env.get_current_time() + timedelta(days=10),
                invitees=INVITED,
            ),
        )
    await resolve_all(draft)
    record = await draft.execute_update(
        DraftWorkflow.request_endorsement,
        EndorsementStart(
            route=Route.WRITTEN_PROCEDURE,
            deadline=await env.get_current_time() + timedelta(days=10),
            invitees=INVITED,
        ),
    )
    silence = env.client.get_workflow_handle_for(WrittenProcedureWorkflow.run, record.procedure_id)
    with refused("not part"):
        await silence.execute_update(
            WrittenProcedureWorkflow.break_silence, SilenceBreak(participant_id="FR", reason="No.")
        )
    await silence.execute_update(
        WrittenProcedureWorkflow.break_silence,
        SilenceBreak(participant_id="KZ", reason="Para 3 conflicts."),
    )
    await ended(env, silence)
    status = await draft.query(DraftWorkflow.status)
    assert status.state.phase == Phase.REVISION
    assert status.state.endorsements[-1].decision == Decision.DEFERRED
    assert fakes.notices_of(NoticeKind.SILENCE_BROKEN)
    # the objection must be answered before the next attempt
    await resolve_all(draft)
    await draft.execute_update(
        DraftWorkflow.submit_revision,
        RevisionSubmit(
            sections=[
                SectionText(id="s1", title="Introduction", text="Why, again."),
                SectionText(id="s2", title="Principles", text="What, amended."),
            ]
        ),
    )
    record = await draft.execute_update(
        DraftWorkflow.request_endorsement,
        EndorsementStart(
            route=Route.WRITTEN_PROCEDURE,
            deadline=await env.get_current_time() + timedelta(days=10),
            invitees=INVITED,
        ),
    )
    final = await draft.result()
    assert final.state.phase == Phase.FINAL
    assert final.state.endorsements[-1].decision == Decision.ENDORSED
    assert final.state.version == 2
    assert fakes.notices_of(NoticeKind.FINAL_PUBLISHED)
    assert any("final_text" in d for d in fakes.documents)


async def test_agenda_goes_out_ahead_of_the_meeting(env) -> None:
    env, queue, fakes = env
    draft = await start_draft(env.client, queue)
    meeting = await start_meeting(env, queue, days=30)
    await draft.execute_update(
        DraftWorkflow.request_endorsement,
        EndorsementStart(route=Route.MEETING, meeting_id=meeting.id),
    )
    await env.sleep(timedelta(days=22))
    assert not fakes.notices_of(NoticeKind.MEETING_AGENDA)
    await env.sleep(timedelta(days=2))
    agenda = fakes.notices_of(NoticeKind.MEETING_AGENDA)
    assert len(agenda) == 1 and "Guidelines" in agenda[0].context.items[0].title


async def test_meeting_defers_then_endorses(live) -> None:
    env, queue, fakes = live
    draft = await start_draft(env.client, queue)
    meeting = await start_meeting(env, queue, days=0)  # today: decisions may be recorded
    with refused("not on the agenda"):
        await meeting.execute_update(
            MeetingWorkflow.record_decision,
            DecisionInput(draft_id=draft.id, decision=Decision.ENDORSED),
        )
    await draft.execute_update(
        DraftWorkflow.request_endorsement,
        EndorsementStart(route=Route.MEETING, meeting_id=meeting.id),
    )
    await meeting.execute_update(
        MeetingWorkflow.record_decision,
        DecisionInput(
            draft_id=draft.id, decision=Decision.DEFERRED, notes="More time for consultation"
        ),
    )
    with refused("already recorded"):
        await meeting.execute_update(
            MeetingWorkflow.record_decision,
            DecisionInput(draft_id=draft.id, decision=Decision.ENDORSED),
        )
    await meeting.execute_update(MeetingWorkflow.close_meeting, MeetingClose())
    closed = await meeting.result()
    assert closed.conclusions_artifact_id
    status = await draft.query(DraftWorkflow.status)
    assert status.state.phase == Phase.REVISION

    second = await start_meeting(env, queue, days=0)
    await draft.execute_update(
        DraftWorkflow.request_endorsement,
        EndorsementStart(route=Route.MEETING, meeting_id=second.id),
    )
    await second.execute_update(
        MeetingWorkflow.record_decision,
        DecisionInput(
            draft_id=draft.id,
            decision=Decision.ENDORSED_WITH_AMENDMENTS,
            reservations=["KZ"],
            amendments="Editorial amendments to the principles",
        ),
    )
    final = await draft.result()
    assert final.state.phase == Phase.FINAL
    assert final.state.endorsements[-1].reservations == ["KZ"]
    assert final.state.endorsements[-1].meeting_place == "Budapest"
    await second.execute_update(MeetingWorkflow.close_meeting, MeetingClose())
    assert len(fakes.notices_of(NoticeKind.MEETING_AGENDA)) == 2


async def test_mission_times_out_or_feeds_findings(env) -> None:
    env, queue, fakes = env
    draft = await start_draft(env.client, queue, DocumentType.MIGRATION_PROFILE, country="AM")
    now = await env.get_current_time()
    mission = MissionRequest(
        experts=[Expert(name="A. Expert", email="a@example.org")],
        starts_on=now,
        ends_on=now + timedelta(days=5),
        findings_due=now + timedelta(days=20),
    )
    first = await draft.execute_update(DraftWorkflow.start_mission, mission)
    await env.sleep(timedelta(days=21))
    assert (
        await ended(
            env, env.client.get_workflow_handle_for(ExpertMissionWorkflow.run, first.mission_id)
        )
    ).outcome == (MissionOutcome.TIMED_OUT)
    assert len(fakes.notices_of(NoticeKind.MISSION_FINDINGS_DUE)) == 2  # assigned + reminder

    now = await env.get_current_time()
    second = await draft.execute_update(
        DraftWorkflow.start_mission,
        mission.model_copy(
            update={"starts_on": now, "ends_on": now, "findings_due": now + timedelta(days=20)}
        ),
    )
    handle = env.client.get_workflow_handle_for(ExpertMissionWorkflow.run, second.mission_id)
    with refused("not an expert"):
        await handle.execute_update(
            ExpertMissionWorkflow.submit_findings,
            MissionFindings(expert_email="x@example.org", findings=[Finding(text="?")]),
        )
    await handle.execute_update(
        ExpertMissionWorkflow.submit_findings,
        MissionFindings(
            expert_email="a@example.org", findings=[Finding(section_id="s1", text="Remittances up")]
        ),
    )
    await ended(env, handle)
    status = await draft.query(DraftWorkflow.status)
    findings = [c for c in status.state.comments if c.kind == "mission_finding"]
    assert [f.text for f in findings] == ["Remittances up"]


async def test_withdrawal_stops_the_open_round(env) -> None:
    env, queue, fakes = env
    draft = await start_draft(env.client, queue)
    rnd = await open_round(env, draft)
    await draft.execute_update(DraftWorkflow.withdraw, Withdrawal(reason="Superseded"))
    assert (await ended(env, rnd)).outcome == RoundOutcome.CANCELLED
    final = await draft.result()
    assert final.state.phase == Phase.WITHDRAWN
    assert fakes.notices_of(NoticeKind.DRAFT_WITHDRAWN)
    with pytest.raises(RPCError, match="completed|not found"):
        await draft.execute_update(DraftWorkflow.withdraw, Withdrawal(reason="again"))


async def test_bad_commands_are_refused_with_reasons(env) -> None:
    env, queue, _ = env
    draft = await start_draft(env.client, queue)
    now = await env.get_current_time()
    with refused("future"):
        await draft.execute_update(
            DraftWorkflow.open_round, RoundStart(invitees=INVITED, deadline=now - timedelta(days=1))
        )
    await open_round(env, draft)
    with refused("while comment round 1 is open"):
        await open_round(env, draft)
    with refused("while comment round 1 is open"):
        await draft.execute_update(
            DraftWorkflow.submit_revision,
            RevisionSubmit(sections=[SectionText(id="s1", title="X")]),
        )


async def test_revision_keeps_section_ids(env) -> None:
    env, queue, _ = env
    draft = await start_draft(env.client, queue)
    with refused("no such section id"):
        await draft.execute_update(
            DraftWorkflow.submit_revision,
            RevisionSubmit(sections=[SectionText(id="s42", title="X")]),
        )
    info = await draft.execute_update(
        DraftWorkflow.submit_revision,
        RevisionSubmit(
            sections=[
                SectionText(id="s2", title="Principles", text="Moved up"),
                SectionText(title="Annex", text="New"),
                SectionText(id="s1", title="Introduction", text="Why."),
            ]
        ),
    )
    assert info.version == 2 and info.section_ids == ["s2", "s3", "s1"]
