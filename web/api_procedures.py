"""Written procedures in the API: where a draft's silence procedure stands, and moving its
deadline (the Secretariat's, as for a comment round)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from models.api import DeadlineExtension
from ppflow import procedures
from web.deps import AnyRole, ClientDep, Secretariat, guard_drafts

router = APIRouter(prefix="/api/drafts", tags=["drafts"], dependencies=[Depends(guard_drafts)])


@router.get("/{draft_id}/endorsement/procedure")
async def procedure_status(draft_id: str, client: ClientDep, role: AnyRole) -> Any:
    """The pending written procedure: its deadline, invitees, and whether silence was broken."""
    return await procedures.procedure_status(client, draft_id)


@router.post("/{draft_id}/endorsement/procedure/extend")
async def extend_procedure(
    draft_id: str, request: DeadlineExtension, client: ClientDep, role: Secretariat
) -> Any:
    """Move the silence deadline later; every invitee is mailed the new one with their link."""
    return await procedures.extend(client, draft_id, request)
