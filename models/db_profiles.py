"""Migration profiles by country and edition, with their status (seeded from the seeds' list).

A row is one edition of one country's Extended Migration Profile. The seed step
(`ppflow.profiles.seed_profiles`) records the profiles the Process had before ppflow (no draft,
source "seed"); a draft started for a country adds the next edition, or takes over a seeded
edition still under preparation (source stays "seed", the draft id is set). The draft's
projection (`activities.profiles.project_profile`) keeps the row's status.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from models.db import Base, UTCDateTime, utcnow


class ProfileRow(Base):
    __tablename__ = "profiles"
    __table_args__ = (UniqueConstraint("country", "edition"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    country: Mapped[str] = mapped_column(String(40), index=True, doc="participant id")
    edition: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(30), doc="models.domain.ProfileStatus")
    draft_id: Mapped[str | None] = mapped_column(
        String(80), nullable=True, index=True, doc="none for a profile from before ppflow"
    )
    source: Mapped[str] = mapped_column(String(10), doc='"seed" or "draft"')
    endorsed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The update cycle (ppflow/profile_cycles.py), kept on the country's final and endorsed
    # edition: none until the Secretariat sets one; carried to the next edition at endorsement.
    cycle_months: Mapped[int | None] = mapped_column(Integer, nullable=True)
    cycle_paused: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    cycle_due: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cycle_fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cycle_note: Mapped[str | None] = mapped_column(String(300), nullable=True)
    cycle_opened_due: Mapped[datetime | None] = mapped_column(
        UTCDateTime, nullable=True, doc="the due moment an edition was last opened for"
    )
