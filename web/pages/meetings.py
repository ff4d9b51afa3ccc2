"""Meetings: the list and a new one, then one meeting's agenda, decisions and closing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.api import DecisionInput, EndorsementRequest, MeetingCreate
from models.contracts.meeting import AttendanceInput, MeetingClose
from models.db import Draft
from models.domain import Decision, MeetingKind, Phase
from ppflow import meetings as meetings_of
from ppflow import service
from ppflow.accounts import Role
from web.deps import ClientDep, SessionDep, SettingsDep
from web.pages import confirm
from web.pages.bodies import body_choices, chosen_bodies
from web.pages.common import Page, failure, form_of, page_for, secretariat, when
from word.store import list_artifacts

router = APIRouter(include_in_schema=False)


def _meetings_page(page: Page, db: Session, status_code: int = 200, **values: Any) -> Response:
    return page.render(
        "meetings.html",
        status_code,
        meetings=meetings_of.list_meetings(db),
        **meetings_of.page_names(db, page.t.language),
        kinds=list(MeetingKind),
        body_choices=body_choices(db, page.t.language),
        form=values.pop("form", {}),
        **values,
    )


@router.get("/meetings", response_class=HTMLResponse)
def meetings(request: Request, db: SessionDep) -> Response:
    return _meetings_page(page_for(request, db), db)


@router.post("/meetings", response_class=HTMLResponse)
async def create_meeting(
    request: Request, db: SessionDep, client: ClientDep, settings: SettingsDep
) -> Response:
    page = page_for(request, db)
    form = await form_of(request)
    try:
        secretariat(page)
        body = {
            "kind": form.get("kind"),
            "title": form.get("title", ""),
            "place": form.get("place", ""),
            "starts_at": when(str(form.get("starts_at", "")), "start"),
            "host": meetings_of.host_of(form.get("host", ""), form.get("host_name", "")),
            "co_chairs": list(dict.fromkeys(form.getlist("co_chairs"))),
        }
        if form.get("ends_at"):
            body["ends_at"] = when(str(form.get("ends_at")), "end")
        if chosen_bodies(form):  # else everyone
            body["invitees"] = {"bodies": chosen_bodies(form)}
        status = await service.create_meeting(
            client, db, settings, service.parse(MeetingCreate, body)
        )
    except Exception as e:  # noqa: BLE001
        error, code = failure(e, page)
        return _meetings_page(page, db, code, error=error, form=form)
    return page.done(
        f"/meetings/{status.meeting_id}", page.t("msg_meeting_created", title=status.title)
    )


async def _meeting_page(
    page: Page, db: Session, client: Any, meeting_id: str, status_code: int = 200, **values: Any
) -> Response:
    status = await service.meeting_status(client, meeting_id)
    on_agenda = {item.draft.draft_id for item in status.agenda}
    ready = [
        d
        for d in db.scalars(
            select(Draft)
            .where(Draft.phase == Phase.REVISION.value, Draft.parent_id.is_(None))  # no plan part
            .order_by(Draft.title)
        )
        if d.id not in on_agenda
    ]
    return page.render(
        "meeting.html",
        status_code,
        meeting=status,
        ready=ready,
        decisions=list(Decision),
        artifacts=list_artifacts(db, meeting_id=meeting_id),
        **meetings_of.page_names(db, page.t.language),
        attendance_open=meetings_of.attendance_open(status),
        is_secretariat=page.principal is not None and page.principal.role == Role.SECRETARIAT,
        **values,
    )


@router.get("/meetings/{meeting_id}", response_class=HTMLResponse)
async def meeting_page(
    meeting_id: str, request: Request, db: SessionDep, client: ClientDep
) -> Response:
    page = page_for(request, db)
    try:
        return await _meeting_page(page, db, client, meeting_id)
    except service.NotFound:
        raise HTTPException(404, f"no meeting {meeting_id}") from None


@router.post("/meetings/{meeting_id}", response_class=HTMLResponse)
async def meeting_action(
    meeting_id: str, request: Request, db: SessionDep, client: ClientDep
) -> Response:
    page = page_for(request, db)
    form = await form_of(request)
    try:
        secretariat(page)
        action = form.get("action")
        if action == "agenda":
            await service.request_endorsement(
                client,
                db,
                str(form.get("draft_id", "")),
                EndorsementRequest(route="meeting", meeting_id=meeting_id),  # type: ignore[arg-type]
            )
            message = page.t("msg_on_agenda")
        elif action == "decide":
            decision = service.parse(
                DecisionInput,
                {
                    "draft_id": form.get("draft_id"),
                    "decision": form.get("decision"),
                    "notes": form.get("notes", ""),
                    "amendments": form.get("amendments", ""),
                    "reservations": [
                        x.strip() for x in str(form.get("reservations", "")).split(",") if x.strip()
                    ],
                },
            )
            if not confirm.confirmed(form):  # asks first: a decision is for good
                meeting = await service.meeting_status(client, meeting_id)
                await confirm.decide(page, db, client, meeting, form, decision)
            await service.record_decision(client, meeting_id, decision)
            message = page.t("msg_decided", decision=page.t.enum(decision.decision))
        elif action == "attendance":
            present = service.parse(AttendanceInput, {"participants": form.getlist("present")})
            await meetings_of.record_attendance(client, db, meeting_id, present)
            message = page.t("msg_attendance", n=len(present.participants))
        elif action == "send_agenda":
            await service.send_agenda_now(client, meeting_id)
            message = page.t("msg_agenda_sent")
        elif action == "close":
            if not confirm.confirmed(form):  # asks first: the conclusions go out
                meeting = await service.meeting_status(client, meeting_id)
                confirm.close_meeting(page, db, meeting, form)
            await service.close_meeting(
                client, meeting_id, MeetingClose(summary=str(form.get("summary", "")))
            )
            message = page.t("msg_meeting_closed")
        else:
            raise service.Invalid("unknown action")
    except confirm.Asked as asked:
        return asked.response
    except Exception as e:  # noqa: BLE001
        error, code = failure(e, page)
        if isinstance(e, service.NotFound) and meeting_id in str(e):
            raise HTTPException(404, f"no meeting {meeting_id}") from None
        return await _meeting_page(page, db, client, meeting_id, code, error=error)
    return page.done(f"/meetings/{meeting_id}", message)
