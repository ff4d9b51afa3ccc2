"""Every command of ppflow as a plain function, shared by the JSON API and the CLI.

Names are resolved against the registry here; workflows validate what needs their state. Errors
are `ServiceError`s whose message a user can act on; the API turns them into 4xx/503 answers and
the CLI into one line.
"""

from __future__ import annotations

import hashlib
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
    AnswerSubmit,
    CloseRequest,
    CommentResolutions,
    DeadlineExtension,
    DecisionInput,
    DraftStart,
    DraftStarted,
    EndorsementRequest,
    FindingsSubmit,
    InviteeSelection,
    MeetingCreate,
    MissionRequest,
    ReviewerAnswer,
    RevisionSubmit,
    RoundOpen,
    Withdrawal,
)
from models.base import Ack, Empty, meeting_workflow_id
from models.contracts.comment_round import AnswerReceipt, RoundStart, RoundStatus
from models.contracts.draft import (
    DraftStatus,
    DraftWorkflowInput,
    EndorsementRecord,
    EndorsementStart,
    ResolutionReport,
    RoundSummary,
    VersionInfo,
)
from models.contracts.expert_mission import MissionFindings, MissionStarted, MissionStatus
from models.contracts.meeting import MeetingClose, MeetingInput, MeetingStatus
from models.contracts.written_procedure import SilenceBreak, SilenceStatus
from models.db import Draft, Event, LinkGrant, Round
from models.domain import Route
from models.links import LinkError, ReviewerLink, read_token
from models.search import SA_DOCUMENT_TYPE, SA_LEAD_STATE, SA_PHASE, SA_THEMATIC_AREA
from models.settings import Settings
from ppflow.registry import RegistryError, require_participants, resolve_invitees
from workflows.comment_round import CommentRoundWorkflow
from workflows.draft import DraftWorkflow
from workflows.expert_mission import ExpertMissionWorkflow
from workflows.meeting import MeetingWorkflow
from workflows.written_procedure import WrittenProcedureWorkflow

# How long an answer waits for a worker before the reviewer is told to retry.
ANSWER_WAIT_SECONDS = 10.0


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
    parts = []
    for err in e.errors():
        where = ".".join(str(x) for x in err["loc"])
        message = str(err["msg"]).removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


M = TypeVar("M", bound=BaseModel)


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


def _invitees(session: Session, selection: InviteeSelection) -> list[str]:
    try:
        invitees = resolve_invitees(session, selection)
    except RegistryError as e:
        raise Invalid(str(e)) from e
    if not invitees:
        raise Invalid("the selection invites nobody")
    return invitees


async def run_update(
    handle: WorkflowHandle,
    update: Any,
    arg: Any,
    *,
    update_id: str | None = None,
    wait: float | None = None,
) -> Any:
    """Run an update; a refusal comes back with the workflow's reason."""
    try:
        return await handle.execute_update(
            update, arg, id=update_id, rpc_timeout=timedelta(seconds=wait) if wait else None
        )
    except WorkflowUpdateFailedError as e:
        raise Conflict(str(e.cause.message if e.cause else e)) from e
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:
            raise NotFound(f"{handle.id} does not exist or has ended") from e
        if "completed" in str(e).lower():
            raise Conflict(f"{handle.id} has ended") from e
        raise


async def _query(handle: WorkflowHandle, query: Any) -> Any:
    try:
        return await handle.query(query)
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:
            raise NotFound(f"{handle.id} does not exist") from e
        raise


# ---------------------------------------------------------------- drafts


async def start_draft(
    client: Client, session: Session, settings: Settings, start: DraftStart
) -> DraftStarted:
    try:
        require_participants(
            session,
            [start.lead_state, *start.co_lead_states] + ([start.country] if start.country else []),
        )
    except RegistryError as e:
        raise Invalid(str(e)) from e
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
        )
    except WorkflowAlreadyStartedError as e:
        raise Conflict(
            f"a draft with the id {meta.draft_id} exists already; choose another title or slug"
        ) from e
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
        invitees=_invitees(session, request.invitees),
        deadline=request.deadline,
        reminder_before=request.reminder_before,
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
    return await run_update(handle, CommentRoundWorkflow.close_round, request)


async def remind_now(client: Client, draft_id: str) -> RoundStatus:
    handle = await _open_round_handle(client, draft_id)
    return await run_update(handle, CommentRoundWorkflow.remind_now, Empty())


async def resolve_comments(
    client: Client, draft_id: str, request: CommentResolutions
) -> ResolutionReport:
    return await run_update(draft_handle(client, draft_id), DraftWorkflow.resolve_comments, request)


async def submit_revision(client: Client, draft_id: str, request: RevisionSubmit) -> VersionInfo:
    return await run_update(draft_handle(client, draft_id), DraftWorkflow.submit_revision, request)


async def request_endorsement(
    client: Client, session: Session, draft_id: str, request: EndorsementRequest
) -> EndorsementRecord:
    start = EndorsementStart(route=request.route, meeting_id=request.meeting_id)
    if request.route == Route.MEETING:
        assert request.meeting_id is not None
        meeting = await meeting_status(client, request.meeting_id)
        if meeting.closed_at is not None:
            raise Conflict(f"meeting {request.meeting_id} is closed")
    else:
        assert request.deadline is not None
        start.deadline = _future(request.deadline, "the written procedure's deadline")
        start.invitees = _invitees(session, request.invitees or InviteeSelection(everyone=True))
    return await run_update(
        draft_handle(client, draft_id), DraftWorkflow.request_endorsement, start
    )


async def start_mission(
    client: Client, session: Session, draft_id: str, request: MissionRequest
) -> MissionStarted:
    _future(request.findings_due, "the findings' due date")
    if request.country:
        try:
            require_participants(session, [request.country])
        except RegistryError as e:
            raise Invalid(str(e)) from e
    return await run_update(draft_handle(client, draft_id), DraftWorkflow.start_mission, request)


async def withdraw(client: Client, draft_id: str, request: Withdrawal) -> Ack:
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
        invitees=_invitees(session, request.invitees),
        agenda_before=request.agenda_before,
    )
    try:
        await client.start_workflow(
            MeetingWorkflow.run,
            meeting_input,
            id=meeting_id,
            task_queue=settings.task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
        )
    except WorkflowAlreadyStartedError as e:
        raise Conflict(f"a meeting with the id {meeting_id} exists already") from e
    return MeetingStatus(
        meeting_id=meeting_id,
        kind=request.kind,
        title=request.title,
        place=request.place,
        starts_at=request.starts_at,
        invitees=meeting_input.invitees,
    )


def meeting_handle(client: Client, meeting_id: str) -> WorkflowHandle:
    return client.get_workflow_handle_for(MeetingWorkflow.run, meeting_id)


async def meeting_status(client: Client, meeting_id: str) -> MeetingStatus:
    return await _query(meeting_handle(client, meeting_id), MeetingWorkflow.status)


async def record_decision(client: Client, meeting_id: str, request: DecisionInput) -> Any:
    return await run_update(
        meeting_handle(client, meeting_id), MeetingWorkflow.record_decision, request
    )


async def close_meeting(client: Client, meeting_id: str, request: MeetingClose) -> MeetingStatus:
    return await run_update(
        meeting_handle(client, meeting_id), MeetingWorkflow.close_meeting, request
    )


# ---------------------------------------------------------------- reviewers' links


LINK_PURPOSES = {
    "round": "a comment round",
    "silence": "a written procedure",
    "mission": "an expert mission",
}


def reviewer(
    session: Session, settings: Settings, token: str, kind: str | None = None
) -> ReviewerLink:
    """The link a token stands for: genuine, current, not revoked and (if given) of `kind`."""
    try:
        link = read_token(settings, token)
    except LinkError as e:
        raise Forbidden(str(e)) from e
    grant = session.scalars(
        select(LinkGrant).filter_by(workflow_id=link.workflow_id, email=link.email)
    ).first()
    if (grant.generation if grant else 0) != link.generation:
        raise Forbidden(
            "this link was replaced by a newer one: use the link in the latest mail from the "
            "Secretariat"
        )
    closed = session.scalar(select(Round.closed_at).filter_by(id=link.workflow_id))
    if closed is not None and _now() > closed + timedelta(days=settings.link_grace_days):
        raise Forbidden(f"this link has expired: its round closed on {closed:%d.%m.%Y %H:%M} UTC")
    if kind is not None and link_kind(link) != kind:
        raise Forbidden(f"this link is not for {LINK_PURPOSES[kind]}")
    return link


def link_kind(link: ReviewerLink) -> str:
    """What the link answers: a comment round, a written procedure or an expert mission."""
    for kind in LINK_PURPOSES:
        if f"-{kind}-" in link.workflow_id:
            return kind
    raise Forbidden("this link does not belong to a round, procedure or mission")


async def review(
    client: Client, session: Session, settings: Settings, token: str
) -> dict[str, Any]:
    """What a link holder sees: the draft, the current text and their answer so far."""
    link = reviewer(session, settings, token)
    kind = link_kind(link)
    handle = client.get_workflow_handle(link.workflow_id)
    query = {
        "round": CommentRoundWorkflow.status,
        "silence": WrittenProcedureWorkflow.status,
        "mission": ExpertMissionWorkflow.status,
    }[kind]
    status = await _query(handle, query)
    draft = await draft_status(client, status.draft_id)
    mine = None
    if isinstance(status, RoundStatus):
        mine = next((a for a in status.answers if a.participant_id == link.participant_id), None)
    return {
        "kind": kind,
        "participant_id": link.participant_id,
        "email": link.email,
        "handed_by": link.handed_by,
        "workflow_id": link.workflow_id,
        "draft": draft.state.meta,
        "version": draft.state.version,
        "sections": draft.state.current_sections,
        "state": draft.state,
        "status": status,
        "my_answer": mine,
    }


def _answer_id(link: ReviewerLink, payload: str) -> str:
    """The same answer sent twice is one update: a retry after a timeout never duplicates."""
    digest = hashlib.sha256(f"{link.workflow_id}|{link.email}|{payload}".encode()).hexdigest()
    return f"answer-{digest[:32]}"


async def _answer_update(client: Client, link: ReviewerLink, update: Any, arg: Any) -> Any:
    try:
        return await run_update(
            client.get_workflow_handle(link.workflow_id),
            update,
            arg,
            update_id=_answer_id(link, arg.model_dump_json()),
            wait=ANSWER_WAIT_SECONDS,
        )
    except WorkflowUpdateRPCTimeoutOrCancelledError as e:
        raise Unavailable(
            "your answer was NOT recorded yet: the service is not processing "
            "answers right now. Please send it again in a minute."
        ) from e


async def answer(
    client: Client, session: Session, settings: Settings, token: str, answer: ReviewerAnswer
) -> AnswerReceipt:
    link = reviewer(session, settings, token, "round")
    return await answer_as(client, link, answer)


async def answer_as(client: Client, link: ReviewerLink, answer: ReviewerAnswer) -> AnswerReceipt:
    """Submit an answer for a checked link (from its page, or confirmed after a reply by mail)."""
    submit = AnswerSubmit(
        **answer.model_dump(), participant_id=link.participant_id, contact_email=link.email
    )
    return await _answer_update(client, link, CommentRoundWorkflow.submit_answer, submit)


async def break_silence(
    client: Client, session: Session, settings: Settings, token: str, reason: str
) -> SilenceStatus:
    link = reviewer(session, settings, token, "silence")
    request = SilenceBreak(
        participant_id=link.participant_id, contact_email=link.email, reason=reason
    )
    return await _answer_update(client, link, WrittenProcedureWorkflow.break_silence, request)


async def submit_findings(
    client: Client, session: Session, settings: Settings, token: str, submission: FindingsSubmit
) -> MissionStatus:
    link = reviewer(session, settings, token, "mission")
    findings = MissionFindings(expert_email=link.email, findings=submission.findings)
    return await _answer_update(client, link, ExpertMissionWorkflow.submit_findings, findings)
