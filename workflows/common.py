"""What every workflow shares: how activities are called (by method reference on the interfaces
in models/contracts/activities.py, so no workflow imports SQLAlchemy, python-docx or aiosmtplib),
their timeouts and retry policies, and the effects queue.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy

from workflows.event_lines import Details, as_text

with workflow.unsafe.imports_passed_through():
    from pydantic import BaseModel

    from models.activity_io import (
        DocumentRequest,
        EventBatch,
        EventRecord,
        MeetingDocumentRequest,
        NoticeReport,
        NoticeRequest,
    )
    from models.base import Ack, ArtifactRef
    from models.contracts.activities import Documents, Notices, Records


# A projection or event write is a local database call: retry quickly, forever.
RECORD_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=1)
)
# Bad input fails a rendering at once (non-retryable); anything else (the database refusing the
# stored file, a worker killed) is retried until it passes, as a projection is.
# A rendering heartbeats while it runs (activities/documents.py): a killed worker's rendering is
# retried on another after this, not after the whole start-to-close timeout.
RENDER_HEARTBEAT = timedelta(seconds=15)
DOCUMENT_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=2), maximum_interval=timedelta(minutes=1)
)
# A relay may be down for hours: notices wait and go out when it returns.
NOTICE_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=5), maximum_interval=timedelta(minutes=5)
)


def later(moment: datetime) -> timedelta:
    """Time from now until `moment` (zero when it has passed)."""
    return max(moment - workflow.now(), timedelta(0))


class Effects:
    """Side effects a workflow queues from its handlers and the run loop carries out in order.

    Handlers stay fast and never wait on I/O; the run loop flushes events and projections, and
    notices and documents run in the background so a relay outage never blocks an answer.
    """

    def __init__(self, workflow_id: str) -> None:
        self.workflow_id = workflow_id
        self.events: list[EventRecord] = []
        self.dirty = True
        self.counter = 0
        self.background: list[asyncio.Task[object]] = []

    def event(
        self,
        kind: str,
        summary: str,
        *,
        draft_id: str | None = None,
        meeting_id: str | None = None,
        actor: str | None = None,
        details: Details = None,
    ) -> None:
        self.counter += 1
        self.events.append(
            EventRecord(
                event_id=f"{self.workflow_id}:{workflow.info().run_id}:{self.counter}",
                workflow_id=self.workflow_id,
                draft_id=draft_id,
                meeting_id=meeting_id,
                kind=kind,
                at=workflow.now(),
                summary=summary,
                actor=actor,
                details=as_text(details),
            )
        )
        self.dirty = True

    @property
    def pending(self) -> bool:
        return self.dirty or bool(self.events)

    def spawn(self, work: Awaitable[object]) -> None:
        async def _run() -> object:
            return await work

        self.background.append(asyncio.ensure_future(_run()))

    @property
    def busy(self) -> bool:
        self.background = [t for t in self.background if not t.done()]
        return bool(self.background)

    async def flush(self, projection: Projection, snapshot: Callable[[], Any]) -> bool:
        """Write queued events, then the state as it is now into the read model (the snapshot is
        taken right before the write). True when a projection was written."""
        while self.events:
            batch = self.events[:100]
            await workflow.execute_activity_method(
                Records.record_events,
                EventBatch(events=batch),
                start_to_close_timeout=timedelta(seconds=30),
                retry_policy=RECORD_RETRY,
            )
            del self.events[: len(batch)]
        if not self.dirty:
            return False
        self.dirty = False
        await workflow.execute_activity_method(
            projection,
            snapshot(),
            start_to_close_timeout=timedelta(seconds=60),
            retry_policy=RECORD_RETRY,
        )
        return True

    async def drain(self) -> None:
        """Wait for background notices and documents (before the workflow ends)."""
        while self.busy:
            if workflow.patched("drain-outlives-cancellation"):
                # A cancellation reaching the workflow as it ends (a draft withdrawn while its
                # round closes) stops the wait, not the mails and files on their way out.
                waiting = list(self.background)
                await workflow.wait(waiting)
                for task in waiting:
                    task.result()  # a failure fails the workflow task, as before
            else:
                await asyncio.gather(*self.background)

    async def settle(self, projection: Projection, status: Callable[[], Any]) -> None:
        """Before a workflow ends: handlers done, last state written, mails and files out."""
        await workflow.wait_condition(workflow.all_handlers_finished)
        await self.flush(projection, status)
        await self.drain()


# A projection activity of models/contracts/activities.py `Records`.
Projection = Callable[[Any, Any], Ack]


async def run_until_closed(
    effects: Effects,
    flush: Callable[[], Awaitable[None]],
    closed: Callable[[], bool],
    continue_as_new: Callable[[], None],
) -> None:
    """A draft's (or plan's) life: write what is pending as it comes, continue as new when
    Temporal suggests it (settled first), and settle once closed."""
    while True:
        await workflow.wait_condition(
            lambda: (
                bool(effects.pending)
                or closed()
                or workflow.info().is_continue_as_new_suggested()
            )
        )
        await flush()
        if closed():
            break
        if workflow.info().is_continue_as_new_suggested():
            await settle(effects, flush)
            if closed():
                break
            continue_as_new()
    await settle(effects, flush)


async def settle(effects: Effects, flush: Callable[[], Awaitable[None]]) -> None:
    """Handlers done, background work done, and nothing left unwritten: a signal may land
    during any write, so write until nothing is pending (no await follows the last check)."""
    while True:
        await workflow.wait_condition(lambda: workflow.all_handlers_finished() and not effects.busy)
        if not effects.pending:
            return
        await flush()


async def send_notice(request: NoticeRequest) -> NoticeReport:
    """Sends heartbeat while they go out: a stalled attempt is retried after the heartbeat
    timeout, a slow relay or the rate limit may take as long as the whole notice needs."""
    return await workflow.execute_activity_method(
        Notices.send_notices,
        request,
        start_to_close_timeout=timedelta(minutes=30),
        heartbeat_timeout=timedelta(seconds=30),  # the relay's timeout (smtp_timeout)
        retry_policy=NOTICE_RETRY,
    )


async def render_document(request: DocumentRequest) -> ArtifactRef:
    return await workflow.execute_activity_method(
        Documents.render_draft_document,
        request,
        start_to_close_timeout=timedelta(minutes=10),
        heartbeat_timeout=RENDER_HEARTBEAT,
        retry_policy=DOCUMENT_RETRY,
    )


async def render_meeting_document(request: MeetingDocumentRequest) -> ArtifactRef:
    return await workflow.execute_activity_method(
        Documents.render_meeting_document,
        request,
        start_to_close_timeout=timedelta(minutes=10),
        heartbeat_timeout=RENDER_HEARTBEAT,
        retry_policy=DOCUMENT_RETRY,
    )


async def report_to_draft(draft_id: str, signal: str, result: BaseModel) -> bool:
    """A child's result reaches its draft (or a draft's request its meeting) by signal; the
    target may have continued-as-new. False when it has ended (final, withdrawn) or never
    existed: the caller records that on its timeline and carries on."""
    try:
        await workflow.get_external_workflow_handle(draft_id).signal(signal, result)
    except Exception as e:  # the target has ended: nothing there to take the result
        workflow.logger.info("%s could not reach %s: %s", signal, draft_id, e)
        return False
    return True


def require_open(closed: bool, deadline: datetime, what: str) -> None:
    """Validators of rounds and procedures: refuse once closed or past the deadline."""
    if closed:
        raise ValueError(f"{what} is closed")
    if workflow.now() >= deadline:
        raise ValueError(f"the deadline of {what} has passed")


def require_later(new: datetime, current: datetime) -> None:
    if new <= current:
        raise ValueError("the new deadline must be later than the current one")


async def wait_until(condition: Callable[[], bool], deadline: datetime | None) -> bool:
    """Wait for `condition` or `deadline`; True when the condition holds first."""
    if deadline is None:
        await workflow.wait_condition(condition)
        return True
    remaining = later(deadline)
    if remaining <= timedelta(0):
        return condition()
    try:
        await workflow.wait_condition(condition, timeout=remaining)
        return True
    except TimeoutError:
        return condition()
