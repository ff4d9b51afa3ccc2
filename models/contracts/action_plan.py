"""The Action Plan as one document: a parent draft whose parts are drafts of their own.

`PlanActivitiesRecord` is what the plan's workflow hands to the read model when the whole plan
is endorsed (activities/plan_records.py): one row per activity, numbered across the parts.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from models.base import Model
from models.domain import ThematicArea


class PlanActivity(Model):
    """One activity of the plan: a section of one part, numbered across the whole plan."""

    number: int = Field(ge=1)
    part_draft_id: str
    section_id: str
    title: str
    lead: str = Field(description="The part's lead state (participant id).")
    thematic_area: ThematicArea | None = None


class PlanActivitiesRecord(Model):
    plan_id: str = Field(description="The parent draft's id (draft-<slug>).")
    endorsed_at: datetime
    source_id: str = Field(description="The meeting (or procedure) that endorsed the plan.")
    activities: list[PlanActivity]
