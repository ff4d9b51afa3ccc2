"""Who attended a meeting (recorded after it)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.db import Base, UTCDateTime


class MeetingAttendance(Base):
    """One participant represented at a meeting, as the Secretariat recorded it (the whole list
    is replaced when recorded again)."""

    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "participant_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    participant_id: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
