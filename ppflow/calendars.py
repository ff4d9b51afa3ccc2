"""Calendars: a meeting's .ics, and personal calendar feeds.

A feed belongs to a contact (the registry's row) or an account. Its URL carries a secret of which
only the SHA-256 is kept; issuing a new URL revokes the old one, and a revoked or unknown secret
gets the same 404. The feed is built from the read model on every request, so a deadline that
moves (a round extended, a procedure's deadline changed) moves in the feed: the projection of the
round writes the new deadline, and the feed reads it. Each entry keeps its UID; its SEQUENCE and
LAST-MODIFIED move when its facts change (models/db_calendars.py CalendarStamp)."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mail.calendar import FeedEntry, feed_ics, meeting_ics, word
from mail.readers import participant_names
from mail.render import MAIL_DOMAIN
from models.db import (
    AgendaItemRow,
    Contact,
    Draft,
    Invitation,
    Meeting,
    Mission,
    Notice,
    Participant,
    Round,
    User,
)
from models.db_calendars import CalendarFeed, CalendarStamp, MeetingInvitee
from models.db_meetings import MeetingAttendance
from models.db_projects import MissionMember
from models.domain import Language, NoticeKind, Route
from models.labels import label
from models.links import base_url
from models.settings import Settings
from ppflow.accounts import Role
from ppflow.service import Conflict, NotFound, ServiceError

# What a feed shows of the past (older entries drop out) and at most how many of each kind.
PAST = timedelta(days=180)
MOST = 1000
FEED_PATH = "/calendar/feeds/{token}.ics"
_TOKEN = re.compile(r"cal_[A-Za-z0-9_-]{20,80}")


@dataclass(frozen=True)
class Owner:
    """Whose feed: a contact or an account; what it concerns (one participant, or everything
    for the Secretariat and observers), in which language."""

    kind: str  # "contact" or "user"
    id: int
    who: str
    language: Language
    participant_id: str | None = None
    email: str | None = None
    everything: bool = False


class FeedState(BaseModel):
    """A feed as its owner sees it. The URLs are there only right after issuing (the secret is
    never stored, so it cannot be shown again)."""

    owner: str
    active: bool
    issued_at: datetime | None = None
    issued_by: str | None = None
    last_read_at: datetime | None = None
    url: str | None = None
    webcal_url: str | None = None


# ---------------------------------------------------------------- owners


def owner_of_user(session: Session, username: str | None) -> Owner:
    user = session.scalar(select(User).filter_by(username=username or "")) if username else None
    if user is None or not user.active:
        raise Conflict("no such account: a calendar feed belongs to an account of its own")
    role = Role(user.role)
    return Owner(
        kind="user",
        id=user.id,
        who=user.username,
        language=Language(user.language if user.language in ("en", "ru") else "en"),
        participant_id=user.participant_id,
        everything=role != Role.DRAFTING_STATE or user.participant_id is None,
    )


def owner_of_contact(session: Session, contact_id: int) -> Owner:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound("unknown contact")
    participant = session.get(Participant, contact.participant_id)
    language = contact.language or (participant.language if participant else "en")
    return Owner(
        kind="contact",
        id=contact.id,
        who=contact.name or contact.email,
        language=Language(language if language in ("en", "ru") else "en"),
        participant_id=contact.participant_id,
        email=contact.email.lower(),
    )


def _owner_of_feed(session: Session, feed: CalendarFeed) -> Owner | None:
    try:
        if feed.owner_kind == "contact":
            return owner_of_contact(session, feed.owner_id)
        user = session.get(User, feed.owner_id)
        return owner_of_user(session, user.username if user else None)
    except ServiceError:
        return None


# ---------------------------------------------------------------- issuing and revoking


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _active(session: Session, owner: Owner) -> CalendarFeed | None:
    return session.scalar(
        select(CalendarFeed)
        .filter_by(owner_kind=owner.kind, owner_id=owner.id, revoked_at=None)
        .order_by(CalendarFeed.id.desc())
        .limit(1)
    )


def feed_urls(settings: Settings, token: str) -> tuple[str, str]:
    """The feed's https URL and the same as webcal:// (which calendars open as a subscription)."""
    url = base_url(settings, FEED_PATH.format(token=token))
    return url, re.sub(r"^https?://", "webcal://", url)


def state(session: Session, owner: Owner) -> FeedState:
    feed = _active(session, owner)
    if feed is None:
        return FeedState(owner=owner.who, active=False)
    return FeedState(
        owner=owner.who,
        active=True,
        issued_at=feed.issued_at,
        issued_by=feed.issued_by,
        last_read_at=feed.last_read_at,
    )


def revoke(session: Session, owner: Owner) -> FeedState:
    """Stop the owner's feed: its URL answers 404 from now on."""
    session.execute(
        update(CalendarFeed)
        .where(
            CalendarFeed.owner_kind == owner.kind,
            CalendarFeed.owner_id == owner.id,
            CalendarFeed.revoked_at.is_(None),
        )
        .values(revoked_at=datetime.now(UTC))
    )
    session.flush()
    return state(session, owner)


def issue(session: Session, settings: Settings, owner: Owner, by: str) -> FeedState:
    """A new feed URL for the owner (the earlier one stops working); shown once."""
    revoke(session, owner)
    token = "cal_" + secrets.token_urlsafe(32)
    session.add(
        CalendarFeed(
            owner_kind=owner.kind,
            owner_id=owner.id,
            token_hash=_digest(token),
            issued_at=datetime.now(UTC),
            issued_by=by[:120],
        )
    )
    session.flush()
    url, webcal = feed_urls(settings, token)
    return state(session, owner).model_copy(update={"url": url, "webcal_url": webcal})


def read_feed(
    session: Session, settings: Settings, token: str, now: datetime | None = None
) -> bytes | None:
    """The feed behind a secret, or None (unknown, revoked, or its owner gone: all alike)."""
    if not _TOKEN.fullmatch(token):
        return None
    feed = session.scalar(
        select(CalendarFeed).filter_by(token_hash=_digest(token), revoked_at=None)
    )
    owner = _owner_of_feed(session, feed) if feed is not None else None
    if feed is None or owner is None:
        return None
    now = now or datetime.now(UTC)
    feed.last_read_at = now
    return build_feed(session, settings, owner, now)


# ---------------------------------------------------------------- what concerns an owner


def _own_drafts(session: Session, participant: str) -> set[str]:
    rows = session.execute(
        select(Draft.id, Draft.lead_state, Draft.co_lead_states).where(
            or_(Draft.lead_state == participant, Draft.co_lead_states.contains(participant))
        )
    )
    return {
        d
        for d, lead, co in rows
        if lead == participant or participant in [x.strip() for x in (co or "").split(",")]
    }


def _rounds(session: Session, owner: Owner, since: datetime, own: set[str]) -> list[Round]:
    query = select(Round).where(Round.deadline >= since)
    if not owner.everything:
        invited = select(Invitation.round_id).where(
            Invitation.participant_id == owner.participant_id
        )
        query = query.where(or_(Round.draft_id.in_(own), Round.id.in_(invited)))
    rows = session.scalars(query.order_by(Round.deadline).limit(MOST))
    # A round closed before its deadline (ended early, withdrawn, silence broken) is no deadline.
    return [r for r in rows if r.closed_at is None or r.closed_at >= r.deadline]


def _missions(session: Session, owner: Owner, since: datetime, own: set[str]) -> list[Mission]:
    query = select(Mission).where(Mission.findings_due >= since)
    if not owner.everything:
        members = select(MissionMember.mission_id).where(
            or_(
                MissionMember.participant_id == owner.participant_id,
                MissionMember.email == (owner.email or "-"),
            )
        )
        query = query.where(
            or_(
                Mission.draft_id.in_(own),
                Mission.country == owner.participant_id,
                Mission.id.in_(members),
            )
        )
    return list(session.scalars(query.order_by(Mission.findings_due).limit(MOST)))


def _meetings(session: Session, owner: Owner, since: datetime, own: set[str]) -> list[Meeting]:
    query = select(Meeting).where(Meeting.starts_at >= since)
    if owner.everything:
        return list(session.scalars(query.order_by(Meeting.starts_at).limit(MOST)))
    p = owner.participant_id or "-"
    invited = select(MeetingInvitee.meeting_id).where(MeetingInvitee.participant_id == p)
    present = select(MeetingAttendance.meeting_id).where(MeetingAttendance.participant_id == p)
    agenda = select(AgendaItemRow.meeting_id).where(AgendaItemRow.draft_id.in_(own))
    query = query.where(
        or_(
            Meeting.id.in_(invited),
            Meeting.id.in_(present),
            Meeting.id.in_(agenda),
            Meeting.host == p,
            Meeting.co_chairs.contains(p),
        )
    )
    rows = session.scalars(query.order_by(Meeting.starts_at).limit(MOST))
    # co-chairs are ids or names, one a line: a name that merely contains the id is not it
    ids = set(session.scalars(invited.union(present, agenda)))
    return [m for m in rows if m.id in ids or m.host == p or p in m.co_chairs.split("\n")]


# ---------------------------------------------------------------- the entries


@dataclass
class _Draft:
    title: str
    reference: str


def _agenda_titles(session: Session, meeting_ids: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {m: [] for m in meeting_ids}
    if not meeting_ids:
        return found
    rows = session.execute(
        select(AgendaItemRow.meeting_id, Draft.title)
        .join(Draft, Draft.id == AgendaItemRow.draft_id)
        .where(AgendaItemRow.meeting_id.in_(meeting_ids))
        .order_by(AgendaItemRow.requested_at, AgendaItemRow.id)
    )
    for meeting_id, title in rows:
        found[meeting_id].append(title)
    return found


def agenda_sends(session: Session, meeting_ids: list[str]) -> dict[str, int]:
    """How many times each meeting's agenda went out (the SEQUENCE its mailed .ics carried)."""
    sends: dict[str, int] = {}
    if not meeting_ids:
        return sends
    rows = session.execute(
        select(Notice.meeting_id, Notice.notice_key)
        .where(
            Notice.kind == NoticeKind.MEETING_AGENDA.value,
            Notice.meeting_id.in_(meeting_ids),
        )
        .distinct()
    )
    for meeting_id, key in rows:
        n = re.search(r":agenda-(\d+)-", key)
        if meeting_id and n:
            sends[meeting_id] = max(sends.get(meeting_id, 0), int(n.group(1)))
    return sends


def _meeting_entry(
    settings: Settings, meeting: Meeting, items: list[str], language: Language
) -> tuple[FeedEntry, str]:
    url = base_url(settings, f"/meetings/{meeting.id}")
    lines = [word("agenda", language), *(f"{i}. {t}" for i, t in enumerate(items, 1))]
    entry = FeedEntry(
        uid=f"{meeting.id}@{MAIL_DOMAIN}",
        summary=meeting.title,
        start=meeting.starts_at,
        end=meeting.ends_at or meeting.starts_at + timedelta(hours=8),
        location=meeting.place,
        description="\n".join([*(lines if items else []), word("open_at", language, url=url)]),
        url=url,
        category=label(meeting.kind, language),
    )
    facts = f"{meeting.title}|{meeting.place}|{meeting.starts_at}|{meeting.ends_at}|{items}"
    return entry, facts


def entries_for(
    session: Session, settings: Settings, owner: Owner, now: datetime
) -> list[FeedEntry]:
    """Every entry of the owner's feed, by time, with its SEQUENCE and LAST-MODIFIED."""
    language = owner.language
    since = now - PAST
    own = _own_drafts(session, owner.participant_id) if owner.participant_id else set()
    rounds = _rounds(session, owner, since, own)
    missions = _missions(session, owner, since, own)
    meetings = _meetings(session, owner, since, own)
    draft_ids = {r.draft_id for r in rounds} | {m.draft_id for m in missions}
    drafts = {
        d.id: _Draft(d.title, d.reference)
        for d in session.scalars(select(Draft).where(Draft.id.in_(draft_ids)))
    }
    names = participant_names(session)[language]
    made: list[tuple[FeedEntry, str]] = []

    def draft_lines(draft_id: str, at: datetime) -> tuple[str, str]:
        d = drafts.get(draft_id, _Draft(draft_id, ""))
        url = base_url(settings, f"/drafts/{draft_id}")
        lines = [
            word("deadline_at", language, at=at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")),
            word("reference", language, ref=d.reference) if d.reference else "",
            word("open_at", language, url=url),
        ]
        return "\n".join(x for x in lines if x), url

    for r in rounds:
        d = drafts.get(r.draft_id, _Draft(r.draft_id, ""))
        silence = r.kind == Route.WRITTEN_PROCEDURE.value
        summary = (
            word("silence_ends", language, title=d.title)
            if silence
            else word("round_due", language, title=d.title, n=r.number)
        )
        description, url = draft_lines(r.draft_id, r.deadline)
        entry = FeedEntry(
            uid=f"{r.id}-deadline@{MAIL_DOMAIN}",
            summary=summary,
            start=r.deadline,
            description=description,
            url=url,
            deadline=True,
            category=label(r.kind, language),
        )
        made.append((entry, f"{r.kind}|{r.number}|{d.title}|{r.deadline}"))
    for m in missions:
        d = drafts.get(m.draft_id, _Draft(m.draft_id, ""))
        country = names.get(m.country, m.country)
        description, url = draft_lines(m.draft_id, m.findings_due)
        due = FeedEntry(
            uid=f"{m.id}-findings@{MAIL_DOMAIN}",
            summary=word("findings_due", language, title=d.title, country=country),
            start=m.findings_due,
            description=description,
            url=url,
            deadline=True,
            category=label(m.kind, language),
        )
        made.append((due, f"findings|{d.title}|{m.country}|{m.findings_due}"))
        visit = FeedEntry(
            uid=f"{m.id}@{MAIL_DOMAIN}",
            summary=word(
                "mission", language, kind=label(m.kind, language), country=country, title=d.title
            ),
            day_from=m.starts_on.date(),
            day_to=m.ends_on.date(),
            location=country,
            description=word("open_at", language, url=url),
            url=url,
            category=label(m.kind, language),
        )
        made.append((visit, f"visit|{d.title}|{m.country}|{m.starts_on}|{m.ends_on}"))
    titles = _agenda_titles(session, [m.id for m in meetings])
    sends = agenda_sends(session, [m.id for m in meetings])
    for meeting in meetings:
        entry, facts = _meeting_entry(settings, meeting, titles[meeting.id], language)
        entry.sequence = sends.get(meeting.id, 0)
        made.append((entry, facts))
    _stamp(session, made, now)
    return sorted((e for e, _ in made), key=_when)


def _when(e: FeedEntry) -> datetime:
    if e.start is not None:
        return e.start
    assert e.day_from is not None
    return datetime(e.day_from.year, e.day_from.month, e.day_from.day, tzinfo=UTC)


def _stamp(session: Session, made: list[tuple[FeedEntry, str]], now: datetime) -> None:
    """SEQUENCE and LAST-MODIFIED of each entry: up by one, and now, when its facts changed
    since a feed last showed it (the first time: 0, now)."""
    for attempt in (1, 2):
        uids = [e.uid for e, _ in made]
        known = {
            s.uid: s
            for chunk in range(0, len(uids), 500)
            for s in session.scalars(
                select(CalendarStamp).where(CalendarStamp.uid.in_(uids[chunk : chunk + 500]))
            )
        }
        try:
            with session.begin_nested():
                for entry, facts in made:
                    fingerprint = hashlib.sha256(facts.encode()).hexdigest()
                    stamp = known.get(entry.uid)
                    if stamp is None:
                        stamp = CalendarStamp(
                            uid=entry.uid, fingerprint=fingerprint, sequence=0, modified_at=now
                        )
                        session.add(stamp)
                    elif stamp.fingerprint != fingerprint:
                        stamp.fingerprint = fingerprint
                        stamp.sequence += 1
                        stamp.modified_at = now
                    entry.sequence = max(entry.sequence, stamp.sequence)
                    entry.modified_at = stamp.modified_at
            return
        except IntegrityError:  # another reader stamped the same new entry first: read again
            if attempt == 2:
                raise


def build_feed(session: Session, settings: Settings, owner: Owner, now: datetime) -> bytes:
    entries = entries_for(session, settings, owner, now)
    name = word("feed_name", owner.language, who=owner.who)
    return feed_ics(name, word("feed_about", owner.language, who=owner.who), entries, now=now)


# ---------------------------------------------------------------- one meeting


def meeting_calendar(session: Session, settings: Settings, meeting_id: str) -> bytes:
    """One meeting's .ics as its agenda mail carries it (the same UID), with its page's link."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("unknown meeting")
    items = _agenda_titles(session, [meeting.id])[meeting.id]
    return meeting_ics(
        uid=f"{meeting.id}@{MAIL_DOMAIN}",
        title=meeting.title,
        place=meeting.place,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        items=items,
        sequence=agenda_sends(session, [meeting.id]).get(meeting.id, 0),
        url=base_url(settings, f"/meetings/{meeting.id}"),
    )


def safe_name(meeting_id: str) -> str:
    """A file name for a meeting's .ics (its id, with nothing a header could trip on)."""
    return re.sub(r"[^A-Za-z0-9._-]", "-", meeting_id)[:100] + ".ics"
