"""E-mail notices: an outbox row first, then aiosmtplib; a retry never sends a notice twice.

The Message-ID is fixed when the row is written, so a crash between the SMTP send and marking the
row sent can re-send that message (the at-most-once window: at most the one or two messages per
connection the relay accepted while their rows were being marked); nothing else goes out twice.
Each mail is plain text plus HTML (one autoescaped layout around the per-kind text), threaded by
draft, with List-Id, a Reply-To that answers by mail, the draft attached below a size cap and
linked above it, and the digest's one-click unsubscribe.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import aiosmtplib
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from models.db import Artifact, ArtifactLink, Contact, LinkGrant, Notice, Participant
from models.domain import ArtifactKind, Language, NoticeKind
from models.messages import NoticeReport, NoticeRequest
from models.settings import Settings
from ppflow.links import (
    DOCUMENT_SALT,
    UNSUBSCRIBE_SALT,
    ReviewerLink,
    base_url,
    link_url,
    make_token,
    reply_address,
    sign,
)

TEMPLATES = Path(__file__).parent / "templates" / "mail"
LIST_ID = "Prague Process drafts <ppflow.pragueprocess.local>"
MAIL_DOMAIN = "ppflow.pragueprocess.local"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SIGNATURE = "\n-- \n"
# Notices that carry the draft (attached below the size cap, linked above it).
WITH_DOCUMENT = {
    NoticeKind.ROUND_OPENED,
    NoticeKind.REVISION_AVAILABLE,
    NoticeKind.SILENCE_OPENED,
    NoticeKind.ENDORSEMENT_REQUESTED,
}
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
DISPOSITIONS = {
    Language.EN: {
        "accepted": "accepted",
        "partly_accepted": "partly accepted",
        "rejected": "not accepted",
        "noted": "noted",
    },
    Language.RU: {
        "accepted": "принят",
        "partly_accepted": "принят частично",
        "rejected": "не принят",
        "noted": "принят к сведению",
    },
}
URL_RE = re.compile(r"https?://[^\s<>\"]+")


def _environment(language: Language) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=select_autoescape(["html"]),
    )
    env.filters["day"] = lambda d: d.strftime("%d.%m.%Y %H:%M") if d else ""
    env.filters["decision"] = lambda d: DECISIONS[language].get(str(d), str(d)) if d else ""
    env.filters["disposition"] = lambda d: DISPOSITIONS[language].get(str(d), str(d))
    env.filters["paragraphs"] = paragraphs
    return env


def paragraphs(text: str) -> Markup:
    """Plain text as escaped HTML paragraphs, with its links made clickable."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = []
        for line in block.splitlines():
            parts, last = [], 0
            for m in URL_RE.finditer(line):
                parts.append(escape(line[last : m.start()]))
                parts.append(Markup('<a href="{0}">{0}</a>').format(m.group(0)))
                last = m.end()
            parts.append(escape(line[last:]))
            lines.append(Markup("").join(parts))
        out.append(Markup("<p>{}</p>").format(Markup("<br>\n").join(lines)))
    return Markup("\n").join(out)


ENVIRONMENTS = {lang: _environment(lang) for lang in Language}


@dataclass
class Extras:
    """What one recipient's copy adds to the notice's context."""

    link: str | None = None
    reply_by_mail: bool = False
    document: dict[str, object] | None = None
    unsubscribe: str | None = None


@dataclass
class Rendered:
    subject: str
    body: str
    html: str


def render(request: NoticeRequest, language: Language, extras: Extras | None = None) -> Rendered:
    """Subject, text and HTML of one notice in one language (wording lives in the templates)."""
    extras = extras or Extras()
    env = ENVIRONMENTS[language]
    template = env.get_template(f"{request.kind.value}.{language.value}.txt")
    text = template.render(c=request.context, link=extras.link, reply_by_mail=extras.reply_by_mail)
    subject, _, body = text.partition("\n---\n")
    main, _, signature = body.partition(SIGNATURE)
    addition = env.get_template(f"_additions.{language.value}.txt").render(
        document=extras.document, unsubscribe=extras.unsubscribe
    )
    body = main.rstrip("\n") + "\n" + (f"\n{addition.strip()}\n" if addition.strip() else "")
    body += SIGNATURE + signature if signature else ""
    reference = request.context.reference
    subject = f"[{reference}] {subject.strip()}" if reference else subject.strip()
    html = env.get_template("layout.html").render(
        subject=subject,
        lang=language.value,
        main=main,
        addition=addition.strip(),
        signature=signature.strip(),
        reference=reference,
    )
    return Rendered(subject, body, html)


@dataclass
class Recipient:
    participant_id: str | None
    email: str
    language: Language


# ---------------------------------------------------------------- link grants


def ensure_grant(
    session: Session,
    workflow_id: str,
    participant_id: str,
    email: str,
    *,
    name: str = "",
    handed_by: str | None = None,
) -> LinkGrant:
    """The grant behind a contact's link to one workflow (created once, kept across retries)."""
    grant = session.scalars(
        select(LinkGrant).filter_by(workflow_id=workflow_id, email=email)
    ).first()
    if grant is None:
        grant = LinkGrant(
            workflow_id=workflow_id,
            participant_id=participant_id,
            email=email,
            name=name,
            generation=0,
            handed_by=handed_by,
            issued_at=datetime.now(UTC),
        )
        session.add(grant)
        session.flush()
    return grant


def personal_link(
    settings: Settings, grant: LinkGrant, expires_at: datetime | None
) -> tuple[str, str]:
    """The link's URL and its token for a grant's current generation."""
    grace = timedelta(days=settings.link_grace_days)
    token = make_token(
        settings,
        ReviewerLink(
            workflow_id=grant.workflow_id,
            participant_id=grant.participant_id,
            email=grant.email,
            expires_at=expires_at + grace if expires_at else None,
            generation=grant.generation,
            handed_by=grant.handed_by,
        ),
    )
    return link_url(settings, token), token


# ---------------------------------------------------------------- SMTP: pool and rate


class RateLimit:
    """Messages per second to one relay, shared by every send of this process."""

    def __init__(self, per_second: float) -> None:
        self.interval = 1.0 / per_second if per_second > 0 else 0.0
        self.next_at = 0.0

    async def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        slot = max(now, self.next_at)
        self.next_at = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)


_RATE_LIMITS: dict[tuple[str, int], RateLimit] = {}


def rate_limit(settings: Settings) -> RateLimit:
    key = (settings.effective_smtp_host, settings.smtp_port)
    limit = _RATE_LIMITS.get(key)
    if limit is None or limit.interval != (
        1.0 / settings.smtp_rate_per_second if settings.smtp_rate_per_second else 0.0
    ):
        limit = _RATE_LIMITS[key] = RateLimit(settings.smtp_rate_per_second)
    return limit


class SmtpPool:
    """A few SMTP connections kept open between activities (STARTTLS / TLS / auth as set)."""

    IDLE_CHECK = 10.0  # seconds idle after which a connection is checked with NOOP

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.idle: list[tuple[aiosmtplib.SMTP, float]] = []
        self.loop: asyncio.AbstractEventLoop | None = None
        self.slots: asyncio.Semaphore | None = None

    def _new(self) -> aiosmtplib.SMTP:
        s = self.settings
        return aiosmtplib.SMTP(
            hostname=s.effective_smtp_host,
            port=s.smtp_port,
            use_tls=s.smtp_tls,
            start_tls=True if s.smtp_starttls else False,
            username=s.smtp_username,
            password=s.smtp_password,
            timeout=s.smtp_timeout,
        )

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[aiosmtplib.SMTP]:
        loop = asyncio.get_running_loop()
        if self.loop is not loop or self.slots is None:
            self.loop, self.idle = loop, []
            self.slots = asyncio.Semaphore(self.settings.smtp_pool_size)
        async with self.slots:
            smtp = await self._borrow()
            healthy = False
            try:
                yield smtp
                healthy = True
            finally:
                if healthy and smtp.is_connected:
                    self.idle.append((smtp, time.monotonic()))
                else:
                    smtp.close()

    async def _borrow(self) -> aiosmtplib.SMTP:
        while self.idle:
            smtp, since = self.idle.pop()
            if not smtp.is_connected:
                continue
            if time.monotonic() - since < self.IDLE_CHECK:
                return smtp
            try:
                await smtp.noop()
                return smtp
            except aiosmtplib.SMTPException:
                smtp.close()
        smtp = self._new()
        await smtp.connect()
        return smtp


# ---------------------------------------------------------------- the activity


class NoticeActivities:
    def __init__(self, sessions: sessionmaker[Session], settings: Settings) -> None:
        self.sessions = sessions
        self.settings = settings
        self.pool = SmtpPool(settings)

    @activity.defn
    async def send_notices(self, request: NoticeRequest) -> NoticeReport:
        queued = await asyncio.to_thread(self._queue, request)
        sent, failed = await self._deliver(request)
        return NoticeReport(queued=queued, sent=sent, failed=failed)

    # ------------------------------------------------------------ the outbox

    def _language(self, session: Session, participant_id: str | None, email: str) -> Language:
        contact = session.scalars(select(Contact).filter_by(email=email)).first()
        if contact is not None and contact.language:
            return Language(contact.language)
        participant = session.get(Participant, participant_id) if participant_id else None
        return Language(participant.language) if participant else Language.EN

    def _recipients(self, session: Session, request: NoticeRequest) -> list[Recipient]:
        """The first contact (by rank) of each participant, plus any direct addresses."""
        result = []
        for pid in request.recipients:
            contact = session.scalars(
                select(Contact).filter_by(participant_id=pid).order_by(Contact.rank, Contact.id)
            ).first()
            if contact is None:
                activity.logger.warning(
                    "no contact for %s: notice %s skipped it", pid, request.notice_key
                )
                continue
            result.append(
                Recipient(pid, contact.email, self._language(session, pid, contact.email))
            )
        for address in request.addresses:
            pid = request.link_participant_id
            result.append(Recipient(pid, address, self._language(session, pid, address)))
        return result

    def _document(
        self, session: Session, request: NoticeRequest, link_token: str | None
    ) -> tuple[dict[str, object] | None, str | None]:
        """The draft's Word file: attached below the size cap, else a signed download link."""
        if request.kind not in WITH_DOCUMENT or not request.draft_id:
            return None, None
        query = select(ArtifactLink).filter_by(
            draft_id=request.draft_id, kind=ArtifactKind.DRAFT_VERSION.value
        )
        if request.context.version:
            query = query.filter_by(version=request.context.version)
        found = session.scalars(query.order_by(ArtifactLink.id.desc())).first()
        if found is None:
            return None, None
        artifact = session.get(Artifact, found.artifact_id)
        if artifact is None:
            return None, None
        attached = artifact.size <= self.settings.attachment_max_bytes
        url = base_url(
            self.settings, f"/documents/{sign(self.settings, DOCUMENT_SALT, artifact.id)}"
        )
        document = {
            "attached": attached,
            "filename": found.filename,
            "size_kb": max(1, artifact.size // 1024),
            "url": url,
        }
        return document, artifact.id if attached else None

    def _copy(
        self, session: Session, request: NoticeRequest, r: Recipient
    ) -> tuple[Rendered, str | None, str | None, str | None]:
        """One recipient's copy: rendered text and HTML, Reply-To, attachment, unsubscribe URL."""
        extras = Extras()
        reply_to = token = None
        if request.link_workflow_id and r.participant_id:
            grant = ensure_grant(session, request.link_workflow_id, r.participant_id, r.email)
            extras.link, token = personal_link(self.settings, grant, request.link_expires_at)
            if "-round-" in request.link_workflow_id and request.kind != NoticeKind.LINK_ISSUED:
                reply_to = reply_address(self.settings, grant.id, grant.generation)
                extras.reply_by_mail = True
        if request.kind == NoticeKind.ANSWER_BY_MAIL:
            extras.link = request.context.summary
        extras.document, attachment = self._document(session, request, token)
        if request.kind == NoticeKind.DIGEST:
            extras.unsubscribe = base_url(
                self.settings, f"/unsubscribe/{sign(self.settings, UNSUBSCRIBE_SALT, r.email)}"
            )
        return render(request, r.language, extras), reply_to, attachment, extras.unsubscribe

    def _add_row(
        self,
        session: Session,
        request: NoticeRequest,
        r: Recipient,
        fallback_for: int | None = None,
    ) -> None:
        copy, reply_to, attachment, unsubscribe = self._copy(session, request, r)
        session.add(
            Notice(
                notice_key=request.notice_key,
                kind=request.kind.value,
                participant_id=r.participant_id,
                email=r.email,
                draft_id=request.draft_id,
                meeting_id=request.meeting_id,
                subject=copy.subject,
                body=copy.body,
                html=copy.html,
                reply_to=reply_to,
                attachment_id=attachment,
                unsubscribe_url=unsubscribe,
                fallback_for=fallback_for,
                message_id=make_msgid(domain=MAIL_DOMAIN),
                status="pending",
            )
        )

    def _queue(self, request: NoticeRequest) -> int:
        """Write one outbox row per (notice, address) unless it is there already."""
        with self.sessions.begin() as session:
            existing = set(
                session.scalars(select(Notice.email).filter_by(notice_key=request.notice_key))
            )
            recipients = self._recipients(session, request)
            for r in recipients:
                if r.email not in existing:
                    self._add_row(session, request, r)
                    existing.add(r.email)
            return len(recipients)

    def _fallback(self, request: NoticeRequest, failed: list[int]) -> int:
        """After a permanent failure, queue the same notice for the participant's next contact."""
        added = 0
        with self.sessions.begin() as session:
            used = set(
                session.scalars(select(Notice.email).filter_by(notice_key=request.notice_key))
            )
            for row_id in failed:
                row = session.get(Notice, row_id)
                if row is None or row.participant_id not in request.recipients:
                    continue
                pid = row.participant_id
                contact = next(
                    (
                        c
                        for c in session.scalars(
                            select(Contact)
                            .filter_by(participant_id=pid)
                            .order_by(Contact.rank, Contact.id)
                        )
                        if c.email not in used
                    ),
                    None,
                )
                if contact is None:
                    continue
                r = Recipient(pid, contact.email, self._language(session, pid, contact.email))
                self._add_row(session, request, r, fallback_for=row.id)
                used.add(contact.email)
                added += 1
        return added

    def _pending(self, notice_key: str) -> list[tuple[Notice, tuple[bytes, str] | None]]:
        with self.sessions() as session:
            rows = list(
                session.scalars(
                    select(Notice)
                    .filter_by(notice_key=notice_key, status="pending")
                    .order_by(Notice.id)
                )
            )
            result: list[tuple[Notice, tuple[bytes, str] | None]] = []
            for row in rows:
                attachment = None
                if row.attachment_id:
                    artifact = session.get(Artifact, row.attachment_id)
                    link = session.scalars(
                        select(ArtifactLink).filter_by(artifact_id=row.attachment_id)
                    ).first()
                    if artifact is not None:
                        name = link.filename if link else f"{artifact.id[:12]}.docx"
                        attachment = (artifact.content, name)
                result.append((row, attachment))
            return result

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

    def _message(self, row: Notice, attachment: tuple[bytes, str] | None) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = self.settings.mail_from
        msg["To"] = row.email
        msg["Subject"] = row.subject
        msg["Message-ID"] = row.message_id
        msg["Date"] = format_datetime(row.created_at or datetime.now(UTC))
        msg["List-Id"] = LIST_ID
        if row.reply_to:
            msg["Reply-To"] = row.reply_to
        if row.unsubscribe_url:
            msg["List-Unsubscribe"] = f"<{row.unsubscribe_url}>"
            msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        thread = row.draft_id or row.meeting_id
        if thread:
            root = f"<{thread}@{MAIL_DOMAIN}>"
            msg["In-Reply-To"] = root
            msg["References"] = root
        msg.set_content(row.body)
        if row.html:
            msg.add_alternative(row.html, subtype="html")
        if attachment is not None:
            content, filename = attachment
            maintype, subtype = DOCX.split("/")
            msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
        return msg

    async def _deliver(self, request: NoticeRequest) -> tuple[int, int]:
        """Send this notice's pending rows over a pooled connection; an outage raises to retry.

        A 5xx marks the row failed and queues the participant's next contact, sent in turn.
        """
        sent = failed = 0
        limit = rate_limit(self.settings)
        while True:
            pending = await asyncio.to_thread(self._pending, request.notice_key)
            if not pending:
                break
            refused: list[int] = []
            marking: asyncio.Future[None] | None = None
            async with self.pool.connection() as smtp:
                try:
                    for row, attachment in pending:
                        await limit.wait()
                        try:
                            await smtp.send_message(self._message(row, attachment))
                        except aiosmtplib.SMTPRecipientsRefused as e:
                            refused.append(row.id)
                            await asyncio.to_thread(self._mark, row.id, "failed", str(e))
                            continue
                        except aiosmtplib.SMTPResponseException as e:
                            if e.code < 500:
                                raise
                            refused.append(row.id)
                            await asyncio.to_thread(self._mark, row.id, "failed", str(e))
                            continue
                        # Mark this row while the next message goes out.
                        if marking is not None:
                            await marking
                        marking = asyncio.ensure_future(
                            asyncio.to_thread(self._mark, row.id, "sent")
                        )
                        sent += 1
                finally:
                    if marking is not None:
                        await marking
            failed += len(refused)
            if not refused or not await asyncio.to_thread(self._fallback, request, refused):
                break
        return sent, failed
