"""The mission report as a reader sees it in each language: kind, host country, members and
roles, findings under the profile's section titles (read back from the .docx)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from docx import Document

from models.api import Expert, Finding
from models.base import DraftMeta
from models.contracts.expert_mission import MissionStatus
from models.domain import DocumentType, Language, MissionKind, MissionOutcome
from models.profile import PROFILE_SECTIONS
from word.mission_report import _WORDS, ReportInput, render_mission_report

DRAFT = DraftMeta(
    draft_id="draft-emp-tj",
    slug="emp-tj",
    title="Extended Migration Profile of Tajikistan",
    reference="PP/EMP/TJ/2010",
    document_type=DocumentType.MIGRATION_PROFILE,
    lead_state="TJ",
    country="TJ",
)


def mission(**overrides: object) -> MissionStatus:
    fields: dict[str, object] = {
        "mission_id": "draft-emp-tj-mission-1",
        "draft_id": "draft-emp-tj",
        "country": "TJ",
        "kind": MissionKind.HIGH_LEVEL_INTRODUCTORY_MISSION,
        "experts": [
            Expert(
                name="Jana Nováková",
                email="jn@cz.example",
                role="Head of mission",
                participant_id="CZ",
            ),
            Expert(
                name="Gábor Kiss", email="gk@hu.example", role="policy adviser", participant_id="HU"
            ),
        ],
        "starts_on": datetime(2009, 10, 12, tzinfo=UTC),
        "ends_on": datetime(2009, 10, 14, tzinfo=UTC),
        "findings_due": datetime(2009, 11, 1, tzinfo=UTC),
        "open": False,
        "outcome": MissionOutcome.FINDINGS_SUBMITTED,
        "findings": [
            Finding(section_id="emp-gaps", text="No register of returning migrants."),
            Finding(section_id="gone", text="On a section since removed."),
        ],
        "submitted_by": "GK@hu.example",
        "submitted_at": datetime(2009, 10, 30, tzinfo=UTC),
    }
    return MissionStatus.model_validate({**fields, **overrides})


def text_of(m: MissionStatus, language: Language) -> str:
    titles = {s.id: s.title(language) for s in PROFILE_SECTIONS}
    content, name = render_mission_report(
        ReportInput(
            m, DRAFT, "Meet the ministries.", datetime(2009, 11, 2, tzinfo=UTC), language, titles
        )
    )
    assert name == f"draft-emp-tj-mission-1-mission-report-{language.value}.docx"
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_report_names_kind_host_members_roles_and_findings_in_each_language() -> None:
    english = text_of(mission(), Language.EN)
    for words in (
        "High-level introductory mission — Tajikistan",
        "Host country: Tajikistan",
        "Dates: 12–14 October 2009",
        "Jana Nováková",
        "Head of mission",
        "Czech Republic",
        "policy adviser",
        "Submitted by: Gábor Kiss (policy adviser), 30 October 2009",
        "Data gaps and recommendations",
        "No register of returning migrants.",
        "gone",  # a finding on a section the draft no longer has keeps its id
        "On a section since removed.",
    ):
        assert words in english, words
    russian = text_of(mission(), Language.RU)
    for words in (
        "Ознакомительная миссия высокого уровня — Таджикистан",
        "Принимающая страна: Таджикистан",
        "руководитель миссии",  # a role people type often is translated
        "policy adviser",  # any other as typed
        "Пробелы в данных и рекомендации",
        "Выводы представлены",
    ):
        assert words in russian, words


def test_a_mission_without_findings_says_so() -> None:
    for language, words in (
        (Language.EN, "No findings were submitted."),
        (Language.RU, "Выводы не были представлены."),
    ):
        text = text_of(
            mission(findings=[], outcome=MissionOutcome.TIMED_OUT, submitted_by=None), language
        )
        assert words in text
    assert all(en.strip() and ru.strip() for en, ru in _WORDS.values())
