"""Calendar entries (.ics). A meeting as the entry sent with its agenda: one UID per meeting, a
higher SEQUENCE with each agenda sent, so a calendar updates the entry instead of adding another.
A personal feed: the meetings and deadlines that concern one reader, each entry with a stable
UID, its SEQUENCE and LAST-MODIFIED (ppflow/calendars.py chooses them; this file only writes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, vDuration

from models.domain import Language

# A meeting whose end is not known is shown as a working day.
DEFAULT_LENGTH = timedelta(hours=8)
PRODID = "-//Prague Process//ppflow//EN"
# How often a subscribed calendar should fetch the feed again (clients may wait longer).
REFRESH = timedelta(hours=1)

# The words of feed entries, in the reader's language.
WORDS: dict[str, tuple[str, str]] = {
    "feed_name": ("Prague Process: {who}", "Пражский процесс: {who}"),
    "feed_about": (
        "Meetings and deadlines of the Prague Process that concern {who}.",
        "Встречи и сроки Пражского процесса, касающиеся: {who}.",
    ),
    "round_due": ("Comments due: {title} (round {n})", "Срок комментариев: {title} (раунд {n})"),
    "silence_ends": (
        "Silence procedure ends: {title}",
        "Окончание процедуры молчания: {title}",
    ),
    "findings_due": (
        "Mission findings due: {title} ({country})",
        "Срок выводов миссии: {title} ({country})",
    ),
    "mission": ("{kind}: {country} ({title})", "{kind}: {country} ({title})"),
    "deadline_at": ("Deadline: {at} UTC", "Срок: {at} UTC"),
    "reference": ("Reference: {ref}", "Номер: {ref}"),
    "agenda": ("Agenda:", "Повестка дня:"),
    "open_at": ("Open: {url}", "Открыть: {url}"),
}


def word(key: str, language: Language, **values: object) -> str:
    en, ru = WORDS[key]
    return (ru if language == Language.RU else en).format(**values)


def _utc(moment: datetime) -> datetime:
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def meeting_ics(
    *,
    uid: str,
    title: str,
    place: str,
    starts_at: datetime,
    ends_at: datetime | None = None,
    items: list[str] | None = None,
    sequence: int = 0,
    organizer: str | None = None,
    now: datetime | None = None,
    url: str | None = None,
) -> bytes:
    """The .ics of one meeting (METHOD:PUBLISH: an entry to add, not an invitation to answer)."""
    cal = _calendar()
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", _utc(now or datetime.now(UTC)))
    start = _utc(starts_at)
    event.add("dtstart", start)
    event.add("dtend", _utc(ends_at) if ends_at else start + DEFAULT_LENGTH)
    event.add("summary", title)
    event.add("location", place)
    lines = [f"{i}. {t}" for i, t in enumerate(items or [], 1)]
    if url:
        event.add("url", url)
        lines += ["", url] if lines else [url]
    if lines:
        event.add("description", "\n".join(lines))
    if organizer:
        event.add("organizer", f"mailto:{organizer}")
    cal.add_component(event)
    return bytes(cal.to_ical())


@dataclass
class FeedEntry:
    """One entry of a personal feed. A deadline is a moment (`end` None: no length); a visit of
    whole days has `day_from`/`day_to` (the last day included) instead of times."""

    uid: str
    summary: str
    start: datetime | None = None
    end: datetime | None = None
    day_from: date | None = None
    day_to: date | None = None
    location: str = ""
    description: str = ""
    url: str = ""
    sequence: int = 0
    modified_at: datetime | None = None
    deadline: bool = False  # a deadline blocks no time (TRANSP:TRANSPARENT)
    category: str = ""


def feed_ics(
    name: str, about: str, entries: list[FeedEntry], *, now: datetime | None = None
) -> bytes:
    """A subscribable calendar (METHOD:PUBLISH) of the entries, in the order given."""
    stamp = _utc(now or datetime.now(UTC))
    cal = _calendar()
    cal.add("x-wr-calname", name)
    cal.add("x-wr-caldesc", about)
    cal.add("name", name)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    for e in entries:
        event = Event()
        event.add("uid", e.uid)
        event.add("sequence", e.sequence)
        event.add("dtstamp", stamp)
        event.add("last-modified", _utc(e.modified_at or stamp))
        if e.day_from is not None:
            event.add("dtstart", e.day_from)
            event.add("dtend", (e.day_to or e.day_from) + timedelta(days=1))
        elif e.start is not None:
            event.add("dtstart", _utc(e.start))
            if e.end is not None and e.end > e.start:
                event.add("dtend", _utc(e.end))
        event.add("summary", e.summary)
        if e.location:
            event.add("location", e.location)
        if e.description:
            event.add("description", e.description)
        if e.url:
            event.add("url", e.url)
        if e.category:
            event.add("categories", [e.category])
        event.add("transp", "TRANSPARENT" if e.deadline else "OPAQUE")
        event.add("status", "CONFIRMED")
        cal.add_component(event)
    return bytes(cal.to_ical())


def _calendar() -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("calscale", "GREGORIAN")
    return cal
