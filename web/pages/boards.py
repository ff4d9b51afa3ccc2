"""The public status board: where every draft stands, and the migration profiles."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from ppflow import board
from web.deps import SessionDep
from web.pages.common import page_for

router = APIRouter(include_in_schema=False)


@router.get("/board", response_class=HTMLResponse)
def status_board(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    return page.render(
        "board.html", entries=board.status_board(db), profiles=board.profile_board(db)
    )
