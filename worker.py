"""The ppflow worker: every workflow and activity, against the configured Temporal.

Run it alone with `python worker.py` (or `ppflow worker`); `ppflow run` starts it in-process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from temporalio.client import Client
from temporalio.worker import Worker

from activities.digest import DigestActivities
from activities.documents import DocumentActivities
from activities.knowledge import KnowledgeActivities
from activities.missions import MissionReportActivities
from activities.notices import NoticeActivities
from activities.plan_documents import PlanDocumentActivities
from activities.plan_records import PlanRecordActivities
from activities.profile_cycles import ProfileCycleActivities
from activities.records import RecordActivities
from models.connection import connect
from models.db import make_engine, make_sessionmaker
from models.settings import Settings
from ppflow.logs import configure_program
from ppflow.probes import WorkerProbes
from ppflow.profile_cycle_work import CycleWork
from ppflow.schedules import ensure_digest_schedule, ensure_search_attributes
from workflows import ALL_WORKFLOWS

log = logging.getLogger("ppflow.worker")


# Synchronous activities run in the executor: at least one thread for each activity the worker
# may run at once, so none waits for a thread while its timeout runs.
ACTIVITY_SLOTS = 16


def activity_executor() -> ThreadPoolExecutor:
    """The threads for synchronous activities: one for each activity slot."""
    return ThreadPoolExecutor(max_workers=ACTIVITY_SLOTS, thread_name_prefix="activity")


def build_worker(client: Client, settings: Settings, executor: ThreadPoolExecutor) -> Worker:
    """A worker with every workflow and activity; the caller owns the executor's life."""
    sessions = make_sessionmaker(make_engine(settings.effective_database_url))
    records = RecordActivities(sessions)
    documents = DocumentActivities(sessions)
    notices = NoticeActivities(sessions, settings)
    digests = DigestActivities(sessions, settings)
    missions = MissionReportActivities(sessions)
    plans = PlanRecordActivities(sessions)
    plan_documents = PlanDocumentActivities(sessions)
    # profile update cycles: the work starts drafts, so it gets this worker's Temporal client
    cycles = ProfileCycleActivities(CycleWork(client, sessions, settings))
    knowledge = KnowledgeActivities(sessions)
    return Worker(
        client,
        task_queue=settings.task_queue,
        workflows=ALL_WORKFLOWS,
        activities=[
            records.record_events,
            records.project_draft,
            records.project_draft_changes,
            records.project_round,
            records.project_silence,
            records.project_mission,
            records.project_meeting,
            documents.render_draft_document,
            documents.render_meeting_document,
            missions.render_mission_report,
            notices.send_notices,
            digests.send_digests,
            plans.record_plan_activities,
            plan_documents.render_compiled_plan,
            cycles.plan_profile_update,
            cycles.open_profile_edition,
            cycles.record_profile_update,
            knowledge.project_registration,
        ],
        activity_executor=executor,
        max_concurrent_activities=ACTIVITY_SLOTS,
        # a stop (SIGTERM, `async with` exit) lets running activities finish first
        graceful_shutdown_timeout=timedelta(seconds=settings.worker_graceful_shutdown_seconds),
    )


async def reach_temporal(settings: Settings, stop: asyncio.Event) -> Client | None:
    """Connect, waiting while Temporal is away (a restart, a deploy): a worker started before
    its server, or restarted while it is down, waits instead of exiting. None when stopped."""
    said = 0.0
    while not stop.is_set():
        try:
            return await connect(settings)
        except RuntimeError as e:
            if "connect" not in str(e).lower():
                raise
        if time.monotonic() - said > 60:
            log.warning(
                "waiting for Temporal at %s (namespace %s): start it (`make run` starts one) "
                "or set PPFLOW_TEMPORAL_ADDRESS",
                settings.effective_temporal_address,
                settings.temporal_namespace,
            )
            said = time.monotonic()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 2)
    return None


async def prepare_namespace(client: Client, settings: Settings) -> None:
    """ppflow's search attributes and the digest Schedule, once Temporal takes them (retried,
    never fatal: the worker runs on meanwhile)."""
    while True:
        try:
            added = await ensure_search_attributes(client)
            if added:
                log.info("search attributes added to %s: %s", client.namespace, ", ".join(added))
            await ensure_digest_schedule(client, settings)
            return
        except Exception as e:  # Temporal restarting, or no right to change the namespace
            log.warning("namespace not ready yet (%s); trying again in 30 s", e)
            await asyncio.sleep(30)


async def run_worker(settings: Settings, stop: asyncio.Event) -> None:
    # /healthz, /readyz and /metrics on PPFLOW_WORKER_HTTP_PORT (when set), from the start
    async with WorkerProbes(settings).serving(stop) as probes:
        await _run_worker(settings, stop, probes)


async def _run_worker(settings: Settings, stop: asyncio.Event, probes: WorkerProbes) -> None:
    client = await reach_temporal(settings, stop)
    if client is None:
        return
    probes.client = client
    with activity_executor() as executor:
        worker = build_worker(client, settings, executor)
        async with worker:
            probes.worker = worker
            schedule = asyncio.create_task(prepare_namespace(client, settings))
            log.info("worker polling task queue %s", settings.task_queue)
            await stop.wait()
            schedule.cancel()
            log.info(
                "stopping: no new tasks; running activities get up to %g s to finish",
                settings.worker_graceful_shutdown_seconds,
            )
        log.info("worker stopped")


async def main() -> None:
    configure_program(Settings(), "ppflow-worker")  # log lines; the name on its spans
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await run_worker(Settings(), stop)


if __name__ == "__main__":
    asyncio.run(main())
