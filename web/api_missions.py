"""A draft's missions: kind, host country, dates, members and roles, outcome, the report's files
(downloaded through /api/artifacts/{id}). Starting one is POST /api/drafts/{id}/missions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from starlette.concurrency import run_in_threadpool

from models.db import Draft
from ppflow import missions, service
from web.deps import AnyRole, ClientDep, SessionDep, guard_drafts

router = APIRouter(prefix="/api/drafts", tags=["drafts"], dependencies=[Depends(guard_drafts)])


@router.get("/{draft_id}/missions")
async def list_missions(draft_id: str, db: SessionDep, client: ClientDep, role: AnyRole) -> Any:
    """Members' e-mail addresses only for those who may change the draft."""
    if await run_in_threadpool(db.get, Draft, draft_id) is None:
        try:  # a draft started a moment ago may not be in the read model yet
            await service.draft_status(client, draft_id)
        except service.NotFound:
            raise HTTPException(404, f"no draft {draft_id}") from None
    return await run_in_threadpool(missions.list_missions, db, draft_id, emails=role.may_write)
