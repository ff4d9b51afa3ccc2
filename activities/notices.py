"""E-mail notices: an outbox row first, then aiosmtplib; a retry never sends a notice twice.

The Message-ID is fixed when the row is written, so a crash between the SMTP send and marking the
row sent can re-send that one message (the at-most-once window); nothing else goes out twice.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import aiosmtplib
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from models.db import Contact, Notice, Participant
from models.domain import Language
from models.messages import NoticeReport, NoticeRequest
from models.settings import Settings
from ppflow.links import ReviewerLink, link_url, make_token

TEMPLATES = Path(__file__).parent / "templates" / "mail"
LIST_ID = "Prague Process drafts <ppflow.pragueprocess.local>"
MAIL_DOMAIN = "ppflow.pragueprocess.local"
DECISIONS = {
    Language.EN: {
        "endorsed": "endorsed",
        "endorsed_with_amendments": "endorsed with amendments",
        "deferred": "deferred",
        "rejected": "rejected",
    },
    Language.RU: {
        "endorsed": "одобрено",
        "endorsed_with_amendments": "одобрено с поправками",
        "deferred": "отложено",
        "rejected": "отклонено",
    },
}


def _environment(language: Language) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["day"] = lambda d: d.strftime("%d.%m.%Y %H:%M") if d else ""
    env.filters["decision"] = lambda d: DECISIONS[language].get(str(d), str(d)) if d else ""
    return env


ENVIRONMENTS = {lang: _environment(lang) for lang in Language}


def render(request: NoticeRequest, language: Language, link: str | None) -> tuple[str, str]:
    """Subject and body of one notice in one language (wording lives in the templates)."""
    template = ENVIRONMENTS[language].get_template(f"{request.kind.value}.{language.value}.txt")
    subject, _, body = template.render(c=request.context, link=link).partition("\n---\n")
    reference = request.context.reference
    return (f"[{reference}] {subject.strip()}" if reference else subject.strip()), body


@dataclass
class Recipient:
    participant_id: str | None
    email: str
    language: Language


class NoticeActivities:
    def __init__(self, sessions: sessionmaker[Session], settings: Settings) -> None:
        self.sessions = sessions
        self.settings = settings

    @activity.defn
    async def send_notices(self, request: NoticeRequest) -> NoticeReport:
        queued = await asyncio.to_thread(self._queue, request)
        sent, failed = await self._deliver(request.notice_key)
        return NoticeReport(queued=queued, sent=sent, failed=failed)

    # ------------------------------------------------------------ the outbox

    def _recipients(self, session: Session, request: NoticeRequest) -> list[Recipient]:
        """The first contact (by rank) of each participant, plus any direct addresses."""
        result = []
        for pid in request.recipients:
            participant = session.get(Participant, pid)
            contact = session.scalars(
                select(Contact).filter_by(participant_id=pid).order_by(Contact.rank, Contact.id)
            ).first()
            if participant is None or contact is None:
                activity.logger.warning(
                    "no contact for %s: notice %s skipped it", pid, request.notice_key
                )
                continue
            language = Language(contact.language or participant.language)
            result.append(Recipient(pid, contact.email, language))
        for address in request.addresses:
            result.append(Recipient(request.link_participant_id, address, Language.EN))
        return result

    def _link(self, request: NoticeRequest, recipient: Recipient) -> str | None:
        if not request.link_workflow_id or not recipient.participant_id:
            return None
        expires = request.link_expires_at
        grace = timedelta(days=self.settings.link_grace_days)
        token = make_token(
            self.settings,
            ReviewerLink(
                workflow_id=request.link_workflow_id,
                participant_id=recipient.participant_id,
                email=recipient.email,
                expires_at=expires + grace if expires else None,
            ),
        )
        return link_url(self.settings, token)

    def _queue(self, request: NoticeRequest) -> int:
        """Write one outbox row per (notice, address) unless it is there already."""
        with self.sessions.begin() as session:
            existing = set(
                session.scalars(select(Notice.email).filter_by(notice_key=request.notice_key))
            )
            recipients = self._recipients(session, request)
            for r in recipients:
                if r.email in existing:
                    continue
                subject, body = render(request, r.language, self._link(request, r))
                session.add(
                    Notice(
                        notice_key=request.notice_key,
                        kind=request.kind.value,
                        participant_id=r.participant_id,
                        email=r.email,
                        draft_id=request.draft_id,
                        meeting_id=request.meeting_id,
                        subject=subject,
                        body=body,
                        message_id=make_msgid(domain=MAIL_DOMAIN),
                        status="pending",
                    )
                )
                existing.add(r.email)
            return len(recipients)

    def _pending(self, notice_key: str) -> list[Notice]:
        with self.sessions() as session:
            return list(
                session.scalars(select(Notice).filter_by(notice_key=notice_key, status="pending"))
            )

    def _mark(self, notice_id: int, status: str, error: str | None = None) -> None:
        with self.sessions.begin() as session:
            row = session.get(Notice, notice_id)
            assert row is not None
            row.status = status
            row.attempts += 1
            row.error = error
            if status == "sent":
                row.sent_at = datetime.now(UTC)

    # ------------------------------------------------------------ sending

    def _message(self, row: Notice) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = self.settings.mail_from
        msg["To"] = row.email
        msg["Subject"] = row.subject
        msg["Message-ID"] = row.message_id
        msg["Date"] = format_datetime(row.created_at or datetime.now(UTC))
        msg["List-Id"] = LIST_ID
        thread = row.draft_id or row.meeting_id
        if thread:
            root = f"<{thread}@{MAIL_DOMAIN}>"
            msg["In-Reply-To"] = root
            msg["References"] = root
        msg.set_content(row.body)
        return msg

    async def _deliver(self, notice_key: str) -> tuple[int, int]:
        """Send this notice's pending rows over one connection; a relay outage raises to retry."""
        pending = await asyncio.to_thread(self._pending, notice_key)
        if not pending:
            return 0, 0
        s = self.settings
        smtp = aiosmtplib.SMTP(
            hostname=s.effective_smtp_host,
            port=s.smtp_port,
            use_tls=s.smtp_tls,
            start_tls=s.smtp_starttls or None,
            username=s.smtp_username,
            password=s.smtp_password,
            timeout=30,
        )
        sent = failed = 0
        await smtp.connect()
        try:
            for row in pending:
                try:
                    await smtp.send_message(self._message(row))
                except aiosmtplib.SMTPRecipientsRefused as e:
                    await asyncio.to_thread(self._mark, row.id, "failed", str(e))
                    failed += 1
                    continue
                except aiosmtplib.SMTPResponseException as e:
                    if e.code >= 500:
                        await asyncio.to_thread(self._mark, row.id, "failed", str(e))
                        failed += 1
                        continue
                    raise
                await asyncio.to_thread(self._mark, row.id, "sent")
                sent += 1
        finally:
            try:
                await smtp.quit()
            except aiosmtplib.SMTPException:
                smtp.close()
        return sent, failed
