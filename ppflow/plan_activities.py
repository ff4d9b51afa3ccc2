"""The activities of an endorsed Action Plan as the Secretariat keeps them: list, change one
(lead, period, status, note: each change kept with who made it and when), and the
implementation report built from them. Shared by the JSON API, the pages and the CLI."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from pydantic import Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.base import Model
from models.db import Draft, Meeting
from models.db_plan import PlanActivityChange, PlanActivityRow
from models.domain import ActivityStatus, ArtifactKind, Language, ThematicArea
from ppflow.registry import RegistryError, require_participants
from ppflow.service import Invalid, NotFound
from word.documents import counted
from word.implementation_report import (
    ImplementationReport,
    ReportActivity,
    ReportChange,
    implementation_report,
)
from word.names import registry_names
from word.render import to_bytes

MAX_NOTE = 2000
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(?:-\d{2})?$")
FIRST_YEAR, LAST_YEAR = 1990, 2100
MONTH_HINT = "give a month as YYYY-MM, like 2012-01"


def month_of(value: str | None) -> str | None:
    """A month as "2012-01" ("" or None: no month); a day ("2012-01-15") counts as its month."""
    if value is None or not value.strip():
        return None
    found = MONTH.fullmatch(value.strip())
    if found is None:
        raise ValueError(MONTH_HINT)
    if len(value.strip()) == 10:
        try:
            date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(MONTH_HINT) from None
    year = int(found.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"a year between {FIRST_YEAR} and {LAST_YEAR}")
    return f"{found.group(1)}-{found.group(2)}"


class PlanActivityUpdate(Model):
    """What the Secretariat changes in one activity; a field left out stays as it is (an empty
    start or end clears it)."""

    status: ActivityStatus | None = None
    lead: str | None = Field(default=None, min_length=1, max_length=40)
    start: str | None = Field(default=None, max_length=10, description="first month, 2012-01")
    end: str | None = Field(default=None, max_length=10, description="last month, 2013-12")
    note: str | None = Field(default=None, max_length=MAX_NOTE)

    @field_validator("start", "end")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        return None if value is None else month_of(value) or ""


def period_key(start: str | None, end: str | None) -> str:
    """A period as the change history keeps it: "2012-01/2013-12", "" for none."""
    return f"{start or ''}/{end or ''}" if start or end else ""


def _plan_rows(session: Session, plan_id: str) -> list[PlanActivityRow]:
    rows = list(
        session.scalars(
            select(PlanActivityRow)
            .where(PlanActivityRow.plan_id == plan_id)
            .order_by(PlanActivityRow.number)
        )
    )
    if not rows:
        raise NotFound(
            "no activities are recorded for this plan: they are recorded when the whole plan "
            "is endorsed"
        )
    return rows


def list_activities(
    session: Session,
    plan_id: str,
    *,
    status: str | None = None,
    area: str | None = None,
    lead: str | None = None,
) -> list[PlanActivityRow]:
    """The plan's activities by number, filtered by status, thematic area or lead."""
    if status and status not in {s.value for s in ActivityStatus}:
        raise Invalid("status: one of " + ", ".join(s.value for s in ActivityStatus))
    if area and area not in {a.value for a in ThematicArea}:
        raise Invalid("thematic area: one of " + ", ".join(a.value for a in ThematicArea))
    rows = _plan_rows(session, plan_id)
    return [
        r
        for r in rows
        if (not status or r.status == status)
        and (not area or r.thematic_area == area)
        and (not lead or r.lead == lead)
    ]


def changes(session: Session, plan_id: str) -> list[PlanActivityChange]:
    """Every change made since the plan was endorsed, oldest first."""
    return list(
        session.scalars(
            select(PlanActivityChange)
            .where(PlanActivityChange.plan_id == plan_id)
            .order_by(PlanActivityChange.at, PlanActivityChange.id)
        )
    )


def last_changes(session: Session, plan_id: str) -> dict[int, PlanActivityChange]:
    """The latest change of each activity (by number)."""
    return {c.number: c for c in changes(session, plan_id)}


def update_activity(
    session: Session, plan_id: str, number: int, update: PlanActivityUpdate, by: str
) -> PlanActivityRow:
    """Change one activity (the caller commits); a change that changes nothing records nothing."""
    row = next((r for r in _plan_rows(session, plan_id) if r.number == number), None)
    if row is None:
        raise NotFound(f"the plan has no activity {number}")
    if update.lead is not None and update.lead != row.lead:
        try:
            require_participants(session, [update.lead])
        except RegistryError as e:
            raise Invalid(f"lead: {e}") from e
    start = row.start_month if update.start is None else update.start or None
    end = row.end_month if update.end is None else update.end or None
    if start and end and end < start:
        raise Invalid("period: the last month is earlier than the first month")
    new_status = update.status.value if update.status else row.status
    new_lead = update.lead if update.lead is not None else row.lead
    new_note = update.note if update.note is not None else row.note
    before = (row.status, row.lead, period_key(row.start_month, row.end_month), row.note)
    after = (new_status, new_lead, period_key(start, end), new_note)
    if before == after:
        return row
    now = datetime.now(UTC)
    session.add(
        PlanActivityChange(
            plan_id=plan_id,
            number=number,
            at=now,
            by=by,
            from_status=row.status,
            to_status=new_status,
            from_lead=row.lead,
            to_lead=new_lead,
            from_period=before[2],
            to_period=after[2],
            note=new_note if new_note != row.note else "",
        )
    )
    row.status, row.lead, row.start_month, row.end_month = new_status, new_lead, start, end
    row.note, row.updated_at, row.updated_by = new_note, now, by
    session.flush()
    return row


def as_dict(row: PlanActivityRow) -> dict[str, object]:
    """One activity as the API shows it."""
    return {
        "plan_id": row.plan_id,
        "number": row.number,
        "title": row.title,
        "thematic_area": row.thematic_area,
        "part_draft_id": row.part_draft_id,
        "section_id": row.section_id,
        "lead": row.lead,
        "start": row.start_month,
        "end": row.end_month,
        "status": row.status,
        "note": row.note,
        "endorsed_at": row.endorsed_at,
        "source_id": row.source_id,
        "updated_at": row.updated_at,
        "updated_by": row.updated_by,
    }


def plan_title(session: Session, plan_id: str) -> tuple[str, str]:
    """The plan's title and reference (its id when the plan's draft is not projected)."""
    plan = session.get(Draft, plan_id)
    return (plan.title, plan.reference) if plan else (plan_id, "")


def report_of(session: Session, plan_id: str, language: Language) -> ImplementationReport:
    rows = _plan_rows(session, plan_id)
    title, reference = plan_title(session, plan_id)
    meeting = session.get(Meeting, rows[0].source_id)
    return ImplementationReport(
        language=language,
        plan_title=title,
        reference=reference,
        endorsed_at=rows[0].endorsed_at,
        generated_at=datetime.now(UTC),
        meeting_title=meeting.title if meeting else "",
        meeting_kind=meeting.kind if meeting else "",
        activities=[
            ReportActivity(
                number=r.number,
                title=r.title,
                lead=r.lead,
                status=r.status,
                thematic_area=r.thematic_area,
                start_month=r.start_month,
                end_month=r.end_month,
                note=r.note,
            )
            for r in rows
        ],
        changes=[
            ReportChange(
                at=c.at,
                number=c.number,
                by=c.by,
                from_status=c.from_status,
                to_status=c.to_status,
                from_lead=c.from_lead,
                to_lead=c.to_lead,
                from_period=c.from_period,
                to_period=c.to_period,
                note=c.note,
            )
            for c in changes(session, plan_id)
        ],
        names=registry_names(session, language),
    )


def render_report(session: Session, plan_id: str, language: Language) -> tuple[bytes, str]:
    """The implementation report (.docx) as the activities stand now, and its file name."""
    report = report_of(session, plan_id, language)
    with counted(ArtifactKind.IMPLEMENTATION_REPORT):
        content = to_bytes(implementation_report(report))
    return content, f"{plan_id}-implementation-report-{language.value}.docx"
