"""The expert mission workflow's contract.

Fields are only ever added (with defaults), so running workflows keep decoding their history.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import Field

from models.api import Expert, Finding
from models.base import MAX_SECTIONS, DraftMeta, Model
from models.domain import (
    MissionKind,
    MissionOutcome,
)


class MissionInput(Model):
    mission_id: str
    draft: DraftMeta
    country: str
    experts: list[Expert]
    starts_on: datetime
    ends_on: datetime
    findings_due: datetime
    reminder_before: list[timedelta] = Field(default_factory=list)
    sections: dict[str, list[str]] = Field(
        default_factory=dict, description="Titles of the sections the findings feed, by language."
    )
    brief: str = ""
    kind: MissionKind = MissionKind.EXPERT_MISSION


class MissionFindings(Model):
    expert_email: str
    findings: list[Finding] = Field(min_length=1, max_length=MAX_SECTIONS)


class MissionStatus(Model):
    mission_id: str
    draft_id: str
    country: str
    experts: list[Expert]
    starts_on: datetime
    ends_on: datetime
    findings_due: datetime
    open: bool
    outcome: MissionOutcome | None = None
    findings: list[Finding] = Field(default_factory=list)
    submitted_by: str | None = None
    reminders_sent: list[datetime] = Field(default_factory=list)
    kind: MissionKind = MissionKind.EXPERT_MISSION
    submitted_at: datetime | None = None
    report_artifact_id: str | None = Field(
        default=None, description="The mission report (.docx) in the draft's language."
    )


class MissionResult(Model):
    mission_id: str
    outcome: MissionOutcome
    closed_at: datetime
    findings: list[Finding] = Field(default_factory=list)
    submitted_by: str | None = None


class MissionStarted(Model):
    mission_id: str
    findings_due: datetime
    kind: MissionKind = MissionKind.EXPERT_MISSION
    experts: list[Expert] = Field(default_factory=list, description="The members and roles.")
