"""The chart library (one drawing: SVG for the page, PNG for Word) and the analytics annex: the
SVG is well-formed, titled, described, scalable, its ids its own, its text text and escaped; the
annex opens with python-docx in English and Russian with a table and a described picture per
figure."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import docx

from models.analytics import (
    Analytics,
    AnswerTime,
    Endorsement,
    Filters,
    GroupRate,
    PipelinePoint,
    Rate,
    RoundPositions,
    SectionComments,
)
from models.domain import DocumentType, Language, Phase, Position
from word import analytics_annex
from word.charts import Chart, Series, png, svg

SVG = "{http://www.w3.org/2000/svg}"


def sample(language: Language = Language.EN) -> Analytics:
    names = {"UA": ("Ukraine", "Украина"), "RS": ("Serbia", "Сербия")}
    pick = 0 if language == Language.EN else 1
    return Analytics(
        filters=Filters(date_from=date(2026, 1, 1), document_type=DocumentType.GUIDELINES),
        language=language,
        generated_at=datetime(2026, 7, 1, tzinfo=UTC),
        drafts=2,
        rounds=3,
        invitations=5,
        answers=4,
        by_participant=[
            Rate(id="UA", name=names["UA"][pick], invited=3, answered=2),
            Rate(id="RS", name=names["RS"][pick], invited=2, answered=2),
        ],
        by_group=[
            GroupRate(
                kind="group",
                id="eastern_partnership",
                name="Eastern Partnership",
                invited=3,
                answered=2,
            ),
            GroupRate(kind="body", id="ncp_network", name="NCP network", invited=5, answered=4),
        ],  # fmt: skip
        median_answer_days=3.5,
        answer_times=[AnswerTime(id="UA", name=names["UA"][pick], answers=2, median_days=1.5)],
        positions=[
            RoundPositions(number=1, counts={p: i for i, p in enumerate(Position)}),
        ],
        pipeline=[
            PipelinePoint(
                day=date(2026, m, 28),
                label=f"{m:02}.2026",
                counts={p: m for p in analytics_annex.PIPELINE},
            )
            for m in range(1, 13)
        ],  # fmt: skip
        sections=[
            SectionComments(
                draft_id="d1",
                draft_title="Guidelines <on> return & reintegration",
                section_id="s1",
                section_title="Scope",
                comments=3,
            ),
        ],  # fmt: skip
        general_comments=1,
        endorsements=[
            Endorsement(
                draft_id="d1",
                title="Guidelines on return",
                first_round=datetime(2026, 2, 10, tzinfo=UTC),
                endorsed_at=datetime(2026, 4, 9, tzinfo=UTC),
                days=58,
            )
        ],  # fmt: skip
        endorsed_drafts=1,
        median_endorsement_days=58,
    )


def test_one_drawing_gives_a_titled_scalable_svg_and_a_png() -> None:
    chart = Chart(
        key="an-test",
        title="Answer rate <per> participant",
        description="Ukraine 67%; Serbia 100% & more",
        categories=["Ukraine", "<script>alert(1)</script>"],
        series=[Series("rate", [67, 100])],
        percent=True,
        bar_labels=["67%", "100%"],
    )
    markup = svg(chart)
    root = ET.fromstring(markup)  # well-formed, no prolog
    assert markup.startswith("<svg") and root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("width") == "100%" and root.get("viewBox")
    assert root.get("aria-labelledby") == "an-test-title an-test-desc"
    assert root.find(f"{SVG}title").text == "Answer rate <per> participant"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Ukraine 67%; Serbia 100% & more"  # type: ignore[union-attr]
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert "Ukraine" in texts and any("<script>" in t for t in texts)  # text, escaped
    assert "<script>" not in markup
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert all(i.startswith("an-test-") for i in ids) and len(ids) == len(set(ids))  # type: ignore[union-attr]
    assert svg(chart) == markup  # the same chart, the same markup
    assert png(chart).startswith(b"\x89PNG\r\n\x1a\n")
    empty = Chart(key="e", title="Nothing", description="-", categories=[], series=[],
                  empty="No data")  # fmt: skip
    assert empty.is_empty and "No data" in svg(empty)


def test_the_views_hold_every_figure_as_a_table() -> None:
    views = {v.key: v for v in analytics_annex.views(sample())}
    assert list(views) == ["rate_participant", "rate_group", "answer_time", "positions",
                           "pipeline", "sections", "endorsement"]  # fmt: skip
    assert views["rate_participant"].rows == [["Ukraine", "3", "2", "67%"],
                                              ["Serbia", "2", "2", "100%"]]  # fmt: skip
    assert views["rate_group"].rows[1][0] == "NCP network (body (members today))"
    assert views["positions"].rows == [["Round 1", "0", "1", "2", "3", "6"]]
    assert views["sections"].rows[-1] == ["", "General comments (no section)", "1"]
    assert views["endorsement"].rows == [["Guidelines on return", "10.02.2026", "09.04.2026", "58"]]
    assert "median 3.5" in views["answer_time"].chart.description
    ru = {v.key: v for v in analytics_annex.views(sample(Language.RU))}
    assert ru["answer_time"].rows == [["Украина", "2", "1,5"]]
    assert ru["positions"].chart.title == "Позиции по раундам"


def test_the_annex_opens_with_a_table_and_a_described_picture_per_figure() -> None:
    for language, heading in ((Language.EN, "Participation analytics"),
                              (Language.RU, "Аналитика участия")):  # fmt: skip
        content, name = analytics_annex.annex(sample(language))
        assert name == f"participation-analytics-2026-07-01-{language.value}.docx"
        document = docx.Document(io.BytesIO(content))
        text = "\n".join(p.text for p in document.paragraphs)
        assert heading in text and "\u2060" not in text  # no placeholder left
        assert len(document.tables) == 7
        assert len(document.inline_shapes) == 7
        described = document.element.body.xpath(".//wp:docPr/@descr")
        assert len(described) == 7 and all(described)
        first = document.tables[0]
        assert first.rows[1].cells[0].text in ("Ukraine", "Украина")
    assert Phase.FINAL in analytics_annex.PIPELINE
