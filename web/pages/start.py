"""What needs me: each role's start page (helper: start)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from ppflow import start
from ppflow.accounts import Role
from web import timeline
from web.deps import SessionDep
from web.pages.common import page_for

router = APIRouter(include_in_schema=False)


@router.get("/start", response_class=HTMLResponse)
def start_page(request: Request, db: SessionDep) -> Response:
    """The lines that wait for the one signed in, each a link to where it is done."""
    page = page_for(request, db)
    assert page.principal is not None
    role = page.principal.role
    if role == Role.SECRETARIAT:
        view: object = start.secretariat_start(db)
    elif role == Role.DRAFTING_STATE:
        view = start.drafting_start(db, page.principal)
    else:
        view = start.observer_start(db)
        pname = page.values["pname"]
        for change in view.changes:  # each line in the reader's language, who acted by name
            e = change.event
            line = timeline.Line(e.at, e.kind, e.summary, e.actor, dict(e.details or {}))
            change.text = timeline.words(line, page.t, pname)
            change.who = timeline.who(e.actor, page.t, pname)
    return page.render("start.html", role=role.value, view=view)
