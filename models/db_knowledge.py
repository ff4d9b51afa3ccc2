"""The restricted knowledge base: who asked to read it (one row per registration, kept by the
registration workflow's projection and by the Secretariat's revocation) and every page view and
download a reader made (the access log)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.db import Base, UTCDateTime, utcnow


class ReaderRow(Base):
    """One registration for the knowledge base, and the reader it makes once approved."""

    __tablename__ = "kb_readers"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    workflow_id: Mapped[str] = mapped_column(String(120), index=True)
    email: Mapped[str] = mapped_column(String(320), index=True, doc="lower case")
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="en")
    status: Mapped[str] = mapped_column(
        String(30), index=True, doc="models.contracts.reader_registration.ReaderStatus"
    )
    seq: Mapped[int] = mapped_column(Integer, default=0, doc="the projection's order")
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decide_by: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    decision_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(String(120), nullable=True)
    generation: Mapped[int] = mapped_column(Integer, default=0, doc="of the access link")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AccessRow(Base):
    """One page view or download by a reader: who, what, when."""

    __tablename__ = "kb_access_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reader_id: Mapped[str] = mapped_column(String(40), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(20), doc='"view" or "download"')
    what: Mapped[str] = mapped_column(String(300), doc="the page, or the file's name")
    artifact_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
