"""Participation analytics: charts (SVG), annex .docx and CSV (pages). For the Secretariat and
observers; a drafting state gets a page that says it may not look."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from models.analytics import EARLIEST, Filters
from models.domain import DocumentType, Language, ThematicArea
from ppflow import analytics, service
from web.deps import SessionDep
from web.pages.common import Page, page_for
from word import analytics_annex
from word.charts import svg

router = APIRouter(include_in_schema=False)

FIELDS = ("from", "to", "type", "area")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _asked(request: Request) -> dict[str, str]:
    return {k: request.query_params.get(k, "").strip() for k in FIELDS}


def _reason(asked: dict[str, str], page: Page) -> str:
    """Why the filters were refused, in the page's language (never the value typed)."""
    t = page.t
    if asked["type"] and asked["type"] not in DocumentType._value2member_map_:
        return t("an_bad_type")
    if asked["area"] and asked["area"] not in ThematicArea._value2member_map_:
        return t("an_bad_area")
    days = []
    for key in ("from", "to"):
        if asked[key]:
            try:
                day = date.fromisoformat(asked[key])
            except ValueError:
                return t("an_bad_day")
            if not EARLIEST <= day <= date(2100, 12, 31):
                return t("an_bad_day")
            days.append(day)
    if len(days) == 2 and days[0] > days[1]:
        return t("an_bad_order")
    return t("an_bad_day")


def _refused(page: Page) -> Response | None:
    """The page that says a drafting state may not look, else None."""
    assert page.principal is not None
    try:
        analytics.require_reader(page.principal)
    except service.Forbidden:
        return page.render("error.html", 403, message=page.t("an_forbidden"), code=403)
    return None


def _filters(request: Request, page: Page) -> tuple[Filters | None, str | None]:
    asked = _asked(request)
    try:
        return analytics.filters_of(asked), None
    except service.Invalid:
        return None, page.t("an_bad_filter", reason=_reason(asked, page))


def _choices(page: Page, asked: dict[str, str], **values: Any) -> dict[str, Any]:
    shown = dict(asked)
    for key in ("from", "to"):  # a day typed wrong is not shown back
        try:
            date.fromisoformat(shown[key])
        except ValueError:
            shown[key] = ""
    return {
        "asked": shown,
        "types": list(DocumentType),
        "areas": list(ThematicArea),
        **values,
    }


def _charts(db: Any, f: Filters, language: Language) -> tuple[Any, list[dict[str, Any]]]:
    figures = analytics.figures(db, f, language)
    shown = [
        {"view": v, "svg": svg(v.chart), "empty": v.chart.is_empty}
        for v in analytics_annex.views(figures)
    ]
    return figures, shown


@router.get("/analytics", response_class=HTMLResponse)
async def analytics_page(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    refused = _refused(page)
    if refused is not None:
        return refused
    asked = _asked(request)
    f, error = _filters(request, page)
    if f is None:
        return page.render("analytics.html", 422, error=error, **_choices(page, asked, views=[]))
    figures, shown = await run_in_threadpool(_charts, db, f, page.t.language)
    query = f.query()
    return page.render(
        "analytics.html",
        **_choices(page, asked, views=shown),
        figures=figures,
        summary=analytics_annex.summary(figures),
        period=analytics_annex.period(figures),
        query=query,
    )


@router.get("/analytics.csv")
def analytics_csv(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    refused = _refused(page)
    if refused is not None:
        return refused
    f, error = _filters(request, page)
    if f is None:
        return page.render("error.html", 422, message=error, code=422)
    figures = analytics.figures(db, f, page.t.language)
    return Response(
        analytics.to_csv(figures),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="participation-analytics.csv"'},
    )


@router.get("/analytics.docx")
def analytics_docx(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    refused = _refused(page)
    if refused is not None:
        return refused
    f, error = _filters(request, page)
    wanted = request.query_params.get("language", page.t.language.value)
    if wanted not in ("en", "ru"):
        f, error = None, page.t("an_bad_filter", reason="language: en | ru")
    if f is None:
        return page.render("error.html", 422, message=error, code=422)
    content, name = analytics_annex.annex(analytics.figures(db, f, Language(wanted)))
    return Response(
        content,
        media_type=DOCX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
