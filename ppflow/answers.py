"""A reviewer's personal link and what it sends: the link checked once per request
(`ReviewerContext`), what its page shows, and answers, silences broken and findings, each
submission recorded once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import (
    Client,
    WorkflowHandle,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)

from models.api import (
    AnswerSubmit,
    FindingsSubmit,
    ReviewerAnswer,
)
from models.contracts.comment_round import AnswerReceipt, RoundStatus
from models.contracts.expert_mission import MissionFindings, MissionStatus
from models.contracts.written_procedure import SilenceBreak, SilenceStatus
from models.db import Contact, LinkGrant, Mission, Participant, Round
from models.domain import Language, LinkPurpose, Route
from models.links import LinkError, ReviewerLink, read_token
from models.settings import Settings

# How long an answer waits for a worker before the reviewer is told to retry.
from ppflow.service import (
    Conflict,
    Forbidden,
    Unavailable,
    _now,
    _query,
    draft_status,
    run_update,
)
from workflows.comment_round import CommentRoundWorkflow
from workflows.expert_mission import ExpertMissionWorkflow
from workflows.written_procedure import WrittenProcedureWorkflow

# How long an answer waits for the workflow to take it before saying it is not confirmed.
ANSWER_WAIT_SECONDS = 10.0


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
        status = await _query(handle, CommentRoundWorkflow.status)
    except Unavailable as e:
        raise Unavailable(NOT_SENT) from e  # nothing was sent yet
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
    except (WorkflowUpdateRPCTimeoutOrCancelledError, Unavailable) as e:
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
