"""Full-text search over drafts, comments, proposals, dispositions and meeting notes (JSON API)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ppflow import search as fts
from ppflow.search import Kind, SearchPage
from web.deps import AnyRole, SessionDep

router = APIRouter(prefix="/api/search", tags=["search"])


@router.get("", response_model=SearchPage)
def search(
    db: SessionDep,
    role: AnyRole,
    q: Annotated[
        str, Query(max_length=fts.MAX_QUERY, description="Free text: all words must match.")
    ] = "",
    kind: Annotated[Kind | None, Query(description="Search only this kind of text.")] = None,
    limit: Annotated[int, Query(ge=1, le=fts.MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0, le=fts.MAX_OFFSET)] = 0,
) -> SearchPage:
    """What the words find that the caller may see, best first: drafts' titles, every version's
    sections, comments and proposed texts, dispositions, decisions' notes, meetings. Each hit has
    its passage (plain, and HTML-escaped with each hit in `<mark>`) and the page it links to. A
    text with no letter or digit in it is a 422 ("nothing to search for")."""
    return fts.search(db, role, q, limit=limit, offset=offset, kinds=[kind] if kind else None)
