"""The registry of participants and their contacts: seeding, CSV import/export, invitee lists."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.api import InviteeSelection
from models.db import Contact, Participant
from models.domain import Language, ParticipantKind
from models.registry import SEED_PARTICIPANTS

CSV_COLUMNS = ["participant_id", "name", "email", "language", "rank"]
# One address, nothing a mail header would read as a name, a group or a second address.
EMAIL_RE = re.compile(r"^[^@\s<>\"(),;:\\\[\]]+@[^@\s<>\"(),;:\\\[\]]+\.[^@\s<>\"(),;:\\\[\]]+$")
MAX_NAME, MAX_EMAIL, MAX_RANK = 200, 320, 1_000_000  # the columns' sizes
ID_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,40}")  # DE, FRONTEX
NOT_AN_ID = "(something that is not a participant id)"
# A cell a spreadsheet would run as a formula (=HYPERLINK(...), +, -, @, or after a tab or CR):
# the export puts a quote before it, and the import takes that quote off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class RegistryError(ValueError):
    """A name the registry does not know, or a bad contact row; the message says which."""


class ImportReport(BaseModel):
    imported: int
    participants: int


def seed_registry(session: Session) -> int:
    """Add every seed participant missing from the registry, with a placeholder contact."""
    known = set(session.scalars(select(Participant.id)))
    missing = [seed for seed in SEED_PARTICIPANTS if seed.id not in known]
    session.add_all(
        Participant(
            id=s.id,
            name=s.name,
            name_ru=s.name_ru,
            kind=s.kind.value,
            group=s.group.value,
            language=s.language.value,
            active=True,
        )
        for s in missing
    )
    session.flush()  # participants before their contacts (no ORM relationship orders them)
    session.add_all(
        Contact(
            participant_id=s.id,
            name=f"NCP {s.name}",
            email=s.placeholder_email,
            rank=0,
            placeholder=True,
        )
        for s in missing
        if s.kind != ParticipantKind.EU_PRESIDENCY  # a seat: its holder's contacts are mailed
    )
    session.flush()
    from ppflow.bodies import seed_governance  # bodies builds on this module

    seed_governance(session)
    return len(missing)


def list_participants(session: Session) -> list[Participant]:
    return list(session.scalars(select(Participant).order_by(Participant.id)))


def get_participant(session: Session, participant_id: str) -> Participant | None:
    return session.get(Participant, participant_id)


def contacts_for(session: Session, participant_id: str) -> list[Contact]:
    return list(
        session.scalars(
            select(Contact)
            .filter_by(participant_id=participant_id)
            .order_by(Contact.rank, Contact.id)
        )
    )


def require_participants(session: Session, ids: list[str]) -> None:
    """Raise naming every id the registry does not know (and what is no id at all as such:
    the reason never repeats free text)."""
    known = set(session.scalars(select(Participant.id).where(Participant.id.in_(ids))))
    unknown = [i if ID_SHAPE.fullmatch(i) else NOT_AN_ID for i in ids if i not in known]
    if unknown:
        raise RegistryError(f"unknown participant: {', '.join(dict.fromkeys(unknown))}")


def resolve_invitees(
    session: Session, selection: InviteeSelection, on: date | None = None
) -> list[str]:
    """The participant ids a selection means on a day (today, UTC, by default): everyone, whole
    groups, governance bodies' members that day, named participants; the Presidency of the
    Council of the EU as the state holding it that day (once, if invited anyway)."""
    from ppflow import bodies  # bodies builds on this module

    on = on or datetime.now(UTC).date()
    require_participants(session, selection.participants)
    unknown = bodies.unknown_bodies(session, selection.bodies)
    if unknown:
        raise RegistryError(f"unknown body: {', '.join(unknown)}")
    query = select(Participant.id).where(Participant.active.is_(True))
    chosen: set[str] = set(selection.participants)
    if selection.everyone:
        chosen |= set(session.scalars(query))
    elif selection.groups:
        groups = [g.value for g in selection.groups]
        chosen |= set(session.scalars(query.where(Participant.group.in_(groups))))
    for body_id in dict.fromkeys(selection.bodies):
        members = bodies.members_on(session, body_id, on)
        chosen |= set(session.scalars(query.where(Participant.id.in_(members))))
    if bodies.PRESIDENCY in chosen:
        chosen.discard(bodies.PRESIDENCY)
        holder = bodies.presidency_holder(session, on)
        if holder is not None:
            chosen.add(holder)
        elif bodies.PRESIDENCY in selection.participants:
            raise RegistryError(f"no state is recorded as holding the Presidency on {on}")
    return sorted(chosen)


def import_contacts_csv(session: Session, text: str) -> ImportReport:
    """Import contacts; one bad row and nothing changes, with every bad row named."""
    if "\x00" in text:
        raise RegistryError("nothing imported: the CSV contains a NUL character; remove it")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("participant_id", "email") if c not in (reader.fieldnames or [])]
    if missing:
        raise RegistryError(
            f"the CSV needs the columns {', '.join(CSV_COLUMNS)}; missing: {', '.join(missing)}"
        )
    known = set(session.scalars(select(Participant.id)))
    rows, errors = [], []
    for line, row in enumerate(reader, start=2):
        pid = (row.get("participant_id") or "").strip()
        name = _unquoted((row.get("name") or "").strip())
        email = _unquoted((row.get("email") or "").strip())
        language = (row.get("language") or "").strip().lower() or None
        rank = (row.get("rank") or "0").strip() or "0"
        problems = []
        if pid not in known:
            problems.append(f"unknown participant '{pid}'")
        if len(email) > MAX_EMAIL or not EMAIL_RE.match(email):
            problems.append("the e-mail is not one plain address (name@domain)")
        if len(name) > MAX_NAME:
            problems.append(f"the name is longer than {MAX_NAME} characters")
        if language and language not in {lang.value for lang in Language}:
            problems.append("language must be en or ru")
        if not (rank.isascii() and rank.isdigit() and int(rank) <= MAX_RANK):
            problems.append(f"rank must be a whole number from 0 to {MAX_RANK:,}")
        if problems:
            errors.append(f"line {line}: {'; '.join(problems)}")
        else:
            rows.append((pid, name, email.lower(), language, int(rank)))
    if errors:
        raise RegistryError("nothing imported: " + " | ".join(errors))
    if not rows:
        raise RegistryError("nothing imported: the CSV has no rows")
    for pid in {r[0] for r in rows}:
        for placeholder in session.scalars(
            select(Contact).filter_by(participant_id=pid, placeholder=True)
        ):
            session.delete(placeholder)
    session.flush()
    for pid, name, email, language, rank in rows:
        contact = session.scalars(
            select(Contact).filter_by(participant_id=pid, email=email)
        ).first()
        if contact is None:
            contact = Contact(participant_id=pid, email=email)
            session.add(contact)
        contact.name, contact.language, contact.rank, contact.placeholder = (
            name,
            language,
            rank,
            False,
        )
    session.flush()
    return ImportReport(imported=len(rows), participants=len({r[0] for r in rows}))


def export_contacts_csv(session: Session) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for c in session.scalars(select(Contact).order_by(Contact.participant_id, Contact.rank)):
        cells = [c.participant_id, c.name, c.email, c.language or "", str(c.rank)]
        writer.writerow([_defused(cell) for cell in cells])
    return out.getvalue()


def _defused(cell: str) -> str:
    """A cell as text to a spreadsheet, never a formula."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def _unquoted(cell: str) -> str:
    """A cell as `_defused` wrote it, back as it was."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell
