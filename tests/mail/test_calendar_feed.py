"""A personal feed as iCalendar: what `mail/calendar.py` writes reads back the same with
`icalendar` and with an independent parser (`vobject`): times in UTC, a deadline without
length that blocks no time, a visit of whole days, Russian text, commas and long lines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import vobject
from icalendar import Calendar

from mail.calendar import FeedEntry, feed_ics, meeting_ics, word
from models.domain import Language

NOW = datetime(2031, 5, 1, 8, 0, tzinfo=UTC)
DEADLINE = datetime(2031, 5, 14, 17, 0, tzinfo=UTC)


def entries() -> list[FeedEntry]:
    title = "Руководство по реадмиссии, часть 2; проект " + "очень длинный " * 8
    return [
        FeedEntry(
            uid="d-1-round-1-deadline@ppflow.pragueprocess.local",
            summary=word("round_due", Language.RU, title=title, n=1),
            start=DEADLINE,
            description=word("deadline_at", Language.RU, at="2031-05-14 17:00"),
            url="https://pp.example.org/drafts/d-1",
            sequence=3,
            modified_at=NOW - timedelta(days=1),
            deadline=True,
            category="Раунд комментариев",
        ),
        FeedEntry(
            uid="m-1@ppflow.pragueprocess.local",
            summary="Senior Officials' Meeting",
            start=datetime(2031, 6, 1, 7, 0, tzinfo=UTC),
            end=datetime(2031, 6, 2, 15, 0, tzinfo=UTC),
            location="Kyiv, Ukraine",
            url="https://pp.example.org/meetings/m-1",
        ),
        FeedEntry(
            uid="mission-1@ppflow.pragueprocess.local",
            summary="Expert mission: Serbia",
            day_from=date(2031, 5, 20),
            day_to=date(2031, 5, 22),
        ),
    ]


def test_the_feed_reads_back_with_both_parsers() -> None:
    content = feed_ics("Пражский процесс: UA", "Встречи и сроки", entries(), now=NOW)
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))  # folded as RFC 5545 says
    cal = Calendar.from_ical(content)
    assert str(cal["x-wr-calname"]) == "Пражский процесс: UA"
    assert str(cal["method"]) == "PUBLISH" and "REFRESH-INTERVAL" in cal
    assert b"X-PUBLISHED-TTL:PT1H" in content
    due, meeting, visit = cal.walk("VEVENT")
    assert due.decoded("dtstart") == DEADLINE and "dtend" not in due
    assert str(due["transp"]) == "TRANSPARENT" and due.decoded("sequence") == 3
    assert due.decoded("last-modified") == NOW - timedelta(days=1)
    assert str(due["summary"]).startswith("Срок комментариев: Руководство по реадмиссии, часть 2;")
    assert meeting.decoded("dtend") == datetime(2031, 6, 2, 15, 0, tzinfo=UTC)
    assert str(meeting["location"]) == "Kyiv, Ukraine"
    assert visit.decoded("dtstart") == date(2031, 5, 20)
    assert visit.decoded("dtend") == date(2031, 5, 23)  # the last day included

    second = vobject.readOne(content.decode())
    events = {e.uid.value: e for e in second.vevent_list}
    assert events[str(due["uid"])].summary.value == str(due["summary"])
    assert events[str(due["uid"])].dtstart.value == DEADLINE
    assert events[str(meeting["uid"])].location.value == "Kyiv, Ukraine"
    assert events[str(meeting["uid"])].url.value == "https://pp.example.org/meetings/m-1"
    assert events[str(visit["uid"])].dtstart.value == date(2031, 5, 20)


def test_the_meeting_entry_links_its_page() -> None:
    content = meeting_ics(
        uid="m-2@ppflow.pragueprocess.local",
        title="Core Group",
        place="Prague",
        starts_at=datetime(2031, 7, 1, 9, 0, tzinfo=UTC),
        items=["Guidelines"],
        url="https://pp.example.org/meetings/m-2",
        now=NOW,
    )
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["url"]) == "https://pp.example.org/meetings/m-2"
    assert str(event["description"]) == "1. Guidelines\n\nhttps://pp.example.org/meetings/m-2"
    second = vobject.readOne(content.decode()).vevent
    assert second.dtend.value == datetime(2031, 7, 1, 17, 0, tzinfo=UTC)  # a working day
    assert second.description.value.endswith("/meetings/m-2")


def test_an_empty_feed_is_a_calendar() -> None:
    content = feed_ics("Prague Process: RS", "Nothing yet", [], now=NOW)
    assert Calendar.from_ical(content).walk("VEVENT") == []
    assert vobject.readOne(content.decode()).prodid.value.startswith("-//Prague Process")
