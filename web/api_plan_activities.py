"""The activities of an endorsed Action Plan: everyone signed in reads them and the
implementation report; only the Secretariat changes them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response

from models.domain import Language
from ppflow import plan_activities
from ppflow.plan_activities import PlanActivityUpdate
from web.deps import AnyRole, Secretariat, SessionDep

router = APIRouter(prefix="/api/plans", tags=["plans"])

Number = Annotated[int, Path(ge=1, le=10_000)]


@router.get("/{plan_id}/activities")
def list_activities(
    plan_id: str,
    db: SessionDep,
    role: AnyRole,
    status: str | None = None,
    thematic_area: str | None = None,
    lead: str | None = None,
) -> Any:
    rows = plan_activities.list_activities(
        db, plan_id, status=status, area=thematic_area, lead=lead
    )
    return [plan_activities.as_dict(r) for r in rows]


@router.patch("/{plan_id}/activities/{number}")
def update_activity(
    plan_id: str, number: Number, update: PlanActivityUpdate, db: SessionDep, role: Secretariat
) -> Any:
    """Change an activity's lead, period, status or note (the change is kept in its history)."""
    row = plan_activities.update_activity(
        db, plan_id, number, update, role.username or "secretariat"
    )
    result = plan_activities.as_dict(row)
    db.commit()
    return result


@router.get("/{plan_id}/implementation-report.docx")
def implementation_report(
    plan_id: str,
    db: SessionDep,
    role: AnyRole,
    language: Annotated[Literal["en", "ru"], Query()] = "en",
) -> Response:
    """Where each activity stands now, as a Word file (built on request)."""
    content, filename = plan_activities.render_report(db, plan_id, Language(language))
    return Response(
        content,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
