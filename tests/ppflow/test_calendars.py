"""Personal calendar feeds on a database of their own: a contact sees the rounds, procedures,
missions and meetings that concern its participant and nothing else; the Secretariat sees
everything; a moved deadline moves with a higher SEQUENCE and the same UID; a new URL revokes the
old one, and a revoked URL reads like an unknown one. Parsed with `icalendar` and `vobject`."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import vobject
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models.db import (
    AgendaItemRow,
    Contact,
    Draft,
    Invitation,
    Meeting,
    Mission,
    Round,
    make_engine,
    make_sessionmaker,
)
from models.db_calendars import CalendarFeed, MeetingInvitee, project_invitees
from models.db_projects import MissionMember
from models.migrate import upgrade
from models.settings import Settings
from ppflow import accounts, calendars
from ppflow.accounts import Role
from ppflow.registry import seed_registry
from ppflow.service import Conflict, NotFound

NOW = datetime(2031, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'calendars.db'}")
    upgrade(engine)
    with make_sessionmaker(engine).begin() as session:
        seed_registry(session)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def conf() -> Settings:
    return Settings(_env_file=None, public_base_url="https://pp.example.org")  # type: ignore[call-arg]


def contact_of(db: Session, participant: str, language: str | None = None) -> int:
    contact = db.scalars(select(Contact).filter_by(participant_id=participant)).first()
    assert contact is not None
    contact.language = language
    db.flush()
    return contact.id


def world(db: Session) -> None:
    """UA leads a draft (round 1 invites RS; a written procedure on another draft invites TJ);
    an expert mission to MK; a meeting that invites RS and one that invites nobody of these."""
    for draft_id, lead, title in (
        ("d-ua", "UA", "Labour migration guidelines"),
        ("d-mk", "MK", "Migration profile of North Macedonia"),
    ):
        db.add(
            Draft(
                id=draft_id,
                slug=draft_id,
                title=title,
                reference=f"PP/{draft_id}",
                document_type="guidelines",
                lead_state=lead,
                phase="consultation",
                started_at=NOW - timedelta(days=20),
                updated_at=NOW,
            )
        )
    db.flush()
    db.add_all(
        [
            Round(
                id="d-ua-round-1",
                draft_id="d-ua",
                number=1,
                version=1,
                opened_at=NOW - timedelta(days=5),
                deadline=NOW + timedelta(days=9),
            ),
            Round(
                id="d-mk-silence-1",
                draft_id="d-mk",
                kind="written_procedure",
                number=1,
                version=2,
                opened_at=NOW - timedelta(days=1),
                deadline=NOW + timedelta(days=6),
            ),
            # closed early: no deadline any more
            Round(
                id="d-ua-round-0",
                draft_id="d-ua",
                number=0,
                version=1,
                opened_at=NOW - timedelta(days=30),
                deadline=NOW - timedelta(days=10),
                closed_at=NOW - timedelta(days=20),
            ),
        ]
    )
    db.flush()
    db.add_all(
        [
            Invitation(round_id="d-ua-round-1", participant_id="RS"),
            Invitation(round_id="d-ua-round-0", participant_id="RS"),
            Invitation(round_id="d-mk-silence-1", participant_id="TJ"),
        ]
    )
    db.add(
        Mission(
            id="d-mk-mission-1",
            draft_id="d-mk",
            country="MK",
            starts_on=NOW + timedelta(days=2),
            ends_on=NOW + timedelta(days=4),
            findings_due=NOW + timedelta(days=12),
        )
    )
    db.flush()
    db.add(
        MissionMember(
            mission_id="d-mk-mission-1", position=1, name="An Expert", email="expert@ba.example"
        )
    )
    for meeting_id, place in (("m-som", "Kyiv"), ("m-other", "Skopje")):
        db.add(
            Meeting(
                id=meeting_id,
                kind="som",
                title=f"Senior Officials' Meeting in {place}",
                place=place,
                starts_at=NOW + timedelta(days=30),
                ends_at=NOW + timedelta(days=31),
            )
        )
    db.flush()
    project_invitees(db, "m-som", ["RS", "UA"])
    project_invitees(db, "m-other", ["MK"])
    db.add(AgendaItemRow(meeting_id="m-som", draft_id="d-ua", version=1, requested_at=NOW))
    db.flush()


def events(content: bytes) -> dict[str, dict[str, object]]:
    """Every VEVENT by UID, read by `icalendar`; `vobject` must read the same UIDs and times."""
    cal = Calendar.from_ical(content)
    found = {
        str(e["uid"]): {
            "summary": str(e["summary"]),
            "start": e.decoded("dtstart"),
            "sequence": int(e.get("sequence", 0)),
            "url": str(e.get("url", "")),
            "modified": e.decoded("last-modified"),
        }
        for e in cal.walk("VEVENT")
    }
    other = vobject.readOne(content.decode())
    second = (
        {
            str(e.uid.value): (e.dtstart.value, int(e.sequence.value), str(e.summary.value))
            for e in other.vevent_list
        }
        if hasattr(other, "vevent_list")
        else {}
    )
    assert {u: (v["start"], v["sequence"], v["summary"]) for u, v in found.items()} == second
    return found


def test_a_contact_sees_what_concerns_it_and_the_secretariat_everything(
    fresh: sessionmaker[Session], conf: Settings
) -> None:
    with fresh.begin() as db:
        world(db)
        rs = calendars.owner_of_contact(db, contact_of(db, "RS"))
        tj = calendars.owner_of_contact(db, contact_of(db, "TJ", "ru"))
        ua = calendars.owner_of_contact(db, contact_of(db, "UA"))
        ba = calendars.owner_of_contact(db, contact_of(db, "BA"))
        sec = calendars.owner_of_user(
            db, accounts.add_user(db, "cal-sec", "a long password", Role.SECRETARIAT).username
        )
        seen = {
            name: events(calendars.build_feed(db, conf, owner, NOW))
            for name, owner in (("rs", rs), ("tj", tj), ("ua", ua), ("ba", ba), ("sec", sec))
        }
    domain = "@ppflow.pragueprocess.local"
    round_uid, silence_uid = f"d-ua-round-1-deadline{domain}", f"d-mk-silence-1-deadline{domain}"
    findings_uid, meeting_uid = f"d-mk-mission-1-findings{domain}", f"m-som{domain}"
    # RS: invited to UA's round and to the meeting; not the procedure, the mission, the other
    # meeting, nor the round that closed early
    assert set(seen["rs"]) == {round_uid, meeting_uid}
    assert seen["rs"][round_uid]["start"] == NOW + timedelta(days=9)
    assert seen["rs"][round_uid]["summary"] == "Comments due: Labour migration guidelines (round 1)"
    assert seen["rs"][round_uid]["url"] == "https://pp.example.org/drafts/d-ua"
    # TJ reads Russian: the silence procedure it is invited to
    assert set(seen["tj"]) == {silence_uid}
    assert str(seen["tj"][silence_uid]["summary"]).startswith("Окончание процедуры молчания")
    # UA: its own draft's round (as lead) and the meeting (invited, its draft on the agenda)
    assert set(seen["ua"]) == {round_uid, meeting_uid}
    # nobody invited BA; the Secretariat sees every entry, the mission's visit included
    assert seen["ba"] == {}
    assert {round_uid, silence_uid, findings_uid, meeting_uid, f"m-other{domain}"} <= set(
        seen["sec"]
    )
    assert f"d-mk-mission-1{domain}" in seen["sec"]


def test_a_moved_deadline_moves_with_the_same_uid_and_a_higher_sequence(
    fresh: sessionmaker[Session], conf: Settings
) -> None:
    with fresh.begin() as db:
        world(db)
        rs = calendars.owner_of_contact(db, contact_of(db, "RS"))
        uid = "d-ua-round-1-deadline@ppflow.pragueprocess.local"
        before = events(calendars.build_feed(db, conf, rs, NOW))[uid]
        again = events(calendars.build_feed(db, conf, rs, NOW + timedelta(hours=1)))[uid]
        assert again["sequence"] == before["sequence"] == 0  # nothing changed: nothing moves
        extended = db.get(Round, "d-ua-round-1")
        assert extended is not None
        extended.deadline = NOW + timedelta(days=16)
        db.flush()
        later = NOW + timedelta(hours=2)
        after = events(calendars.build_feed(db, conf, rs, later))[uid]
    assert after["start"] == NOW + timedelta(days=16)
    assert after["sequence"] == 1 and after["modified"] == later


def test_a_new_url_revokes_the_old_and_revoked_reads_like_unknown(
    fresh: sessionmaker[Session], conf: Settings
) -> None:
    with fresh.begin() as db:
        world(db)
        owner = calendars.owner_of_contact(db, contact_of(db, "RS"))
        first = calendars.issue(db, conf, owner, "tester")
        assert first.url and first.url.startswith("https://pp.example.org/calendar/feeds/cal_")
        assert first.webcal_url == first.url.replace("https://", "webcal://")
        token = first.url.rsplit("/", 1)[1].removesuffix(".ics")
        # only the hash is stored
        stored = db.scalars(select(CalendarFeed.token_hash)).all()
        assert token not in stored and hashlib.sha256(token.encode()).hexdigest() in stored
        assert calendars.read_feed(db, conf, token, NOW) is not None
        second = calendars.issue(db, conf, owner, "tester")
        assert second.url != first.url
        assert calendars.read_feed(db, conf, token, NOW) is None
        token2 = str(second.url).rsplit("/", 1)[1].removesuffix(".ics")
        assert calendars.read_feed(db, conf, token2, NOW) is not None
        assert calendars.state(db, owner).last_read_at == NOW
        calendars.revoke(db, owner)
        assert calendars.read_feed(db, conf, token2, NOW) is None
        assert not calendars.state(db, owner).active
        for wrong in ("", "cal_" + "x" * 43, "../../etc", token2 + "x"):
            assert calendars.read_feed(db, conf, wrong, NOW) is None
        with pytest.raises(NotFound):
            calendars.owner_of_contact(db, 999_999)
        with pytest.raises(Conflict):
            calendars.owner_of_user(db, "secretariat-token")


def test_invitees_follow_the_meeting(fresh: sessionmaker[Session]) -> None:
    with fresh.begin() as db:
        world(db)
        project_invitees(db, "m-som", ["UA", "AL"])
        project_invitees(db, "m-som", ["UA", "AL"])  # a retry: the same rows
        db.flush()
        rows = db.scalars(select(MeetingInvitee.participant_id).filter_by(meeting_id="m-som"))
        assert sorted(rows) == ["AL", "UA"]


def test_the_meeting_file_carries_its_page_and_agenda(
    fresh: sessionmaker[Session], conf: Settings
) -> None:
    with fresh.begin() as db:
        world(db)
        content = calendars.meeting_calendar(db, conf, "m-som")
        with pytest.raises(NotFound):
            calendars.meeting_calendar(db, conf, "m-none")
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(event["uid"]) == "m-som@ppflow.pragueprocess.local"  # as the agenda mail's
    assert str(event["url"]) == "https://pp.example.org/meetings/m-som"
    assert "1. Labour migration guidelines" in str(event["description"])
    assert event.decoded("dtend") == NOW + timedelta(days=31)
    second = vobject.readOne(content.decode())
    assert second.vevent.location.value == "Kyiv"
    assert second.vevent.dtstart.value == NOW + timedelta(days=30)
