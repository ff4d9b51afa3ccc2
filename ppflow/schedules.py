"""Temporal Schedules ppflow keeps: the daily digest."""

from __future__ import annotations

from temporalio.client import Client

from models.settings import Settings


def digest_schedule_id(settings: Settings) -> str:
    return f"ppflow-digest-{settings.task_queue}"


async def ensure_digest_schedule(client: Client, settings: Settings) -> str:
    """Create the daily digest Schedule unless it exists (every worker start calls this)."""
    from temporalio.client import (
        Schedule,
        ScheduleActionStartWorkflow,
        ScheduleAlreadyRunningError,
        ScheduleCalendarSpec,
        ScheduleOverlapPolicy,
        SchedulePolicy,
        ScheduleRange,
        ScheduleSpec,
    )

    from models.base import Empty

    schedule_id = digest_schedule_id(settings)
    schedule = Schedule(
        action=ScheduleActionStartWorkflow(
            "DigestWorkflow",
            Empty(),
            id=f"{schedule_id}-run",
            task_queue=settings.task_queue,
        ),
        spec=ScheduleSpec(
            calendars=[ScheduleCalendarSpec(hour=[ScheduleRange(settings.digest_hour_utc)])]
        ),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
    )
    try:
        await client.create_schedule(schedule_id, schedule)
    except ScheduleAlreadyRunningError:
        pass
    return schedule_id
