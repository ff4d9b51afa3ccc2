"""The outbox: an outbox row first, then SMTP; a retry never sends a notice twice.

The Message-ID is fixed when the row is written, so a crash between the SMTP send and marking the
row sent can re-send that message (the at-most-once window: per connection, the messages sent in
one GroupCommit.INTERVAL plus at most GroupCommit.MAX_AHEAD more, those the relay accepted while
their rows were being marked); nothing else goes out twice.
Each mail is plain text plus HTML (one autoescaped layout around the per-kind text), threaded by
draft, with List-Id, a Reply-To that answers by mail, the file it carries in the reader's language
attached below a size cap and linked above it (mail/documents.py), a meeting's calendar entry with
its agenda, and the digest's one-click unsubscribe.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import make_msgid, parseaddr

import aiosmtplib
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from mail import documents
from mail.grants import personal_link
from mail.knowledge import knowledge_link
from mail.readers import already_told, calendar_entry, participant_names
from mail.render import MAIL_DOMAIN, Attachment, Extras, render, to_mime
from mail.transport import GroupCommit, SmtpPool, rate_limit
from models.activity_io import NoticeRequest
from models.db import (
    Artifact,
    ArtifactLink,
    Contact,
    DigestPreference,
    LinkGrant,
    Notice,
    Participant,
)
from models.domain import DigestFrequency, Language, LinkPurpose, NoticeKind
from models.links import UNSUBSCRIBE_SALT, base_url, reply_address, sign
from models.metrics import NOTICES
from models.settings import Settings

log = logging.getLogger("ppflow.mail")


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


@dataclass
class Recipient:
    participant_id: str | None
    email: str
    language: Language


class Outbox:
    """Queue a notice's rows (once per address), then deliver its pending rows."""

    def __init__(self, sessions: sessionmaker[Session], settings: Settings) -> None:
        self.sessions = sessions
        self.settings = settings
        self.pool = SmtpPool(settings)
        self.envelope_from = parseaddr(settings.mail_from)[1]
        # How long a sender holds the rows it claimed without renewing, and how often a second
        # sender looks again at rows another one holds.
        self.claim_for = timedelta(seconds=settings.outbox_claim_seconds)
        self.claim_wait = min(5.0, settings.outbox_claim_seconds / 4)

    def _languages(
        self,
        session: Session,
        recipients: list[tuple[str | None, str]],
        given: dict[str, Language] | None = None,
    ) -> list[Recipient]:
        """Each (participant, address) in its contact's language, else the language the request
        gives the address (a mission's expert), else its participant's."""
        emails = [e for _, e in recipients]
        spoken: dict[str, str] = {e: lang.value for e, lang in (given or {}).items()}
        spoken |= {
            c.email: c.language
            for c in session.scalars(select(Contact).where(Contact.email.in_(emails)))
            if c.language and c.email not in spoken
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
                log.warning("no contact for %s: notice %s skipped it", pid, request.notice_key)
                continue
            chosen.append((pid, contact.email))
        chosen += [(request.link_participant_id, a) for a in request.addresses]
        return self._languages(session, chosen, request.languages)

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
                    purpose=request.link_purpose.value if request.link_purpose else None,
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
        *,
        wait: bool = False,
    ) -> None:
        """One outbox row per recipient: text and HTML, link, Reply-To, attachment, unsubscribe."""
        files = documents.carried(session, self.settings, request, wait=wait)
        own = documents.draft_language(session, request.draft_id)
        grants = self._grants(session, request, recipients)
        names = participant_names(session)
        for r in recipients:
            file = documents.for_language(files, r.language, own)
            extras = Extras(
                document=file.document if file else None,
                names=names[r.language],
                calendar=request.kind == NoticeKind.MEETING_AGENDA,
            )
            reply_to = None
            grant = grants.get(r.email)
            if grant is not None:
                extras.link, _ = personal_link(self.settings, grant, request.link_expires_at)
                if (
                    grant.purpose == LinkPurpose.COMMENT_ROUND
                    and request.kind != NoticeKind.LINK_ISSUED
                ):
                    reply_to = reply_address(self.settings, grant.id, grant.generation)
                    extras.reply_by_mail = True
            if request.kind == NoticeKind.ANSWER_BY_MAIL:
                extras.link = request.context.summary
            if request.context.registration_id:  # the knowledge base's mails
                extras.link = knowledge_link(self.settings, request)
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
                    attachment_id=file.attachment_id if file else None,
                    unsubscribe_url=extras.unsubscribe,
                    fallback_for=(fallback_for or {}).get(r.email),
                    message_id=make_msgid(domain=MAIL_DOMAIN),
                    status="pending",
                )
            )

    def queue(self, request: NoticeRequest, *, wait: bool = False) -> int:
        """Write one outbox row per (notice, address) unless it is there already. Two attempts
        at once: the one that commits second finds the first's rows and adds nothing.
        `wait`: raise documents.NotReady, writing nothing, while the file it carries is being
        rendered (the activity tries again a little later)."""
        for _ in range(3):
            try:
                return self._queue_once(request, wait)
            except IntegrityError:
                continue
        return self._queue_once(request, wait)

    def _queue_once(self, request: NoticeRequest, wait: bool = False) -> int:
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
            told = already_told(session, request)
            recipients = [r for r in recipients if r.participant_id not in told]
            new = list({r.email: r for r in recipients if r.email not in existing}.values())
            if new:
                self._add_rows(session, request, new, wait=wait)
        NOTICES.labels("queued").inc(len(new))  # committed
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
        NOTICES.labels("queued").inc(len(chosen))
        return len(chosen)

    def _claim(
        self, notice_key: str, owner: str
    ) -> tuple[list[tuple[Notice, list[Attachment]]], int]:
        """Claim this notice's pending rows that nobody holds (one statement), and return them
        with their attachments, and how many pending rows another sender holds."""
        now = datetime.now(UTC)
        with self.sessions.begin() as session:
            session.execute(
                update(Notice)
                .where(
                    Notice.notice_key == notice_key,
                    Notice.status == "pending",
                    or_(Notice.claimed_until.is_(None), Notice.claimed_until < now),
                )
                .values(claimed_by=owner, claimed_until=now + self.claim_for)
            )
        with self.sessions() as session:
            rows = list(
                session.scalars(
                    select(Notice)
                    .filter_by(notice_key=notice_key, status="pending")
                    .order_by(Notice.id)
                )
            )
            held = sum(1 for r in rows if r.claimed_by != owner)
            result: list[tuple[Notice, list[Attachment]]] = []
            for row in rows:
                if row.claimed_by != owner:
                    continue
                attachments: list[Attachment] = []
                if row.attachment_id:
                    artifact = session.get(Artifact, row.attachment_id)
                    link = session.scalars(
                        select(ArtifactLink).filter_by(artifact_id=row.attachment_id)
                    ).first()
                    if artifact is not None:
                        name = link.filename if link else f"{artifact.id[:12]}.docx"
                        attachments.append((artifact.content, name, artifact.media_type))
                if row.kind == NoticeKind.MEETING_AGENDA.value and row.meeting_id:
                    page = base_url(self.settings, f"/meetings/{row.meeting_id}")
                    attachments += calendar_entry(session, row, page)
                result.append((row, attachments))
            return result, held

    def _renew(self, owner: str) -> set[int]:
        """Hold this sender's rows longer; the ids it still holds (a sender that stalled past its
        claim finds the rows another one took, and leaves them to it)."""
        with self.sessions.begin() as session:
            session.execute(
                update(Notice)
                .where(Notice.claimed_by == owner, Notice.status == "pending")
                .values(claimed_until=datetime.now(UTC) + self.claim_for)
            )
            return set(
                session.scalars(
                    select(Notice.id).where(Notice.claimed_by == owner, Notice.status == "pending")
                )
            )

    def _release(self, owner: str, error: str | None) -> None:
        """Give back the rows not sent; after a failed attempt, say why on each of them."""
        values: dict[str, object] = {"claimed_by": None, "claimed_until": None}
        if error is not None:
            values.update(attempts=Notice.attempts + 1, error=error[:2000])
        with self.sessions.begin() as session:
            session.execute(
                update(Notice)
                .where(Notice.claimed_by == owner, Notice.status == "pending")
                .values(**values)
            )

    def pending_sample(self, marker: str) -> tuple[Notice, None]:
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
        NOTICES.labels(status).inc()

    async def deliver(
        self, request: NoticeRequest, progress: Callable[[int], None] = lambda sent: None
    ) -> tuple[int, int]:
        """Send this notice's pending rows over a pooled connection; an outage raises to retry.

        A 5xx marks the row failed and queues the participant's next contact, sent in turn.
        `progress` hears of every message sent (the activity heartbeats with it).
        Rows are marked sent in group commits while the next messages go out.
        """
        sent = failed = 0
        limit = rate_limit(self.settings)
        owner = uuid.uuid4().hex
        while True:
            pending, held = await asyncio.to_thread(self._claim, request.notice_key, owner)
            if not pending:
                if not held:
                    break
                # Another attempt (one Temporal gave up on) is still sending these rows: wait
                # until it is done or its claim runs out, then take what is left.
                progress(sent)
                await asyncio.sleep(self.claim_wait)
                continue
            refused: list[int] = []
            marks = GroupCommit(self._mark_sent)
            renewed = time.monotonic()
            mine = {row.id for row, _ in pending}
            try:
                async with self.pool.connection() as smtp:
                    for row, attachment in pending:
                        await marks.admit()
                        await limit.wait()
                        if time.monotonic() - renewed > self.claim_for.total_seconds() / 3:
                            # Renewed right before the send: after a stall longer than the claim,
                            # a row another sender took is not sent a second time from here.
                            asked = time.monotonic()
                            mine = await asyncio.to_thread(self._renew, owner)
                            renewed = asked
                        if row.id not in mine:
                            continue
                        try:
                            await smtp.sendmail(
                                self.envelope_from,
                                [row.email],
                                to_mime(row, attachment, self.settings.mail_from),
                            )
                        except aiosmtplib.SMTPSenderRefused:
                            raise  # the relay refuses us (login, sender): retry, lose nothing
                        except aiosmtplib.SMTPRecipientsRefused as e:
                            if all(r.code < 500 for r in e.recipients):
                                raise  # 4xx: the relay is busy or going away, not the address
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
                        progress(sent)
                await marks.close()  # inside: a failed mark releases the rest like any failure
            except BaseException as e:
                # Rows sent are marked first; the rest go back at once for the retry (a relay
                # outage is written on each of them, so the outbox says why mail waits).
                with contextlib.suppress(Exception):
                    await marks.close()
                relay = isinstance(e, aiosmtplib.SMTPException | OSError)
                await asyncio.to_thread(
                    self._release, owner, f"{type(e).__name__}: {e}" if relay else None
                )
                raise
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
        NOTICES.labels("sent").inc(len(ids))
