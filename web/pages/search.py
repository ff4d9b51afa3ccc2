"""Full-text search over drafts, comments, proposals, dispositions and meeting notes (pages):
GET /search?q=…&kind=…&page=… for every signed-in user; each finds only what it may see."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from ppflow import search as fts
from ppflow.service import Invalid
from web.deps import SessionDep, done_reading
from web.pages.common import page_for

router = APIRouter(include_in_schema=False)

PER_PAGE = 20
MAX_PAGE = fts.MAX_OFFSET // PER_PAGE + 1


def _page_number(value: str | None) -> int:
    """The page asked for; 1 when it is not a number (never echoed back)."""
    value = (value or "").strip()
    return min(int(value), MAX_PAGE) if value.isdigit() and len(value) <= 6 and int(value) else 1


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    assert page.principal is not None  # page_for signs in first
    params = request.query_params
    query = params.get("q", "")
    kind = params.get("kind", "")
    kind = kind if kind in fts.KINDS else ""  # an unknown kind searches everything
    number = _page_number(params.get("page"))
    shown = query[: fts.MAX_QUERY]
    values: dict[str, Any] = {
        "search_q": shown,
        "kind": kind,
        "kinds": fts.KINDS,
        "result": None,
        "message": None,
    }
    if not query.strip():
        return page.render("search.html", **values)
    try:
        result = fts.search(
            db,
            page.principal,
            query,
            limit=PER_PAGE,
            offset=(number - 1) * PER_PAGE,
            kinds=[kind] if kind else None,
        )
    except Invalid:
        done_reading(db)
        too_long = len(query) > fts.MAX_QUERY
        values["message"] = page.t("se_too_long" if too_long else "se_nothing")
        return page.render("search.html", 422 if too_long else 200, **values)
    done_reading(db)

    def url(n: int) -> str:
        return "/search?" + urlencode({"q": query, **({"kind": kind} if kind else {}), "page": n})

    last = result.offset + len(result.hits)
    return page.render(
        "search.html",
        **{
            **values,
            "result": result,
            "prev_url": url(number - 1) if number > 1 else None,
            "next_url": url(number + 1) if last < result.total and number < MAX_PAGE else None,
        },
    )
