"""Participation analytics: charts (SVG), annex .docx and CSV (JSON API). For the Secretariat and
observers (a drafting state gets 403); bad filters get 422 with the reason."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response
from starlette.concurrency import run_in_threadpool

from models.analytics import Analytics
from models.domain import DocumentType, Language, ThematicArea
from ppflow import analytics
from web.deps import AnyRole, SessionDep
from word import analytics_annex

router = APIRouter(prefix="/api/analytics", tags=["analytics"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Read as text and checked by the service (one reason, never the value): a day, a type, an area.
From = Annotated[
    str | None,
    Query(alias="from", description="first day, YYYY-MM-DD", examples=[str(date(2026, 1, 1))]),
]  # noqa: E501
To = Annotated[str | None, Query(alias="to", description="last day, YYYY-MM-DD")]
Type = Annotated[str | None, Query(alias="type", description=f"one of: {', '.join(DocumentType)}")]
Area = Annotated[str | None, Query(alias="area", description=f"one of: {', '.join(ThematicArea)}")]
Lang = Annotated[Language, Query(description="names and labels in this language")]


def _figures(db: SessionDep, role: AnyRole, *values: str | None, language: Language) -> Analytics:
    analytics.require_reader(role)
    f = analytics.filters_of(dict(zip(("from", "to", "type", "area"), values, strict=True)))
    return analytics.figures(db, f, language)


@router.get("", response_model=Analytics)
def figures(
    db: SessionDep,
    role: AnyRole,
    date_from: From = None,
    date_to: To = None,
    document_type: Type = None,
    thematic_area: Area = None,
    language: Lang = Language.EN,
) -> Analytics:
    """Every figure: answer rates per participant, group and body; median days to answer;
    positions per round; drafts per phase over time; comments per section; days from the first
    round to endorsement."""
    return _figures(db, role, date_from, date_to, document_type, thematic_area, language=language)


@router.get(".csv")
def figures_csv(
    db: SessionDep,
    role: AnyRole,
    date_from: From = None,
    date_to: To = None,
    document_type: Type = None,
    thematic_area: Area = None,
    language: Lang = Language.EN,
) -> Response:
    """The figures as CSV: figure, key, name, measure, value."""
    a = _figures(db, role, date_from, date_to, document_type, thematic_area, language=language)
    return Response(
        analytics.to_csv(a),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="participation-analytics.csv"'},
    )


@router.get("/annex.docx")
async def annex(
    db: SessionDep,
    role: AnyRole,
    date_from: From = None,
    date_to: To = None,
    document_type: Type = None,
    thematic_area: Area = None,
    language: Lang = Language.EN,
) -> Response:
    """The annex .docx in English or Russian: each figure's chart (a picture with its text
    alternative) and table."""

    def build() -> tuple[bytes, str]:
        values = (date_from, date_to, document_type, thematic_area)
        return analytics_annex.annex(_figures(db, role, *values, language=language))

    content, name = await run_in_threadpool(build)
    return Response(
        content, media_type=DOCX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
