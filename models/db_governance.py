"""Governance bodies (Strategic Group, Core Group, NCP network) and their members over time;
the holders of the Presidency of the Council of the EU.

History is never lost: a membership row is closed (`until`) and a new one opened, a chair is a
new row from a date, a Presidency term is one row per half-year.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.db import Base, UTCDateTime, utcnow


class Body(Base):
    __tablename__ = "bodies"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # strategic_group
    name: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_ru: Mapped[str] = mapped_column(Text, default="")


class BodyMember(Base):
    """One participant's membership of a body from `since` until the day before `until`
    (None: still a member)."""

    __tablename__ = "body_members"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    body_id: Mapped[str] = mapped_column(ForeignKey("bodies.id"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"))
    since: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date, nullable=True)
    added_by: Mapped[str] = mapped_column(String(80), default="")
    removed_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)


class BodyChair(Base):
    """Who chairs a body from `since` (until the next row's `since`)."""

    __tablename__ = "body_chairs"
    __table_args__ = (UniqueConstraint("body_id", "since"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    body_id: Mapped[str] = mapped_column(ForeignKey("bodies.id"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"))
    since: Mapped[date] = mapped_column(Date)
    set_by: Mapped[str] = mapped_column(String(80), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)


class PresidencyTerm(Base):
    """The state holding the Presidency of the Council of the EU from `starts_on` to `ends_on`
    (both days included)."""

    __tablename__ = "presidency_terms"
    starts_on: Mapped[date] = mapped_column(Date, primary_key=True)
    ends_on: Mapped[date] = mapped_column(Date)
    holder_id: Mapped[str] = mapped_column(ForeignKey("participants.id"))
    set_by: Mapped[str] = mapped_column(String(80), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)
