"""The Action Plan's commands, shared by the JSON API, the pages and the CLI: start a plan, list
its parts (each a draft of its own, with `parent_id`), ask for the whole plan's endorsement at a
Ministerial Conference, and the hooks `start_draft` and `request_endorsement` call for a part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client, WorkflowHandle
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from models.api import DraftStart, DraftStarted, Withdrawal
from models.base import Ack
from models.contracts import WORKFLOW_TASK_TIMEOUT
from models.contracts.action_plan import (
    PartAdd,
    PlanEndorsementStart,
    PlanPart,
    PlanStart,
    PlanStatus,
    PlanWorkflowInput,
)
from models.contracts.draft import EndorsementRecord
from models.db import ArtifactLink, Draft, Meeting
from models.domain import ArtifactKind, DocumentType, MeetingKind, Phase, ThematicArea
from models.search import SA_DOCUMENT_TYPE, SA_LEAD_STATE, SA_PHASE
from models.settings import Settings
from ppflow.service import (
    START_WAIT_SECONDS,
    Conflict,
    Invalid,
    NotFound,
    ServiceError,
    _known,
    _not_started,
    _query,
    _read,
    draft_status,
    meeting_status,
    run_update,
    withdraw,
)
from workflows.action_plan import ActionPlanWorkflow


def plan_handle(client: Client, plan_id: str) -> WorkflowHandle:
    return client.get_workflow_handle_for(ActionPlanWorkflow.run, plan_id)


async def start_plan(
    client: Client, session: Session, settings: Settings, start: PlanStart
) -> DraftStarted:
    await _known(session, [start.lead_state, *start.co_lead_states])
    meta = start.meta()
    attrs = [
        SearchAttributePair(SA_DOCUMENT_TYPE, meta.document_type.value),
        SearchAttributePair(SA_LEAD_STATE, meta.lead_state),
        SearchAttributePair(SA_PHASE, Phase.DRAFTING.value),
    ]
    try:
        handle = await client.start_workflow(
            ActionPlanWorkflow.run,
            PlanWorkflowInput(start=start),
            id=meta.draft_id,
            task_queue=settings.task_queue,
            search_attributes=TypedSearchAttributes(attrs),
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            rpc_timeout=timedelta(seconds=START_WAIT_SECONDS),
            task_timeout=WORKFLOW_TASK_TIMEOUT,
        )
    except WorkflowAlreadyStartedError as e:
        raise Conflict(
            f"a draft with the id {meta.draft_id} exists already; choose another title or slug"
        ) from e
    except RPCError as e:
        raise _not_started(e) from e
    return DraftStarted(
        draft_id=handle.id, reference=meta.reference, run_id=handle.result_run_id or ""
    )


def _named(plan_id: str) -> str:
    """A plan's id as a reason names it: an id of the shape drafts have, else not repeated."""
    return plan_id if re.fullmatch(r"draft-[a-z0-9-]{1,80}", plan_id) else "this id"


async def plan_status(client: Client, plan_id: str) -> PlanStatus:
    if _named(plan_id) != plan_id:
        raise NotFound("there is no Action Plan with this id")
    try:
        status: PlanStatus = await _query(plan_handle(client, plan_id), ActionPlanWorkflow.status)
    except ServiceError:
        raise
    except Exception as e:  # another kind of workflow under this id: its status reads otherwise
        raise NotFound(f"{plan_id} is not an Action Plan") from e
    if status.state.meta.document_type != DocumentType.ACTION_PLAN:  # a draft's status, read so
        raise NotFound(f"{plan_id} is not an Action Plan")
    return status


# ---------------------------------------------------------------- what a page shows


class PartView(BaseModel):
    """A part as the plan's page, the API and the board show it."""

    draft_id: str
    title: str
    lead_state: str
    thematic_area: str | None = None
    phase: str = Phase.DRAFTING.value
    version: int = 1
    ready: bool = False
    ready_version: int | None = None
    withdrawn: bool = False
    activities: int = 0


class PlanView(BaseModel):
    plan_id: str
    title: str
    reference: str
    lead_state: str
    phase: str
    parts: list[PartView]
    not_ready: list[str]
    pending_meeting_id: str | None = None
    compilation: int | None = None
    artifacts: list[dict[str, object]] = []  # the last compilation's files, by language
    decision: EndorsementRecord | None = None  # the last decision on the plan


def part_views(session: Session, parts: list[PlanPart]) -> list[PartView]:
    rows = {
        d.id: d
        for d in session.scalars(select(Draft).where(Draft.id.in_([p.draft_id for p in parts])))
    }
    out = []
    for p in parts:
        row = rows.get(p.draft_id)
        out.append(
            PartView(
                draft_id=p.draft_id,
                title=p.title,
                lead_state=p.lead_state,
                thematic_area=p.thematic_area.value if p.thematic_area else None,
                phase=row.phase if row else Phase.DRAFTING.value,
                version=row.version if row else 1,
                ready=p.ready,
                ready_version=p.ready_version,
                withdrawn=p.withdrawn,
                activities=len(p.sections) if p.ready else 0,
            )
        )
    return out


async def plan_view(client: Client, session: Session, plan_id: str) -> PlanView:
    status = await plan_status(client, plan_id)
    state = status.state

    def read() -> list[PartView]:
        return part_views(session, state.parts)

    parts = await _read(session, read)
    last = state.compilations[-1] if state.compilations else None
    return PlanView(
        plan_id=state.meta.draft_id,
        title=state.meta.title,
        reference=state.meta.reference,
        lead_state=state.meta.lead_state,
        phase=state.phase.value,
        parts=parts,
        not_ready=status.not_ready,
        pending_meeting_id=(
            status.pending_endorsement.meeting_id if status.pending_endorsement else None
        ),
        compilation=last.number if last else None,
        artifacts=[a.model_dump(mode="json") for a in last.artifacts] if last else [],
        decision=next((e for e in reversed(state.endorsements) if e.decision), None),
    )


@dataclass
class BoardPlan:
    """A plan on the status board: its row and its parts' rows (read model only)."""

    plan: Draft
    parts: list[Draft] = field(default_factory=list)


def board_plans(session: Session) -> list[BoardPlan]:
    plans = session.scalars(
        select(Draft)
        .where(Draft.document_type == DocumentType.ACTION_PLAN.value)
        .order_by(Draft.updated_at.desc())
    ).all()
    parts = session.scalars(
        select(Draft).where(Draft.parent_id.in_([p.id for p in plans])).order_by(Draft.started_at)
    ).all()
    areas = [a.value for a in ThematicArea]

    def order(d: Draft) -> tuple[int, object]:  # as the plan orders its parts
        area = areas.index(d.thematic_area) if d.thematic_area in areas else len(areas)
        return area, d.started_at

    return [
        BoardPlan(p, sorted((d for d in parts if d.parent_id == p.id), key=order)) for p in plans
    ]


def compiled_files(session: Session, plan_id: str) -> list[ArtifactLink]:
    return list(
        session.scalars(
            select(ArtifactLink)
            .filter_by(draft_id=plan_id, kind=ArtifactKind.COMPILED_PLAN.value)
            .order_by(ArtifactLink.created_at.desc(), ArtifactLink.id.desc())
        )
    )


# ---------------------------------------------------------------- endorsement


async def request_plan_endorsement(
    client: Client, session: Session, plan_id: str, request: PlanEndorsementStart
) -> EndorsementRecord:
    """At a Ministerial Conference that exists and is open; refused, naming them, while any
    part is not ready."""
    row = await _read(session, lambda: session.get(Meeting, request.meeting_id))
    if row is not None:
        kind, closed = MeetingKind(row.kind), row.closed_at is not None
    else:  # created a moment ago, not projected yet: ask the meeting itself
        try:
            meeting = await meeting_status(client, request.meeting_id)
        except NotFound as e:
            raise Invalid(f"no meeting {request.meeting_id}") from e
        kind, closed = meeting.kind, meeting.closed_at is not None
    if kind != MeetingKind.MINISTERIAL_CONFERENCE:
        raise Invalid(
            f"the Action Plan is endorsed by a Ministerial Conference; {request.meeting_id} "
            f"is a {kind.label}"
        )
    if closed:
        raise Conflict(f"meeting {request.meeting_id} is closed")
    return await run_update(
        plan_handle(client, plan_id), ActionPlanWorkflow.request_endorsement, request
    )


async def withdraw_plan(client: Client, plan_id: str, request: Withdrawal) -> Ack:
    await plan_status(client, plan_id)  # a plan, not another draft (or nothing)
    return await run_update(plan_handle(client, plan_id), ActionPlanWorkflow.withdraw, request)


# ---------------------------------------------------------------- hooks for a part


async def _open_plan(client: Client, plan_id: str) -> PlanStatus:
    try:
        status = await plan_status(client, plan_id)
    except NotFound as e:
        raise Invalid(f"no Action Plan {plan_id}") from e
    if status.state.phase != Phase.DRAFTING:
        raise Conflict(
            f"the Action Plan {plan_id} is in {status.state.phase.value}: "
            "parts join it while it is drafted"
        )
    return status


async def before_part(client: Client, start: DraftStart) -> None:
    """A part is an action_plan_section of a plan that exists and is still drafted."""
    assert start.parent_id is not None
    if start.document_type != DocumentType.ACTION_PLAN_SECTION:
        raise Invalid("a part of an Action Plan is a draft of type action_plan_section")
    if not start.thematic_area:
        raise Invalid("a part of an Action Plan needs its thematic area")
    await _open_plan(client, start.parent_id)


async def after_part(client: Client, start: DraftStart) -> None:
    """The plan lists its new part; a plan that has moved on meanwhile leaves the part withdrawn
    (never a part the plan does not know)."""
    assert start.parent_id is not None
    meta = start.meta()
    try:
        await run_update(
            plan_handle(client, start.parent_id),
            ActionPlanWorkflow.add_part,
            PartAdd(part=meta),
            update_id=f"part-{meta.draft_id}",
        )
    except ServiceError as e:
        await withdraw(
            client, meta.draft_id, Withdrawal(reason=f"The Action Plan did not take it: {e}")
        )
        raise Conflict(f"the Action Plan did not take the part: {e}") from e


async def before_ready(client: Client, draft_id: str) -> None:
    """A part asks for endorsement with its plan only while the plan is drafted."""
    status = await draft_status(client, draft_id)
    parent = status.state.meta.parent_id
    if not parent:
        raise Invalid("only a part of an Action Plan is endorsed with the plan")
    await _open_plan(client, parent)
