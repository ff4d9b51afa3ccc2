"""The meeting workflow's contract: agenda, decisions, status.

Fields are only ever added (with defaults), so running workflows keep decoding their history.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from pydantic import Field

from models.base import MAX_COMMENT, DraftMeta, Model, SectionText
from models.domain import (
    Decision,
    MeetingKind,
)

# The note of an item the meeting closed without deciding (deferred).
NOT_REACHED = "Not reached at the meeting; deferred."


class DecisionRecord(Model):
    """Delivered from a meeting to the draft workflow."""

    meeting_id: str
    meeting_title: str
    meeting_place: str
    draft_id: str
    decision: Decision
    decided_at: datetime
    notes: str = ""
    reservations: list[str] = Field(default_factory=list)
    amendments: str = ""
    amended_sections: list[SectionText] = Field(default_factory=list)


class MeetingInput(Model):
    meeting_id: str
    kind: MeetingKind
    title: str
    place: str
    starts_at: datetime
    invitees: list[str]
    agenda_before: timedelta
    ends_at: datetime | None = None
    host: str = ""
    co_chairs: list[str] = Field(default_factory=list)


class AgendaItemRequest(Model):
    """Sent by a draft workflow that asks for endorsement at this meeting."""

    draft: DraftMeta
    version: int
    requested_at: datetime
    titles: dict[str, str] = Field(
        default_factory=dict, description="The draft's title in its other language versions."
    )


class AgendaItemWithdrawal(Model):
    """Sent by a draft that is withdrawn while it waits on this meeting's agenda."""

    draft_id: str
    reason: str = ""


class AgendaRefusal(Model):
    """Sent back to a draft whose agenda request this meeting cannot take (it is closed)."""

    meeting_id: str
    reason: str


class AgendaItem(Model):
    draft: DraftMeta
    version: int
    requested_at: datetime
    titles: dict[str, str] = Field(default_factory=dict, description="By language.")
    decision: Decision | None = None
    decided_at: datetime | None = None
    notes: str = ""
    reservations: list[str] = Field(default_factory=list)
    amendments: str = ""


class MeetingClose(Model):
    summary: str = Field(default="", max_length=MAX_COMMENT)


class AttendanceInput(Model):
    """Who was represented at the meeting: the whole list, replacing any earlier one."""

    participants: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        min_length=1, max_length=200, description="Participant ids."
    )


class MeetingStatus(Model):
    meeting_id: str
    kind: MeetingKind
    title: str
    place: str
    starts_at: datetime
    invitees: list[str]
    agenda: list[AgendaItem] = Field(default_factory=list)
    agenda_sent_at: datetime | None = None
    closed_at: datetime | None = None
    summary: str = ""
    agenda_artifact_id: str | None = None
    conclusions_artifact_id: str | None = None
    ends_at: datetime | None = None
    host: str = Field(default="", description="A participant id, or the host's name as written.")
    co_chairs: list[str] = Field(default_factory=list, description="Participant ids or names.")
    attendance: list[str] = Field(
        default_factory=list, description="The participants represented (ids), once recorded."
    )
    attendance_recorded_at: datetime | None = None
