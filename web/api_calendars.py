"""Calendars: a meeting's .ics, personal calendar feeds (secret, revocable URLs) (JSON API).

The feed itself (GET /calendar/feeds/{token}.ics) needs no sign-in: web/pages/calendars.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Path, Response

from ppflow import calendars
from ppflow.calendars import FeedState, Owner
from ppflow.service import ServiceError
from web.deps import AnyRole, Secretariat, SessionDep, SettingsDep

router = APIRouter(tags=["calendars"])

ContactId = Annotated[int, Path(ge=1, le=2_147_483_647, description="the contact's id")]
ICS = "text/calendar; charset=utf-8"


def _mine(db: SessionDep, role: AnyRole) -> Owner:
    return calendars.owner_of_user(db, role.username)


@router.get("/api/calendar/feed", response_model=FeedState)
def my_feed(db: SessionDep, role: AnyRole) -> FeedState:
    """Whether my personal calendar feed is on (its URL is shown only when issued)."""
    return calendars.state(db, _mine(db, role))


@router.post("/api/calendar/feed", response_model=FeedState)
def issue_my_feed(db: SessionDep, settings: SettingsDep, role: AnyRole) -> FeedState:
    """A new URL for my feed (https and webcal://); the earlier URL stops working."""
    return _commit(db, lambda: calendars.issue(db, settings, _mine(db, role), role.username or ""))


@router.delete("/api/calendar/feed", response_model=FeedState)
def stop_my_feed(db: SessionDep, role: AnyRole) -> FeedState:
    """Stop my feed: its URL answers 404 from now on."""
    return _commit(db, lambda: calendars.revoke(db, _mine(db, role)))


@router.get("/api/calendar/contacts/{contact_id}/feed", response_model=FeedState)
def contact_feed(contact_id: ContactId, db: SessionDep, role: Secretariat) -> FeedState:
    """Whether a contact's calendar feed is on (the Secretariat's)."""
    return calendars.state(db, calendars.owner_of_contact(db, contact_id))


@router.post("/api/calendar/contacts/{contact_id}/feed", response_model=FeedState)
def issue_contact_feed(
    contact_id: ContactId, db: SessionDep, settings: SettingsDep, role: Secretariat
) -> FeedState:
    """A new feed URL for a contact (to hand on); the earlier URL stops working."""
    return _commit(
        db,
        lambda: calendars.issue(
            db, settings, calendars.owner_of_contact(db, contact_id), role.username or ""
        ),
    )


@router.delete("/api/calendar/contacts/{contact_id}/feed", response_model=FeedState)
def stop_contact_feed(contact_id: ContactId, db: SessionDep, role: Secretariat) -> FeedState:
    """Stop a contact's feed."""
    return _commit(db, lambda: calendars.revoke(db, calendars.owner_of_contact(db, contact_id)))


@router.get(
    "/api/meetings/{meeting_id}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def meeting_ics(meeting_id: str, db: SessionDep, settings: SettingsDep, role: AnyRole) -> Response:
    """The meeting as a calendar entry (.ics): the one its agenda mail carries."""
    content = calendars.meeting_calendar(db, settings, meeting_id)
    return ics_response(content, calendars.safe_name(meeting_id))


def ics_response(content: bytes, filename: str | None = None, *, private: bool = True) -> Response:
    headers = {"Cache-Control": "private, no-cache" if private else "no-cache"}
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(content, media_type=ICS, headers=headers)


def _commit(db: SessionDep, work: Callable[[], FeedState]) -> FeedState:
    try:
        state = work()
    except ServiceError:
        db.rollback()
        raise
    db.commit()
    return state
