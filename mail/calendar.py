"""A meeting as a calendar entry (.ics) sent with its agenda: one UID per meeting, a higher
SEQUENCE with each agenda sent, so a calendar updates the entry instead of adding another."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

# A meeting whose end is not known is shown as a working day.
DEFAULT_LENGTH = timedelta(hours=8)


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
) -> bytes:
    """The .ics of one meeting (METHOD:PUBLISH: an entry to add, not an invitation to answer)."""
    cal = Calendar()
    cal.add("prodid", "-//Prague Process//ppflow//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", (now or datetime.now(UTC)).astimezone(UTC))
    start = starts_at if starts_at.tzinfo else starts_at.replace(tzinfo=UTC)
    end = ends_at or start + DEFAULT_LENGTH
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", (end if end.tzinfo else end.replace(tzinfo=UTC)).astimezone(UTC))
    event.add("summary", title)
    event.add("location", place)
    if items:
        event.add("description", "\n".join(f"{i}. {t}" for i, t in enumerate(items, 1)))
    if organizer:
        event.add("organizer", f"mailto:{organizer}")
    cal.add_component(event)
    return bytes(cal.to_ical())
