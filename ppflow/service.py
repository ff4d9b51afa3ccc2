"""Every command of ppflow as a plain function, shared by the JSON API and the CLI.

Names are resolved against the registry here; workflows validate what needs their state. Errors
are `ServiceError`s whose message a user can act on; the API turns them into 4xx/503 answers and
the CLI into one line.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from temporalio.client import (
    Client,
    WorkflowHandle,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.common import (
    SearchAttributePair,
    TypedSearchAttributes,
    WorkflowIDReusePolicy,
)
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from models.api import (
    CloseRequest,
    CommentResolutions,
    DeadlineExtension,
    DecisionInput,
    DraftStart,
    DraftStarted,
    EndorsementRequest,
    InviteeSelection,
    MeetingCreate,
    MissionRequest,
    RevisionSubmit,
    RoundOpen,
    Withdrawal,
)
from models.base import Ack, Empty, meeting_workflow_id
from models.contracts import WORKFLOW_TASK_TIMEOUT
from models.contracts.comment_round import RoundStart, RoundStatus
from models.contracts.draft import (
    DraftStatus,
    DraftWorkflowInput,
    EndorsementRecord,
    EndorsementStart,
    ResolutionReport,
    RoundSummary,
    VersionInfo,
)
from models.contracts.expert_mission import MissionStarted
from models.contracts.meeting import MeetingClose, MeetingInput, MeetingStatus
from models.db import Draft, Event, Participant
from models.domain import Route
from models.search import SA_DOCUMENT_TYPE, SA_LEAD_STATE, SA_PHASE, SA_THEMATIC_AREA
from models.settings import Settings
from ppflow.acting import acting
from ppflow.registry import ID_SHAPE, RegistryError, require_participants, resolve_invitees
from workflows.comment_round import CommentRoundWorkflow
from workflows.draft import DraftWorkflow
from workflows.meeting import MeetingWorkflow

# How long an answer waits for a worker before the reviewer is told to retry.


class ServiceError(Exception):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    status_code = 404


class Conflict(ServiceError):
    status_code = 409


class Invalid(ServiceError):
    status_code = 422


class Forbidden(ServiceError):
    status_code = 403


class Unavailable(ServiceError):
    status_code = 503


def validation_message(e: ValidationError) -> str:
    """Pydantic's errors as one line a person can act on."""
    return request_problem(e.errors())


def request_problem(errors: Any) -> str:
    """Validation errors as one line: where (the field, with the request part left out) and what
    is wrong, never the value that was sent."""
    parts = []
    for err in list(errors)[:5]:
        loc = [str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "header")]
        where = ".".join(loc).replace("_", " ")
        message = str(err.get("msg", "not valid")).removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts) or "the request is not valid"


M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


def parse(model: type[M], data: Any) -> M:
    """Validate user input into a model; a mistake comes back as `Invalid` with the reason."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise Invalid(validation_message(e)) from e


def _now() -> datetime:
    return datetime.now(UTC)


def _future(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None:
        raise Invalid(f"{what} needs a time zone (e.g. 2026-12-01T17:00:00Z)")
    if moment <= _now():
        raise Invalid(f"{what} is in the past: {moment.isoformat()}")
    return moment


async def _read(session: Session, read: Callable[[], T]) -> T:
    """A read of the registry off the event loop, its connection back in the pool before the
    caller waits on Temporal: a slow or refusing database never stalls the other requests."""

    def work() -> T:
        try:
            return read()
        except RegistryError as e:
            raise Invalid(str(e)) from e
        finally:
            session.rollback()

    return await asyncio.to_thread(work)


async def _invitees(session: Session, selection: InviteeSelection) -> list[str]:
    invitees = await _read(session, lambda: resolve_invitees(session, selection))
    if not invitees:
        raise Invalid("the selection invites nobody")
    return invitees


async def _known(session: Session, ids: list[str]) -> None:
    await _read(session, lambda: require_participants(session, ids))


WORKER_GONE_TRIES = 3
# A start waits this long for Temporal (restarting, say), then the caller hears "busy" (503):
# sending the same start again is safe (the id is the draft's or the meeting's own).
START_WAIT_SECONDS = 15.0
# Any other update waits this long for a worker, then the caller hears "busy": never a request
# left without an answer (a CI run once hung for good on an update no worker would take).
UPDATE_WAIT_SECONDS = 30.0


async def run_update(
    handle: WorkflowHandle,
    update: Any,
    arg: Any,
    *,
    update_id: str | None = None,
    wait: float | None = None,
) -> Any:
    """Run an update; a refusal comes back with the workflow's reason. An update a worker
    dropped as it went away (never applied) is sent again twice before the caller hears "busy"."""
    for attempt in range(WORKER_GONE_TRIES):
        try:
            return await handle.execute_update(
                update,
                arg,
                id=update_id,
                rpc_timeout=timedelta(seconds=wait or UPDATE_WAIT_SECONDS),
            )
        except WorkflowUpdateRPCTimeoutOrCancelledError as e:
            # sent, not confirmed in time: busy (an answer says "may not have been recorded")
            raise Unavailable(BUSY) from e
        except WorkflowUpdateFailedError as e:
            reason = str(e.cause.message if e.cause else e)
            if "processed by worker" not in reason:
                raise Conflict(reason) from e
            # Temporal's words for a worker going away mid-update: nothing was applied
            if attempt == WORKER_GONE_TRIES - 1:
                raise Unavailable(BUSY) from e
            await asyncio.sleep(1.0)
        except RPCError as e:
            if "completed" in str(e).lower() or (
                e.status == RPCStatusCode.NOT_FOUND and await _has_run(handle)
            ):  # it exists, and is over: nothing more to send
                raise Conflict(f"{handle.id} has ended: nothing more can be sent to it") from e
            if e.status == RPCStatusCode.NOT_FOUND:
                raise NotFound(f"{handle.id} does not exist") from e
            raise Unavailable(BUSY) from e  # no worker, a full query buffer, a restart
    raise AssertionError("unreachable")


def _not_started(e: RPCError) -> Unavailable:
    """Temporal refused a start: away (busy), or a namespace without ppflow's search
    attributes (a cluster set up apart, before any ppflow worker ran on it)."""
    if "search attribute" in str(e).lower():
        return Unavailable(
            "ppflow cannot start drafts yet: its Temporal namespace lacks ppflow's search "
            "attributes. Start a `ppflow worker` (it adds them) and try again."
        )
    return Unavailable(BUSY)


async def _has_run(handle: WorkflowHandle) -> bool:
    try:
        await handle.describe()
    except RPCError:
        return False
    return True


# What a person reads when Temporal or the worker cannot answer (a deploy, a restart): never
# Temporal's or Python's own words.
QUERY_WAIT_SECONDS = 10.0  # a page waits this long for a workflow's state, then says "busy"
BUSY = (
    "ppflow is busy and could not do this just now; nothing already recorded is lost. "
    "Please try again in a minute."
)


async def _query(handle: WorkflowHandle, query: Any) -> Any:
    try:
        return await handle.query(query, rpc_timeout=timedelta(seconds=QUERY_WAIT_SECONDS))
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:
            raise NotFound(f"{handle.id} does not exist") from e
        raise Unavailable(BUSY) from e


# ---------------------------------------------------------------- drafts


def named_participants(session: Session, start: DraftStart) -> DraftStart:
    """The lead state, co-leads and country as participant ids, each given by its id or by its
    name in English or Russian, in any case ("GE", "Georgia", "грузия")."""
    by_name: dict[str, str] = {}
    for p in session.scalars(select(Participant)):
        for name in (p.name, p.name_ru, p.id):
            if name:
                by_name[name.casefold()] = p.id

    def one(given: str, what: str) -> str:
        found = by_name.get(given.strip().casefold())
        if found is None and not (given.isupper() and ID_SHAPE.fullmatch(given)):
            raise RegistryError(
                f"unknown {what}: give a participant's id or its name in English or Russian "
                "(for example GE, Georgia or Грузия)"
            )
        return found or given  # an unknown id is named by `_known`

    update: dict[str, Any] = {
        "lead_state": one(start.lead_state, "lead state"),
        "co_lead_states": [one(c, "co-lead state") for c in start.co_lead_states],
    }
    if start.country:
        update["country"] = one(start.country, "country")
    return start.model_copy(update=update)


async def with_participant_ids(session: Session, start: DraftStart) -> DraftStart:
    return await _read(session, lambda: named_participants(session, start))


async def start_draft(
    client: Client, session: Session, settings: Settings, start: DraftStart
) -> DraftStarted:
    from ppflow.profiles import prepare_start  # a profile's edition (it imports this module)

    start = await with_participant_ids(session, start)
    start = await _read(session, lambda: prepare_start(session, start))
    await _known(
        session,
        [start.lead_state, *start.co_lead_states] + ([start.country] if start.country else []),
    )
    if start.parent_id:  # a part of an Action Plan (ppflow/plan.py: it imports this module)
        from ppflow import plan

        await plan.before_part(client, start)
    start.acted_by = acting()  # who, for the timeline: never what the body says
    meta = start.meta()
    attrs = [
        SearchAttributePair(SA_DOCUMENT_TYPE, meta.document_type.value),
        SearchAttributePair(SA_LEAD_STATE, meta.lead_state),
        SearchAttributePair(SA_PHASE, "drafting"),
    ]
    if meta.thematic_area:
        attrs.append(SearchAttributePair(SA_THEMATIC_AREA, meta.thematic_area.value))
    try:
        handle = await client.start_workflow(
            DraftWorkflow.run,
            DraftWorkflowInput(start=start),
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
    if start.parent_id:
        await plan.after_part(client, start)
    return DraftStarted(
        draft_id=handle.id, reference=meta.reference, run_id=handle.result_run_id or ""
    )


def draft_handle(client: Client, draft_id: str) -> WorkflowHandle:
    return client.get_workflow_handle_for(DraftWorkflow.run, draft_id)


async def draft_status(client: Client, draft_id: str) -> DraftStatus:
    return await _query(draft_handle(client, draft_id), DraftWorkflow.status)


def list_drafts(
    session: Session,
    *,
    phase: str | None = None,
    document_type: str | None = None,
    lead_state: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[Draft]]:
    query = select(Draft)
    for column, value in (
        (Draft.phase, phase),
        (Draft.document_type, document_type),
        (Draft.lead_state, lead_state),
    ):
        if value:
            query = query.where(column == value)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Draft.updated_at.desc()).limit(limit).offset(offset))
    return total, list(rows)


def draft_events(session: Session, draft_id: str) -> list[Event]:
    return list(
        session.scalars(select(Event).filter_by(draft_id=draft_id).order_by(Event.at, Event.id))
    )


async def open_round(
    client: Client, session: Session, draft_id: str, request: RoundOpen
) -> RoundSummary:
    _future(request.deadline, "the deadline")
    start = RoundStart(
        invitees=await _invitees(session, request.invitees),
        deadline=request.deadline,
        reminder_before=request.reminder_before,
        acted_by=acting(),  # who, for the timeline: never what the body says
    )
    return await run_update(draft_handle(client, draft_id), DraftWorkflow.open_round, start)


async def _open_round_handle(client: Client, draft_id: str) -> WorkflowHandle:
    status = await draft_status(client, draft_id)
    if status.open_round is None:
        raise Conflict(f"{draft_id} has no open comment round")
    return client.get_workflow_handle_for(CommentRoundWorkflow.run, status.open_round.round_id)


async def current_round(client: Client, draft_id: str) -> RoundStatus:
    return await _query(await _open_round_handle(client, draft_id), CommentRoundWorkflow.status)


async def extend_round(client: Client, draft_id: str, request: DeadlineExtension) -> RoundStatus:
    _future(request.deadline, "the new deadline")
    handle = await _open_round_handle(client, draft_id)
    return await run_update(handle, CommentRoundWorkflow.extend_deadline, request)


async def close_round(client: Client, draft_id: str, request: CloseRequest) -> RoundStatus:
    handle = await _open_round_handle(client, draft_id)
    request.acted_by = acting()
    return await run_update(handle, CommentRoundWorkflow.close_round, request)


async def remind_now(client: Client, draft_id: str) -> RoundStatus:
    handle = await _open_round_handle(client, draft_id)
    return await run_update(handle, CommentRoundWorkflow.remind_now, Empty())


async def resolve_comments(
    client: Client, draft_id: str, request: CommentResolutions
) -> ResolutionReport:
    request.acted_by = acting()
    return await run_update(draft_handle(client, draft_id), DraftWorkflow.resolve_comments, request)


async def submit_revision(client: Client, draft_id: str, request: RevisionSubmit) -> VersionInfo:
    request.acted_by = acting()
    return await run_update(draft_handle(client, draft_id), DraftWorkflow.submit_revision, request)


async def request_endorsement(
    client: Client, session: Session, draft_id: str, request: EndorsementRequest
) -> EndorsementRecord:
    start = EndorsementStart(
        route=request.route,
        meeting_id=request.meeting_id,
        objections_standing=request.objections_standing,
        acted_by=acting(),
    )
    if request.route == Route.MEETING:
        assert request.meeting_id is not None
        meeting = await meeting_status(client, request.meeting_id)
        if meeting.closed_at is not None:
            raise Conflict(f"meeting {request.meeting_id} is closed")
    elif request.route == Route.WITH_PLAN:  # a part of an Action Plan: the plan is drafted
        from ppflow import plan

        await plan.before_ready(client, draft_id)
    else:
        assert request.deadline is not None
        start.deadline = _future(request.deadline, "the written procedure's deadline")
        start.invitees = await _invitees(
            session, request.invitees or InviteeSelection(everyone=True)
        )
    return await run_update(
        draft_handle(client, draft_id), DraftWorkflow.request_endorsement, start
    )


async def start_mission(
    client: Client, session: Session, draft_id: str, request: MissionRequest
) -> MissionStarted:
    _future(request.findings_due, "the findings' due date")
    named = [request.country] if request.country else []
    named += [e.participant_id for e in request.experts if e.participant_id]
    if named:
        await _known(session, named)
    started = await run_update(draft_handle(client, draft_id), DraftWorkflow.start_mission, request)
    return started.model_copy(update={"kind": request.kind, "experts": request.experts})


async def withdraw(client: Client, draft_id: str, request: Withdrawal) -> Ack:
    request.acted_by = acting()
    return await run_update(draft_handle(client, draft_id), DraftWorkflow.withdraw, request)


# ---------------------------------------------------------------- meetings


async def create_meeting(
    client: Client, session: Session, settings: Settings, request: MeetingCreate
) -> MeetingStatus:
    _future(request.starts_at, "the meeting's start")
    meeting_id = meeting_workflow_id(request.effective_slug())
    meeting_input = MeetingInput(
        meeting_id=meeting_id,
        kind=request.kind,
        title=request.title,
        place=request.place,
        starts_at=request.starts_at,
        invitees=await _invitees(session, request.invitees),
        agenda_before=request.agenda_before,
        ends_at=request.ends_at,
        host=request.host,
        co_chairs=request.co_chairs,
    )
    try:
        await client.start_workflow(
            MeetingWorkflow.run,
            meeting_input,
            id=meeting_id,
            task_queue=settings.task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            rpc_timeout=timedelta(seconds=START_WAIT_SECONDS),
            task_timeout=WORKFLOW_TASK_TIMEOUT,
        )
    except WorkflowAlreadyStartedError as e:
        raise Conflict(f"a meeting with the id {meeting_id} exists already") from e
    except RPCError as e:
        raise _not_started(e) from e
    return MeetingStatus(
        meeting_id=meeting_id,
        kind=request.kind,
        title=request.title,
        place=request.place,
        starts_at=request.starts_at,
        invitees=meeting_input.invitees,
        ends_at=request.ends_at,
        host=request.host,
        co_chairs=request.co_chairs,
    )


def meeting_handle(client: Client, meeting_id: str) -> WorkflowHandle:
    return client.get_workflow_handle_for(MeetingWorkflow.run, meeting_id)


async def meeting_status(client: Client, meeting_id: str) -> MeetingStatus:
    return await _query(meeting_handle(client, meeting_id), MeetingWorkflow.status)


async def record_decision(client: Client, meeting_id: str, request: DecisionInput) -> Any:
    return await run_update(
        meeting_handle(client, meeting_id), MeetingWorkflow.record_decision, request
    )


async def send_agenda_now(client: Client, meeting_id: str) -> MeetingStatus:
    """The agenda goes out at once (before its day, or again as it stands now)."""
    return await run_update(
        meeting_handle(client, meeting_id), MeetingWorkflow.send_agenda_now, Empty()
    )


async def close_meeting(client: Client, meeting_id: str, request: MeetingClose) -> MeetingStatus:
    return await run_update(
        meeting_handle(client, meeting_id), MeetingWorkflow.close_meeting, request
    )
