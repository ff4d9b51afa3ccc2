"""An endorsed Action Plan's activities: everyone signed in reads them by thematic area, with
filters; the Secretariat changes an activity's lead, period, status and note in its own form."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import Participant
from models.db_plan import PlanActivityRow
from models.domain import ActivityStatus, Language, ThematicArea
from ppflow import plan_activities, service
from ppflow.accounts import Role
from ppflow.plan_activities import PlanActivityUpdate
from web.deps import SessionDep
from web.pages.common import Page, failure, form_of, page_for, secretariat
from word.implementation_report import ReportChange, change_text, period_text
from word.labels import Labels

router = APIRouter(include_in_schema=False)
FILTERS = ("status", "area", "lead")


def _names(db: Session, language: Language) -> dict[str, str]:
    rows = db.scalars(select(Participant).order_by(Participant.name)).all()
    ru = language == Language.RU
    return {p.id: (p.name_ru or p.name) if ru else p.name for p in rows}


def _groups(rows: list[PlanActivityRow]) -> list[tuple[str | None, list[PlanActivityRow]]]:
    """The activities by thematic area, in the areas' order (those with none last)."""
    order: list[str | None] = [a.value for a in ThematicArea] + [None]
    by_area: dict[str | None, list[PlanActivityRow]] = {}
    for row in rows:
        area = row.thematic_area if row.thematic_area in order else None
        by_area.setdefault(area, []).append(row)
    return [(area, by_area[area]) for area in order if area in by_area]


def _activities_page(
    page: Page, db: Session, plan_id: str, status_code: int = 200, **values: Any
) -> Response:
    language = page.t.language
    query = {k: page.request.query_params.get(k, "") for k in FILTERS}
    try:
        rows = plan_activities.list_activities(
            db, plan_id, status=query["status"], area=query["area"], lead=query["lead"]
        )
    except service.Invalid as e:  # a filter no link of the page makes: show them all
        values.setdefault("error", e.message)
        rows = plan_activities.list_activities(db, plan_id)
    every = plan_activities.list_activities(db, plan_id)
    names = _names(db, language)
    labels = Labels(language, names)
    last = {
        number: (c, change_text(_as_report(c), labels))
        for number, c in plan_activities.last_changes(db, plan_id).items()
    }
    title, reference = plan_activities.plan_title(db, plan_id)
    return page.render(
        "plan_activities.html",
        status_code,
        plan_id=plan_id,
        plan_title=title,
        reference=reference,
        endorsed_at=every[0].endorsed_at,
        groups=_groups(rows),
        total=len(every),
        shown=len(rows),
        names=names,
        leads=sorted({r.lead for r in every}, key=lambda p: names.get(p, p)),
        participants=sorted(names.items(), key=lambda item: item[1]),
        areas=[a for a in ThematicArea if any(r.thematic_area == a.value for r in every)],
        statuses=list(ActivityStatus),
        query=query,
        last=last,
        period=lambda r: period_text(r.start_month, r.end_month, language),
        is_secretariat=page.principal is not None and page.principal.role == Role.SECRETARIAT,
        form=values.pop("form", {}),
        **values,
    )


def _as_report(c: Any) -> ReportChange:
    return ReportChange(
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


@router.get("/plans/{plan_id}/activities", response_class=HTMLResponse)
def activities_page(plan_id: str, request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    try:
        return _activities_page(page, db, plan_id)
    except service.NotFound as e:
        raise HTTPException(404, e.message) from None


@router.post("/plans/{plan_id}/activities", response_class=HTMLResponse)
async def change_activity(plan_id: str, request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    form = await form_of(request)
    number_text = str(form.get("number", ""))
    try:
        plan_activities.list_activities(db, plan_id)  # a plan with activities, else 404
    except service.NotFound as e:
        raise HTTPException(404, e.message) from None
    principal = secretariat(page)
    try:
        if not number_text.isdigit() or not 1 <= int(number_text) <= 10_000:
            raise service.Invalid("choose an activity of the plan")
        update = service.parse(
            PlanActivityUpdate,
            {
                "status": form.get("status") or None,
                "lead": form.get("lead") or None,
                "start": form.get("start", ""),
                "end": form.get("end", ""),
                "note": form.get("note", ""),
            },
        )
        plan_activities.update_activity(
            db, plan_id, int(number_text), update, principal.username or "secretariat"
        )
        db.commit()
    except Exception as e:  # noqa: BLE001
        db.rollback()
        error, code = failure(e, page)
        return _activities_page(page, db, plan_id, code, error=error, form=form)
    return page.done(
        f"/plans/{plan_id}/activities#activity-{number_text}",
        page.t("msg_activity_saved", n=number_text),
    )
