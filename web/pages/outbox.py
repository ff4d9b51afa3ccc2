"""The outbox as the Secretariat sees it: the latest notices, by status."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from models.db import Notice
from web.deps import SessionDep
from web.pages.common import page_for, secretariat

router = APIRouter(include_in_schema=False)


@router.get("/outbox", response_class=HTMLResponse)
def outbox(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    secretariat(page)
    status = request.query_params.get("status") or None
    query = select(Notice).order_by(Notice.created_at.desc(), Notice.id.desc()).limit(200)
    if status in ("pending", "sent", "failed"):
        query = query.where(Notice.status == status)
    return page.render("outbox.html", notices=db.scalars(query).all(), status=status)
