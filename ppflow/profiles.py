"""Extended Migration Profiles by country and edition: the seed (the profiles the Process had
before ppflow, as its factsheet lists them), the rule for starting a profile (the next edition,
or the continuation of a seeded one under preparation; never two live drafts for one country),
the board and the list the API and the CLI show.

A profile is kept up to date in cycles: starting a profile for a country that has one makes a
new edition (its title and slug say so, "… — edition 2"); the earlier edition stays final and
endorsed until the new one is endorsed, then it is "superseded". A seeded profile under
preparation has no draft: the first draft started for its country continues it (same edition).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from activities.profiles import SEED, next_edition, seeded_in_preparation
from models.api import DraftStart
from models.base import MAX_TITLE, slugify
from models.db import Draft, Participant, utcnow
from models.db_profiles import ProfileRow
from models.domain import DocumentType, Language, ParticipantKind, Phase, ProfileStatus
from ppflow.registry import RegistryError
from ppflow.service import Conflict

# The seeds' table of Extended Migration Profiles (factsheet: "Final and endorsed" / "Under
# preparation"), by participant id.
SEED_FINAL = ("AM", "AZ", "CZ", "HU", "KZ", "PL", "RO", "SK", "TJ", "UA")
SEED_PREPARING = ("BY", "GE", "KG", "RU", "TM", "UZ")
SLUG_MAX = 60
LIVE = [p.value for p in Phase if not p.is_closed]


def seed_profiles(session: Session) -> int:
    """Record the seeds' profiles as edition 1 of each country with none yet (idempotent);
    how many were added. A country missing from the registry is left out."""
    have = set(session.scalars(select(ProfileRow.country).distinct()))
    known = set(session.scalars(select(Participant.id)))
    seeds = [(c, ProfileStatus.FINAL_AND_ENDORSED) for c in SEED_FINAL] + [
        (c, ProfileStatus.UNDER_PREPARATION) for c in SEED_PREPARING
    ]
    added = [
        ProfileRow(country=c, edition=1, status=s.value, source=SEED, updated_at=utcnow())
        for c, s in seeds
        if c not in have and c in known
    ]
    session.add_all(added)
    session.flush()
    return len(added)


# ---------------------------------------------------------------- starting a profile


def resolve_country(session: Session, given: str) -> str:
    """The participant id a person means: "GE", "ge", "Georgia" or "Грузия"."""
    text = given.strip()
    if not text:
        raise RegistryError("a migration profile needs the country it is about")
    found = session.get(Participant, text.upper()) or session.get(Participant, text)
    if found is None:
        lowered = text.casefold()
        for p in session.scalars(select(Participant)):
            if lowered in (p.name.casefold(), (p.name_ru or "").casefold()):
                found = p
                break
    if found is None:
        raise RegistryError(
            "unknown country: give a participant's id or its name as the registry has it "
            "(for example GE or Georgia)"
        )
    return found.id


def live_profile(session: Session, country: str) -> str | None:
    """The id of the country's profile draft still being prepared, if there is one."""
    held = session.scalars(
        select(ProfileRow.draft_id).where(
            ProfileRow.country == country,
            ProfileRow.status == ProfileStatus.UNDER_PREPARATION.value,
            ProfileRow.draft_id.is_not(None),
        )
    ).first()
    if held is not None:
        draft = session.get(Draft, held)
        if draft is None or draft.phase in LIVE:  # not projected yet counts as live
            return held
    return session.scalars(  # a draft from before the profile table, or not projected into it
        select(Draft.id).where(
            Draft.document_type == DocumentType.MIGRATION_PROFILE.value,
            Draft.country == country,
            Draft.phase.in_(LIVE),
        )
    ).first()


def edition_words(edition: int, language: Language) -> str:
    return f"издание {edition}" if language == Language.RU else f"edition {edition}"


def prepare_start(session: Session, start: DraftStart) -> DraftStart:
    """A draft start as ppflow records it: the country by its id, the edition chosen (a profile
    under preparation refuses a second draft), an edition after the first in the title and the
    slug. Other documents pass through (without an edition)."""
    if start.document_type != DocumentType.MIGRATION_PROFILE:
        return start.model_copy(update={"edition": None})
    country = resolve_country(session, start.country or "")
    held = live_profile(session, country)
    if held is not None:
        name = session.get(Participant, country)
        raise Conflict(
            f"{name.name if name else country} has a migration profile under preparation "
            f"already: draft {held}. Continue that draft, or withdraw it before starting another."
        )
    seeded = seeded_in_preparation(session, country)
    edition = seeded.edition if seeded is not None else next_edition(session, country)
    update: dict[str, object] = {"country": country, "edition": edition}
    if edition > 1:
        words = edition_words(edition, start.language)
        if words not in start.title.casefold():
            suffix = f" — {words}"
            update["title"] = start.title[: MAX_TITLE - len(suffix)].rstrip() + suffix
        tail = f"-edition-{edition}"
        base = start.slug or slugify(start.title)
        if not base.endswith(tail):
            update["slug"] = base[: SLUG_MAX - len(tail)].rstrip("-") + tail
    return start.model_copy(update=update)


# ---------------------------------------------------------------- what the board, API, CLI show


class ProfileRead(BaseModel):
    """One edition of one country's migration profile."""

    country: str
    country_name: str
    country_name_ru: str
    edition: int
    status: ProfileStatus
    draft_id: str | None
    source: str
    endorsed_on: date | None
    updated_at: datetime
    cycle: str | None = None  # a final edition: "update_due" / "under_update" (its update cycle)


@dataclass
class BoardProfile:
    country: Participant
    row: ProfileRow
    earlier: list[int]  # superseded editions, oldest first
    cycle: str | None = None  # "update_due" / "under_update" (ppflow/profile_cycles.py)

    def name(self, language: str) -> str:
        c = self.country
        return c.name_ru if language == Language.RU.value and c.name_ru else c.name


@dataclass
class ProfileBoard:
    """The migration profiles by country, as the Secretariat publishes them: the latest final
    edition of each country, and every edition under preparation."""

    final: list[BoardProfile]
    under_preparation: list[BoardProfile]


def _rows(session: Session, country: str | None = None) -> list[tuple[ProfileRow, Participant]]:
    stmt = (
        select(ProfileRow, Participant)
        .join(Participant, Participant.id == ProfileRow.country)
        .order_by(Participant.name, ProfileRow.edition)
    )
    if country:
        stmt = stmt.where(ProfileRow.country == country)
    return [(r, p) for r, p in session.execute(stmt).tuples()]


def profile_board(session: Session) -> ProfileBoard:
    final: dict[str, BoardProfile] = {}
    preparing: list[BoardProfile] = []
    superseded: dict[str, list[int]] = {}
    for row, country in _rows(session):
        if row.status == ProfileStatus.SUPERSEDED.value:
            superseded.setdefault(country.id, []).append(row.edition)
        elif row.status == ProfileStatus.FINAL_AND_ENDORSED.value:
            final[country.id] = BoardProfile(country, row, [])
        else:
            preparing.append(BoardProfile(country, row, []))
    from ppflow.profile_cycles import board_state  # the update cycles (it imports this module)

    now = datetime.now(UTC)
    for entry in final.values():
        entry.earlier = superseded.get(entry.country.id, [])
        entry.cycle = board_state(session, entry.row, now)
    return ProfileBoard(list(final.values()), preparing)


def list_profiles(session: Session, country: str | None = None) -> list[ProfileRead]:
    """Every edition (of one country: by its id or name), by country name then edition."""
    from ppflow.profile_cycles import board_state  # the update cycles (it imports this module)

    wanted = resolve_country(session, country) if country else None
    now = datetime.now(UTC)
    return [
        ProfileRead(
            country=p.id,
            country_name=p.name,
            country_name_ru=p.name_ru,
            edition=r.edition,
            status=ProfileStatus(r.status),
            draft_id=r.draft_id,
            source=r.source,
            endorsed_on=r.endorsed_on,
            updated_at=r.updated_at,
            cycle=board_state(session, r, now)
            if r.status == ProfileStatus.FINAL_AND_ENDORSED.value
            else None,
        )
        for r, p in _rows(session, wanted)
    ]


def states(session: Session) -> list[Participant]:
    """The countries a profile can be about (the form's list)."""
    return list(
        session.scalars(
            select(Participant)
            .where(Participant.kind == ParticipantKind.STATE.value)
            .order_by(Participant.name)
        )
    )
