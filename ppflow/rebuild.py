"""`ppflow db rebuild`: the read model made again from the workflows, after a database loss.

Temporal keeps the truth: every draft, round, written procedure, expert mission and meeting
answers its `status` query (a closed one too: a worker replays its history to answer), and every
batch of timeline events a workflow wrote is in its history as the input of a `record_events`
activity. The rebuild lists the workflows of the task queue through Temporal's visibility, asks
each for its status and feeds it to the same projection the workflow's own activity runs
(`activities.records.RecordActivities`), then replays the events of every run into the same
`record_events`. Every write is an idempotent upsert: a rebuild beside running workers, or run
twice, writes nothing twice.

What the rebuild cannot bring back (`STORES`) lives only in the database and must be backed up.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session, sessionmaker
from temporalio.api.enums.v1 import EventType, TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client, WorkflowExecution
from temporalio.exceptions import ApplicationError

from activities.records import RecordActivities
from models.activity_io import EventBatch
from models.base import Ack
from models.db import Round
from models.settings import Settings
from workflows import (
    ActionPlanWorkflow,
    CommentRoundWorkflow,
    DraftWorkflow,
    ExpertMissionWorkflow,
    MeetingWorkflow,
    WrittenProcedureWorkflow,
)
from workflows.action_plan_state import projection as plan_projection

# The read model's projections: what the rebuild writes again (models/db.py).
PROJECTIONS = (
    "drafts",
    "versions",
    "sections",
    "draft_translations",
    "section_translations",
    "rounds",
    "invitations",
    "answers",
    "comments",
    "dispositions",
    "missions",
    "mission_members",
    "meetings",
    "agenda_items",
    "meeting_attendance",
    "meeting_invitees",
    "decisions",
    "profiles",  # a draft's edition (the seeded editions come back with `ppflow db upgrade`)
    "events",
)

# What only the database holds: a rebuild cannot make it again; back it up.
STORES = {
    "payloads": "payloads over 128 KB of workflow histories (claim check): without them the "
    "workflows that carried such a payload cannot be replayed, queried or continued",
    "artifacts": "the Word files rendered (content by SHA-256)",
    "artifact_links": "which draft or meeting each Word file belongs to",
    "notices": "the outbox: which mail was sent to whom, and what is still to send",
    "link_grants": "reviewers' personal links: without them every link sent stops working "
    "(re-issue with `ppflow link reissue`)",
    "pending_answers": "answers by mail waiting for their confirmation",
    "saved_answers": "answers reviewers saved to finish later",
    "digest_preferences": "who gets the digest, how often",
    "users": "accounts of the web pages",
    "api_tokens": "personal API tokens (their hashes)",
    "participants": "the registry (the seed comes back with `ppflow db upgrade`, edits do not)",
    "contacts": "the registry's contacts (keep `ppflow registry export` too)",
    "body_members": "governance bodies' members and their history (keep `ppflow body export` "
    "too; the seed comes back with `ppflow db upgrade`, edits do not)",
    "body_chairs": "who chaired which body from when",
    "presidency_terms": "the Presidency's holders as the Secretariat corrected them",
    "plan_activities": "endorsed plans' activities as the Secretariat keeps them (lead, period, "
    "status, note)",
    "plan_activity_changes": "every change made to those activities since endorsement",
    "calendar_feeds": "personal calendar feeds (the hashes of their secret URLs): without them "
    "every subscribed calendar stops updating (issue new URLs on /calendar)",
    "calendar_stamps": "each calendar entry's SEQUENCE (lost: calendars may show a moved entry "
    "once more until its next change)",
    "kb_readers": "the knowledge base's readers and their decisions (a revoked reader stays "
    "revoked only through this table)",
    "kb_access_log": "who read what in the knowledge base",
}

# Each workflow type the read model projects: its status query and its projection, in the
# order they are written (a round, a procedure or a mission needs its draft's row first).
KINDS: list[tuple[str, Any, str]] = [
    ("DraftWorkflow", DraftWorkflow, "project_draft"),
    ("ActionPlanWorkflow", ActionPlanWorkflow, "project_draft_changes"),  # a draft row too
    ("CommentRoundWorkflow", CommentRoundWorkflow, "project_round"),
    ("WrittenProcedureWorkflow", WrittenProcedureWorkflow, "project_silence"),
    ("ExpertMissionWorkflow", ExpertMissionWorkflow, "project_mission"),
    ("MeetingWorkflow", MeetingWorkflow, "project_meeting"),
]
QUERY_SECONDS = 30.0
QUERIES_AT_ONCE = 8
WRITE_TRIES = 5


class RebuildError(RuntimeError):
    """The rebuild cannot start; the message says why and what to do."""


class RebuildReport(BaseModel):
    """What a rebuild wrote: workflows by type, runs read, events; and what failed, and why."""

    task_queue: str
    workflows: dict[str, int] = Field(default_factory=dict)
    runs: int = 0
    events: int = 0
    failed: dict[str, str] = Field(default_factory=dict)

    def lines(self) -> list[str]:
        """What `ppflow db rebuild` prints."""
        counts = ", ".join(f"{n} {LABELS[t]}" for t, n in self.workflows.items())
        out = [
            f"read model rebuilt from task queue {self.task_queue}: {counts}; {self.events} "
            f"event(s) from {self.runs} run(s)",
            "not rebuilt (only a backup brings them back): " + ", ".join(STORES),
        ]
        out += [f"could not rebuild {w}: {why}" for w, why in sorted(self.failed.items())]
        return out


LABELS = {
    "DraftWorkflow": "draft(s)",
    "ActionPlanWorkflow": "Action Plan(s)",
    "CommentRoundWorkflow": "comment round(s)",
    "WrittenProcedureWorkflow": "written procedure(s)",
    "ExpertMissionWorkflow": "expert mission(s)",
    "MeetingWorkflow": "meeting(s)",
}


@dataclass
class Found:
    """One workflow id of the task queue: its type and its runs (continue-as-new makes more)."""

    workflow_type: str
    runs: list[WorkflowExecution] = field(default_factory=list)

    @property
    def first_start(self) -> datetime | None:
        starts = [r.start_time for r in self.runs if r.start_time]
        return min(starts) if starts else None


def _quoted(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


async def workflows_of(client: Client, task_queue: str) -> dict[str, Found]:
    """Every ppflow workflow of the task queue, open and closed, with all their runs."""
    projected = {name for name, _, _ in KINDS}
    found: dict[str, Found] = {}
    async for execution in client.list_workflows(f"TaskQueue = {_quoted(task_queue)}"):
        if execution.workflow_type in projected:
            entry = found.setdefault(execution.id, Found(execution.workflow_type))
            entry.runs.append(execution)
    return found


async def require_worker(client: Client, task_queue: str) -> None:
    """A status is a worker's answer: refuse to start when no worker polls the task queue."""
    response = await client.workflow_service.describe_task_queue(
        DescribeTaskQueueRequest(
            namespace=client.namespace,
            task_queue=TaskQueue(name=task_queue),
            task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        )
    )
    if not response.pollers:
        raise RebuildError(
            f"no worker polls task queue {task_queue}: start one (`ppflow worker`, with the "
            "same PPFLOW_TEMPORAL_ADDRESS, PPFLOW_TASK_QUEUE and PPFLOW_DATABASE_URL) and run "
            "the rebuild again; the workflows' status is their worker's answer"
        )


def reason(error: BaseException) -> str:
    """One line on why a workflow could not be read (a payload missing, no answer)."""
    text = str(getattr(error, "message", "") or error) or type(error).__name__
    if "is not in this database" in text:
        return (
            f"{text}: restore the `payloads` table from the backup (a rebuild cannot make it)"
        )
    return text.splitlines()[0][:300]


async def rebuild_read_model(
    client: Client,
    sessions: sessionmaker[Session],
    settings: Settings,
    *,
    progress: Callable[[str], None] | None = None,
) -> RebuildReport:
    """Write every projection and event again from the workflows of `settings.task_queue`."""
    await require_worker(client, settings.task_queue)
    records = RecordActivities(sessions)
    report = RebuildReport(task_queue=settings.task_queue)
    found = await workflows_of(client, settings.task_queue)
    report.runs = sum(len(f.runs) for f in found.values())
    limit = asyncio.Semaphore(QUERIES_AT_ONCE)

    async def status_of(workflow_id: str, workflow_class: Any) -> Any:
        async with limit:
            handle = client.get_workflow_handle(workflow_id)  # its latest run
            return await handle.query(
                workflow_class.status, rpc_timeout=timedelta(seconds=QUERY_SECONDS)
            )

    for type_name, workflow_class, projection_name in KINDS:
        ids = sorted(i for i, f in found.items() if f.workflow_type == type_name)
        statuses = await asyncio.gather(
            *(status_of(i, workflow_class) for i in ids), return_exceptions=True
        )
        project = getattr(records, projection_name)
        written = 0
        for workflow_id, status in zip(ids, statuses, strict=True):
            if isinstance(status, BaseException):
                report.failed[workflow_id] = reason(status)
                continue
            try:
                if type_name == "WrittenProcedureWorkflow":
                    await asyncio.to_thread(
                        _project_procedure, sessions, project, status, found[workflow_id]
                    )
                elif type_name == "ActionPlanWorkflow":
                    await asyncio.to_thread(_write, project, plan_projection(status.state))
                else:
                    await asyncio.to_thread(_write, project, status)
            except Exception as e:  # a draft missing (its query failed above), a database error
                report.failed[workflow_id] = reason(e)
                continue
            written += 1
        report.workflows[type_name] = written
        if progress:
            progress(f"{written} {LABELS[type_name]} projected")

    for workflow_id, entry in sorted(found.items()):
        for run in entry.runs:
            try:
                batches = await events_of(client, workflow_id, run.run_id)
                for batch in batches:
                    await asyncio.to_thread(_write, records.record_events, batch)
                    report.events += len(batch.events)
            except Exception as e:
                report.failed.setdefault(workflow_id, f"events of run {run.run_id}: {reason(e)}")
    if progress:
        progress(f"{report.events} event(s) recorded")
    return report


async def events_of(client: Client, workflow_id: str, run_id: str | None) -> list[EventBatch]:
    """The event batches one run wrote: the inputs of its `record_events` activities."""
    batches = []
    handle = client.get_workflow_handle(workflow_id, run_id=run_id)
    async for event in handle.fetch_history_events():
        if event.event_type != EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            continue
        attributes = event.activity_task_scheduled_event_attributes
        if attributes.activity_type.name != "record_events":
            continue
        (batch,) = await client.data_converter.decode(attributes.input.payloads, [EventBatch])
        batches.append(batch)
    return batches


def _write(project: Callable[[Any], Ack], value: Any) -> None:
    """One projection call; a write that met a worker's concurrent one is tried again."""
    for attempt in range(WRITE_TRIES):
        try:
            project(value)
            return
        except ApplicationError:
            if attempt == WRITE_TRIES - 1:
                raise
    raise AssertionError("unreachable")


def _project_procedure(
    sessions: sessionmaker[Session], project: Callable[[Any], Ack], status: Any, found: Found
) -> None:
    """A written procedure's status does not carry its opening time: a row the rebuild makes
    takes the time its workflow started (the projection would take the time of the rebuild)."""
    with sessions() as session:
        existed = session.get(Round, status.procedure_id) is not None
    _write(project, status)
    if not existed and found.first_start is not None:
        with sessions.begin() as session:
            row = session.get(Round, status.procedure_id)
            if row is not None:
                row.opened_at = found.first_start

