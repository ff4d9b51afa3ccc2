"""The Action Plan as one document: start a plan, see its parts (each a draft of its own, started
with POST /api/drafts and `parent_id`), ask for the whole plan's endorsement at a Ministerial
Conference. The Secretariat starts and sends plans; everyone signed in reads them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from models.api import Withdrawal
from models.contracts.action_plan import PlanEndorsementStart, PlanStart
from ppflow import plan
from web.deps import AnyRole, ClientDep, Secretariat, SessionDep, SettingsDep

router = APIRouter(prefix="/api/plans", tags=["plans"])


@router.post("", status_code=201)
async def start_plan(
    start: PlanStart, client: ClientDep, db: SessionDep, settings: SettingsDep, role: Secretariat
) -> Any:
    return await plan.start_plan(client, db, settings, start)


@router.get("/{plan_id}")
async def plan_view(plan_id: str, client: ClientDep, db: SessionDep, role: AnyRole) -> Any:
    """The plan, its parts in order (lead, thematic area, phase, version, ready or not) and the
    last compiled document's files."""
    return await plan.plan_view(client, db, plan_id)


@router.post("/{plan_id}/endorsement")
async def request_endorsement(
    plan_id: str,
    request: PlanEndorsementStart,
    client: ClientDep,
    db: SessionDep,
    role: Secretariat,
) -> Any:
    return await plan.request_plan_endorsement(client, db, plan_id, request)


@router.post("/{plan_id}/withdrawal")
async def withdraw(plan_id: str, request: Withdrawal, client: ClientDep, role: Secretariat) -> Any:
    return await plan.withdraw_plan(client, plan_id, request)
