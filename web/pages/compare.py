"""Two versions of a draft compared in the page, word by word (helper: compare): the diff of
word/diff.py, the one the redline .docx carries, per section with what was added, removed or
moved. Whoever may read the draft's page may compare its versions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from web.deps import ClientDep, SessionDep
from web.diff_html import blocks_html, pieces_html
from web.pages.common import page_for
from web.pages.drafts import _own_draft
from word.diff import Status, compare

router = APIRouter(include_in_schema=False)


def _number(value: str | None) -> int | None:
    """A version number from the query, None when it is not one (never echoed back)."""
    if value is None or not value.strip().isdigit() or len(value.strip()) > 6:
        return None
    return int(value.strip())


@router.get("/drafts/{draft_id}/compare", response_class=HTMLResponse)
async def compare_page(
    draft_id: str, request: Request, db: SessionDep, client: ClientDep
) -> Response:
    page = page_for(request, db)
    state = (await _own_draft(page, client, draft_id)).state
    numbers = [v.number for v in state.versions]
    latest = state.version
    asked_from = request.query_params.get("from")
    asked_to = request.query_params.get("to")
    to = _number(asked_to) if asked_to is not None else latest
    start = _number(asked_from) if asked_from is not None else (to or latest) - 1
    values: dict[str, Any] = {
        "state": state,
        "meta": state.meta,
        "numbers": numbers,
        "chosen_from": start,
        "chosen_to": to,
        "diffs": [],
    }
    if len(numbers) < 2:
        values["notice_text"] = page.t("cp_one_version")
        return page.render("compare.html", **values)
    if start is None or to is None or start not in numbers or to not in numbers:
        code = 422 if start is None or to is None else 404
        values.update(chosen_from=latest - 1, chosen_to=latest)
        return page.render("compare.html", code, error=page.t("cp_bad_version", n=latest), **values)
    if start == to:
        return page.render("compare.html", 422, error=page.t("cp_same_version"), **values)
    sections = {v.number: v.sections for v in state.versions}
    diffs = compare(sections[start], sections[to])
    counts = {s: sum(1 for d in diffs if d.status == s) for s in Status}
    redline = None
    if start < to:  # the API builds a redline from an earlier version to a later one
        redline = f"/api/drafts/{draft_id}/documents/redline?version={to}&from_version={start}"
    values["diffs"] = diffs
    return page.render(
        "compare.html",
        **values,
        counts=counts,
        redline=redline,
        blocks_html=lambda blocks: blocks_html(blocks, page.t, level=4),
        pieces_html=lambda pieces: pieces_html(pieces, page.t),
    )
