"""Governance bodies and the Presidency of the Council of the EU at the function level: who is
invited on which day, the history kept by an edit, the seeds, the registry fixes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from models.api import InviteeSelection
from models.db import Contact, Participant, make_engine
from models.db_governance import Body
from models.domain import Language, ParticipantGroup, ParticipantKind
from models.labels import label
from models.migrate import alembic_config, upgrade
from models.registry import SEED_PARTICIPANTS
from ppflow import bodies
from ppflow.registry import RegistryError, resolve_invitees, seed_registry

SUMMER = date(2026, 6, 30)  # Cyprus holds the Presidency
AUTUMN = date(2026, 7, 1)  # Ireland does


@pytest.fixture
def db(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose changes are never committed: the shared database stays as seeded."""
    with sessions() as session:
        yield session
        session.rollback()


@pytest.fixture
def trial_body(db: Session) -> str:
    """A body of the test's own, so edits leave the seeded ones alone."""
    body_id = f"trial_{uuid.uuid4().hex[:8]}"
    db.add(Body(id=body_id, name="Trial Group", name_ru="Пробная группа"))
    db.flush()
    return body_id


def test_the_presidency_is_the_state_holding_it_that_day(db: Session) -> None:
    assert bodies.presidency_holder(db, SUMMER) == "CY"
    assert bodies.presidency_holder(db, AUTUMN) == "IE"
    assert bodies.presidency_holder(db, date(2009, 4, 28)) == "CZ"  # the Prague conference
    assert bodies.presidency_holder(db, date(2030, 12, 31)) == "MT"
    direct = InviteeSelection(participants=["PRESIDENCY"])
    assert resolve_invitees(db, direct, on=SUMMER) == ["CY"]
    assert resolve_invitees(db, direct, on=AUTUMN) == ["IE"]
    # invited anyway: once
    both = InviteeSelection(participants=["PRESIDENCY", "IE", "DE"])
    assert resolve_invitees(db, both, on=AUTUMN) == ["DE", "IE"]
    with pytest.raises(RegistryError, match="no state is recorded as holding the Presidency"):
        resolve_invitees(db, direct, on=date(2031, 3, 1))


def test_the_strategic_group_is_invited_with_the_presidency_of_the_day(db: Session) -> None:
    group = InviteeSelection(bodies=["strategic_group"])
    core = ["CZ", "EC", "HU", "ICMPD", "LT", "PL"]
    assert resolve_invitees(db, group, on=SUMMER) == sorted([*core, "CY"])
    assert resolve_invitees(db, group, on=AUTUMN) == sorted([*core, "IE"])
    # 2011 H1: Hungary held it, and is a member anyway: invited once
    assert resolve_invitees(db, group, on=date(2011, 3, 1)) == core


def test_the_seeded_bodies(db: Session) -> None:
    assert [b.id for b in bodies.list_bodies(db)][:3] == [
        "core_group",
        "ncp_network",
        "strategic_group",
    ]
    today = bodies.today()
    assert bodies.members_on(db, "core_group", today) == ["EC", "ICMPD", "PL"]
    states = {s.id for s in SEED_PARTICIPANTS if s.kind == ParticipantKind.STATE}
    assert set(bodies.members_on(db, "ncp_network", today)) == states
    assert bodies.chair_on(db, "strategic_group", today) is None  # the seeds name none
    seed_registry(db)  # again: nothing doubles
    assert bodies.members_on(db, "core_group", today) == ["EC", "ICMPD", "PL"]
    assert len(bodies.presidency_terms(db)) == 44


def test_unknown_bodies_are_refused_by_name(db: Session) -> None:
    with pytest.raises(RegistryError, match="unknown body: core_grup"):
        resolve_invitees(db, InviteeSelection(bodies=["core_grup"]))
    with pytest.raises(RegistryError) as refused:
        resolve_invitees(db, InviteeSelection(bodies=["<script>"]))
    assert "<script>" not in str(refused.value)


def test_an_edit_keeps_the_history(db: Session, trial_body: str) -> None:
    bodies.add_member(db, trial_body, "PL", "sec-a", date(2024, 1, 1))
    bodies.add_member(db, trial_body, "CZ", "sec-a", date(2024, 1, 1))
    bodies.set_chair(db, trial_body, "PL", "sec-a", date(2024, 1, 1))
    bodies.remove_member(db, trial_body, "CZ", "sec-b", date(2025, 7, 1))
    bodies.add_member(db, trial_body, "CZ", "sec-b", date(2026, 1, 1))  # back again
    bodies.set_chair(db, trial_body, "CZ", "sec-b", date(2026, 1, 1))

    assert bodies.members_on(db, trial_body, date(2025, 6, 30)) == ["CZ", "PL"]
    assert bodies.members_on(db, trial_body, date(2025, 7, 1)) == ["PL"]
    assert bodies.members_on(db, trial_body, date(2026, 2, 1)) == ["CZ", "PL"]
    rows = [
        (r.participant_id, r.since, r.until, r.removed_by) for r in bodies.history(db, trial_body)
    ]
    assert ("CZ", date(2024, 1, 1), date(2025, 7, 1), "sec-b") in rows and len(rows) == 3
    assert bodies.chair_on(db, trial_body, date(2025, 1, 1)) == "PL"
    assert bodies.chair_on(db, trial_body, date(2026, 1, 1)) == "CZ"
    assert [c.participant_id for c in bodies.chairs(db, trial_body)] == ["CZ", "PL"]
    selection = InviteeSelection(bodies=[trial_body])
    assert resolve_invitees(db, selection, on=date(2025, 9, 1)) == ["PL"]


def test_edits_the_process_cannot_have_are_refused(db: Session, trial_body: str) -> None:
    bodies.add_member(db, trial_body, "PL", "sec", date(2024, 1, 1))
    with pytest.raises(bodies.BodyError, match="already a member"):
        bodies.add_member(db, trial_body, "PL", "sec")
    with pytest.raises(bodies.BodyError, match="is not a member"):
        bodies.remove_member(db, trial_body, "DE", "sec")
    with pytest.raises(bodies.BodyError, match="cannot end before"):
        bodies.remove_member(db, trial_body, "PL", "sec", date(2023, 1, 1))
    with pytest.raises(bodies.BodyError, match="not a member .* on"):
        bodies.set_chair(db, trial_body, "DE", "sec")
    with pytest.raises(RegistryError, match="unknown participant: XX"):
        bodies.add_member(db, trial_body, "XX", "sec")
    with pytest.raises(bodies.BodyError, match="held by a state"):
        bodies.set_presidency(db, "EC", date(2031, 1, 1), "sec")
    with pytest.raises(bodies.BodyError, match="overlaps"):
        bodies.set_presidency(db, "DE", date(2030, 12, 1), "sec")


def test_the_secretariat_records_the_next_presidencies(db: Session) -> None:
    term = bodies.set_presidency(db, "AT", date(2031, 1, 1), "sec")
    assert term.ends_on == date(2031, 6, 30)
    assert bodies.presidency_holder(db, date(2031, 3, 1)) == "AT"
    bodies.set_presidency(db, "DE", date(2031, 1, 1), "sec")  # a correction replaces it
    assert bodies.presidency_holder(db, date(2031, 3, 1)) == "DE"


def test_members_csv_round_trip(db: Session, trial_body: str) -> None:
    bodies.add_member(db, trial_body, "PL", "sec", date(2024, 1, 1))
    bodies.add_member(db, trial_body, "CZ", "sec", date(2024, 1, 1))
    bodies.remove_member(db, trial_body, "CZ", "sec", date(2025, 1, 1))
    exported = bodies.export_members_csv(db)
    assert f"{trial_body},CZ,2024-01-01,2025-01-01,sec,sec" in exported
    report = bodies.import_members_csv(db, exported, "sec")  # the same rows: nothing changes
    assert report.added == report.closed == 0 and report.unchanged > 3
    # a new body filled from the other's rows
    other = f"trial_{uuid.uuid4().hex[:8]}"
    db.add(Body(id=other, name="Copy", name_ru="Копия"))
    mine = [line for line in exported.splitlines() if line.startswith(f"{trial_body},")]
    text = "\n".join([exported.splitlines()[0], *(m.replace(trial_body, other) for m in mine)])
    assert bodies.import_members_csv(db, text, "sec").added == 2
    assert bodies.members_on(db, other, date(2026, 1, 1)) == ["PL"]
    # a closing row closes
    close = f"body_id,participant_id,since,until\n{other},PL,2024-01-01,2026-02-01\n"
    assert bodies.import_members_csv(db, close, "sec").closed == 1
    assert bodies.members_on(db, other, date(2026, 3, 1)) == []


def test_a_bad_members_csv_changes_nothing_and_names_every_bad_line(
    db: Session, trial_body: str
) -> None:
    text = (
        "body_id,participant_id,since,until\n"
        f"{trial_body},PL,2024-01-01,\n"
        f"{trial_body},ZZ,2024-01-01,\n"
        f"nobody,PL,yesterday,\n"
        f"{trial_body},CZ,2024-01-01,2023-01-01\n"
    )
    with pytest.raises(bodies.BodyError) as refused:
        bodies.import_members_csv(db, text, "sec")
    message = str(refused.value)
    assert "line 3: unknown participant 'ZZ'" in message
    assert "line 4: unknown body 'nobody'; since must be a date" in message
    assert "line 5: until comes before since" in message
    assert bodies.history(db, trial_body) == []
    with pytest.raises(bodies.BodyError, match="missing: since"):
        bodies.import_members_csv(db, "body_id,participant_id\nx,y\n", "sec")


def test_the_united_kingdom_has_a_group_of_its_own(db: Session) -> None:
    gb = db.get(Participant, "GB")
    assert gb is not None and gb.group == ParticipantGroup.UNITED_KINGDOM.value
    eu = InviteeSelection(groups=[ParticipantGroup.EU_SCHENGEN])
    assert "GB" not in resolve_invitees(db, eu)
    assert label(ParticipantGroup.UNITED_KINGDOM, Language.RU) == "Соединённое Королевство"


def test_every_participant_has_a_russian_name(db: Session) -> None:
    for p in db.scalars(select(Participant)):
        assert any("\u0400" <= ch <= "\u04ff" for ch in p.name_ru), p.id


def test_the_presidency_seat_has_no_contacts_of_its_own(db: Session) -> None:
    seat = db.get(Participant, "PRESIDENCY")
    assert seat is not None and seat.kind == ParticipantKind.EU_PRESIDENCY.value
    assert seat.name_ru == "Председательство в Совете ЕС"
    assert not db.scalars(select(Contact).filter_by(participant_id="PRESIDENCY")).all()
    # everyone: the holder once, never the seat
    assert "PRESIDENCY" not in resolve_invitees(db, InviteeSelection(everyone=True))


def test_the_migration_moves_the_united_kingdom_of_an_existing_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0005")  # a database of before issue 14
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO participants (id, name, name_ru, kind, group_name, language, active) "
                "VALUES ('GB', 'United Kingdom', 'Соединённое Королевство', 'state', "
                "'eu_schengen', 'en', 1)"
            )
        )
    upgrade(engine)
    with engine.connect() as conn:
        group = conn.execute(text("SELECT group_name FROM participants WHERE id = 'GB'")).scalar()
    engine.dispose()
    assert group == "united_kingdom"
