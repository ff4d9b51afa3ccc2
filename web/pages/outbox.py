"""The outbox as the Secretariat sees it: every notice, the latest first, fifty a page, with
the counts by status, a search (recipient, subject, participant) and a status filter."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from ppflow import lists
from web.deps import SessionDep
from web.pages.common import Page, page_for, secretariat

router = APIRouter(include_in_schema=False)


def list_page(page: Page, params: dict[str, str]) -> tuple[lists.ListQuery, dict[str, Any]]:
    """The query from the address, and what the page says of what it could not read (the
    field's name, never what was typed)."""
    query, bad = lists.read_query(params)
    values: dict[str, Any] = {}
    if "page" in bad:
        values["error"] = page.t("ls_bad_page")
    elif bad:  # the fields by their label
        labels = {"q": page.t("ls_search_button"), "status": page.t("status")}
        values["error"] = page.t("ls_bad_field", fields=", ".join(labels.get(b, b) for b in bad))
    return query, values


def pager(page: Page, query: lists.ListQuery, listing: lists.Listing) -> dict[str, Any]:
    """What the pager needs: the address of the other pages (the search and filter kept)."""
    if listing.out_of_range:
        page.values.setdefault("error", page.t("ls_bad_page"))
    base = {k: v for k, v in {"q": query.q, "status": query.status}.items() if v}
    return {"listing": listing, "query": query, "base": base}


@router.get("/outbox", response_class=HTMLResponse)
def outbox(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    secretariat(page)
    query, values = list_page(page, dict(request.query_params))
    page.values.update(values)
    listing = lists.outbox(db, query)
    return page.render("outbox.html", **pager(page, query, listing), statuses=lists.STATUSES)
