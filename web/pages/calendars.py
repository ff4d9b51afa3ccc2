"""Calendars: a meeting's .ics, personal calendar feeds (secret, revocable URLs) (pages).

/calendar: the signed-in account's feed (issue a new URL, stop it) and, for the Secretariat, the
contacts' feeds. /calendar/feeds/{token}.ics: the feed itself, without sign-in (404 alike for an
unknown and a revoked URL). /meetings/{id}/calendar.ics: one meeting as a file."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import Contact
from models.db_calendars import CalendarFeed
from ppflow import calendars, service
from ppflow.accounts import Role
from ppflow.calendars import FeedState, Owner
from web.api_calendars import ics_response
from web.deps import SessionDep, SettingsDep
from web.pages.common import Page, failure, form_of, page_for, secretariat

router = APIRouter(include_in_schema=False)

# The URL just issued, shown once on the next GET of /calendar (then gone from the session).
SHOWN = "calendar_issued"
MAX_CONTACTS = 2000


def _contacts(db: Session) -> list[Contact]:
    return list(
        db.scalars(
            select(Contact)
            .order_by(Contact.participant_id, Contact.rank, Contact.email)
            .limit(MAX_CONTACTS)
        )
    )


def _contact_feeds(db: Session) -> list[tuple[Contact, CalendarFeed]]:
    rows = db.execute(
        select(Contact, CalendarFeed)
        .join(CalendarFeed, CalendarFeed.owner_id == Contact.id)
        .where(CalendarFeed.owner_kind == "contact", CalendarFeed.revoked_at.is_(None))
        .order_by(Contact.participant_id, Contact.email)
    )
    return [(c, f) for c, f in rows]


def _owner(page: Page, db: Session) -> Owner | None:
    try:
        return calendars.owner_of_user(db, page.principal.username if page.principal else None)
    except service.ServiceError:
        return None


def _page(page: Page, db: Session, status_code: int = 200, **values: Any) -> Response:
    owner = _owner(page, db)
    shown = page.request.session.pop(SHOWN, None)
    is_sec = page.principal is not None and page.principal.role == Role.SECRETARIAT
    return page.render(
        "calendar.html",
        status_code,
        owner=owner,
        feed=calendars.state(db, owner) if owner else None,
        shown=shown,
        is_secretariat=is_sec,
        contacts=_contacts(db) if is_sec else [],
        contact_feeds=_contact_feeds(db) if is_sec else [],
        **values,
    )


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    return _page(page, db)


@router.post("/calendar", response_class=HTMLResponse)
async def calendar_action(request: Request, db: SessionDep, settings: SettingsDep) -> Response:
    """action=issue|stop for one's own feed; contact_issue|contact_stop (with contact_id) for
    the Secretariat."""
    page = page_for(request, db)
    form = await form_of(request)
    action = str(form.get("action", ""))
    try:
        who = page.principal.username if page.principal else ""
        if action in ("contact_issue", "contact_stop"):
            secretariat(page)
            raw = str(form.get("contact_id", ""))
            if not raw.isdigit() or len(raw) > 9:
                raise service.Invalid(page.t("cal_pick_contact"))
            owner = calendars.owner_of_contact(db, int(raw))
        elif action in ("issue", "stop"):
            found = _owner(page, db)
            if found is None:
                raise service.Conflict(page.t("cal_no_account"))
            owner = found
        else:
            raise service.Invalid(page.t("cal_unknown_action"))
        if action.endswith("issue"):
            state: FeedState = calendars.issue(db, settings, owner, who or "")
            message = page.t("cal_issued")
        else:
            state = calendars.revoke(db, owner)
            message = page.t("cal_stopped")
        db.commit()
    except Exception as e:  # noqa: BLE001 - every failure is shown on the page
        db.rollback()
        text, code = failure(e, page)
        return _page(page, db, code, error=text)
    if state.url:
        request.session[SHOWN] = {
            "kind": owner.kind,
            "who": owner.who,
            "url": state.url,
            "webcal": state.webcal_url,
        }
    return page.done("/calendar", message)


@router.get("/calendar/feeds/{token}.ics")
def feed(token: str, db: SessionDep, settings: SettingsDep) -> Response:
    """A personal feed, by its secret URL (no sign-in). Unknown and revoked look the same."""
    content = calendars.read_feed(db, settings, token)
    if content is None:
        db.rollback()
        return PlainTextResponse(
            "no such calendar feed", 404, headers={"Cache-Control": "no-store"}
        )
    db.commit()
    response = ics_response(content, private=True)
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@router.get("/meetings/{meeting_id}/calendar.ics")
def meeting_file(
    meeting_id: str, request: Request, db: SessionDep, settings: SettingsDep
) -> Response:
    """One meeting as a calendar file (signed-in users)."""
    page = page_for(request, db)
    try:
        content = calendars.meeting_calendar(db, settings, meeting_id)
    except service.ServiceError as e:
        text, code = failure(e, page)
        return page.render("error.html", code, message=text, code=code)
    return ics_response(content, calendars.safe_name(meeting_id))
