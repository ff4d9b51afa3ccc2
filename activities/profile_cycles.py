"""The activities of a profile's update cycle firing (workflows/profile_update.py). They are
thin: the work is the service layer's (`ppflow.profile_cycle_work.CycleWork`, which starts the
edition's draft on the path a user's start takes), handed in by the worker with its Temporal
client (activities sit below the service layer and import none of it)."""

from __future__ import annotations

from typing import Protocol

from temporalio import activity

from models.base import Ack
from models.contracts.profile_cycles import (
    ProfileCycles,
    ProfileUpdateInput,
    ProfileUpdateOutcome,
    ProfileUpdatePlan,
)


class CycleWork(Protocol):
    async def plan(self, request: ProfileUpdateInput) -> ProfileUpdatePlan: ...

    async def open(self, plan: ProfileUpdatePlan) -> ProfileUpdateOutcome: ...

    async def record(self, outcome: ProfileUpdateOutcome) -> None: ...


class ProfileCycleActivities(ProfileCycles):
    def __init__(self, work: CycleWork) -> None:
        self.work = work

    @activity.defn(name="plan_profile_update")
    async def plan_profile_update(self, request: ProfileUpdateInput) -> ProfileUpdatePlan:
        return await self.work.plan(request)

    @activity.defn(name="open_profile_edition")
    async def open_profile_edition(self, plan: ProfileUpdatePlan) -> ProfileUpdateOutcome:
        return await self.work.open(plan)

    @activity.defn(name="record_profile_update")
    async def record_profile_update(self, outcome: ProfileUpdateOutcome) -> Ack:
        await self.work.record(outcome)
        return Ack()
