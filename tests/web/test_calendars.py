"""Calendars on the real stack (dev server, worker, SMTP capture, database): a contact's feed has
the round it is invited to and another's has not; the round extended moves in the feed (same UID,
higher SEQUENCE); a revoked URL is 404 like an unknown one; the agenda mail carries the meeting's
.ics; the /calendar page issues and stops an account's feed. Every feed is parsed twice
(`icalendar`, `vobject`). Participants used: UA (invited), RS (not invited)."""

from __future__ import annotations

from datetime import datetime

import httpx
import vobject
from icalendar import Calendar
from sqlalchemy import select

from models.db import Contact
from ppflow.accounts import Role
from ppflow.registry import seed_registry
from tests.conftest import Mailbox, until
from tests.mail.test_what_readers_get import about
from tests.web.accounts import make_user, sign_in
from tests.web.test_api import LEAD, SEC, later, later_today, new_draft, new_meeting, submit_form

BASE = "http://testserver"


def contact_id(sessions, participant: str) -> int:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        seed_registry(session)
        found = session.scalar(
            select(Contact.id)
            .filter_by(participant_id=participant)
            .order_by(Contact.rank, Contact.id)
            .limit(1)
        )
    assert found is not None
    return int(found)


def parsed(content: bytes) -> list[dict[str, object]]:
    """The events as `icalendar` reads them, checked against what `vobject` reads."""
    first = [
        {
            "uid": str(e["uid"]),
            "summary": str(e["summary"]),
            "start": e.decoded("dtstart"),
            "sequence": int(e.get("sequence", 0)),
            "url": str(e.get("url", "")),
        }
        for e in Calendar.from_ical(content).walk("VEVENT")
    ]
    cal = vobject.readOne(content.decode())
    second = [
        {"uid": e.uid.value, "start": e.dtstart.value, "sequence": int(e.sequence.value)}
        for e in getattr(cal, "vevent_list", [])
    ]
    assert [{k: e[k] for k in ("uid", "start", "sequence")} for e in first] == second
    return first


async def read(api: httpx.AsyncClient, url: str) -> httpx.Response:
    return await api.get(url.removeprefix(BASE))


def round_of(events: list[dict[str, object]], draft: str) -> dict[str, object] | None:
    return next(
        (
            e
            for e in events
            if str(e["url"]).endswith(f"/drafts/{draft}")
            and str(e["summary"]).startswith("Comments due")
        ),
        None,
    )


async def test_feeds_follow_rounds_and_revocation(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient, run_worker, dev_env, sessions, mailbox: Mailbox
) -> None:
    ua, rs = contact_id(sessions, "UA"), contact_id(sessions, "RS")
    async with run_worker(dev_env.client):
        draft = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()["draft_id"]
        r = await api.post(
            f"/api/drafts/{draft}/rounds",
            headers=SEC,
            json={"invitees": {"participants": ["UA"]}, "deadline": later(days=14)},
        )
        assert r.status_code == 200, r.text

        r = await api.post(f"/api/calendar/contacts/{ua}/feed", headers=SEC)
        assert r.status_code == 200, r.text
        url = r.json()["url"]
        assert r.json()["webcal_url"] == url.replace("http://", "webcal://")
        assert (await api.get(f"/api/calendar/contacts/{ua}/feed", headers=SEC)).json()[
            "url"
        ] is None  # shown once
        other = (await api.post(f"/api/calendar/contacts/{rs}/feed", headers=SEC)).json()["url"]

        async def listed() -> dict[str, object] | None:
            return round_of(parsed((await read(api, url)).content), draft)

        entry = await until(listed)
        response = await read(api, url)
        assert response.headers["content-type"] == "text/calendar; charset=utf-8"
        assert "private" in response.headers["cache-control"]
        assert round_of(parsed((await read(api, other)).content), draft) is None  # RS: not invited

        # The round extended: the feed moves the entry (same UID, higher SEQUENCE)
        new_deadline = later(days=20)
        r = await api.post(
            f"/api/drafts/{draft}/rounds/current/extend",
            headers=SEC,
            json={"deadline": new_deadline},
        )
        assert r.status_code == 200, r.text

        async def moved() -> dict[str, object] | None:
            found = round_of(parsed((await read(api, url)).content), draft)
            wanted = datetime.fromisoformat(new_deadline).replace(microsecond=0)
            return found if found and found["start"] == wanted else None

        after = await until(moved)
        assert after["uid"] == entry["uid"] and int(after["sequence"]) > int(entry["sequence"])  # type: ignore[call-overload]

        # A new URL revokes the old; stopped, the new one is gone too; unknown looks the same
        r = await api.post(f"/api/calendar/contacts/{ua}/feed", headers=SEC)
        fresh = r.json()["url"]
        old = await read(api, url)
        unknown = await api.get("/calendar/feeds/cal_" + "A" * 43 + ".ics")
        assert old.status_code == unknown.status_code == 404 and old.text == unknown.text
        assert url.rsplit("/", 1)[1] not in old.text
        assert (await read(api, fresh)).status_code == 200
        r = await api.delete(f"/api/calendar/contacts/{ua}/feed", headers=SEC)
        assert r.status_code == 200 and r.json()["active"] is False
        assert (await read(api, fresh)).status_code == 404
        # the drafting state may not hand out a contact's feed; the dev token has no account
        r = await api.post(f"/api/calendar/contacts/{ua}/feed", headers=LEAD)
        assert r.status_code == 403
        r = await api.post("/api/calendar/feed", headers=SEC)
        assert r.status_code == 409
        r = await api.get("/api/calendar/contacts/999999999/feed", headers=SEC)
        assert r.status_code == 404


async def test_the_agenda_mail_and_the_meeting_carry_the_ics(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient, run_worker, dev_env, sessions, mailbox: Mailbox
) -> None:
    title = f"Calendar meeting {datetime.now().strftime('%H%M%S%f')}"
    ua = contact_id(sessions, "UA")
    async with run_worker(dev_env.client):
        starts_at = await later_today()
        meeting = await new_meeting(
            api,
            "Kyiv",
            title=title,
            starts_at=starts_at.isoformat(),
            invitees={"participants": ["UA", "PL"]},
        )
        draft = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()["draft_id"]
        r = await api.post(
            f"/api/drafts/{draft}/endorsement",
            headers=LEAD,
            json={"route": "meeting", "meeting_id": meeting},
        )
        assert r.status_code == 200, r.text

        async def agenda_mail() -> list:  # type: ignore[type-arg]
            return about(mailbox, "UA", title, "Agenda")

        (agenda,) = await until(agenda_mail)
        part = next(p for p in agenda.iter_attachments() if str(p.get_filename()).endswith(".ics"))
        content = part.get_payload(decode=True)
        (event,) = parsed(content)
        assert event["start"] == starts_at and event["url"] == f"{BASE}/meetings/{meeting}"

        # the same entry from the API, the page, and in UA's feed (UA is invited)
        r = await api.get(f"/api/meetings/{meeting}/calendar.ics", headers=SEC)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
        (same,) = parsed(r.content)
        assert same["uid"] == event["uid"] and same["start"] == starts_at
        url = (await api.post(f"/api/calendar/contacts/{ua}/feed", headers=SEC)).json()["url"]

        async def in_feed() -> bool:
            return any(e["uid"] == event["uid"] for e in parsed((await read(api, url)).content))

        assert await until(in_feed)
        await api.delete(f"/api/calendar/contacts/{ua}/feed", headers=SEC)

        username = make_user(sessions, Role.OBSERVER)
        await sign_in(api, username)
        page = await api.get(f"/meetings/{meeting}")
        assert f"/meetings/{meeting}/calendar.ics" in page.text
        r = await api.get(f"/meetings/{meeting}/calendar.ics")
        assert r.status_code == 200 and parsed(r.content)[0]["uid"] == event["uid"]


async def test_the_calendar_page_issues_and_stops_a_feed(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient, run_worker, dev_env, sessions
) -> None:
    username = make_user(sessions, Role.DRAFTING_STATE, "UA")
    await sign_in(api, username)
    page = await api.get("/calendar?lang=en")
    assert page.status_code == 200 and "Turn the feed on" in page.text
    r = await submit_form(api, "/calendar", {"action": "issue"})
    assert r.status_code == 303
    shown = await api.get("/calendar")
    assert "Copy it now" in shown.text and "webcal://testserver/calendar/feeds/cal_" in shown.text
    url = shown.text.split('value="http://testserver', 1)[1].split('"', 1)[0]
    assert (await api.get(url)).status_code == 200
    again = await api.get("/calendar")
    assert url not in again.text and "The feed is on" in again.text  # the URL is shown once
    r = await submit_form(api, "/calendar", {"action": "nonsense"})
    assert r.status_code == 422 and "unknown action" in r.text
    r = await submit_form(api, "/calendar", {"action": "contact_issue", "contact_id": "1"})
    assert r.status_code == 403  # the Secretariat's
    r = await submit_form(api, "/calendar", {"action": "stop"})
    assert r.status_code == 303
    assert (await api.get(url)).status_code == 404
    ru = await api.get("/calendar?lang=ru")
    assert "Календарь выключен" in ru.text
