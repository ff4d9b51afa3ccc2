"""Steps the workflow tests share: a worker with stand-in activities on a fresh task queue, a
draft, a round, a meeting, answers, and how a refusal reads."""

from __future__ import annotations

import asyncio
import os
import re
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from temporalio.client import (
    Client,
    WorkflowExecutionStatus,
    WorkflowHandle,
    WorkflowUpdateFailedError,
)
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from models.api import (
    AnswerSubmit,
    CommentInput,
    CommentResolution,
    CommentResolutions,
    DraftStart,
)
from models.base import SectionText
from models.contracts.comment_round import RoundStart
from models.contracts.draft import DraftWorkflowInput
from models.contracts.meeting import MeetingInput
from models.domain import (
    DocumentType,
    MeetingKind,
    Position,
)
from tests.workflows.fakes import FakeActivities
from workflows import ALL_WORKFLOWS
from workflows.comment_round import CommentRoundWorkflow
from workflows.draft import DraftWorkflow
from workflows.meeting import MeetingWorkflow

INVITED = ["DE", "AM", "KZ"]


@contextmanager
def refused(reason: str) -> Iterator[None]:
    """The update is rejected, and the reason a user would read says why."""
    with pytest.raises(WorkflowUpdateFailedError) as info:
        yield
    assert re.search(reason, str(info.value.cause)), str(info.value.cause)


HISTORIES = Path(__file__).parent.parent / "histories"


async def keep_histories(client: Client, fakes: FakeActivities, test_name: str) -> None:
    """With PPFLOW_KEEP_HISTORIES=<release>, save every finished workflow's history for replay
    tests in tests/histories/<release>/ (each release's histories are kept)."""
    release = os.environ.get("PPFLOW_KEEP_HISTORIES")
    if not release:
        return
    folder = HISTORIES / release
    folder.mkdir(exist_ok=True)
    for index, workflow_id in enumerate(sorted(fakes.workflow_ids)):
        handle = client.get_workflow_handle(workflow_id)
        if (await handle.describe()).status == WorkflowExecutionStatus.RUNNING:
            continue
        history = await handle.fetch_history()
        path = folder / f"{test_name}-{index}-{workflow_kind(workflow_id)}.json"
        path.write_text(history.to_json())


def workflow_kind(workflow_id: str) -> str:
    parts = workflow_id.split("-")
    if parts[0] == "meeting":
        return "meeting"
    return parts[-2] if parts[-2] in ("round", "silence", "mission") else "draft"


async def worker_for(environment: WorkflowEnvironment, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A fresh task queue with stand-in activities on `environment`."""
    fakes = FakeActivities()
    queue = f"tq-{uuid.uuid4()}"
    with ThreadPoolExecutor(4) as ex:
        async with Worker(
            environment.client,
            task_queue=queue,
            workflows=ALL_WORKFLOWS,
            activities=fakes.all(),
            activity_executor=ex,
        ):
            yield environment, queue, fakes
            await keep_histories(environment.client, fakes, request.node.name)


async def ended(env: WorkflowEnvironment, handle: WorkflowHandle):  # type: ignore[no-untyped-def]
    """The result of a child workflow, letting virtual time pass until it ends.

    (Handles from `get_workflow_handle` do not unlock time skipping by themselves.)
    """
    for _ in range(200):
        for _ in range(20):  # it may just be finishing its last activities
            if (await handle.describe()).status != WorkflowExecutionStatus.RUNNING:
                return await handle.result()
            await asyncio.sleep(0.05)
        await env.sleep(timedelta(hours=6))
    raise AssertionError(f"{handle.id} did not end")


async def start_draft(
    client: Client,
    queue: str,
    kind: DocumentType = DocumentType.GUIDELINES,
    country: str | None = None,
) -> WorkflowHandle:
    start = DraftStart(
        title="Guidelines on concluding readmission agreements",
        slug=f"g-{uuid.uuid4().hex[:8]}",
        document_type=kind,
        lead_state="PL",
        country=country,
        sections=[
            SectionText(title="Introduction", text="Why."),
            SectionText(title="Principles", text="What."),
        ],
    )
    return await client.start_workflow(
        DraftWorkflow.run,
        DraftWorkflowInput(start=start),
        id=start.meta().draft_id,
        task_queue=queue,
    )


async def open_round(
    env: WorkflowEnvironment, draft: WorkflowHandle, days: int = 14, remind: list[int] | None = None
) -> WorkflowHandle:
    now = await env.get_current_time()
    summary = await draft.execute_update(
        DraftWorkflow.open_round,
        RoundStart(
            invitees=INVITED,
            deadline=now + timedelta(days=days),
            reminder_before=[timedelta(days=d) for d in (remind or [3])],
        ),
    )
    return env.client.get_workflow_handle_for(CommentRoundWorkflow.run, summary.round_id)


def answer(participant: str, position: Position = Position.COMMENTS) -> AnswerSubmit:
    return AnswerSubmit(
        participant_id=participant,
        position=position,
        reason="Needs national consultation"
        if position in (Position.RESERVATION, Position.OBJECTION)
        else None,
        comments=[
            CommentInput(
                section_id="s2", text=f"{participant} comment", proposed_text="Better text"
            )
        ],
    )


async def resolve_all(draft: WorkflowHandle) -> None:
    status = await draft.query(DraftWorkflow.status)
    pending = [c for c in status.state.comments if c.disposition is None]
    if pending:
        await draft.execute_update(
            DraftWorkflow.resolve_comments,
            CommentResolutions(
                resolutions=[
                    CommentResolution(comment_id=c.comment_id, disposition="accepted")
                    for c in pending
                ]
            ),
        )


async def start_meeting(env: WorkflowEnvironment, queue: str, days: int = 30) -> WorkflowHandle:
    meeting_id = f"meeting-som-{uuid.uuid4().hex[:6]}"
    return await env.client.start_workflow(
        MeetingWorkflow.run,
        MeetingInput(
            meeting_id=meeting_id,
            kind=MeetingKind.SOM,
            title="Senior Officials' Meeting",
            place="Budapest",
            starts_at=await env.get_current_time() + timedelta(days=days),
            invitees=INVITED + ["PL"],
            agenda_before=timedelta(days=7),
        ),
        id=meeting_id,
        task_queue=queue,
    )
