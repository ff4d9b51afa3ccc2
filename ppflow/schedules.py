"""Temporal Schedules ppflow keeps: the daily digest, and one per profile update cycle."""

from __future__ import annotations

from temporalio.client import Client

from models.settings import Settings


def digest_schedule_id(settings: Settings) -> str:
    return f"ppflow-digest-{settings.task_queue}"


def profile_cycle_schedule_id(settings: Settings, country: str) -> str:
    """One Schedule per country's profile update cycle (ppflow/profile_cycles.py keeps it)."""
    return f"ppflow-profile-cycle-{settings.task_queue}-{country}"


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


async def ensure_search_attributes(client: Client) -> list[str]:
    """Add ppflow's search attributes (Keyword) to the namespace where they are missing: a
    Temporal cluster run apart from ppflow knows nothing of them, and a draft cannot start
    without them. Returns the names added (every worker start calls this)."""
    from temporalio.api.enums.v1 import IndexedValueType
    from temporalio.api.operatorservice.v1 import (
        AddSearchAttributesRequest,
        ListSearchAttributesRequest,
    )

    from models.search import SEARCH_ATTRIBUTES

    known = await client.operator_service.list_search_attributes(
        ListSearchAttributesRequest(namespace=client.namespace)
    )
    missing = [key.name for key in SEARCH_ATTRIBUTES if key.name not in known.custom_attributes]
    if missing:
        await client.operator_service.add_search_attributes(
            AddSearchAttributesRequest(
                namespace=client.namespace,
                search_attributes={
                    name: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD for name in missing
                },
            )
        )
    return missing


async def ensure_retention(client: Client, days: int) -> None:
    """Keep closed workflows this long in the namespace (the embedded dev server's namespace
    keeps them one day unless told otherwise)."""
    from datetime import timedelta

    from google.protobuf.duration_pb2 import Duration
    from temporalio.api.namespace.v1 import NamespaceConfig, UpdateNamespaceInfo
    from temporalio.api.workflowservice.v1 import UpdateNamespaceRequest

    ttl = Duration()
    ttl.FromTimedelta(timedelta(days=days))
    await client.workflow_service.update_namespace(
        UpdateNamespaceRequest(
            namespace=client.namespace,
            update_info=UpdateNamespaceInfo(),
            config=NamespaceConfig(workflow_execution_retention_ttl=ttl),
        )
    )
