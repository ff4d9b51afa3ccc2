"""The Action Plan as one document, on the real dev server with the real activities: two parts
led by two states (each with its round and dispositions), the compiled Word file, endorsement
of the whole at a Ministerial Conference, deferral, and a random interleaving of commands."""

from __future__ import annotations

import io
import random
import re
import uuid
from datetime import timedelta
from functools import partial

import pytest
from docx import Document
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from models.api import (
    AnswerSubmit,
    CommentInput,
    CommentResolution,
    CommentResolutions,
    DecisionInput,
    DraftStart,
    TranslationSubmit,
    Withdrawal,
)
from models.base import SectionText
from models.contracts.action_plan import (
    PartAdd,
    PlanEndorsementStart,
    PlanStart,
    PlanStatus,
    PlanWorkflowInput,
)
from models.contracts.comment_round import RoundStart
from models.contracts.draft import DraftWorkflowInput, EndorsementStart
from models.contracts.meeting import MeetingInput
from models.db import Draft
from models.db_plan import PlanActivityRow
from models.domain import (
    ArtifactKind,
    Decision,
    DocumentType,
    Language,
    MeetingKind,
    Phase,
    Position,
    Route,
    ThematicArea,
)
from ppflow.rebuild import rebuild_read_model
from tests.conftest import until
from tests.workflows.steps import refused
from word.store import list_artifacts, load_artifact
from workflows.action_plan import ActionPlanWorkflow
from workflows.comment_round import CommentRoundWorkflow
from workflows.draft import DraftWorkflow
from workflows.meeting import MeetingWorkflow

# (lead state, thematic area, title, sections): each section is one activity of the plan.
PARTS = {
    "SK": (
        ThematicArea.READMISSION_RETURN,
        "Return, readmission and reintegration",
        ["Readmission agreements", "Assisted voluntary return", "Reintegration"],
    ),
    "PL": (
        ThematicArea.ILLEGAL_MIGRATION,
        "Preventing and fighting illegal migration",
        ["Border management", "Trafficking in human beings"],
    ),
}
REVIEWERS = ["DE", "AM"]


async def start_plan(client: Client, queue: str) -> WorkflowHandle:
    start = PlanStart(
        title="Prague Process Action Plan 2012-2016",
        slug=f"plan-{uuid.uuid4().hex[:8]}",
        lead_state="PL",
    )
    return await client.start_workflow(
        ActionPlanWorkflow.run,
        PlanWorkflowInput(start=start),
        id=start.meta().draft_id,
        task_queue=queue,
    )


async def start_part(client: Client, queue: str, plan: WorkflowHandle, lead: str) -> WorkflowHandle:
    area, title, sections = PARTS[lead]
    start = DraftStart(
        title=title,
        slug=f"{lead.lower()}-{uuid.uuid4().hex[:8]}",
        document_type=DocumentType.ACTION_PLAN_SECTION,
        thematic_area=area,
        lead_state=lead,
        parent_id=plan.id,
        sections=[SectionText(title=t, text=f"{t}: what {lead} proposes.") for t in sections],
    )
    handle = await client.start_workflow(
        DraftWorkflow.run,
        DraftWorkflowInput(start=start),
        id=start.meta().draft_id,
        task_queue=queue,
    )
    await plan.execute_update(ActionPlanWorkflow.add_part, PartAdd(part=start.meta()))
    return handle


async def consult(env: WorkflowEnvironment, part: WorkflowHandle) -> None:
    """One round: two reviewers comment; the lead state accepts one comment and rejects the
    other with a justification."""
    now = await env.get_current_time()
    summary = await part.execute_update(
        DraftWorkflow.open_round, RoundStart(invitees=REVIEWERS, deadline=now + timedelta(days=14))
    )
    rnd = env.client.get_workflow_handle_for(CommentRoundWorkflow.run, summary.round_id)
    for reviewer in REVIEWERS:
        await rnd.execute_update(
            CommentRoundWorkflow.submit_answer,
            AnswerSubmit(
                participant_id=reviewer,
                position=Position.COMMENTS,
                comments=[CommentInput(section_id="s1", text=f"{reviewer}: be more specific")],
            ),
        )
    await rnd.result()
    comments = (await part.query(DraftWorkflow.status)).state.comments
    assert len(comments) == 2
    await part.execute_update(
        DraftWorkflow.resolve_comments,
        CommentResolutions(
            resolutions=[
                CommentResolution(comment_id=comments[0].comment_id, disposition="accepted"),
                CommentResolution(
                    comment_id=comments[1].comment_id,
                    disposition="rejected",
                    justification="Covered by the next activity.",
                ),
            ]
        ),
    )


async def ready(part: WorkflowHandle) -> None:
    await part.execute_update(
        DraftWorkflow.request_endorsement, EndorsementStart(route=Route.WITH_PLAN)
    )


async def conference(env: WorkflowEnvironment, queue: str) -> WorkflowHandle:
    meeting_id = f"meeting-mc-{uuid.uuid4().hex[:6]}"
    return await env.client.start_workflow(
        MeetingWorkflow.run,
        MeetingInput(
            meeting_id=meeting_id,
            kind=MeetingKind.MINISTERIAL_CONFERENCE,
            title="Ministerial Conference",
            place="Poznań",
            starts_at=await env.get_current_time(),  # today: decisions may be recorded
            invitees=["PL", "SK", *REVIEWERS],
            agenda_before=timedelta(days=7),
        ),
        id=meeting_id,
        task_queue=queue,
    )


async def phase_of(part: WorkflowHandle) -> Phase:
    return (await part.query(DraftWorkflow.status)).state.phase


def compiled_docx(sessions: sessionmaker[Session], plan_id: str, language: Language) -> Document:
    with sessions() as session:
        links = [
            a
            for a in list_artifacts(session, draft_id=plan_id)
            if a.kind == ArtifactKind.COMPILED_PLAN.value and a.language == language.value
        ]
        assert links, f"no compiled plan in {language.value}"
        loaded = load_artifact(session, links[-1].artifact_id)
    assert loaded is not None
    return Document(io.BytesIO(loaded[0]))


def headings(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


async def test_two_parts_compiled_and_endorsed_at_a_ministerial_conference(
    dev_env: WorkflowEnvironment, run_worker, settings, sessions: sessionmaker[Session]
) -> None:
    client, queue = dev_env.client, settings.task_queue
    async with run_worker(client):
        plan = await start_plan(client, queue)
        sk = await start_part(client, queue, plan, "SK")  # added first, comes second (its area)
        pl = await start_part(client, queue, plan, "PL")
        status: PlanStatus = await plan.query(ActionPlanWorkflow.status)
        assert [p.lead_state for p in status.state.parts] == ["PL", "SK"]

        for part in (pl, sk):
            await consult(dev_env, part)
        await pl.execute_update(
            DraftWorkflow.submit_translation,
            TranslationSubmit(
                language=Language.RU,
                title="Предотвращение незаконной миграции и борьба с ней",
                sections=[
                    SectionText(id="s1", title="Управление границами", text="Текст PL."),
                    SectionText(id="s2", title="Торговля людьми", text="Текст PL 2."),
                ],
            ),
        )
        await ready(pl)
        meeting = await conference(dev_env, queue)

        # SK is not ready: the plan cannot go, and the refusal names the part
        with refused(r"1 part\(s\) not ready: \"Return, readmission and reintegration\" \(SK"):
            await plan.execute_update(
                ActionPlanWorkflow.request_endorsement, PlanEndorsementStart(meeting_id=meeting.id)
            )
        await ready(sk)
        assert await phase_of(sk) == Phase.ENDORSEMENT
        await until(lambda: _no_part_waiting(plan))
        record = await plan.execute_update(
            ActionPlanWorkflow.request_endorsement, PlanEndorsementStart(meeting_id=meeting.id)
        )
        assert record.meeting_id == meeting.id and record.version == 1
        agenda = (await meeting.query(MeetingWorkflow.status)).agenda
        assert [i.draft.draft_id for i in agenda] == [plan.id]

        # the compiled plan: both parts in the plan's order, activities numbered 1..5 across them
        doc = compiled_docx(sessions, plan.id, Language.EN)
        titles = headings(doc)
        chapters = [t for t in titles if t.startswith("Part ")]
        assert chapters == [
            "Part 1. Preventing and fighting illegal migration",
            "Part 2. Readmission, voluntary return and sustainable reintegration",
        ], titles
        activities = [t for t in titles if t.startswith("Activity ")]
        assert [int(re.match(r"Activity (\d+)\.", t)[1]) for t in activities] == [1, 2, 3, 4, 5]
        assert activities[0] == "Activity 1. Border management"
        assert activities[2] == "Activity 3. Readmission agreements"
        assert titles.index(chapters[1]) > titles.index(activities[1])
        text = "\n".join(p.text for p in doc.paragraphs)
        assert "Border management: what PL proposes." in text
        ru = compiled_docx(sessions, plan.id, Language.RU)  # PL's part has a Russian version
        ru_titles = headings(ru)
        assert "Мероприятие 1. Управление границами" in ru_titles
        assert "Мероприятие 3. Readmission agreements" in ru_titles  # SK's: untranslated
        ru_text = "\n".join(c.text for t in ru.tables for r in t.rows for c in r.cells)
        assert "Предотвращение незаконной миграции и борьба с ней" in ru_text  # PL's own title

        await meeting.execute_update(
            MeetingWorkflow.record_decision,
            DecisionInput(draft_id=plan.id, decision=Decision.ENDORSED),
        )
        final = await plan.result()
        assert final.state.phase == Phase.FINAL
        for part in (pl, sk):
            assert (await part.result()).state.phase == Phase.FINAL

        def recorded() -> list[PlanActivityRow]:
            with sessions() as session:
                return list(
                    session.scalars(
                        select(PlanActivityRow)
                        .filter_by(plan_id=plan.id)
                        .order_by(PlanActivityRow.number)
                    )
                )

        rows = await until(_wrap(recorded))
        assert [(r.number, r.lead) for r in rows] == [
            (1, "PL"),
            (2, "PL"),
            (3, "SK"),
            (4, "SK"),
            (5, "SK"),
        ]
        # `ppflow db rebuild` writes the plan's row again (and its parts', as drafts)
        report = await rebuild_read_model(client, sessions, settings)
        assert report.workflows["ActionPlanWorkflow"] == 1 and not report.failed, report
    with sessions() as session:
        plan_row = session.get(Draft, plan.id)
        assert plan_row is not None
        assert (plan_row.document_type, plan_row.phase) == ("action_plan", "final")
        parts = session.scalars(select(Draft).filter_by(parent_id=plan.id)).all()
        assert sorted((p.lead_state, p.phase) for p in parts) == [("PL", "final"), ("SK", "final")]
    endorsed = compiled_docx(sessions, plan.id, Language.EN)
    assert "Final and endorsed" in "\n".join(p.text for p in endorsed.paragraphs)


def _wrap(read):  # type: ignore[no-untyped-def]
    async def check():  # type: ignore[no-untyped-def]
        return read()

    return check


async def _no_part_waiting(plan: WorkflowHandle) -> bool:
    return not (await plan.query(ActionPlanWorkflow.status)).not_ready


async def test_deferred_plan_sends_every_part_back_to_revision(
    dev_env: WorkflowEnvironment, run_worker, settings
) -> None:
    client, queue = dev_env.client, settings.task_queue
    async with run_worker(client):
        plan = await start_plan(client, queue)
        parts = [await start_part(client, queue, plan, lead) for lead in ("PL", "SK")]
        for part in parts:
            await ready(part)
        await until(lambda: _no_part_waiting(plan))
        meeting = await conference(dev_env, queue)
        await plan.execute_update(
            ActionPlanWorkflow.request_endorsement, PlanEndorsementStart(meeting_id=meeting.id)
        )
        await meeting.execute_update(
            MeetingWorkflow.record_decision,
            DecisionInput(draft_id=plan.id, decision=Decision.DEFERRED, notes="More on data"),
        )

        async def all_back() -> bool:
            phases = [await phase_of(p) for p in parts]
            status = await plan.query(ActionPlanWorkflow.status)
            return phases == [Phase.REVISION] * 2 and status.state.phase == Phase.DRAFTING

        await until(all_back)
        status = await plan.query(ActionPlanWorkflow.status)
        assert len(status.not_ready) == 2
        # a part may not be endorsed with the plan on its own, nor a draft without a plan
        with pytest.raises(WorkflowUpdateFailedError):
            await plan.execute_update(
                ActionPlanWorkflow.request_endorsement, PlanEndorsementStart(meeting_id=meeting.id)
            )


async def test_random_interleavings_keep_the_plan_consistent(
    dev_env: WorkflowEnvironment, run_worker, settings
) -> None:
    """Parts get ready, are withdrawn, the plan is sent for endorsement and decided on, in a
    random order. After each step, once the signals have landed:

    1. the plan lists a part as ready exactly when the part waits in endorsement with the plan
       (and a withdrawn part is withdrawn in both);
    2. the plan is in endorsement only when it has a live part and every live part is ready;
    3. the plan is final only when every part it compiled is final;
    4. a refused command changes nothing (it fails with a reason, the invariants still hold).
    """
    client, queue = dev_env.client, settings.task_queue
    rng = random.Random(14)
    done: list[str] = []  # the steps that were taken (not refused)
    async with run_worker(client):
        for _trial in range(3):
            plan = await start_plan(client, queue)
            parts = [await start_part(client, queue, plan, lead) for lead in ("PL", "SK")]
            meeting = await conference(dev_env, queue)
            for _ in range(8):
                step = rng.choice(["ready"] * 3 + ["withdraw"] + ["endorse", "decide"] * 2)
                part = rng.choice(parts)
                pending = (await plan.query(ActionPlanWorkflow.status)).pending_endorsement
                if step == "decide" and pending is None:
                    step = "endorse"
                elif pending is not None and rng.random() < 0.5:
                    step = "decide"  # the plan is on the agenda: the meeting decides
                try:
                    if step == "ready":
                        await ready(part)
                    elif step == "withdraw":
                        await part.execute_update(
                            DraftWorkflow.withdraw, Withdrawal(reason="Merged into another part")
                        )
                    elif step == "endorse":
                        await plan.execute_update(
                            ActionPlanWorkflow.request_endorsement,
                            PlanEndorsementStart(meeting_id=meeting.id),
                        )
                    else:
                        await meeting.execute_update(
                            MeetingWorkflow.record_decision,
                            DecisionInput(
                                draft_id=plan.id,
                                decision=rng.choice([Decision.DEFERRED, Decision.ENDORSED]),
                            ),
                        )
                    done.append(step)
                except (WorkflowUpdateFailedError, RPCError):
                    pass  # refused (or ended): the invariants must hold all the same
                await until(partial(_consistent, plan, parts), timeout=20)
                if (await plan.describe()).status.name != "RUNNING":
                    break
    assert {"ready", "endorse", "decide"} <= set(done)


async def _consistent(plan: WorkflowHandle, parts: list[WorkflowHandle]) -> bool:
    status: PlanStatus = await plan.query(ActionPlanWorkflow.status)
    state = status.state
    by_id = {p.draft_id: p for p in state.parts}
    compiled = {c.draft_id for c in state.compilations[-1].parts} if state.compilations else set()
    for handle in parts:
        draft = (await handle.query(DraftWorkflow.status)).state
        listed = by_id[handle.id]
        if (draft.phase == Phase.WITHDRAWN) != listed.withdrawn:
            return False
        pending = draft.endorsements[-1] if draft.endorsements else None
        waits = (
            draft.phase == Phase.ENDORSEMENT
            and pending is not None
            and pending.route == Route.WITH_PLAN
            and pending.decision is None
        )
        if not listed.withdrawn and state.phase != Phase.FINAL and waits != listed.ready:
            return False
        if state.phase == Phase.FINAL and handle.id in compiled and not listed.withdrawn:
            if draft.phase != Phase.FINAL:
                return False
    live = state.live_parts
    if state.phase == Phase.ENDORSEMENT and (not live or not all(p.ready for p in live)):
        raise AssertionError(f"plan in endorsement with parts not ready: {state.parts}")
    return True
