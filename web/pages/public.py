"""The public repository of endorsed texts (no sign-in) and its Atom feed (pages).

Every route here answers a visitor with no account; what it shows comes from ppflow/public.py,
which shows endorsed texts only (anything else is the same 404, the id never repeated)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from models.domain import DocumentType, Language, ThematicArea
from ppflow import public, service
from ppflow.public import PublicQuery
from web.deps import SessionDep
from web.pages.common import Page, failure, page_for
from web.word import docx_response

router = APIRouter(include_in_schema=False)

FILTERS = ("document_type", "thematic_area", "year")
ATOM = "application/atom+xml"


def _base_url(request: Request) -> str:
    settings = getattr(request.app.state, "settings", None)
    return str(getattr(settings, "public_base_url", "") or request.base_url).rstrip("/")


def _choices(page: Page, db: SessionDep) -> dict[str, Any]:
    return {
        "types": list(DocumentType),
        "areas": list(ThematicArea),
        "years": public.years(db),
        "feed_url": "/public/feed.atom",
    }


def _missing(page: Page) -> Response:
    return page.render("public_missing.html", 404, message=page.t("pub_not_found"))


@router.get("/public", response_class=HTMLResponse)
def public_list(request: Request, db: SessionDep) -> Response:
    """The endorsed texts, newest first, with their filters and pages."""
    page = page_for(request, db, login=False)
    asked = {
        key: value
        for key in (*FILTERS, "page")
        if (value := request.query_params.get(key, "").strip())
    }
    base = {k: v for k, v in asked.items() if k in FILTERS}
    try:
        query = service.parse(PublicQuery, asked)
    except service.Invalid as e:
        return page.render(
            "public.html",
            422,
            error=page.t("pub_bad_filter", reason=failure(e, page)[0].rstrip(".")),
            listing=None,
            query=PublicQuery(),
            base={},
            **_choices(page, db),
        )
    listing = public.list_texts(db, query)
    return page.render("public.html", listing=listing, query=query, base=base, **_choices(page, db))


@router.get("/public/feed.atom")
def public_feed(request: Request, db: SessionDep) -> Response:
    """An Atom 1.0 feed of the newest endorsed texts."""
    return Response(public.feed(db, _base_url(request)), media_type=f"{ATOM}; charset=utf-8")


def _language(value: str | None) -> Language | None:
    if value is None or value == "":
        return None
    if value not in ("en", "ru"):
        raise service.Invalid("language: choose en (English) or ru (Russian)")
    return Language(value)


# The file before the page: "/public/texts/{draft_id}" would also match "….docx".
@router.get("/public/texts/{draft_id}.docx")
def public_docx(request: Request, draft_id: str, db: SessionDep) -> Response:
    """The endorsed text's final Word document (?language=en|ru; the drafting one by default)."""
    page = page_for(request, db, login=False)
    try:
        text = public.get_text(db, draft_id)
        language = _language(request.query_params.get("language")) or text.language
        content, filename = public.final_document(db, draft_id, language)
    except service.NotFound:
        return _missing(page)
    except service.Invalid as e:
        return page.render("public_missing.html", 422, message=e.message)
    return docx_response(content, filename)


@router.get("/public/texts/{draft_id}", response_class=HTMLResponse)
def public_text(request: Request, draft_id: str, db: SessionDep) -> Response:
    """One endorsed text in the reader's language (or ?language=en|ru), its record, its files."""
    page = page_for(request, db, login=False)
    try:
        language = _language(request.query_params.get("language")) or page.t.language
        shown = public.text_in(db, draft_id, language)
    except service.NotFound:
        return _missing(page)
    except service.Invalid as e:
        return page.render("public_missing.html", 422, message=e.message)
    other = Language.RU if language == Language.EN else Language.EN
    return page.render(
        "public_text.html",
        shown=shown,
        text=shown.text,
        other=other,
        feed_url="/public/feed.atom",
    )
