"""Every command of ppflow as a plain function, shared by the JSON API and the CLI.

Names are resolved against the registry here; workflows validate what needs their state. Errors
are `ServiceError`s whose message a user can act on; the API turns them into 4xx/503 answers and
the CLI into one line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
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
from models.db import Contact, Draft, Event, LinkGrant, Mission, Participant, Round
from models.domain import Language, LinkPurpose, Route
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
        if "completed" in str(e).lower() or (
            e.status == RPCStatusCode.NOT_FOUND and await _has_run(handle)
        ):  # it exists, and is over: nothing more to send
            raise Conflict(f"{handle.id} has ended: nothing more can be sent to it") from e
        if e.status == RPCStatusCode.NOT_FOUND:
            raise NotFound(f"{handle.id} does not exist") from e
        raise


async def _has_run(handle: WorkflowHandle) -> bool:
    try:
        await handle.describe()
    except RPCError:
        return False
    return True


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


async def send_agenda_now(client: Client, meeting_id: str) -> MeetingStatus:
    """The agenda goes out at once (before its day, or again as it stands now)."""
    return await run_update(
        meeting_handle(client, meeting_id), MeetingWorkflow.send_agenda_now, Empty()
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


@dataclass(frozen=True)
class ReviewerContext:
    """A reviewer's link, checked once (`reviewer`): what the reviewer commands take instead of
    the raw token, so no command checks the link again."""

    token: str
    link: ReviewerLink
    kind: LinkPurpose  # what the link answers: a round, a written procedure or a mission
    grant: LinkGrant | None  # None for a link issued before any grant (generation 0)
    language: Language  # the reader's: its contact's language, else its participant's

    def require(self, kind: str) -> None:
        """Refuse a command for another kind of workflow than the link's."""
        if self.kind != kind:
            raise Forbidden(f"this link is not for {LINK_PURPOSES[kind]}")


def reviewer(
    session: Session, settings: Settings, token: str, kind: str | None = None
) -> ReviewerContext:
    """Check the link a token stands for: genuine, current, not revoked and (if given) of `kind`.
    The one check of a request; what it returns is passed on."""
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
    checked = ReviewerContext(
        token=token,
        link=link,
        kind=_purpose(session, link, grant),
        grant=grant,
        language=_reader_language(session, link),
    )
    if kind is not None:
        checked.require(kind)
    return checked


def _reader_language(session: Session, link: ReviewerLink) -> Language:
    contact = session.scalar(
        select(Contact).filter_by(participant_id=link.participant_id, email=link.email)
    )
    participant = session.get(Participant, link.participant_id)
    chosen = (contact.language if contact else None) or (
        participant.language if participant else "en"
    )
    return Language(chosen) if chosen in ("en", "ru") else Language.EN


def _purpose(session: Session, link: ReviewerLink, grant: LinkGrant | None) -> LinkPurpose:
    """What the link answers, as its grant keeps it; for a grant made before purposes were kept
    (or a link without a grant), what the read model knows of its workflow. Never guessed from
    the words of an id (a draft may be called "Second round of ...")."""
    if grant is not None and grant.purpose in {p.value for p in LinkPurpose}:
        return LinkPurpose(grant.purpose)
    kind = session.scalar(select(Round.kind).filter_by(id=link.workflow_id))
    if kind == "comment_round":
        return LinkPurpose.COMMENT_ROUND
    if kind == Route.WRITTEN_PROCEDURE.value:
        return LinkPurpose.WRITTEN_PROCEDURE
    if session.get(Mission, link.workflow_id) is not None:
        return LinkPurpose.EXPERT_MISSION
    raise Forbidden("this link does not belong to a round, procedure or mission")


async def review(client: Client, reviewer: ReviewerContext) -> dict[str, Any]:
    """What a link holder sees: the draft, the current text and their answer so far."""
    link = reviewer.link
    handle = client.get_workflow_handle(link.workflow_id)
    query = {
        "round": CommentRoundWorkflow.status,
        "silence": WrittenProcedureWorkflow.status,
        "mission": ExpertMissionWorkflow.status,
    }[reviewer.kind]
    status = await _query(handle, query)
    draft = await draft_status(client, status.draft_id)
    mine = None
    sections = draft.state.current_sections
    version = draft.state.version
    if isinstance(status, RoundStatus):
        mine = next((a for a in status.answers if a.participant_id == link.participant_id), None)
        if not status.open:  # a closed round shows the text its answers were given on
            version = status.version
            sections = next(
                (v.sections for v in draft.state.versions if v.number == version), sections
            )
    return {
        "kind": reviewer.kind,
        "participant_id": link.participant_id,
        "email": link.email,
        "handed_by": link.handed_by,
        "workflow_id": link.workflow_id,
        "draft": draft.state.meta,
        "version": version,
        "sections": sections,
        "state": draft.state,
        "status": status,
        "my_answer": mine,
        "closed": not status.open,
    }


def _answer_id(link: ReviewerLink, submission: str) -> str:
    """One submission is one update: the same submission sent again (a retry after a timeout, a
    form sent twice) is recorded once; a new submission is a new answer, even when its content
    is an earlier one's (an answer changed back)."""
    key = f"{link.workflow_id}|{link.email}|{submission}"
    return f"answer-{hashlib.sha256(key.encode()).hexdigest()[:32]}"


async def _replacing(handle: WorkflowHandle, link: ReviewerLink, update: Any) -> int:
    """The revision of the link holder's answer that a new one replaces (0: none yet)."""
    if update is not CommentRoundWorkflow.submit_answer:
        return 0  # a silence broken or findings sent: the same content again changes nothing
    try:
        status = await handle.query(CommentRoundWorkflow.status)
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND or "completed" in str(e).lower():
            raise Conflict(f"{handle.id} has ended: nothing more can be sent to it") from e
        raise Unavailable(NOT_SENT) from e
    if not status.open:
        raise Conflict(f"round {status.number} is closed: nothing more can be sent to it")
    mine = next((a for a in status.answers if a.participant_id == link.participant_id), None)
    return mine.revision if mine else 0


NOT_SENT = (
    "your answer was NOT recorded: the service is not taking answers right now. "
    "Please send it again in a minute."
)
MAYBE_RECORDED = (
    "your answer may not have been recorded yet: the service is slow to confirm it. "
    "Sending it again is safe: it will be recorded once."
)


async def _answer_update(
    client: Client, link: ReviewerLink, update: Any, arg: Any, submission: str | None
) -> Any:
    """Send an answer once. Without a key from the sender (form or Idempotency-Key), the
    submission is named by its content and the revision it replaces: a retry of one that was
    not recorded is the same submission, the same content sent after a change is a new one."""
    handle = client.get_workflow_handle(link.workflow_id)
    if submission is None:
        replacing = await _replacing(handle, link, update)
        digest = hashlib.sha256(arg.model_dump_json().encode()).hexdigest()
        submission = f"content:{digest}:replacing:{replacing}"
    try:
        return await run_update(
            handle, update, arg, update_id=_answer_id(link, submission), wait=ANSWER_WAIT_SECONDS
        )
    except WorkflowUpdateRPCTimeoutOrCancelledError as e:
        raise Unavailable(MAYBE_RECORDED) from e


async def answer(
    client: Client,
    reviewer: ReviewerContext,
    answer: ReviewerAnswer,
    submission: str | None = None,
) -> AnswerReceipt:
    reviewer.require("round")
    return await answer_as(client, reviewer.link, answer, submission)


async def answer_as(
    client: Client, link: ReviewerLink, answer: ReviewerAnswer, submission: str | None = None
) -> AnswerReceipt:
    """Submit an answer for a checked link (from its page, or confirmed after a reply by mail);
    `submission` identifies this sending (see `_answer_id`)."""
    submit = AnswerSubmit(
        **answer.model_dump(), participant_id=link.participant_id, contact_email=link.email
    )
    return await _answer_update(
        client, link, CommentRoundWorkflow.submit_answer, submit, submission
    )


async def break_silence(
    client: Client, reviewer: ReviewerContext, reason: str, submission: str | None = None
) -> SilenceStatus:
    reviewer.require("silence")
    link = reviewer.link
    request = SilenceBreak(
        participant_id=link.participant_id, contact_email=link.email, reason=reason
    )
    return await _answer_update(
        client, link, WrittenProcedureWorkflow.break_silence, request, submission
    )


async def submit_findings(
    client: Client,
    reviewer: ReviewerContext,
    findings: FindingsSubmit,
    submission: str | None = None,
) -> MissionStatus:
    reviewer.require("mission")
    link = reviewer.link
    request = MissionFindings(expert_email=link.email, findings=findings.findings)
    return await _answer_update(
        client, link, ExpertMissionWorkflow.submit_findings, request, submission
    )
