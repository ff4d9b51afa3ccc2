"""The activities of an endorsed Action Plan: number, lead, period, status."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.db import Base, UTCDateTime, utcnow


class PlanActivityRow(Base):
    """One activity of an endorsed plan, as the Secretariat keeps it up to date.

    Written once when the plan is endorsed (activities/plan_records.py); from then on the lead,
    the period, the status and the note are the Secretariat's (ppflow/plan_activities.py)."""

    __tablename__ = "plan_activities"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(String(80), index=True)
    number: Mapped[int] = mapped_column(Integer)
    part_draft_id: Mapped[str] = mapped_column(String(80))
    section_id: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    thematic_area: Mapped[str | None] = mapped_column(String(40), nullable=True)
    lead: Mapped[str] = mapped_column(String(40), doc="participant id")
    # The period as the Secretariat gives it, in months: "2012-01" to "2013-12" (either open).
    start_month: Mapped[str | None] = mapped_column(String(7), nullable=True)
    end_month: Mapped[str | None] = mapped_column(String(7), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="planned", index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    endorsed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source_id: Mapped[str] = mapped_column(String(120), doc="meeting or written procedure id")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_by: Mapped[str | None] = mapped_column(
        String(120), nullable=True, doc="who last changed it (None: as endorsed)"
    )


class PlanActivityChange(Base):
    """One change the Secretariat made to an activity: what it was, what it became, and why."""

    __tablename__ = "plan_activity_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(String(80), index=True)
    number: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by: Mapped[str] = mapped_column(String(120))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    from_lead: Mapped[str] = mapped_column(String(40))
    to_lead: Mapped[str] = mapped_column(String(40))
    # "2012-01/2013-12" ("" when no period, "2012-01/" when only a start)
    from_period: Mapped[str] = mapped_column(String(15), default="")
    to_period: Mapped[str] = mapped_column(String(15), default="")
    note: Mapped[str] = mapped_column(Text, default="")
