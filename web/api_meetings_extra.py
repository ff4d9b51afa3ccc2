"""Meetings as the Process holds them: the list (with end, host and co-chairs) and who was
represented (recorded from the meeting's day until it is closed)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from models.contracts.meeting import AttendanceInput, MeetingStatus
from ppflow import meetings as service
from ppflow.meetings import MeetingListed
from web.deps import AnyRole, ClientDep, Secretariat, SessionDep

router = APIRouter(prefix="/api/meetings", tags=["meetings"])


@router.get("")
def list_meetings(
    db: SessionDep, role: AnyRole, limit: int = Query(default=200, ge=1, le=1000)
) -> dict[str, list[MeetingListed]]:
    """The meetings, the latest first."""
    return {"meetings": service.list_meetings(db, limit=limit)}


@router.post("/{meeting_id}/attendance")
async def record_attendance(
    meeting_id: str, request: AttendanceInput, client: ClientDep, db: SessionDep, role: Secretariat
) -> MeetingStatus:
    """Who was represented (participant ids), replacing any earlier list."""
    return await service.record_attendance(client, db, meeting_id, request)
