"""Written procedures in the API (helper: actions)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from web.deps import guard_drafts

router = APIRouter(prefix="/api/drafts", tags=["drafts"], dependencies=[Depends(guard_drafts)])
