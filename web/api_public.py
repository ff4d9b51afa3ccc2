"""The public repository of endorsed texts (no sign-in) and its Atom feed (JSON API).

No token is needed: these routes show endorsed texts only (ppflow/public.py), like the pages
and `ppflow public`; anything else is the same 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from models.domain import DocumentType, ThematicArea
from ppflow import public
from ppflow.public import FIRST_YEAR, LAST_YEAR, PublicList, PublicQuery, PublicText
from web.deps import SessionDep

router = APIRouter(prefix="/api/public", tags=["public"])


@router.get("/texts", response_model=PublicList)
def public_texts(
    db: SessionDep,
    document_type: DocumentType | None = None,
    thematic_area: ThematicArea | None = None,
    year: Annotated[int | None, Query(ge=FIRST_YEAR, le=LAST_YEAR)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=5, le=100)] = 20,
) -> PublicList:
    """Every endorsed text (newest endorsement first) with its endorsement record and the
    languages of its final Word document (/public/texts/{id}.docx?language=en|ru). No sign-in."""
    query = PublicQuery(
        document_type=document_type,
        thematic_area=thematic_area,
        year=year,
        page=page,
        per_page=per_page,
    )
    return public.list_texts(db, query)


@router.get("/texts/{draft_id}", response_model=PublicText)
def public_text(draft_id: str, db: SessionDep) -> PublicText:
    """One endorsed text's record (404, the same for every id that is not an endorsed text)."""
    return public.get_text(db, draft_id)
