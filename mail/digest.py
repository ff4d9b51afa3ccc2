"""The digest: one mail per person per day or week (their choice) instead of a mail per event.

The Secretariat's digest covers every draft; a contact's covers the drafts it is invited to.
Each digest is an outbox notice keyed by address and day, so a retried run sends nothing twice.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mail.outbox import Outbox
from models.activity_io import DigestReport, NoticeContext, NoticeRequest
from models.db import Contact, DigestPreference, Draft, Event, Invitation, Mission, Round
from models.domain import DigestFrequency, NoticeKind
from models.settings import Settings

MAX_LINES = 100
PERIOD = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(days=7)}
# A run a little early (schedule jitter) still counts as the next day's or week's.
SLACK = timedelta(hours=2)


def set_preference(session: Session, email: str, frequency: DigestFrequency) -> DigestPreference:
    """Store a person's choice (the API, the CLI and the unsubscribe link use this)."""
    row = session.get(DigestPreference, email.lower())
    if row is None:
        row = DigestPreference(email=email.lower(), frequency=frequency.value)
        session.add(row)
    row.frequency = frequency.value
    row.updated_at = datetime.now(UTC)
    return row


@dataclass
class Due:
    email: str
    participant_id: str | None
    since: datetime


def _clip(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_LINES:
        return lines
    return [*lines[:MAX_LINES], f"… and {len(lines) - MAX_LINES} more"]


class DigestMail:
    """Who is due a digest now, what it says, and sending it through the outbox."""

    def __init__(self, sessions: sessionmaker[Session], settings: Settings) -> None:
        self.sessions = sessions
        self.settings = settings
        self.outbox = Outbox(sessions, settings)

    async def send_due(self, now: datetime) -> DigestReport:
        due, skipped = await asyncio.to_thread(self._due, now)
        for person in due:
            notice = await asyncio.to_thread(self._digest, person, now)
            await asyncio.to_thread(self.outbox.queue, notice)
            await self.outbox.deliver(notice)
            await asyncio.to_thread(self._sent, person.email, now)
        return DigestReport(sent=len(due), skipped=skipped)

    def _due(self, now: datetime) -> tuple[list[Due], int]:
        secretariat = self.settings.secretariat_email.lower()
        with self.sessions.begin() as session:
            if session.get(DigestPreference, secretariat) is None:
                session.add(DigestPreference(email=secretariat, frequency="daily"))
                session.flush()
            due, skipped = [], 0
            for pref in session.scalars(select(DigestPreference)):
                frequency = DigestFrequency(pref.frequency)
                if frequency == DigestFrequency.NONE:
                    skipped += 1
                    continue
                period = PERIOD[frequency]
                if pref.last_sent_at and now - pref.last_sent_at < period - SLACK:
                    skipped += 1
                    continue
                contact = session.scalars(
                    select(Contact).filter(Contact.email.ilike(pref.email))
                ).first()
                pid = (
                    None if pref.email == secretariat or contact is None else contact.participant_id
                )
                due.append(Due(pref.email, pid, pref.last_sent_at or now - period))
            return due, skipped

    def _digest(self, person: Due, now: datetime) -> NoticeRequest:
        with self.sessions() as session:
            drafts = {d.id: d for d in session.scalars(select(Draft))}
            rounds = select(Round)
            if person.participant_id:
                rounds = rounds.join(Invitation, Invitation.round_id == Round.id).where(
                    Invitation.participant_id == person.participant_id
                )
            mine = list(session.scalars(rounds))
            scope = {r.draft_id for r in mine} if person.participant_id else set(drafts)
            events = session.scalars(
                select(Event)
                .where(Event.at > person.since)
                .order_by(Event.at.desc(), Event.id.desc())
            )
            changes = [
                f"{e.at:%d.%m %H:%M} {drafts[e.draft_id].reference}: {e.summary}"
                for e in events
                if e.draft_id in scope and e.draft_id in drafts
            ]
            soon = now + timedelta(days=7)
            deadlines = [
                f"{r.deadline:%d.%m.%Y %H:%M} UTC: {drafts[r.draft_id].title}, "
                + ("written procedure" if r.kind != "comment_round" else f"round {r.number}")
                for r in mine
                if r.closed_at is None and now <= r.deadline <= soon and r.draft_id in drafts
            ]
            deadlines += [
                f"{m.findings_due:%d.%m.%Y %H:%M} UTC: {drafts[m.draft_id].title}, mission findings"
                for m in session.scalars(select(Mission).filter_by(open=True))
                if now <= m.findings_due <= soon and m.draft_id in scope and m.draft_id in drafts
            ]
            waiting = []
            for r in mine:
                if r.closed_at is not None or r.kind != "comment_round" or r.draft_id not in drafts:
                    continue
                silent = select(Invitation.participant_id).filter_by(round_id=r.id, answered=False)
                if person.participant_id:
                    silent = silent.filter_by(participant_id=person.participant_id)
                who = sorted(session.scalars(silent))
                if who:
                    d = drafts[r.draft_id]
                    waiting.append(f"{d.reference} {d.title}, round {r.number}: {', '.join(who)}")
        return NoticeRequest(
            notice_key=f"digest:{person.email}:{now:%Y-%m-%d}",
            kind=NoticeKind.DIGEST,
            recipients=[],
            addresses=[person.email],
            link_participant_id=person.participant_id,
            context=NoticeContext(
                since=person.since,
                changes=_clip(changes),
                deadlines=_clip(sorted(deadlines)),
                waiting=_clip(waiting),
            ),
        )

    def _sent(self, email: str, now: datetime) -> None:
        with self.sessions.begin() as session:
            row = session.get(DigestPreference, email)
            if row is not None:
                row.last_sent_at = now
