"""The activities of an endorsed Action Plan into the read model: one row per activity.

Idempotent: a retry (or the plan endorsed again) adds no second row, and never undoes what the
Secretariat has changed since: an edited activity keeps its lead, period, status and note.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from models.base import Ack
from models.contracts.action_plan import PlanActivitiesRecord
from models.contracts.activities import PlanRecords
from models.db import Event
from models.db_plan import PlanActivityRow
from models.domain import ActivityStatus


def recorded_summary(count: int) -> str:
    """The audit line of the plan's timeline (word/record.py reads it back in its shape)."""
    return f"Plan endorsed: {count} activities recorded"


class PlanRecordActivities(PlanRecords):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    @activity.defn
    def record_plan_activities(self, record: PlanActivitiesRecord) -> Ack:
        try:
            with self.sessions.begin() as session:
                added = record_activities(session, record)
        except IntegrityError as e:  # a concurrent attempt wrote first: the retry finds its rows
            raise ApplicationError(f"concurrent write, will retry: {e.orig}") from e
        return Ack(message=f"{added} activities added, {len(record.activities) - added} known")


def record_activities(session: Session, record: PlanActivitiesRecord) -> int:
    """Write the plan's activities and its audit event; the number of rows added."""
    known = {
        row.number: row
        for row in session.scalars(
            select(PlanActivityRow).where(PlanActivityRow.plan_id == record.plan_id)
        )
    }
    added = 0
    for a in record.activities:
        area = a.thematic_area.value if a.thematic_area else None
        row = known.get(a.number)
        if row is None:
            session.add(
                PlanActivityRow(
                    plan_id=record.plan_id,
                    number=a.number,
                    part_draft_id=a.part_draft_id,
                    section_id=a.section_id,
                    title=a.title[:300],
                    thematic_area=area,
                    lead=a.lead,
                    status=ActivityStatus.PLANNED.value,
                    note="",
                    endorsed_at=record.endorsed_at,
                    source_id=record.source_id,
                )
            )
            added += 1
            continue
        # What the plan says; what the Secretariat keeps (lead, period, status, note) stays.
        row.part_draft_id, row.section_id = a.part_draft_id, a.section_id
        row.title, row.thematic_area = a.title[:300], area
        row.endorsed_at, row.source_id = record.endorsed_at, record.source_id
        if row.updated_by is None:
            row.lead = a.lead
    event_id = f"{record.plan_id}:activities-recorded:{record.source_id}"
    if session.scalars(select(Event.id).where(Event.event_id == event_id)).first() is None:
        session.add(
            Event(
                event_id=event_id,
                workflow_id=record.plan_id,
                draft_id=record.plan_id,
                kind="plan_activities_recorded",
                at=record.endorsed_at,
                summary=recorded_summary(len(record.activities)),
                actor=None,
            )
        )
    return added
