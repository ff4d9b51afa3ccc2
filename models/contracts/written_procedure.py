"""The written (silence) procedure workflow's contract.

Fields are only ever added (with defaults), so running workflows keep decoding their history.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from models.base import MAX_COMMENT, DraftMeta, Model
from models.domain import (
    SilenceOutcome,
)


class SilenceInput(Model):
    procedure_id: str
    draft: DraftMeta
    version: int
    invitees: list[str]
    deadline: datetime


class SilenceBreak(Model):
    participant_id: str
    contact_email: str | None = None
    reason: str = Field(min_length=3, max_length=MAX_COMMENT)


class SilenceStatus(Model):
    procedure_id: str
    draft_id: str
    version: int
    open: bool
    deadline: datetime
    invitees: list[str]
    outcome: SilenceOutcome | None = None
    broken_by: str | None = None
    reason: str | None = None
    closed_at: datetime | None = None


class SilenceResult(Model):
    procedure_id: str
    outcome: SilenceOutcome
    closed_at: datetime
    broken_by: str | None = None
    reason: str | None = None
    invitees: list[str] = Field(default_factory=list)
    draft_tells: bool = Field(
        default=False,
        description="The procedure mailed nothing of its end: the draft tells everyone, once.",
    )
