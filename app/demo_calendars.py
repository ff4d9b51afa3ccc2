"""The demo's calendars: the Secretariat issues a contact's personal calendar feed (a secret URL,
no sign-in), the feed is read as a calendar program would, and a meeting's .ics is fetched."""

from __future__ import annotations

from typing import Any

from icalendar import Calendar
from sqlalchemy import select

from models.db import Contact, make_engine, make_sessionmaker


def _contact_of(story: Any, participant: str) -> int | None:
    engine = make_engine(story.settings.effective_database_url)
    try:
        with make_sessionmaker(engine)() as session:
            return session.scalar(
                select(Contact.id)
                .filter_by(participant_id=participant)
                .order_by(Contact.rank, Contact.id)
                .limit(1)
            )
    finally:
        engine.dispose()


async def show_calendars(
    story: Any, participant: str = "DE", meeting_id: str | None = None
) -> None:
    """Issue `participant`'s first contact a feed, read it, and fetch a meeting's .ics (the
    latest meeting unless one is named)."""
    contact = _contact_of(story, participant)
    if contact is None:
        story.say(f"calendars: {participant} has no contact to give a feed to")
        return
    issued = await story.call("POST", f"/api/calendar/contacts/{contact}/feed", "sec")
    path = "/calendar/feeds/" + issued["url"].split("/calendar/feeds/", 1)[1]
    r = await story.http.get(path)  # no sign-in: the URL is the key
    events = Calendar.from_ical(r.content).walk("VEVENT") if r.status_code == 200 else []
    kinds = sorted({str(e.get("categories").cats[0]) for e in events if e.get("categories")})
    story.say(
        f"calendar feed of {participant}'s contact, read without sign-in: entries "
        f"{len(events)} ({', '.join(kinds) or 'none yet'}); {issued['webcal_url'][:44]}…"
    )
    if meeting_id is None:  # the latest meeting
        listed = (await story.call("GET", "/api/meetings", "sec"))["meetings"]
        meeting_id = listed[0]["meeting_id"] if listed else None
    if meeting_id:
        r = await story.http.get(f"/api/meetings/{meeting_id}/calendar.ics", headers=story.sec)
        (event,) = Calendar.from_ical(r.content).walk("VEVENT")
        story.say(
            f"meeting .ics: {event['summary']} at {event['location']}, "
            f"{event.decoded('dtstart'):%d.%m.%Y %H:%M} UTC, {event.get('url')}"
        )
