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
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.enums.v1 import UpdateWorkflowExecutionLifecycleStage as Stage
from temporalio.api.update.v1 import UpdateRef, WaitPolicy
from temporalio.api.workflowservice.v1 import PollWorkflowExecutionUpdateRequest
from temporalio.client import (
    Client,
    WorkflowHandle,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.service import RPCError, RPCStatusCode

from models.api import (
    AnswerSubmit,
    FindingsSubmit,
    ReviewerAnswer,
)
from models.contracts.comment_round import AnswerReceipt, RoundStatus
from models.contracts.expert_mission import MissionFindings, MissionStatus
from models.contracts.written_procedure import SilenceBreak, SilenceStatus
from models.db import AnswerRow, Contact, LinkGrant, Mission, Participant, Round
from models.domain import Language, LinkPurpose, Route
from models.links import LinkError, ReviewerLink, read_token
from models.metrics import ANSWERS_RECORDED
from models.settings import Settings

# How long an answer waits for a worker before the reviewer is told to retry.
from ppflow.service import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    Unavailable,
    _now,
    _query,
    draft_status,
    run_update,
)
from ppflow.turns import TurnTimeout, update_turns
from word.diff import quote_in
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
    # A comment round's link: the revision of the holder's answer the read model has (0: none
    # yet), a guess that spares asking the workflow before an answer (see `_answer_update`).
    answer_revision: int | None = None

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
    purpose = _purpose(session, link, grant)
    checked = ReviewerContext(
        token=token,
        link=link,
        kind=purpose,
        grant=grant,
        language=_reader_language(session, link),
        answer_revision=_projected_revision(session, link)
        if purpose == LinkPurpose.COMMENT_ROUND
        else None,
    )
    if kind is not None:
        checked.require(kind)
    return checked


def _projected_revision(session: Session, link: ReviewerLink) -> int:
    """The revision of the link holder's answer as the read model has it (it may lag)."""
    revision = session.scalar(
        select(AnswerRow.revision).filter_by(
            round_id=link.workflow_id, participant_id=link.participant_id
        )
    )
    return revision or 0


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
    client: Client,
    link: ReviewerLink,
    update: Any,
    arg: Any,
    submission: str | None,
    projected_revision: int | None = None,
) -> Any:
    """Send an answer once. Without a key from the sender (form or Idempotency-Key), the
    submission is named by its content and the revision it replaces: a retry of one that was
    not recorded is the same submission, the same content sent after a change is a new one.

    The revision replaced is the workflow's (a query before the update). With the read model's
    revision at hand (`projected_revision`), the query is spared when it cannot change the
    outcome: Temporal is asked (a cheap look-up that no worker serves) whether an update of
    that name was ever sent to the round; none was, so the name is new whatever the workflow
    holds, and the update goes out under it; one still in flight is the same submission
    sent again and is joined; one completed, or a refusal, and the query decides as before."""
    handle = client.get_workflow_handle(link.workflow_id)
    if submission is None:
        digest = hashlib.sha256(arg.model_dump_json().encode()).hexdigest()
        if projected_revision is not None and update is CommentRoundWorkflow.submit_answer:
            guess = f"content:{digest}:replacing:{projected_revision}"
            if not await _completed_before(client, link, _answer_id(link, guess)):
                try:
                    return await _send_answer(handle, link, update, arg, guess)
                except (Conflict, NotFound):
                    pass  # refused (a closed round, say): the workflow's state says why, below
        replacing = await _replacing(handle, link, update)
        submission = f"content:{digest}:replacing:{replacing}"
    return await _send_answer(handle, link, update, arg, submission)


ADMITTED = Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED
COMPLETED = Stage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED


async def _completed_before(client: Client, link: ReviewerLink, update_id: str) -> bool:
    """Whether the round's current run completed an update of this id already (an update in
    flight is not: sending again joins it). Nothing is sent to the workflow; Temporal away
    means the answer was not sent."""
    request = PollWorkflowExecutionUpdateRequest(
        namespace=client.namespace,
        update_ref=UpdateRef(
            workflow_execution=WorkflowExecution(workflow_id=link.workflow_id),
            update_id=update_id,
        ),
        identity=client.identity,
        wait_policy=WaitPolicy(lifecycle_stage=ADMITTED),
    )
    try:
        found = await client.workflow_service.poll_workflow_execution_update(
            request, retry=True, timeout=timedelta(seconds=ANSWER_WAIT_SECONDS)
        )
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:  # no such update (or no such round)
            return False
        raise Unavailable(NOT_SENT) from e
    return bool(found.stage == COMPLETED)


async def _send_answer(
    handle: WorkflowHandle, link: ReviewerLink, update: Any, arg: Any, submission: str
) -> Any:
    try:
        # a burst to one round waits its turn here, not in the client's back-off (ppflow.turns)
        async with update_turns.turn(link.workflow_id, ANSWER_WAIT_SECONDS):
            result = await run_update(
                handle,
                update,
                arg,
                update_id=_answer_id(link, submission),
                wait=ANSWER_WAIT_SECONDS,
            )
    except TurnTimeout as e:
        raise Unavailable(NOT_SENT) from e
    except (WorkflowUpdateRPCTimeoutOrCancelledError, Unavailable) as e:
        raise Unavailable(MAYBE_RECORDED) from e
    ANSWERS_RECORDED.labels(_ANSWERED.get(update, "other")).inc()
    return result


# What an answer's update answers, for ppflow_answers_recorded_total{kind}.
_ANSWERED: dict[Any, str] = {
    CommentRoundWorkflow.submit_answer: "round",
    WrittenProcedureWorkflow.break_silence: "silence",
    ExpertMissionWorkflow.submit_findings: "mission",
}


async def answer(
    client: Client,
    reviewer: ReviewerContext,
    answer: ReviewerAnswer,
    submission: str | None = None,
) -> AnswerReceipt:
    reviewer.require("round")
    if any(c.quote for c in answer.comments):
        await _check_quotes(client, reviewer, answer)
    return await answer_as(client, reviewer.link, answer, submission, reviewer.answer_revision)


async def _check_quotes(client: Client, reviewer: ReviewerContext, answer: ReviewerAnswer) -> None:
    """A comment's quote is a passage of its section, in a language the draft is read in."""
    context = await review(client, reviewer)
    texts: dict[str, list[str]] = {}
    for s in context["sections"]:
        texts.setdefault(s.id, []).append(s.text)
    for translation in context["state"].translations:
        for s in translation.sections:
            texts.setdefault(s.id, []).append(s.text)
    for n, c in enumerate(answer.comments, start=1):
        if not c.quote:
            continue
        if not c.section_id:
            raise Invalid(f"comment {n}: a quote needs the section it is taken from")
        if not any(quote_in(c.quote, text) for text in texts.get(c.section_id, [])):
            raise Invalid(f"comment {n}: the quoted passage is not in its section's text")


async def answer_as(
    client: Client,
    link: ReviewerLink,
    answer: ReviewerAnswer,
    submission: str | None = None,
    projected_revision: int | None = None,
) -> AnswerReceipt:
    """Submit an answer for a checked link (from its page, or confirmed after a reply by mail);
    `submission` identifies this sending (see `_answer_id`)."""
    submit = AnswerSubmit(
        **answer.model_dump(), participant_id=link.participant_id, contact_email=link.email
    )
    return await _answer_update(
        client, link, CommentRoundWorkflow.submit_answer, submit, submission, projected_revision
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
