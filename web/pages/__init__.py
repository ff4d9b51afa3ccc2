"""Server-rendered pages for the Secretariat, drafting states and observers (login).

Plain HTML forms that work without JavaScript; every form carries a CSRF token bound to the
session; every mistake comes back as the page again with the reason (never a 500). The pages
call the same `ppflow.service` functions as the JSON API.

One module per domain; `pages` is the one router the app includes (in this order: a fixed path
such as /drafts/new comes before /drafts/{draft_id}).
"""

from __future__ import annotations

from fastapi import APIRouter

from web.pages import (
    analytics,
    auth,
    boards,
    bodies,
    calendars,
    compare,
    draft_text,
    drafts,
    knowledge,
    meetings,
    missions,
    outbox,
    plan_activities,
    plans,
    profile_cycles,
    projects,
    public,
    registry,
    search,
    start,
)
from web.pages.common import LoginRequired

pages = APIRouter(include_in_schema=False)
for part in (
    auth,
    public,
    knowledge,
    calendars,
    search,
    analytics,
    profile_cycles,
    start,
    draft_text,
    compare,
    drafts,
    missions,
    boards,
    bodies,
    meetings,
    registry,
    outbox,
    plan_activities,
    plans,
    projects,
):
    pages.include_router(part.router)

__all__ = ["LoginRequired", "pages"]
