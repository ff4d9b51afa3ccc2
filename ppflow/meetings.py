"""Meetings as the Process holds them: who hosts, who co-chairs, who was represented; the list
of meetings from the read model, names in the reader's language."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client

from models.contracts.meeting import AttendanceInput, MeetingStatus
from models.db import Meeting, Participant
from models.db_meetings import MeetingAttendance
from models.domain import Language, MeetingKind
from ppflow.service import Invalid, _known, meeting_handle, run_update
from word.names import registry_names
from workflows import MeetingWorkflow


class MeetingListed(BaseModel):
    """One meeting as the list shows it (the read model's row)."""

    meeting_id: str
    kind: MeetingKind
    title: str
    place: str
    starts_at: datetime
    ends_at: datetime | None = None
    host: str = ""
    co_chairs: list[str] = Field(default_factory=list)
    attendance: list[str] = Field(default_factory=list)
    closed: bool = False


def co_chairs_of(row: Meeting) -> list[str]:
    return [c for c in (row.co_chairs or "").split("\n") if c]


def attendance_of(session: Session, meeting_ids: list[str]) -> dict[str, list[str]]:
    """Who was represented at each of these meetings (ids), by meeting."""
    out: dict[str, list[str]] = {m: [] for m in meeting_ids}
    rows = session.execute(
        select(MeetingAttendance.meeting_id, MeetingAttendance.participant_id)
        .where(MeetingAttendance.meeting_id.in_(meeting_ids))
        .order_by(MeetingAttendance.participant_id)
    )
    for meeting_id, participant_id in rows:
        out[meeting_id].append(participant_id)
    return out


def list_meetings(session: Session, *, limit: int = 200) -> list[MeetingListed]:
    """The meetings, the latest first."""
    rows = list(session.scalars(select(Meeting).order_by(Meeting.starts_at.desc()).limit(limit)))
    present = attendance_of(session, [r.id for r in rows])
    return [
        MeetingListed(
            meeting_id=r.id,
            kind=MeetingKind(r.kind),
            title=r.title,
            place=r.place,
            starts_at=r.starts_at,
            ends_at=r.ends_at,
            host=r.host or "",
            co_chairs=co_chairs_of(r),
            attendance=present[r.id],
            closed=r.closed_at is not None,
        )
        for r in rows
    ]


def host_of(chosen: object, written: object) -> str:
    """The host a form gives: a participant chosen from the list, or a name written in."""
    chosen, written = str(chosen or "").strip(), " ".join(str(written or "").split())
    if chosen and written:
        raise Invalid("choose the host from the list or write its name, not both")
    return chosen or written


def attendance_open(status: MeetingStatus, now: datetime | None = None) -> bool:
    """Whether attendance can be recorded: from the meeting's day (UTC) until it is closed."""
    day = status.starts_at.replace(hour=0, minute=0, second=0, microsecond=0)
    return status.closed_at is None and (now or datetime.now(UTC)) >= day


def page_names(session: Session, language: Language) -> dict[str, Any]:
    """What a meetings page needs to name participants: `names` by id and the `people` a list
    offers, both in the page's language."""
    names = registry_names(session, language)
    return {"names": names, "people": participant_choices(session, language, names)}


def participant_choices(
    session: Session, language: Language, names: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """(id, name in `language`) of every active participant, by name: what a form lists."""
    names = registry_names(session, language) if names is None else names
    ids = session.scalars(select(Participant.id).where(Participant.active.is_(True)))
    return sorted(((i, names.get(i) or i) for i in ids), key=lambda p: p[1].casefold())


async def record_attendance(
    client: Client, session: Session, meeting_id: str, request: AttendanceInput
) -> MeetingStatus:
    """Who was represented (the registry's participants only), replacing an earlier list; the
    meeting refuses it before its day and once closed."""
    await _known(session, request.participants)
    return await run_update(  # type: ignore[no-any-return]
        meeting_handle(client, meeting_id), MeetingWorkflow.record_attendance, request
    )
