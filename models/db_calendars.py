"""Calendars: personal calendar feeds (a secret URL per contact or account; only the secret's
hash is kept), who a meeting invites (so a feed shows a participant its meetings), and each feed
entry's stamp (SEQUENCE and LAST-MODIFIED move when the entry changes)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.db import Base, UTCDateTime, utcnow


class CalendarFeed(Base):
    """One issued feed URL. Issuing again revokes the owner's earlier one; a revoked row stays
    (who issued it, when it stopped) and its URL answers 404 like an unknown one."""

    __tablename__ = "calendar_feeds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    owner_kind: Mapped[str] = mapped_column(String(10), doc="contact or user")
    owner_id: Mapped[int] = mapped_column(Integer)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by: Mapped[str] = mapped_column(String(120), default="")
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class MeetingInvitee(Base):
    """A participant a meeting invites (as the meeting's projection last listed them)."""

    __tablename__ = "meeting_invitees"
    __table_args__ = (UniqueConstraint("meeting_id", "participant_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), index=True)
    participant_id: Mapped[str] = mapped_column(String(40), index=True)


class CalendarStamp(Base):
    """What a feed entry last looked like (a fingerprint of its time, title and place): when it
    changes, SEQUENCE goes up and LAST-MODIFIED is now, so calendars update the entry."""

    __tablename__ = "calendar_stamps"
    uid: Mapped[str] = mapped_column(String(250), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def project_invitees(session: Session, meeting_id: str, invitees: Iterable[str]) -> None:
    """The meeting's invitees as its status lists them (the same rows again on a retry)."""
    wanted = {p for p in invitees if p}
    have = set(
        session.scalars(
            select(MeetingInvitee.participant_id).where(MeetingInvitee.meeting_id == meeting_id)
        )
    )
    if have - wanted:
        session.execute(
            delete(MeetingInvitee).where(
                MeetingInvitee.meeting_id == meeting_id,
                MeetingInvitee.participant_id.in_(have - wanted),
            )
        )
    session.add_all(
        MeetingInvitee(meeting_id=meeting_id, participant_id=p) for p in sorted(wanted - have)
    )
