"""The comment round workflow's contract: its input, answers, status and result.

Fields are only ever added (with defaults), so running workflows keep decoding their history.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import Field

from models.api import CommentInput
from models.base import DraftMeta, Model
from models.domain import (
    Position,
    RoundOutcome,
)


class RoundStart(Model):
    """What the draft workflow asks of a comment round (the invitees already resolved)."""

    invitees: list[str] = Field(min_length=1)
    deadline: datetime
    reminder_before: list[timedelta] = Field(default_factory=list)
    acted_by: str | None = None  # who opened it, for the timeline


class RoundInput(Model):
    """Input of CommentRoundWorkflow."""

    round_id: str
    number: int
    draft: DraftMeta
    version: int
    section_ids: list[str]
    invitees: list[str]
    deadline: datetime
    reminder_before: list[timedelta] = Field(default_factory=list)
    titles: dict[str, str] = Field(
        default_factory=dict, description="The draft's title in its other languages."
    )


class Answer(Model):
    participant_id: str
    contact_email: str | None = None
    position: Position
    reason: str | None = None
    comments: list[CommentInput] = Field(default_factory=list)
    received_at: datetime
    revision: int = 1


class AnswerReceipt(Model):
    round_id: str
    participant_id: str
    position: Position
    comments: int
    revision: int
    received_at: datetime


class RoundStatus(Model):
    round_id: str
    number: int
    draft_id: str
    version: int
    open: bool
    opened_at: datetime
    deadline: datetime
    closed_at: datetime | None = None
    outcome: RoundOutcome | None = None
    invitees: list[str]
    answers: list[Answer] = Field(default_factory=list)
    reminders_sent: list[datetime] = Field(default_factory=list)

    @property
    def not_answered(self) -> list[str]:
        answered = {a.participant_id for a in self.answers}
        return [p for p in self.invitees if p not in answered]


class RoundDeadline(Model):
    """Sent by a round to its draft when its deadline moves, so every page shows the new one."""

    round_id: str
    deadline: datetime


class RoundResult(Model):
    """Delivered to the draft when a round closes."""

    round_id: str
    number: int
    outcome: RoundOutcome
    closed_at: datetime
    invitees: list[str]
    answers: list[Answer]
