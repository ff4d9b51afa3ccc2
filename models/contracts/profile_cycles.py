"""A profile update cycle's firing (workflows/profile_update.py): its input, what it decides,
and the activities it calls (implemented in activities/profile_cycles.py). Activity names are
the types in history: never rename one."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field
from temporalio import activity

from models.api import DraftStart, TranslationSubmit
from models.base import Ack, Model


class Firing(StrEnum):
    SCHEDULE = "schedule"  # the profile's Schedule fell due
    TRIGGER = "trigger"  # the Secretariat: "update now"


class ProfileUpdateInput(Model):
    """One firing of one country's update cycle."""

    country: str = Field(min_length=1, max_length=40)
    due: datetime | None = Field(
        default=None, description="The due moment the Schedule was set for (none: triggered)."
    )
    firing: Firing = Firing.SCHEDULE
    schedule_id: str | None = None
    key: str | None = Field(
        default=None, max_length=20, description="A trigger's own: its edition's slug ends so."
    )


class Verdict(StrEnum):
    OPEN = "open"  # open the next edition
    LIVE = "live"  # an edition is under preparation already: nothing to do
    NOT_DUE = "not_due"  # the cycle restarted or moved since the Schedule was set
    PAUSED = "paused"
    DONE = "done"  # an edition was opened for this due moment already
    NO_PROFILE = "no_profile"  # nothing endorsed to update, or no cycle


class ProfileUpdatePlan(Model):
    """What a firing does, decided from the read model (and the endorsed text)."""

    request: ProfileUpdateInput
    verdict: Verdict
    due: datetime | None = None
    live_draft: str | None = None
    start: DraftStart | None = None
    translation: TranslationSubmit | None = None
    edition: int | None = None
    note: str = ""
    secretariat: str | None = Field(default=None, description="The Secretariat's address.")


class ProfileUpdateOutcome(Model):
    plan: ProfileUpdatePlan
    draft_id: str | None = None
    reference: str | None = None
    at: datetime


class ProfileCycles:
    """The firing's activities (idempotent)."""

    @activity.defn(name="plan_profile_update")
    async def plan_profile_update(self, request: ProfileUpdateInput) -> ProfileUpdatePlan:
        raise NotImplementedError

    @activity.defn(name="open_profile_edition")
    async def open_profile_edition(self, plan: ProfileUpdatePlan) -> ProfileUpdateOutcome:
        """Start the edition's draft (the user's path), then its other language version."""
        raise NotImplementedError

    @activity.defn(name="record_profile_update")
    async def record_profile_update(self, outcome: ProfileUpdateOutcome) -> Ack:
        """Write what the firing did on the profile, and bring its Schedule in step."""
        raise NotImplementedError
