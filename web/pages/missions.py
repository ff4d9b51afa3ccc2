"""A draft's missions (expert missions, high-level introductory missions, study visits): the list
with members, roles, outcome and report, and the form that starts one (members in rows, no
JavaScript)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from models.domain import CommentKind, Language, MissionKind
from ppflow import missions, registry, service
from web.deps import ClientDep, SessionDep
from web.pages.common import Page, Posted, failure, form_of, page_for, when, writer
from word.names import registry_names

router = APIRouter(include_in_schema=False)

MEMBER_ROWS = 5  # blank rows of the form; a mission with more members is started again or by API


async def _own_draft(page: Page, client: Any, draft_id: str) -> Any:
    """The draft's status, if it exists and this user may see it (else 404, the same answer)."""
    assert page.principal is not None
    try:
        status = await service.draft_status(client, draft_id)
    except service.NotFound:
        raise HTTPException(404, f"no draft {draft_id}") from None
    meta = status.state.meta
    if not page.principal.owns(meta.lead_state, meta.co_lead_states):
        raise HTTPException(404, f"no draft {draft_id}")
    return status


def _day(value: str, what: str) -> datetime:
    """A `date` field, as the start of that day in UTC."""
    try:
        return datetime.combine(date.fromisoformat(value), time(), tzinfo=UTC)
    except ValueError as e:
        raise service.Invalid(f"{what}: give a date like 2026-03-09") from e


def _members(form: Posted, t: Any) -> list[dict[str, Any]]:
    """The member rows filled in; a row with a name but no e-mail (or the other way round) is a
    mistake, not an empty row."""
    members = []
    for n in range(1, MEMBER_ROWS + 1):
        row = {k: str(form.get(f"member_{k}_{n}", "")) for k in ("name", "email", "role", "from")}
        if not row["name"] and not row["email"]:
            continue  # an empty row (its role or origin alone says nothing)
        if not row["name"] or not row["email"]:
            raise service.Invalid(t("mi_member_incomplete", n=n))
        member: dict[str, Any] = {"name": row["name"], "email": row["email"]}
        if row["role"]:
            member["role"] = row["role"]
        if row["from"]:
            member["participant_id"] = row["from"]
        members.append(member)
    if not members:
        raise service.Invalid(t("mi_no_members"))
    return members


def _reminder(form: Posted, t: Any) -> list[timedelta]:
    """Days before the findings are due when members who have not sent them are reminded."""
    value = str(form.get("reminder_days", "") or "3")
    if not value.isdigit() or int(value) > 60:
        raise service.Invalid(t("ac_reminder_days_bad"))
    return [timedelta(days=int(value))] if int(value) else []


def _findings(status: Any) -> dict[str, list[Any]]:
    """Each ended mission's findings (comments of the draft now, with their dispositions)."""
    found: dict[str, list[Any]] = {}
    for m in status.state.missions:
        found[m.mission_id] = [
            c
            for c in status.state.comments
            if c.kind == CommentKind.MISSION_FINDING and c.comment_id.startswith(f"{m.mission_id}-")
        ]
    return found


def _request(form: Posted, t: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": form.get("kind") or MissionKind.EXPERT_MISSION.value,
        "country": form.get("country") or None,
        "starts_on": _day(str(form.get("starts_on", "")), t("mi_starts")),
        "ends_on": _day(str(form.get("ends_on", "")), t("mi_ends")),
        "findings_due": when(str(form.get("findings_due", "")), t("mi_findings_due")),
        "brief": form.get("brief", ""),
        "experts": _members(form, t),
        "sections": [str(x) for x in form.getlist("sections")],  # empty: any section
        "reminder_before": _reminder(form, t),
    }
    if body["kind"] not in {k.value for k in MissionKind}:
        raise service.Invalid(t("mi_unknown_kind"))
    return body


async def _missions_page(
    page: Page, db: Session, client: Any, draft_id: str, status_code: int = 200, **values: Any
) -> Response:
    status = await _own_draft(page, client, draft_id)
    assert page.principal is not None
    language = page.t.language
    today = datetime.now(UTC).date()
    participants = registry.list_participants(db)
    return page.render(
        "missions.html",
        status_code,
        status=status,
        meta=status.state.meta,
        missions=missions.list_missions(db, draft_id, emails=page.principal.may_write),
        names=registry_names(db, language),
        states=participants,
        hosts=[p for p in participants if p.kind == "state"],
        kinds=list(MissionKind),
        sections=status.state.current_sections,
        section_titles={s.id: s.title for s in status.state.current_sections},
        findings=_findings(status),
        rows=range(1, MEMBER_ROWS + 1),
        may_start=page.principal.may_write and not status.state.phase.is_closed,
        form=values.pop("form", {}),
        ru=language == Language.RU,
        defaults={
            "starts_on": (today + timedelta(days=30)).isoformat(),
            "ends_on": (today + timedelta(days=33)).isoformat(),
            "findings_due": f"{today + timedelta(days=47)}T17:00",
        },
        **values,
    )


@router.get("/drafts/{draft_id}/missions", response_class=HTMLResponse)
async def missions_page(
    draft_id: str, request: Request, db: SessionDep, client: ClientDep
) -> Response:
    return await _missions_page(page_for(request, db), db, client, draft_id)


@router.post("/drafts/{draft_id}/missions", response_class=HTMLResponse)
async def start_mission(
    draft_id: str, request: Request, db: SessionDep, client: ClientDep
) -> Response:
    page = page_for(request, db)
    form = await form_of(request)
    try:
        writer(page)
        await _own_draft(page, client, draft_id)
        started = await missions.start(client, db, draft_id, _request(form, page.t))
    except Exception as e:  # noqa: BLE001 - every failure is shown on the page, the form kept
        error, code = failure(e, page)
        if code == 404:
            raise
        return await _missions_page(page, db, client, draft_id, code, error=error, form=form)
    message = page.t(
        "mi_started",
        kind=page.t.enum(started.kind),
        n=len(started.experts),
        d=f"{started.findings_due:%Y-%m-%d %H:%M}",
    )
    return page.done(f"/drafts/{draft_id}/missions", message)
