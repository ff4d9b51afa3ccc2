"""Meetings as the Process holds them, on the real stack (dev server, worker, SMTP capture,
database): the last day, the host and the co-chairs reach the list, the page and the calendar
entry; who was represented is recorded from the meeting's day until it closes, and the
conclusions name them in English and Russian."""

from __future__ import annotations

import asyncio
import io
import uuid
from datetime import timedelta

import httpx
from docx import Document
from icalendar import Calendar
from sqlalchemy import select

from models.db import Meeting
from models.db_meetings import MeetingAttendance
from ppflow.accounts import Role
from tests.app.test_cli import cli  # noqa: F401  (the fixture)
from tests.conftest import Mailbox, until
from tests.mail.test_what_readers_get import about, files
from tests.web.accounts import csrf_of, make_user, sign_in
from tests.web.test_api import LEAD, SEC, later, later_today, new_draft, new_meeting
from tests.web.test_pages import local, web  # noqa: F401  (the fixture)


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


async def conclusions(api: httpx.AsyncClient, meeting: str) -> dict[str, str]:
    """The conclusions' text by language, once issued."""

    async def listed() -> list[dict[str, str]]:
        r = await api.get(f"/api/artifacts?meeting_id={meeting}", headers=SEC)
        found = [a for a in r.json() if a["kind"] == "meeting_conclusions"]
        return found if {a["language"] for a in found} == {"en", "ru"} else []

    found = await until(listed)
    texts = {}
    for a in found:
        texts[a["language"]] = docx_text((await api.get(a["url"], headers=SEC)).content)
    return texts


async def test_end_host_and_co_chairs_reach_the_list_and_the_calendar_entry(
    api: httpx.AsyncClient, run_worker, dev_env, sessions, mailbox: Mailbox
) -> None:  # type: ignore[no-untyped-def]
    title = f"Core Group meeting {uuid.uuid4().hex[:6]}"
    async with run_worker(dev_env.client):
        starts_at = await later_today()
        ends_at = (starts_at + timedelta(days=1, hours=3)).replace(microsecond=0)
        meeting = await new_meeting(
            api,
            "Chisinau",
            kind="core_group",
            title=title,
            starts_at=starts_at.isoformat(),
            ends_at=ends_at.isoformat(),
            host="MD",
            co_chairs=["MD", "CZ"],
            invitees={"participants": ["PL", "MD", "CZ"]},
        )

        def row() -> Meeting | None:
            with sessions() as session:
                found = session.get(Meeting, meeting)
                return found if found is not None and found.ends_at is not None else None

        async def projected() -> Meeting | None:
            return row()

        stored = await until(projected)
        assert stored.ends_at == ends_at and stored.host == "MD"
        assert stored.co_chairs.split("\n") == ["MD", "CZ"]
        listed = (await api.get("/api/meetings", headers=LEAD)).json()["meetings"]
        (mine,) = [m for m in listed if m["meeting_id"] == meeting]
        assert mine["kind"] == "core_group" and mine["host"] == "MD"
        assert mine["co_chairs"] == ["MD", "CZ"] and mine["attendance"] == []

        # A draft on its agenda: the agenda goes out with the calendar entry of the real end.
        started = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()
        r = await api.post(
            f"/api/drafts/{started['draft_id']}/endorsement",
            headers=LEAD,
            json={"route": "meeting", "meeting_id": meeting},
        )
        assert r.status_code == 200, r.text

        async def agenda_mail() -> list:  # type: ignore[type-arg]
            return about(mailbox, "CZ", title, "Agenda")

        (agenda,) = await until(agenda_mail)
        ics = next(f for f in files(agenda) if f.endswith(".ics"))
        part = next(p for p in agenda.iter_attachments() if p.get_filename() == ics)
        (event,) = Calendar.from_ical(part.get_content()).walk("VEVENT")
        assert event.decoded("dtstart") == starts_at and event.decoded("dtend") == ends_at


async def test_attendance_is_recorded_on_the_day_and_named_in_the_conclusions(
    api: httpx.AsyncClient, run_worker, dev_env, sessions
) -> None:  # type: ignore[no-untyped-def]
    async with run_worker(dev_env.client):
        ahead = await new_meeting(api, "Prague", host="CZ")
        r = await api.post(
            f"/api/meetings/{ahead}/attendance", headers=SEC, json={"participants": ["AM"]}
        )
        assert r.status_code == 409 and "attendance is recorded from that day on" in r.text

        meeting = await new_meeting(
            api,
            "Yerevan",
            starts_at=(await later_today()).isoformat(),
            host="AM",
            co_chairs=["AM", "PL"],
            invitees={"participants": ["AM", "AZ", "PL"]},
        )
        url = f"/api/meetings/{meeting}/attendance"
        r = await api.post(url, headers=LEAD, json={"participants": ["AM"]})
        assert r.status_code == 403  # the Secretariat's to record
        r = await api.post(url, headers=SEC, json={"participants": ["AM", "QQ"]})
        assert r.status_code == 422 and "unknown participant: QQ" in r.text
        r = await api.post(url, headers=SEC, json={"participants": []})
        assert r.status_code == 422
        r = await api.post(url, headers=SEC, json={"participants": ["AM", "AZ", "UA"]})
        assert r.status_code == 200, r.text
        # recorded again: the new list replaces the first (Ukraine was not there after all)
        r = await api.post(url, headers=SEC, json={"participants": ["AZ", "AM", "PL", "AM"]})
        assert r.status_code == 200, r.text
        assert r.json()["attendance"] == ["AZ", "AM", "PL"]

        async def rows() -> list[str]:
            with sessions() as session:
                found = sorted(
                    session.scalars(
                        select(MeetingAttendance.participant_id).where(
                            MeetingAttendance.meeting_id == meeting
                        )
                    )
                )
            return found if found == ["AM", "AZ", "PL"] else []

        await until(rows)
        listed = (await api.get("/api/meetings", headers=SEC)).json()["meetings"]
        assert next(m for m in listed if m["meeting_id"] == meeting)["attendance"] == [
            "AM",
            "AZ",
            "PL",
        ]

        r = await api.post(f"/api/meetings/{meeting}/close", headers=SEC, json={})
        assert r.status_code == 200, r.text
        texts = await conclusions(api, meeting)
        assert "Represented: Armenia, Azerbaijan, Poland." in texts["en"]
        assert "Host: Armenia" in texts["en"] and "Co-chairs: Armenia and Poland" in texts["en"]
        assert "Были представлены: Азербайджан, Армения, Польша." in texts["ru"]
        r = await api.post(url, headers=SEC, json={"participants": ["AM"]})
        # refused by the closed meeting, or (once its workflow has finished) by Temporal
        assert r.status_code == 409, r.text
        assert "the meeting is closed" in r.text or "has ended" in r.text, r.text


async def test_the_pages_choose_host_and_co_chairs_from_lists_and_record_attendance(
    web: httpx.AsyncClient,  # noqa: F811
    run_worker,
    dev_env,
    sessions,
) -> None:  # type: ignore[no-untyped-def]
    await sign_in(web, make_user(sessions, Role.SECRETARIAT))
    page = await web.get("/meetings?lang=ru")
    assert page.status_code == 200
    assert '<option value="GE">Грузия</option>' in page.text  # names in the page's language
    token = csrf_of(page.text)
    starts_at = await later_today()
    title = f"SOM in Tbilisi {uuid.uuid4().hex[:6]}"
    form = {
        "csrf": token,
        "kind": "som",
        "title": title,
        "place": "Tbilisi",
        "starts_at": local(starts_at),
        "ends_at": local(starts_at + timedelta(hours=8)),
        "host": "GE",
        "host_name": "Ministry of Internal Affairs",
    }
    async with run_worker(dev_env.client):
        both = await web.post("/meetings", data=form)
        assert both.status_code == 422
        assert "choose the host from the list or write its name, not both" in both.text
        assert 'value="Ministry of Internal Affairs"' in both.text  # nothing typed is lost
        form["host_name"] = ""
        r = await web.post(
            "/meetings",
            data={**form, "co_chairs": ["GE", "PL", ""]},
        )
        assert r.status_code == 303, r.text
        meeting = r.headers["location"].removeprefix("/meetings/")
        status = (await web.get(f"/api/meetings/{meeting}", headers=SEC)).json()
        assert status["host"] == "GE" and status["co_chairs"] == ["GE", "PL"]
        assert status["ends_at"] is not None

        async def listing() -> str:
            text = (await web.get("/meetings?lang=en")).text
            return text if f">{title}</a>" in text else ""

        listed = await until(listing)
        row = next(line for line in listed.splitlines() if f">{title}</a>" in line)
        assert "Georgia<br>" in row and "Georgia, Poland" in row, row
        shown = await web.get(f"/meetings/{meeting}")
        assert 'id="attendance"' in shown.text and "not recorded yet" in shown.text
        r = await web.post(
            f"/meetings/{meeting}",
            data={"csrf": token, "action": "attendance", "present": ["GE", "UA"]},
        )
        assert r.status_code == 303, r.text
        shown = await web.get(f"/meetings/{meeting}")
        assert "attendance recorded: 2 participant(s)" in shown.text
        assert "<strong>Represented:</strong> Georgia, Ukraine" in shown.text
        none = await web.post(f"/meetings/{meeting}", data={"csrf": token, "action": "attendance"})
        assert none.status_code == 422 and "participants" in none.text

        named = await web.post(
            "/meetings",
            data={
                **form,
                "title": f"Workshop {uuid.uuid4().hex[:6]}",
                "kind": "workshop",
                "host": "",
                "host_name": "Ministry of Interior of Moldova",
            },
        )
        assert named.status_code == 303, named.text
        other = named.headers["location"].removeprefix("/meetings/")
        status = (await web.get(f"/api/meetings/{other}", headers=SEC)).json()
        assert status["host"] == "Ministry of Interior of Moldova"


async def test_the_cli_lists_meetings_and_records_attendance(
    api: httpx.AsyncClient,
    cli,  # noqa: F811
    run_worker,
    dev_env,
) -> None:  # type: ignore[no-untyped-def]
    async with run_worker(dev_env.client):
        starts_at = await later_today()
        made = await asyncio.to_thread(
            cli,
            "meeting",
            "create",
            "--kind",
            "study_visit",
            "--title",
            f"Study visit {uuid.uuid4().hex[:6]}",
            "--place",
            "Almaty",
            "--starts-at",
            starts_at.isoformat(),
            "--ends-at",
            later(days=2),
            "--host",
            "KZ",
            "--co-chair",
            "KZ",
            "--co-chair",
            "PL",
            "--participant",
            "KZ",
        )
        assert made.exit_code == 0, made.output
        meeting = made.stdout.split('"meeting_id": "')[1].split('"')[0]
        done = await asyncio.to_thread(cli, "meeting", "attendance", meeting, "KZ", "UZ")
        assert done.exit_code == 0, done.output
        assert '"attendance": [\n    "KZ",\n    "UZ"\n  ]' in done.stdout
        bad = await asyncio.to_thread(cli, "meeting", "attendance", meeting, "QQ")
        assert bad.exit_code == 1 and "unknown participant: QQ" in bad.output
        assert "Traceback" not in bad.output

        async def listed() -> str:
            out = await asyncio.to_thread(cli, "meeting", "list")
            line = next((x for x in out.stdout.splitlines() if x.startswith(meeting)), "")
            return line if "2 represented" in line else ""

        line = await until(listed)
        assert "study_visit" in line and "host KZ; co-chairs KZ, PL" in line and " – " in line
