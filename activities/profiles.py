"""A migration profile draft's edition in the read model: claimed when the draft is first
projected, final and endorsed when the draft is, given back when the draft is withdrawn or
rejected. Called from `RecordActivities.project_draft_changes` in its transaction; idempotent
(the same changes projected twice leave the same rows)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.base import DraftMeta
from models.contracts.draft import DraftChanges
from models.db_profiles import ProfileRow
from models.domain import Decision, Phase, ProfileStatus

SEED, DRAFT = "seed", "draft"
ENDORSING = (Decision.ENDORSED, Decision.ENDORSED_WITH_AMENDMENTS)
CYCLE_HOUR_UTC = 6  # a profile update cycle falls due at this hour (ppflow/profile_cycles.py)


def next_edition(session: Session, country: str) -> int:
    latest = session.scalar(select(func.max(ProfileRow.edition)).filter_by(country=country))
    return (latest or 0) + 1


def seeded_in_preparation(session: Session, country: str) -> ProfileRow | None:
    """A profile the Process had under preparation before ppflow, no draft taking it on yet."""
    return session.scalars(
        select(ProfileRow)
        .filter_by(
            country=country,
            status=ProfileStatus.UNDER_PREPARATION.value,
            source=SEED,
            draft_id=None,
        )
        .order_by(ProfileRow.edition.desc())
    ).first()


def claim(session: Session, meta: DraftMeta, at: datetime) -> ProfileRow:
    """The draft's edition: the one its start chose (`meta.edition`), or, for a draft started
    without one, a seeded edition under preparation or else the next one. An edition another
    draft holds already (two started at once) makes the next one: never a lost draft."""
    country = meta.country or ""
    row: ProfileRow | None = None
    if meta.edition is not None:
        row = session.scalars(
            select(ProfileRow).filter_by(country=country, edition=meta.edition)
        ).one_or_none()
        if row is None:
            row = ProfileRow(country=country, edition=meta.edition, source=DRAFT)
            session.add(row)
        elif row.draft_id not in (None, meta.draft_id):
            row = None
    elif (seeded := seeded_in_preparation(session, country)) is not None:
        row = seeded
    if row is None:
        row = ProfileRow(country=country, edition=next_edition(session, country), source=DRAFT)
        session.add(row)
    row.draft_id = meta.draft_id
    row.status = ProfileStatus.UNDER_PREPARATION.value
    row.updated_at = at
    return row


def endorsed_on(changes: DraftChanges) -> date:
    days = [
        e.decided_at.date()
        for e in changes.endorsements
        if e.decision in ENDORSING and e.decided_at is not None
    ]
    return days[-1] if days else changes.updated_at.date()


def project_profile(session: Session, changes: DraftChanges) -> None:
    """Keep the draft's profile row in step with the draft's phase."""
    meta = changes.meta
    if not meta.country:
        return
    row = session.scalars(select(ProfileRow).filter_by(draft_id=meta.draft_id)).first()
    if changes.phase in (Phase.WITHDRAWN, Phase.REJECTED):
        if row is not None and row.source == SEED:  # the seeded edition waits for another draft
            row.draft_id = None
            row.updated_at = changes.updated_at
        elif row is not None:
            session.delete(row)
        return
    if row is None:
        row = claim(session, meta, changes.updated_at)
        session.flush()
    row.updated_at = changes.updated_at  # the draft's last change (a rebuild writes the same)
    if changes.phase != Phase.FINAL:
        return
    if row.status == ProfileStatus.UNDER_PREPARATION.value:
        later = session.scalar(
            select(func.count()).where(
                ProfileRow.country == row.country,
                ProfileRow.edition > row.edition,
                ProfileRow.status != ProfileStatus.UNDER_PREPARATION.value,
            )
        )
        row.status = (ProfileStatus.SUPERSEDED if later else ProfileStatus.FINAL_AND_ENDORSED).value
        row.endorsed_on = endorsed_on(changes)
    if row.status == ProfileStatus.FINAL_AND_ENDORSED.value:
        for earlier in session.scalars(
            select(ProfileRow).where(
                ProfileRow.country == row.country,
                ProfileRow.edition < row.edition,
                ProfileRow.status == ProfileStatus.FINAL_AND_ENDORSED.value,
            )
        ):
            earlier.status = ProfileStatus.SUPERSEDED.value
            earlier.updated_at = changes.updated_at
            carry_cycle(earlier, row)


def carry_cycle(earlier: ProfileRow, row: ProfileRow) -> None:
    """The update cycle moves to the newly endorsed edition and starts again from its
    endorsement (ppflow/profile_cycles.py; its Schedule follows at its next firing)."""
    if not earlier.cycle_months or row.cycle_months:
        return
    row.cycle_months, row.cycle_paused = earlier.cycle_months, earlier.cycle_paused
    row.cycle_fired_at, row.cycle_note = earlier.cycle_fired_at, earlier.cycle_note
    base = row.endorsed_on or row.updated_at.date()
    month0 = base.month - 1 + row.cycle_months
    year, month = base.year + month0 // 12, month0 % 12 + 1
    day = min(base.day, 28) if month == 2 else min(base.day, 30 if month in (4, 6, 9, 11) else 31)
    row.cycle_due = datetime(year, month, day, CYCLE_HOUR_UTC, tzinfo=UTC)
    earlier.cycle_months, earlier.cycle_due, earlier.cycle_opened_due = None, None, None
