"""What the Secretariat and the reviewers do around personal links and mail: re-issue a link
(the old one stops working), pass a link on to a colleague, see the outbox, choose the digest.

Mails that belong to no draft workflow (a new link, a confirmation) go through `NoticeWorkflow`:
the same outbox activity, with Temporal's retries when the relay is down.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from pydantic import Field, ValidationError, field_validator
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from temporalio.client import Client
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from mail.digest import set_preference
from mail.grants import ensure_grant
from models.activity_io import NoticeContext, NoticeRequest
from models.base import DraftMeta, Model
from models.contracts import WORKFLOW_TASK_TIMEOUT
from models.contracts.comment_round import RoundStatus
from models.contracts.expert_mission import MissionStatus
from models.contracts.written_procedure import SilenceStatus
from models.db import Contact, Event, LinkGrant, Notice
from models.domain import DigestFrequency, NoticeKind
from models.links import UNSUBSCRIBE_SALT, LinkError, unsign
from models.settings import Settings
from ppflow import answers, service
from workflows.comment_round import CommentRoundWorkflow
from workflows.expert_mission import ExpertMissionWorkflow
from workflows.notice import NoticeWorkflow
from workflows.written_procedure import WrittenProcedureWorkflow

EMAIL_RE = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
OUTBOX_STATUSES = ("pending", "sent", "failed")


def _email(value: str) -> str:
    value = value.strip()
    if not EMAIL_RE.match(value):
        raise ValueError("not an e-mail address (name@example.org)")  # never the input back
    return value


class HandOff(Model):
    """A contact passes its link to a colleague."""

    name: str = Field(min_length=1, max_length=200)
    email: str = Field(max_length=320)

    _check_email = field_validator("email")(_email)


class LinkReissue(Model):
    """The Secretariat replaces a contact's link; the old one stops working."""

    # ids and an address, never free text: a refusal may name them without repeating prose
    workflow_id: str = Field(min_length=1, max_length=160, pattern=r"^[A-Za-z0-9_.:-]+$")
    participant_id: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")
    email: str | None = Field(default=None, max_length=320)

    @field_validator("email")
    @classmethod
    def _check_email(cls, value: str | None) -> str | None:
        return None if value is None else _email(value)


class DigestChoice(Model):
    email: str = Field(max_length=320)
    frequency: DigestFrequency

    _check_email = field_validator("email")(_email)


# ---------------------------------------------------------------- mail outside the workflows


async def send_notice(client: Client, settings: Settings, request: NoticeRequest) -> None:
    """Queue and send one notice through Temporal; the same key never sends twice."""
    try:
        await client.start_workflow(
            NoticeWorkflow.run,
            request,
            id=f"notice-{request.notice_key}",
            task_queue=settings.task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
            task_timeout=WORKFLOW_TASK_TIMEOUT,
        )
    except WorkflowAlreadyStartedError:
        pass


async def workflow_context(client: Client, workflow_id: str) -> tuple[DraftMeta, Any]:
    """The draft a round, procedure or mission belongs to, and that workflow's status."""
    # A child's id ends with its kind and number (…-mission-1); the words before are the
    # draft's and may be anything ("draft-second-round-of-…").
    found = re.search(r"-(round|silence|mission)-\d+$", workflow_id)
    not_one = service.Invalid(f"{workflow_id} is not a round, procedure or mission")
    if found is None:
        raise not_one
    query = {
        "round": CommentRoundWorkflow.status,
        "silence": WrittenProcedureWorkflow.status,
        "mission": ExpertMissionWorkflow.status,
    }[found.group(1)]
    try:
        status = await service._query(client.get_workflow_handle(workflow_id), query)
    except ValidationError as e:  # its status is not that kind's: a draft named "…-round-2"
        raise not_one from e
    draft = await service.draft_status(client, status.draft_id)
    return draft.state.meta, status


def _deadline(status: RoundStatus | SilenceStatus | MissionStatus) -> datetime:
    return status.findings_due if isinstance(status, MissionStatus) else status.deadline


def _link_notice(
    key: str, meta: DraftMeta, status: Any, grant: LinkGrant, handed_by: str | None
) -> NoticeRequest:
    deadline = _deadline(status)
    return NoticeRequest(
        notice_key=key,
        kind=NoticeKind.LINK_ISSUED,
        recipients=[],
        addresses=[grant.email],
        link_participant_id=grant.participant_id,
        link_workflow_id=grant.workflow_id,
        link_expires_at=deadline,
        draft_id=meta.draft_id,
        context=NoticeContext(
            draft_title=meta.title,
            reference=meta.reference,
            lead_state=meta.lead_state,
            deadline=deadline,
            round_number=getattr(status, "number", None),
            handed_by=handed_by,
        ),
    )


def log_event(
    session: Session,
    event_id: str,
    draft_id: str,
    workflow_id: str,
    kind: str,
    summary: str,
    actor: str | None,
) -> None:
    if session.scalars(select(Event).filter_by(event_id=event_id)).first() is None:
        session.add(
            Event(
                event_id=event_id,
                workflow_id=workflow_id,
                draft_id=draft_id,
                kind=kind,
                at=datetime.now(UTC),
                summary=summary,
                actor=actor,
            )
        )


# ---------------------------------------------------------------- links


async def reissue_link(
    client: Client, session: Session, settings: Settings, request: LinkReissue
) -> dict[str, Any]:
    """A new link for one contact (the first by rank unless named); the old one is revoked."""
    meta, status = await workflow_context(client, request.workflow_id)
    if not status.open:
        raise service.Conflict(f"{request.workflow_id} is closed: a new link would not help")
    invited = getattr(status, "invitees", None)
    if invited is not None and request.participant_id not in invited:
        raise service.Invalid(f"{request.participant_id} is not invited to {request.workflow_id}")
    email = request.email
    if email is None:
        contact = session.scalars(
            select(Contact)
            .filter_by(participant_id=request.participant_id)
            .order_by(Contact.rank, Contact.id)
        ).first()
        if contact is None:
            raise service.Invalid(f"{request.participant_id} has no contact in the registry")
        email = contact.email
    grant = ensure_grant(session, request.workflow_id, request.participant_id, email)
    if grant.participant_id != request.participant_id:
        raise service.Invalid(
            f"{email} answers for {grant.participant_id}, not for {request.participant_id}"
        )
    grant.generation += 1
    grant.issued_at = datetime.now(UTC)
    log_event(
        session,
        f"reissue:{grant.workflow_id}:{email}:{grant.generation}",
        meta.draft_id,
        grant.workflow_id,
        "link_reissued",
        f"The Secretariat re-issued the link of {email} ({grant.participant_id}); "
        "the earlier link no longer works",
        "secretariat",
    )
    notice = _link_notice(
        f"reissue:{grant.workflow_id}:{email}:{grant.generation}", meta, status, grant, None
    )
    session.commit()
    await send_notice(client, settings, notice)
    return {"workflow_id": grant.workflow_id, "email": email, "generation": grant.generation}


async def hand_off(
    client: Client,
    session: Session,
    settings: Settings,
    reviewer: answers.ReviewerContext,
    request: HandOff,
) -> dict[str, Any]:
    """The link holder (its link checked) passes the answer to a colleague, who gets a link of
    its own."""
    link = reviewer.link
    if request.email.lower() == link.email.lower():
        raise service.Invalid("this is your own address: pass it on to someone else")
    meta, status = await workflow_context(client, link.workflow_id)
    if not status.open:
        raise service.Conflict("this round is closed: there is nothing left to pass on")
    existing = session.scalars(
        select(LinkGrant).filter_by(workflow_id=link.workflow_id, email=request.email)
    ).first()
    if existing is not None and existing.participant_id != link.participant_id:
        raise service.Conflict(f"{request.email} already answers for another participant")
    grant = ensure_grant(
        session,
        link.workflow_id,
        link.participant_id,
        request.email,
        name=request.name,
        handed_by=link.email,
    )
    key = f"handoff:{grant.workflow_id}:{grant.email}:{grant.generation}"
    log_event(
        session,
        key,
        meta.draft_id,
        link.workflow_id,
        "link_handed_off",
        f"{link.email} ({link.participant_id}) passed its link to {request.name} <{request.email}>",
        link.participant_id,
    )
    notice = _link_notice(key, meta, status, grant, f"{link.email} ({link.participant_id})")
    session.commit()
    await send_notice(client, settings, notice)
    return {"email": grant.email, "participant_id": grant.participant_id, "sent": True}


# ---------------------------------------------------------------- outbox and digest


def outbox(
    session: Session,
    *,
    status: str | None = None,
    draft_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    """What the Secretariat sees of the outbox: counts by status and the rows, newest first."""
    if status is not None and status not in OUTBOX_STATUSES:
        raise service.Invalid(f"status must be one of {', '.join(OUTBOX_STATUSES)}")
    # the counts and the rows are of the same notices: those up to the newest one now (a notice
    # queued between the two reads is in neither, not in the rows only)
    newest = session.scalar(select(func.max(Notice.id))) or 0
    counted = select(Notice.status, func.count()).where(Notice.id <= newest)
    counted = counted.group_by(Notice.status)
    if draft_id:  # the counts are of what the listing is of
        counted = counted.filter_by(draft_id=draft_id)
    counts = dict(session.execute(counted).all())
    query = select(Notice).where(Notice.id <= newest)
    if status:
        query = query.filter_by(status=status)
    if draft_id:
        query = query.filter_by(draft_id=draft_id)
    rows = session.scalars(query.order_by(Notice.id.desc()).limit(limit).offset(offset))
    return {
        "counts": {s: int(counts.get(s, 0)) for s in OUTBOX_STATUSES},
        "notices": [
            {
                "id": r.id,
                "kind": r.kind,
                "status": r.status,
                "participant_id": r.participant_id,
                "email": r.email,
                "draft_id": r.draft_id,
                "subject": r.subject,
                "message_id": r.message_id,
                "attempts": r.attempts,
                "error": r.error,
                "fallback_for": r.fallback_for,
                "created_at": r.created_at,
                "sent_at": r.sent_at,
            }
            for r in rows
        ],
    }


def set_digest(session: Session, choice: DigestChoice) -> dict[str, str]:
    set_preference(session, choice.email, choice.frequency)
    try:
        session.commit()
    except IntegrityError as e:  # two writers at once: the other one won, say so
        session.rollback()
        raise service.Conflict("the preference changed meanwhile: try again") from e
    return {"email": choice.email.lower(), "frequency": choice.frequency.value}


def unsubscribe_email(settings: Settings, token: str) -> str:
    try:
        value = unsign(settings, UNSUBSCRIBE_SALT, token, "unsubscribe link")
    except LinkError as e:
        raise service.Forbidden(str(e)) from e
    if not isinstance(value, str):
        raise service.Forbidden("this unsubscribe link is not valid")
    return value
