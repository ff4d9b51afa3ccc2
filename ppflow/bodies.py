"""Governance bodies and the Presidency of the Council of the EU: who belongs to which body on a
given day, who chairs it, which state holds the Presidency; seeding, edits by the Secretariat
(history kept: a membership is closed, never deleted), CSV export and import of memberships."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import Participant
from models.db_governance import Body, BodyChair, BodyMember, PresidencyTerm
from models.domain import Language, ParticipantKind
from models.governance import (
    BodyRead,
    ChairRead,
    MembershipRead,
    PresidencyRead,
    PresidencyTermRead,
)
from ppflow.registry import (
    ID_SHAPE,
    NOT_AN_ID,
    RegistryError,
    _defused,
    _unquoted,
    require_participants,
)

PRESIDENCY = "PRESIDENCY"
LAUNCH = date(2009, 4, 28)  # the Prague Ministerial Conference: the Process begins
CSV_COLUMNS = ["body_id", "participant_id", "since", "until", "added_by", "removed_by"]
MAX_BY = 80


class BodyError(RegistryError):
    """A body, member, chair or Presidency term the request cannot have; the message says why."""


class BodySeed(BaseModel):
    id: str
    name: str
    name_ru: str
    description: str
    description_ru: str
    members: list[str] | None  # None: every state of the registry


BODY_SEEDS = [
    BodySeed(
        id="strategic_group",
        name="Strategic Group",
        name_ru="Стратегическая группа",
        description="Joint management body of selected states with a rotating chairmanship.",
        description_ru="Орган совместного управления из избранных государств с ротацией "
        "председательства.",
        members=["CZ", "HU", "LT", "PL", PRESIDENCY, "EC", "ICMPD"],
    ),
    BodySeed(
        id="core_group",
        name="Core Group",
        name_ru="Основная группа",
        description="Led by Poland, which hosts its meetings; some 15 states in all, the "
        "Secretariat completes the list.",
        description_ru="Под руководством Польши, которая принимает её заседания; всего около "
        "15 государств, список дополняет Секретариат.",
        members=["PL", "EC", "ICMPD"],
    ),
    BodySeed(
        id="ncp_network",
        name="Network of National Contact Points",
        name_ru="Сеть национальных контактных пунктов",
        description="Daily cooperation at expert level; agrees on the expert meetings.",
        description_ru="Повседневное сотрудничество на экспертном уровне; согласует совещания "
        "экспертов.",
        members=None,
    ),
]

_ROTATION = {  # year: (January-June, July-December)
    2009: ("CZ", "SE"),
    2010: ("ES", "BE"),
    2011: ("HU", "PL"),
    2012: ("DK", "CY"),
    2013: ("IE", "LT"),
    2014: ("GR", "IT"),
    2015: ("LV", "LU"),
    2016: ("NL", "SK"),
    2017: ("MT", "EE"),
    2018: ("BG", "AT"),
    2019: ("RO", "FI"),
    2020: ("HR", "DE"),
    2021: ("PT", "SI"),
    2022: ("FR", "CZ"),
    2023: ("SE", "ES"),
    2024: ("BE", "HU"),
    2025: ("PL", "DK"),
    2026: ("CY", "IE"),
    2027: ("LT", "GR"),
    2028: ("IT", "LV"),
    2029: ("LU", "NL"),
    2030: ("SK", "MT"),
}
PRESIDENCY_TERMS: list[tuple[date, date, str]] = [
    term
    for year, (first, second) in _ROTATION.items()
    for term in (
        (date(year, 1, 1), date(year, 6, 30), first),
        (date(year, 7, 1), date(year, 12, 31), second),
    )
]


def today() -> date:
    return datetime.now(UTC).date()


# ---------------------------------------------------------------- seed


def seed_governance(session: Session) -> None:
    """Add the bodies, their first members and the Presidency's rotation where missing (a body
    that has any membership row, current or past, is the Secretariat's: never re-seeded)."""
    known = set(session.scalars(select(Participant.id)))
    have = set(session.scalars(select(Body.id)))
    for seed in BODY_SEEDS:
        if seed.id not in have:
            session.add(
                Body(
                    id=seed.id,
                    name=seed.name,
                    name_ru=seed.name_ru,
                    description=seed.description,
                    description_ru=seed.description_ru,
                )
            )
    session.flush()
    for seed in BODY_SEEDS:
        if session.scalars(select(BodyMember.id).filter_by(body_id=seed.id).limit(1)).first():
            continue
        members = seed.members
        if members is None:
            members = list(
                session.scalars(
                    select(Participant.id)
                    .where(Participant.kind == ParticipantKind.STATE.value)
                    .order_by(Participant.id)
                )
            )
        session.add_all(
            BodyMember(body_id=seed.id, participant_id=pid, since=LAUNCH, added_by="seed")
            for pid in members
            if pid in known
        )
    starts = set(session.scalars(select(PresidencyTerm.starts_on)))
    session.add_all(
        PresidencyTerm(starts_on=start, ends_on=end, holder_id=holder, set_by="seed")
        for start, end, holder in PRESIDENCY_TERMS
        if start not in starts and holder in known
    )
    session.flush()


# ---------------------------------------------------------------- reading


def list_bodies(session: Session) -> list[Body]:
    return list(session.scalars(select(Body).order_by(Body.id)))


def get_body(session: Session, body_id: str) -> Body:
    body = session.get(Body, body_id) if ID_SHAPE.fullmatch(body_id) else None
    if body is None:
        raise BodyError(f"unknown body: {_named(body_id)}")
    return body


def body_name(body: Body, language: Language) -> str:
    return (body.name_ru or body.name) if language == Language.RU else body.name


def unknown_bodies(session: Session, ids: list[str]) -> list[str]:
    """The ids no body has (anything that is no id at all, as such: never free text)."""
    known = set(session.scalars(select(Body.id).where(Body.id.in_(ids))))
    return list(dict.fromkeys(_named(i) for i in ids if i not in known))


def members_on(session: Session, body_id: str, on: date) -> list[str]:
    """The participants belonging to a body on a day."""
    rows = session.scalars(
        select(BodyMember.participant_id)
        .filter_by(body_id=body_id)
        .where(BodyMember.since <= on)
        .where((BodyMember.until.is_(None)) | (BodyMember.until > on))
    )
    return sorted(set(rows))


def history(session: Session, body_id: str) -> list[BodyMember]:
    """Every membership row of a body, newest change first."""
    return list(
        session.scalars(
            select(BodyMember)
            .filter_by(body_id=body_id)
            .order_by(BodyMember.since.desc(), BodyMember.id.desc())
        )
    )


def chairs(session: Session, body_id: str) -> list[BodyChair]:
    """Who chaired a body from when, newest first."""
    return list(
        session.scalars(
            select(BodyChair).filter_by(body_id=body_id).order_by(BodyChair.since.desc())
        )
    )


def chair_on(session: Session, body_id: str, on: date) -> str | None:
    row = session.scalars(
        select(BodyChair.participant_id)
        .filter_by(body_id=body_id)
        .where(BodyChair.since <= on)
        .order_by(BodyChair.since.desc())
        .limit(1)
    ).first()
    return row


def presidency_terms(session: Session) -> list[PresidencyTerm]:
    return list(session.scalars(select(PresidencyTerm).order_by(PresidencyTerm.starts_on)))


def presidency_holder(session: Session, on: date) -> str | None:
    """The state holding the Presidency of the Council of the EU on a day (None: no term
    recorded for it)."""
    return session.scalars(
        select(PresidencyTerm.holder_id)
        .where(PresidencyTerm.starts_on <= on)
        .where(PresidencyTerm.ends_on >= on)
        .limit(1)
    ).first()


def body_read(
    session: Session, body_id: str, on: date | None = None, full: bool = True
) -> BodyRead:
    """A body as the API and the CLI show it: its members and chair on a day (today by
    default), with the whole history if `full`."""
    body = get_body(session, body_id)
    on = on or today()
    read = BodyRead(
        id=body.id,
        name=body.name,
        name_ru=body.name_ru,
        description=body.description,
        description_ru=body.description_ru,
        on=on,
        members=members_on(session, body_id, on),
        chair=chair_on(session, body_id, on),
    )
    if full:
        read.history = [
            MembershipRead(
                participant_id=r.participant_id,
                since=r.since,
                until=r.until,
                added_by=r.added_by,
                removed_by=r.removed_by,
            )
            for r in history(session, body_id)
        ]
        read.chairs = [
            ChairRead(participant_id=c.participant_id, since=c.since, set_by=c.set_by)
            for c in chairs(session, body_id)
        ]
    return read


def presidency_read(session: Session, on: date | None = None) -> PresidencyRead:
    on = on or today()
    return PresidencyRead(
        on=on,
        holder_id=presidency_holder(session, on),
        terms=[
            PresidencyTermRead(
                holder_id=t.holder_id, starts_on=t.starts_on, ends_on=t.ends_on, set_by=t.set_by
            )
            for t in presidency_terms(session)
        ],
    )


# ---------------------------------------------------------------- edits (the Secretariat)


def add_member(
    session: Session, body_id: str, participant_id: str, by: str, since: date | None = None
) -> BodyMember:
    """Open a membership from `since` (today by default)."""
    body = get_body(session, body_id)
    require_participants(session, [participant_id])
    since = since or today()
    for row in _rows_of(session, body_id, participant_id):
        if row.until is None or row.until > since:
            raise BodyError(f"{participant_id} is already a member of the {body.name}")
    row = BodyMember(
        body_id=body_id, participant_id=participant_id, since=since, added_by=by[:MAX_BY]
    )
    session.add(row)
    session.flush()
    return row


def remove_member(
    session: Session, body_id: str, participant_id: str, by: str, until: date | None = None
) -> BodyMember:
    """Close a membership on `until` (today by default): the row stays, as history."""
    body = get_body(session, body_id)
    open_rows = [r for r in _rows_of(session, body_id, participant_id) if r.until is None]
    if not open_rows:
        raise BodyError(f"{_named(participant_id)} is not a member of the {body.name}")
    row = open_rows[0]
    until = until or today()
    if until < row.since:
        raise BodyError(f"the membership began on {row.since}: it cannot end before that")
    row.until, row.removed_by = until, by[:MAX_BY]
    session.flush()
    return row


def set_chair(
    session: Session, body_id: str, participant_id: str, by: str, since: date | None = None
) -> BodyChair:
    """The body's chair from `since` (today by default); the one before stays in the history.
    The chair is one of the body's members on that day."""
    body = get_body(session, body_id)
    require_participants(session, [participant_id])
    since = since or today()
    if participant_id not in members_on(session, body_id, since):
        raise BodyError(f"{participant_id} is not a member of the {body.name} on {since}")
    row = session.scalars(select(BodyChair).filter_by(body_id=body_id, since=since)).first()
    if row is None:
        row = BodyChair(body_id=body_id, since=since)
        session.add(row)
    row.participant_id, row.set_by = participant_id, by[:MAX_BY]
    session.flush()
    return row


def set_presidency(
    session: Session, holder_id: str, starts_on: date, by: str, ends_on: date | None = None
) -> PresidencyTerm:
    """Record (or correct) who holds the Presidency from `starts_on` to `ends_on` (by default
    the end of that half-year)."""
    holder = session.get(Participant, holder_id) if ID_SHAPE.fullmatch(holder_id) else None
    if holder is None or holder.kind != ParticipantKind.STATE.value:
        raise BodyError(
            f"the Presidency is held by a state of the registry, not {_named(holder_id)}"
        )
    if ends_on is None:
        ends_on = (
            date(starts_on.year, 6, 30) if starts_on.month <= 6 else date(starts_on.year, 12, 31)
        )
    if ends_on < starts_on:
        raise BodyError("a Presidency term ends on or after the day it starts")
    if ends_on - starts_on > timedelta(days=366):
        raise BodyError("a Presidency term lasts six months, not more than a year")
    for other in presidency_terms(session):
        overlaps = other.starts_on <= ends_on and starts_on <= other.ends_on
        if other.starts_on != starts_on and overlaps:
            raise BodyError(
                f"the term overlaps {other.holder_id}'s from {other.starts_on} to {other.ends_on}"
            )
    term = session.get(PresidencyTerm, starts_on)
    if term is None:
        term = PresidencyTerm(starts_on=starts_on)
        session.add(term)
    term.ends_on, term.holder_id, term.set_by = ends_on, holder_id, by[:MAX_BY]
    session.flush()
    return term


# ---------------------------------------------------------------- CSV


class MembersImport(BaseModel):
    added: int
    closed: int
    unchanged: int


def export_members_csv(session: Session) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    rows = session.scalars(
        select(BodyMember).order_by(BodyMember.body_id, BodyMember.participant_id, BodyMember.since)
    )
    for r in rows:
        cells = [
            r.body_id,
            r.participant_id,
            r.since.isoformat(),
            r.until.isoformat() if r.until else "",
            r.added_by,
            r.removed_by or "",
        ]
        writer.writerow([_defused(c) for c in cells])
    return out.getvalue()


def import_members_csv(session: Session, text: str, by: str) -> MembersImport:
    """Import memberships (the columns of the export): a row the database lacks is added, a
    current membership the CSV gives an end to is closed, nothing is ever deleted. One bad row
    and nothing changes, with every bad row named."""
    if "\x00" in text:
        raise BodyError("nothing imported: the CSV contains a NUL character; remove it")
    reader = csv.DictReader(io.StringIO(text))
    missing = [
        c for c in ("body_id", "participant_id", "since") if c not in (reader.fieldnames or [])
    ]
    if missing:
        raise BodyError(
            f"the CSV needs the columns {', '.join(CSV_COLUMNS[:4])}; missing: {', '.join(missing)}"
        )
    bodies = set(session.scalars(select(Body.id)))
    known = set(session.scalars(select(Participant.id)))
    rows: list[tuple[str, str, date, date | None]] = []
    errors = []
    for line, row in enumerate(reader, start=2):
        body_id = _unquoted((row.get("body_id") or "").strip())
        pid = _unquoted((row.get("participant_id") or "").strip())
        problems = []
        if body_id not in bodies:
            problems.append(f"unknown body '{_named(body_id)}'")
        if pid not in known:
            problems.append(f"unknown participant '{_named(pid)}'")
        since = _day(row.get("since"))
        until = _day(row.get("until")) if (row.get("until") or "").strip() else None
        if since is None:
            problems.append("since must be a date like 2026-12-01")
        if (row.get("until") or "").strip() and until is None:
            problems.append("until must be empty or a date like 2026-12-01")
        if since and until and until < since:
            problems.append("until comes before since")
        if problems:
            errors.append(f"line {line}: {'; '.join(problems)}")
        elif since is not None:
            rows.append((body_id, pid, since, until))
    if errors:
        raise BodyError("nothing imported: " + " | ".join(errors[:20]))
    if not rows:
        raise BodyError("nothing imported: the CSV has no rows")
    added = closed = unchanged = 0
    for body_id, pid, since, until in rows:
        same = [r for r in _rows_of(session, body_id, pid) if r.since == since]
        if same:
            if same[0].until is None and until is not None:
                same[0].until, same[0].removed_by = until, by[:MAX_BY]
                closed += 1
            else:
                unchanged += 1
            continue
        for other in _rows_of(session, body_id, pid):
            if (other.until is None or other.until > since) and (
                until is None or until > other.since
            ):
                raise BodyError(
                    f"nothing imported: {pid} is already a member of {body_id} from {other.since}"
                )
        session.add(
            BodyMember(
                body_id=body_id,
                participant_id=pid,
                since=since,
                until=until,
                added_by=by[:MAX_BY],
                removed_by=by[:MAX_BY] if until else None,
            )
        )
        session.flush()
        added += 1
    session.flush()
    return MembersImport(added=added, closed=closed, unchanged=unchanged)


def _rows_of(session: Session, body_id: str, participant_id: str) -> list[BodyMember]:
    return list(
        session.scalars(
            select(BodyMember)
            .filter_by(body_id=body_id, participant_id=participant_id)
            .order_by(BodyMember.since)
        )
    )


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _named(value: str) -> str:
    return value if ID_SHAPE.fullmatch(value) else NOT_AN_ID
