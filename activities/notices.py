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
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from pathlib import Path

import aiosmtplib
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from models.db import (
    Artifact,
    ArtifactLink,
    Contact,
    DigestPreference,
    LinkGrant,
    Notice,
    Participant,
)
from models.domain import ArtifactKind, DigestFrequency, Language, NoticeKind
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
            cert_bundle=str(s.smtp_ca_file) if s.smtp_ca_file else None,
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


# Notices that only tell what happened: someone who chose a daily or weekly digest gets them
# there instead. Notices that ask for action (invitations, reminders, links, receipts) always go.
NEWS = frozenset(
    {
        NoticeKind.DEADLINE_EXTENDED,
        NoticeKind.ROUND_CLOSED,
        NoticeKind.REVISION_AVAILABLE,
        NoticeKind.ENDORSEMENT_REQUESTED,
        NoticeKind.SILENCE_BROKEN,
        NoticeKind.DECISION,
        NoticeKind.FINAL_PUBLISHED,
        NoticeKind.DRAFT_WITHDRAWN,
        NoticeKind.COMMENTS_RESOLVED,
    }
)


class NoticeActivities:
    def __init__(self, sessions: sessionmaker[Session], settings: Settings) -> None:
        self.sessions = sessions
        self.settings = settings
        self.pool = SmtpPool(settings)
        self.envelope_from = parseaddr(settings.mail_from)[1]

    @activity.defn
    async def send_notices(self, request: NoticeRequest) -> NoticeReport:
        queued = await asyncio.to_thread(self._queue, request)
        sent, failed = await self._deliver(request)
        return NoticeReport(queued=queued, sent=sent, failed=failed)

    # ------------------------------------------------------------ the outbox

    def _languages(
        self, session: Session, recipients: list[tuple[str | None, str]]
    ) -> list[Recipient]:
        """Each (participant, address) in its contact's language, else its participant's."""
        emails = [e for _, e in recipients]
        spoken = {
            c.email: c.language
            for c in session.scalars(select(Contact).where(Contact.email.in_(emails)))
            if c.language
        }
        pids = {p for p, _ in recipients if p}
        default = {
            p.id: p.language
            for p in session.scalars(select(Participant).where(Participant.id.in_(pids)))
        }
        return [
            Recipient(p, e, Language(spoken.get(e) or default.get(p or "") or "en"))
            for p, e in recipients
        ]

    def _recipients(self, session: Session, request: NoticeRequest) -> list[Recipient]:
        """The first contact (by rank) of each participant, plus any direct addresses."""
        chosen: list[tuple[str | None, str]] = []
        for pid in request.recipients:
            contact = session.scalars(
                select(Contact).filter_by(participant_id=pid).order_by(Contact.rank, Contact.id)
            ).first()
            if contact is None:
                activity.logger.warning(
                    "no contact for %s: notice %s skipped it", pid, request.notice_key
                )
                continue
            chosen.append((pid, contact.email))
        chosen += [(request.link_participant_id, a) for a in request.addresses]
        return self._languages(session, chosen)

    def _document(
        self, session: Session, request: NoticeRequest
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
        size = (
            session.scalar(select(Artifact.size).filter_by(id=found.artifact_id)) if found else None
        )
        if found is None or size is None:
            return None, None
        attached = size <= self.settings.attachment_max_bytes
        url = base_url(
            self.settings, f"/documents/{sign(self.settings, DOCUMENT_SALT, found.artifact_id)}"
        )
        document = {
            "attached": attached,
            "filename": found.filename,
            "size_kb": max(1, size // 1024),
            "url": url,
        }
        return document, found.artifact_id if attached else None

    def _grants(
        self, session: Session, request: NoticeRequest, recipients: list[Recipient]
    ) -> dict[str, LinkGrant]:
        """The link grant of every recipient (existing ones kept, new ones added in one go)."""
        if not request.link_workflow_id:
            return {}
        workflow_id = request.link_workflow_id
        grants = {
            g.email: g
            for g in session.scalars(select(LinkGrant).filter_by(workflow_id=workflow_id))
        }
        for r in recipients:
            if r.participant_id and r.email not in grants:
                grants[r.email] = LinkGrant(
                    workflow_id=workflow_id,
                    participant_id=r.participant_id,
                    email=r.email,
                    name="",
                    generation=0,
                    issued_at=datetime.now(UTC),
                )
                session.add(grants[r.email])
        session.flush()
        return grants

    def _add_rows(
        self,
        session: Session,
        request: NoticeRequest,
        recipients: list[Recipient],
        fallback_for: dict[str, int] | None = None,
    ) -> None:
        """One outbox row per recipient: text and HTML, link, Reply-To, attachment, unsubscribe."""
        grants = self._grants(session, request, recipients)
        document, attachment = self._document(session, request)
        for r in recipients:
            extras = Extras(document=document)
            reply_to = None
            grant = grants.get(r.email)
            if grant is not None:
                extras.link, _ = personal_link(self.settings, grant, request.link_expires_at)
                if "-round-" in grant.workflow_id and request.kind != NoticeKind.LINK_ISSUED:
                    reply_to = reply_address(self.settings, grant.id, grant.generation)
                    extras.reply_by_mail = True
            if request.kind == NoticeKind.ANSWER_BY_MAIL:
                extras.link = request.context.summary
            if request.kind == NoticeKind.DIGEST:
                extras.unsubscribe = base_url(
                    self.settings, f"/unsubscribe/{sign(self.settings, UNSUBSCRIBE_SALT, r.email)}"
                )
            copy = render(request, r.language, extras)
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
                    unsubscribe_url=extras.unsubscribe,
                    fallback_for=(fallback_for or {}).get(r.email),
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
            if request.kind in NEWS:  # people who chose a digest read this news there
                digest = set(
                    session.scalars(
                        select(DigestPreference.email).where(
                            DigestPreference.frequency != DigestFrequency.NONE.value
                        )
                    )
                )
                recipients = [r for r in recipients if r.email.lower() not in digest]
            new = list({r.email: r for r in recipients if r.email not in existing}.values())
            if new:
                self._add_rows(session, request, new)
            return len(recipients)

    def _fallback(self, request: NoticeRequest, failed: list[int]) -> int:
        """After a permanent failure, queue the same notice for the participant's next contact."""
        with self.sessions.begin() as session:
            used = set(
                session.scalars(select(Notice.email).filter_by(notice_key=request.notice_key))
            )
            chosen: list[tuple[str | None, str]] = []
            replaces: dict[str, int] = {}
            for row_id in failed:
                row = session.get(Notice, row_id)
                if row is None or row.participant_id not in request.recipients:
                    continue
                following = session.scalars(
                    select(Contact.email)
                    .filter_by(participant_id=row.participant_id)
                    .order_by(Contact.rank, Contact.id)
                )
                email = next((e for e in following if e not in used), None)
                if email is not None:
                    chosen.append((row.participant_id, email))
                    replaces[email] = row.id
                    used.add(email)
            if chosen:
                self._add_rows(session, request, self._languages(session, chosen), replaces)
            return len(chosen)

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

    def _pending_sample(self, marker: str) -> tuple[Notice, None]:
        """One sent row whose key has `marker` (the bench rebuilds its message)."""
        with self.sessions() as session:
            row = session.scalars(
                select(Notice).where(Notice.notice_key.contains(marker)).limit(1)
            ).one()
            return row, None

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

    def _message(self, row: Notice, attachment: tuple[bytes, str] | None) -> bytes:
        """The mail as bytes: text and HTML alternatives, the draft attached when it is small.

        Built with the compat32 MIME classes: three times faster than EmailMessage, which
        matters at a thousand invitations.
        """
        body = MIMEMultipart("alternative")
        body.attach(MIMEText(row.body, "plain", "utf-8"))
        if row.html:
            body.attach(MIMEText(row.html, "html", "utf-8"))
        msg = body
        if attachment is not None:
            content, filename = attachment
            msg = MIMEMultipart("mixed")
            msg.attach(body)
            part = MIMEApplication(content, DOCX.split("/")[1])
            part.add_header("Content-Disposition", "attachment", filename=filename)
            msg.attach(part)
        name, address = parseaddr(self.settings.mail_from)
        msg["From"] = formataddr((name, address), charset="utf-8")
        msg["To"] = row.email
        msg["Subject"] = Header(row.subject, "utf-8")
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
        return msg.as_bytes()

    async def _deliver(self, request: NoticeRequest) -> tuple[int, int]:
        """Send this notice's pending rows over a pooled connection; an outage raises to retry.

        A 5xx marks the row failed and queues the participant's next contact, sent in turn.
        Rows are marked sent in group commits while the next messages go out.
        """
        sent = failed = 0
        limit = rate_limit(self.settings)
        while True:
            pending = await asyncio.to_thread(self._pending, request.notice_key)
            if not pending:
                break
            refused: list[int] = []
            marks = GroupCommit(self._mark_sent)
            try:
                async with self.pool.connection() as smtp:
                    for row, attachment in pending:
                        marks.check()
                        await limit.wait()
                        try:
                            await smtp.sendmail(
                                self.envelope_from, [row.email], self._message(row, attachment)
                            )
                        except aiosmtplib.SMTPSenderRefused:
                            raise  # the relay refuses us (login, sender): retry, lose nothing
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
                        marks.add(row.id)
                        sent += 1
            finally:
                await marks.close()
            failed += len(refused)
            if not refused or not await asyncio.to_thread(self._fallback, request, refused):
                break
        return sent, failed

    def _mark_sent(self, ids: list[int]) -> None:
        with self.sessions.begin() as session:
            session.execute(
                update(Notice)
                .where(Notice.id.in_(ids))
                .values(status="sent", attempts=Notice.attempts + 1, sent_at=datetime.now(UTC))
            )


class GroupCommit:
    """Marks rows sent in the background, every INTERVAL, as many per commit as went out.

    The at-most-once window is what the relay accepted in one interval (at most
    INTERVAL x the send rate: a few dozen messages at full speed, one when sending is slow).
    A failed commit stops the sending at the next message.
    """

    INTERVAL = 0.05

    def __init__(self, write: Callable[[list[int]], None]) -> None:
        self.write = write
        self.ids: list[int] = []
        self.task: asyncio.Future[None] | None = None
        self.closing = asyncio.Event()

    def check(self) -> None:
        if self.task is not None and self.task.done() and self.task.exception():
            raise self.task.exception()  # type: ignore[misc]

    def add(self, row_id: int) -> None:
        self.ids.append(row_id)
        if self.task is None or self.task.done():
            self.check()
            self.task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        while self.ids:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.closing.wait(), self.INTERVAL)
            batch, self.ids = self.ids, []
            await asyncio.to_thread(self.write, batch)

    async def close(self) -> None:
        self.closing.set()
        if self.task is not None:
            await self.task
        if self.ids:
            await self._run()
