"""Action Plans: the list (and a new plan, for the Secretariat), then one plan's parts, its
compiled document and the request for its endorsement at a Ministerial Conference."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.api import Withdrawal
from models.contracts.action_plan import PlanEndorsementStart, PlanStart
from models.db import Draft, Meeting
from models.domain import DocumentType, MeetingKind
from ppflow import plan, service
from ppflow.accounts import Role
from web.deps import ClientDep, SessionDep, SettingsDep
from web.pages import confirm
from web.pages.common import Page, failure, form_of, page_for, secretariat
from word.names import registry_names

router = APIRouter(include_in_schema=False)


def _is_secretariat(page: Page) -> bool:
    return page.principal is not None and page.principal.role == Role.SECRETARIAT


def _plans_page(page: Page, db: Session, status_code: int = 200, **values: Any) -> Response:
    names = registry_names(db, page.t.language)
    return page.render(
        "plans.html",
        status_code,
        plans=plan.board_plans(db),
        names=names,
        people=sorted(names.items(), key=lambda p: p[1].casefold()),
        is_secretariat=_is_secretariat(page),
        form=values.pop("form", {}),
        **values,
    )


@router.get("/plans", response_class=HTMLResponse)
def plans(request: Request, db: SessionDep) -> Response:
    return _plans_page(page_for(request, db), db)


@router.post("/plans", response_class=HTMLResponse)
async def start_plan(
    request: Request, db: SessionDep, client: ClientDep, settings: SettingsDep
) -> Response:
    page = page_for(request, db)
    form = await form_of(request)
    try:
        secretariat(page)
        start = service.parse(
            PlanStart, {"title": form.get("title", ""), "lead_state": form.get("lead_state", "")}
        )
        started = await plan.start_plan(client, db, settings, start)
    except Exception as e:  # noqa: BLE001
        error, code = failure(e, page)
        return _plans_page(page, db, code, error=error, form=form)
    return page.done(f"/plans/{started.draft_id}", page.t("msg_plan_started", title=start.title))


async def _plan_page(
    page: Page, db: Session, client: Any, plan_id: str, status_code: int = 200, **values: Any
) -> Response:
    view = await plan.plan_view(client, db, plan_id)
    conferences = db.scalars(
        select(Meeting)
        .where(
            Meeting.kind == MeetingKind.MINISTERIAL_CONFERENCE.value, Meeting.closed_at.is_(None)
        )
        .order_by(Meeting.starts_at)
    ).all()
    pending = db.get(Meeting, view.pending_meeting_id) if view.pending_meeting_id else None
    return page.render(
        "plan.html",
        status_code,
        plan=view,
        names=registry_names(db, page.t.language),
        conferences=conferences,
        pending=pending,
        files=plan.compiled_files(db, plan_id),
        is_secretariat=_is_secretariat(page),
        **values,
    )


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
async def plan_page(plan_id: str, request: Request, db: SessionDep, client: ClientDep) -> Response:
    page = page_for(request, db)
    try:
        return await _plan_page(page, db, client, plan_id)
    except service.NotFound:
        raise HTTPException(404, f"no Action Plan {plan_id}") from None


@router.post("/plans/{plan_id}", response_class=HTMLResponse)
async def plan_action(
    plan_id: str, request: Request, db: SessionDep, client: ClientDep
) -> Response:
    page = page_for(request, db)
    form = await form_of(request)
    try:
        secretariat(page)
        if form.get("action") == "withdraw":  # asks first (web/pages/confirm.py)
            withdrawal = service.parse(Withdrawal, {"reason": form.get("reason", "")})
            if not confirm.confirmed(form):
                view = await plan.plan_view(client, db, plan_id)
                confirm.withdraw_plan(page, db, view, form, withdrawal.reason)
            await plan.withdraw_plan(client, plan_id, withdrawal)
            return page.done(f"/plans/{plan_id}", page.t("ls_withdrawn"))
        if form.get("action") != "endorse":
            raise service.Invalid("unknown action")
        request_ = service.parse(PlanEndorsementStart, {"meeting_id": form.get("meeting_id", "")})
        await plan.request_plan_endorsement(client, db, plan_id, request_)
    except confirm.Asked as asked:
        return asked.response
    except Exception as e:  # noqa: BLE001
        error, code = failure(e, page)
        try:
            return await _plan_page(page, db, client, plan_id, code, error=error)
        except service.NotFound:
            raise HTTPException(404, f"no Action Plan {plan_id}") from None
    return page.done(f"/plans/{plan_id}", page.t("msg_plan_on_agenda"))


def is_plan(db: Session, draft_id: str) -> bool:
    """A draft page asked for a plan's id: the plan has a page of its own."""
    row = db.get(Draft, draft_id)
    return row is not None and row.document_type == DocumentType.ACTION_PLAN.value
