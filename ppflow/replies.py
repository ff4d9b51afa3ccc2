"""Answers by mail: a reviewer replies to the invitation; the inbound SMTP server (aiosmtpd)
matches the reply through its signed Reply-To address, keeps it as a PENDING answer and mails a
confirmation link. Nothing counts until the reviewer confirms on that page.

Refused with a clear SMTP reply and nothing recorded: an address ppflow did not sign (or signed
for a revoked link), a sender other than the contact the link belongs to, and more than
`replies_per_hour` replies to one link within an hour.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import hashlib
import logging
import re
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import getaddresses, make_msgid
from typing import Any

from aiosmtpd.controller import Controller
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from mail.render import DOCX
from models.activity_io import NoticeContext, NoticeRequest
from models.api import CommentInput, ReviewerAnswer
from models.db import Artifact, ArtifactLink, LinkGrant, PendingAnswer
from models.domain import NoticeKind, Position
from models.links import (
    CONFIRM_SALT,
    LinkError,
    ReviewerLink,
    base_url,
    read_reply_address,
    sign,
    unsign,
)
from models.settings import Settings
from ppflow import answers, service
from ppflow.reviewers import send_notice, workflow_context

log = logging.getLogger("ppflow.replies")

MAX_REPLY_BYTES = 10_000_000
# First words of a reply, in English or Russian, and the position they state.
POSITIONS = [
    (
        re.compile(r"^\s*(no objections?|нет возражений|без возражений)", re.I),
        Position.NO_OBJECTION,
    ),
    (re.compile(r"^\s*(objection|возражени[ея])", re.I), Position.OBJECTION),
    (re.compile(r"^\s*(reservations?|оговорк[аи])", re.I), Position.RESERVATION),
    (re.compile(r"^\s*(comments?|комментари[йи])", re.I), Position.COMMENTS),
]
QUOTE_START = re.compile(
    r"^(>|On .+ wrote:|.+ написал\(а\):|-----Original Message-----|-- $)", re.M
)


class ReplyRefused(Exception):
    """The reply is not accepted; `smtp` is the reply the sending server gets."""

    def __init__(self, smtp: str) -> None:
        super().__init__(smtp)
        self.smtp = smtp


def reply_text(message: EmailMessage) -> str:
    """The reviewer's own words: the text part up to the quoted invitation."""
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    text = str(part.get_content())
    found = QUOTE_START.search(text)
    return (text[: found.start()] if found else text).strip()


def parse_answer(text: str, attachment: str | None = None) -> ReviewerAnswer:
    """Position from the first words (comments when none is named), the rest as the comment."""
    position = Position.COMMENTS
    rest = text
    for pattern, found in POSITIONS:
        m = pattern.match(text)
        if m:
            position, rest = found, text[m.end() :].lstrip(" .:,;-\n")
            break
    note = f"[attached to the reply by mail: {attachment}]" if attachment else ""
    body = "\n\n".join(x for x in (rest.strip(), note) if x)[:20_000]
    if position in (Position.RESERVATION, Position.OBJECTION):
        return ReviewerAnswer(position=position, reason=body or "(no reason given in the reply)")
    comments = [CommentInput(text=body)] if body else []
    return ReviewerAnswer(position=position, comments=comments)


class ReplyInbox:
    """Turns a reply into a pending answer and mails the link that confirms it."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session], client: Client):
        self.settings = settings
        self.sessions = sessions
        self.client = client

    def grant_for(self, session: Session, address: str) -> LinkGrant:
        try:
            grant_id, generation = read_reply_address(self.settings, address)
        except LinkError as e:
            raise ReplyRefused(f"550 5.1.1 {e}") from e
        grant = session.get(LinkGrant, grant_id)
        if grant is None or grant.generation != generation:
            raise ReplyRefused(
                "550 5.7.1 this reply address belongs to a link that was replaced: reply to the "
                "latest mail"
            )
        return grant

    def _store(self, address: str, sender: str, raw: bytes) -> tuple[int, LinkGrant]:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self.sessions.begin() as session:
            grant = self.grant_for(session, address)
            senders = {sender.lower()} | {
                a.lower() for _, a in getaddresses([str(message.get("From", ""))]) if a
            }
            if grant.email.lower() not in senders:
                raise ReplyRefused(
                    f"550 5.7.1 {sender} is not the contact this reply address belongs to: "
                    "answer from your own mailbox or through your link"
                )
            message_id = str(message.get("Message-ID") or "").strip() or make_msgid()
            known = session.scalars(select(PendingAnswer).filter_by(message_id=message_id)).first()
            if known is not None:  # the same reply delivered again: confirm it (again), once
                return known.id, grant
            hour_ago = datetime.now(UTC) - timedelta(hours=1)
            recent = session.scalar(
                select(func.count())
                .select_from(PendingAnswer)
                .where(PendingAnswer.grant_id == grant.id, PendingAnswer.received_at > hour_ago)
            )
            if (recent or 0) >= self.settings.replies_per_hour:
                raise ReplyRefused(
                    f"550 5.7.1 too many replies to this link within an hour (more than "
                    f"{self.settings.replies_per_hour}): answer through your link instead"
                )
            attachment_id, attachment_name = self._attachment(session, message)
            answer = parse_answer(reply_text(message), attachment_name)
            pending = PendingAnswer(
                grant_id=grant.id,
                generation=grant.generation,
                message_id=message_id,
                from_email=grant.email,
                position=answer.position.value,
                text=answer.reason or (answer.comments[0].text if answer.comments else ""),
                attachment_id=attachment_id,
                attachment_name=attachment_name,
                status="pending",
                received_at=datetime.now(UTC),
            )
            session.add(pending)
            session.flush()
            return pending.id, grant

    def _attachment(self, session: Session, message: EmailMessage) -> tuple[str | None, str | None]:
        """A .docx attached to the reply is kept in the artifact store, referenced by the answer."""
        for part in message.iter_attachments():
            name = part.get_filename() or ""
            if not name.lower().endswith(".docx"):
                continue
            content = part.get_content()
            if not isinstance(content, bytes):
                continue
            digest = hashlib.sha256(content).hexdigest()
            if session.get(Artifact, digest) is None:
                session.add(
                    Artifact(id=digest, media_type=DOCX, size=len(content), content=content)
                )
                session.add(
                    ArtifactLink(
                        link_key=f"reply/{digest}/{name}",
                        artifact_id=digest,
                        kind="reply_attachment",
                        filename=name,
                    )
                )
            return digest, name
        return None, None

    async def _ask_confirmation(self, pending_id: int, grant: LinkGrant) -> None:
        meta, status = await workflow_context(self.client, grant.workflow_id)
        confirm = base_url(
            self.settings, f"/confirm/{sign(self.settings, CONFIRM_SALT, pending_id)}"
        )
        await send_notice(
            self.client,
            self.settings,
            NoticeRequest(
                notice_key=f"reply:{pending_id}",
                kind=NoticeKind.ANSWER_BY_MAIL,
                recipients=[],
                addresses=[grant.email],
                link_participant_id=grant.participant_id,
                draft_id=meta.draft_id,
                context=NoticeContext(
                    draft_title=meta.title,
                    reference=meta.reference,
                    round_number=getattr(status, "number", None),
                    summary=confirm,
                ),
            ),
        )

    async def receive(self, address: str, sender: str, raw: bytes) -> str:
        """Handle one reply; the SMTP answer the sender's server gets."""
        if len(raw) > MAX_REPLY_BYTES:
            return "552 5.3.4 reply too large"
        try:
            stored = await asyncio.to_thread(self._store, address, sender, raw)
        except ReplyRefused as e:
            log.info("reply refused: %s", e.smtp)
            return e.smtp
        pending_id, grant = stored
        try:
            await self._ask_confirmation(pending_id, grant)
        except Exception:  # Temporal unreachable: the sender's server will deliver it again
            log.exception("confirmation of reply %s not queued", pending_id)
            return "451 4.3.0 the reply is kept but could not be confirmed yet: try again later"
        return "250 2.0.0 reply received: confirm it with the link we are mailing you"


class ReplyHandler:
    """aiosmtpd handler: accepts only ppflow's reply addresses."""

    def __init__(self, inbox: ReplyInbox) -> None:
        self.inbox = inbox

    async def handle_RCPT(self, server, session, envelope, address, options):  # type: ignore[no-untyped-def]
        try:
            read_reply_address(self.inbox.settings, address)
        except LinkError as e:
            return f"550 5.1.1 {e}"
        if envelope.rcpt_tos:
            return "452 4.5.3 one reply address per message"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        return await self.inbox.receive(
            envelope.rcpt_tos[0], envelope.mail_from or "", envelope.original_content or b""
        )


def inbound_controller(inbox: ReplyInbox, port: int, host: str = "127.0.0.1") -> Controller:
    return Controller(ReplyHandler(inbox), hostname=host, port=port)


# ---------------------------------------------------------------- confirming


def pending_answer(
    session: Session, settings: Settings, token: str
) -> tuple[PendingAnswer, LinkGrant]:
    try:
        value = unsign(settings, CONFIRM_SALT, token, "confirmation link")
    except LinkError as e:
        raise service.Forbidden(str(e)) from e
    pending = session.get(PendingAnswer, value) if isinstance(value, int) else None
    if pending is None:
        raise service.NotFound("no such answer waiting for confirmation")
    grant = session.get(LinkGrant, pending.grant_id)
    assert grant is not None
    if grant.generation != pending.generation:
        raise service.Forbidden("this answer belongs to a link that was replaced: answer again")
    return pending, grant


def pending_view(pending: PendingAnswer, grant: LinkGrant) -> dict[str, Any]:
    return {
        "workflow_id": grant.workflow_id,
        "participant_id": grant.participant_id,
        "email": grant.email,
        "position": pending.position,
        "text": pending.text,
        "attachment": pending.attachment_name,
        "status": pending.status,
        "received_at": pending.received_at,
    }


async def confirm(
    client: Client, session: Session, settings: Settings, token: str, position: str | None = None
) -> Any:
    """Submit the pending answer (the reviewer may correct the position); once only."""
    pending, grant = pending_answer(session, settings, token)
    if pending.status == "confirmed":
        raise service.Conflict("this answer was confirmed already")
    chosen = Position(position or pending.position)
    reason = pending.text if chosen in (Position.RESERVATION, Position.OBJECTION) else None
    answer = ReviewerAnswer(
        position=chosen,
        reason=reason or None,
        comments=[CommentInput(text=pending.text)] if pending.text and not reason else [],
    )
    link = ReviewerLink(
        workflow_id=grant.workflow_id,
        participant_id=grant.participant_id,
        email=grant.email,
        generation=grant.generation,
        handed_by=grant.handed_by,
    )
    receipt = await answers.answer_as(client, link, answer, submission=f"reply-{pending.id}")
    pending.status = "confirmed"
    pending.confirmed_at = datetime.now(UTC)
    session.commit()
    return receipt
