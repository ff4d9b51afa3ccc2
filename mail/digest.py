"""The digest: one mail per person per day or week (their choice) instead of a mail per event.

It reads as a summary, by draft: first what the reader is asked to do (answer a round, a
written procedure running; for the Secretariat, rounds closing soon with participants silent),
then every other draft that moved, with what happened counted by kind (the words and names are
the template's, in the reader's language), each with its link.
The Secretariat's digest covers every draft; a contact's covers the drafts it takes part in.
Each digest is an outbox notice keyed by address and day, so a retried run sends nothing twice.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mail.grants import personal_link
from mail.outbox import Outbox
from models.activity_io import DigestItem, DigestReport, NoticeContext, NoticeRequest
from models.db import (
    Contact,
    DigestPreference,
    Draft,
    Event,
    Invitation,
    LinkGrant,
    Mission,
    Round,
)
from models.domain import DigestFrequency, NoticeKind
from models.links import base_url
from models.settings import Settings

MAX_DRAFTS = 100
SOON = timedelta(days=7)
PERIOD = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(days=7)}
# A run a little early (schedule jitter) still counts as the next day's or week's.
SLACK = timedelta(hours=2)
# What a child workflow (round, procedure, mission) records that its draft does not: the rest
# (opened, closed) the draft records too, and is counted once, from the draft.
CHILD_KINDS = frozenset(
    {
        "answer_received",
        "reminder_sent",
        "deadline_extended",
        "silence_broken",
        "findings_submitted",
        "link_handed_off",
    }
)
# Of the draft's own events, those a reader of a summary needs.
DRAFT_KINDS = frozenset(
    {
        "draft_started",
        "round_opened",
        "round_closed",
        "comments_resolved",
        "revision_submitted",
        "translation_submitted",
        "endorsement_requested",
        "decision",
        "mission_started",
        "mission_ended",
        "draft_withdrawn",
    }
)


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
            items = Summary(self.settings, session, person, now).items()
        return NoticeRequest(
            notice_key=f"digest:{person.email}:{now:%Y-%m-%d}",
            kind=NoticeKind.DIGEST,
            recipients=[],
            addresses=[person.email],
            link_participant_id=person.participant_id,
            context=NoticeContext(since=person.since, drafts=items),
        )

    def _sent(self, email: str, now: datetime) -> None:
        with self.sessions.begin() as session:
            row = session.get(DigestPreference, email)
            if row is not None:
                row.last_sent_at = now


class Summary:
    """One reader's digest, by draft, from the read model."""

    def __init__(self, settings: Settings, session: Session, person: Due, now: datetime) -> None:
        self.settings = settings
        self.session = session
        self.person = person
        self.now = now
        self.drafts = {d.id: d for d in session.scalars(select(Draft))}
        self.found: dict[str, DigestItem] = {}

    def items(self) -> list[DigestItem]:
        scope = self._scope()
        self._open_rounds(scope)
        self._missions(scope)
        self._changes(scope)
        far = self.now + timedelta(days=3650)

        def order(item: DigestItem) -> tuple[int, datetime, str]:
            rank = 0 if item.action else 1 if item.waiting or item.deadline else 2
            return rank, item.deadline or far, item.reference

        return sorted(self.found.values(), key=order)[:MAX_DRAFTS]

    def _item(self, draft_id: str) -> DigestItem:
        if draft_id not in self.found:
            d = self.drafts[draft_id]
            url = None if self.person.participant_id else self._page(draft_id)
            self.found[draft_id] = DigestItem(
                draft_id=d.id, reference=d.reference, title=d.title, phase=d.phase, url=url
            )
        return self.found[draft_id]

    def _page(self, draft_id: str) -> str:
        return base_url(self.settings, f"/drafts/{draft_id}")

    def _scope(self) -> set[str]:
        pid = self.person.participant_id
        if pid is None:
            return set(self.drafts)
        invited = select(Round.draft_id).join(Invitation, Invitation.round_id == Round.id)
        scope = set(self.session.scalars(invited.where(Invitation.participant_id == pid)))
        scope |= {
            d.id
            for d in self.drafts.values()
            if d.lead_state == pid or pid in d.co_lead_states.split(",")
        }
        return scope & set(self.drafts)

    def _open_rounds(self, scope: set[str]) -> None:
        """Rounds and procedures still open: the reader's own answer, or who is silent."""
        pid = self.person.participant_id
        rounds = self.session.scalars(
            select(Round).where(Round.closed_at.is_(None), Round.deadline > self.now)
        )
        for r in rounds:
            if r.draft_id not in scope:
                continue
            invited = dict(
                self.session.execute(
                    select(Invitation.participant_id, Invitation.answered).filter_by(round_id=r.id)
                ).all()
            )
            silent = sorted(p for p, answered in invited.items() if not answered)
            comment_round = r.kind == "comment_round"
            item = self._item(r.draft_id)
            if pid is not None:
                if pid not in invited or (comment_round and pid not in silent):
                    continue
                item.action = "answer" if comment_round else "silence"
                item.url = self._link(r, r.deadline) or item.url
            elif comment_round and silent and r.deadline <= self.now + SOON:
                item.action = "chase"
                item.waiting = silent
            elif comment_round:
                item.waiting = silent
            item.deadline = min(filter(None, [item.deadline, r.deadline]))
            item.round_number = r.number if comment_round else item.round_number

    def _link(self, r: Round, deadline: datetime) -> str | None:
        """The reader's personal link to answer this round (if it was mailed one)."""
        grant = self.session.scalars(
            select(LinkGrant).where(
                LinkGrant.workflow_id == r.id, LinkGrant.email.ilike(self.person.email)
            )
        ).first()
        return personal_link(self.settings, grant, deadline)[0] if grant else None

    def _missions(self, scope: set[str]) -> None:
        if self.person.participant_id is not None:
            return
        for m in self.session.scalars(select(Mission).filter_by(open=True)):
            if m.draft_id in scope and self.now <= m.findings_due <= self.now + SOON:
                item = self._item(m.draft_id)
                item.deadline = min(filter(None, [item.deadline, m.findings_due]))

    def _changes(self, scope: set[str]) -> None:
        """What happened since the last digest, counted by kind, each event once."""
        events = self.session.scalars(
            select(Event)
            .where(Event.at > self.person.since, Event.draft_id.is_not(None))
            .order_by(Event.at, Event.id)
        )
        for e in events:
            if e.draft_id not in scope:
                continue
            own = e.workflow_id == e.draft_id
            if (own and e.kind not in DRAFT_KINDS) or (not own and e.kind not in CHILD_KINDS):
                continue
            changes = self._item(e.draft_id).changes
            changes[e.kind] = changes.get(e.kind, 0) + 1
