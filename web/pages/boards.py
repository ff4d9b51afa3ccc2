"""The public status board: where every draft stands, and the migration profiles."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from ppflow import board, plan
from web.deps import SessionDep
from web.pages.common import page_for
from word.names import registry_names

router = APIRouter(include_in_schema=False)


@router.get("/board", response_class=HTMLResponse)
def status_board(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    return page.render(
        "board.html",
        entries=board.status_board(db),
        profiles=board.profile_board(db),
        plans=plan.board_plans(db),
        names=registry_names(db, page.t.language),  # the plans' lead states by name
    )
