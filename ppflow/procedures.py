"""A draft's written (silence) procedure: where it stands and moving its deadline.

The procedure is the draft's pending endorsement by written procedure (its own workflow, started
by the draft). Moving the deadline is the Secretariat's, as for a comment round: the procedure's
workflow records it on the timeline, mails every invitee the new deadline with a fresh personal
link, and projects it to the read model (the dashboard's deadline column, the draft's page).
"""

from __future__ import annotations

from datetime import UTC, datetime

from temporalio.client import Client, WorkflowHandle

from models.api import DeadlineExtension
from models.contracts.draft import DraftStatus
from models.contracts.written_procedure import SilenceStatus
from models.domain import Phase, Route
from ppflow import service
from workflows.written_procedure import WrittenProcedureWorkflow


def procedure_id(status: DraftStatus) -> str | None:
    """The id of the draft's pending written procedure, if it has one."""
    pending = status.pending_endorsement
    if status.state.phase != Phase.ENDORSEMENT:  # withdrawn, or back in revision
        return None
    if pending is None or pending.route != Route.WRITTEN_PROCEDURE:
        return None
    return pending.procedure_id


def _procedure(client: Client, status: DraftStatus) -> WorkflowHandle | None:
    found = procedure_id(status)
    return client.get_workflow_handle_for(WrittenProcedureWorkflow.run, found) if found else None


async def _handle(client: Client, draft_id: str) -> WorkflowHandle:
    handle = _procedure(client, await service.draft_status(client, draft_id))
    if handle is None:
        raise service.Conflict("this draft has no written procedure under way")
    return handle


async def current(client: Client, status: DraftStatus) -> SilenceStatus | None:
    """The pending procedure as its workflow sees it now (None when there is none or it cannot
    be asked: the draft's page shows what it has)."""
    handle = _procedure(client, status)
    if handle is None:
        return None
    try:
        return await service._query(handle, WrittenProcedureWorkflow.status)
    except service.ServiceError:
        return None


async def procedure_status(client: Client, draft_id: str) -> SilenceStatus:
    return await service._query(await _handle(client, draft_id), WrittenProcedureWorkflow.status)


async def extend(client: Client, draft_id: str, request: DeadlineExtension) -> SilenceStatus:
    """Move the silence deadline later (the procedure must still be open)."""
    if request.deadline.tzinfo is None:
        raise service.Invalid("the new deadline needs a time zone (e.g. 2026-12-01T17:00:00Z)")
    if request.deadline <= datetime.now(UTC):
        raise service.Invalid("the new deadline is in the past")
    handle = await _handle(client, draft_id)
    return await service.run_update(handle, WrittenProcedureWorkflow.extend_deadline, request)
