"""Every kind of document, in English and Russian: it re-opens with the expected text and carries
the furniture a Secretariat expects (as LibreOffice prints them: test_rendered.py)."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from models.contracts.draft import DraftComment
from models.contracts.meeting import NOT_REACHED
from models.domain import ArtifactKind, Decision, Language
from models.profile import PROFILE_SECTIONS
from tests.word.samples import NOW, V1, V2, meeting_request, profile_request, request, state
from word.documents import render_draft, render_meeting
from word.kinds import DRAFT_BUILDERS
from workflows.draft_state import document_request

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MEETING_KINDS = (ArtifactKind.MEETING_AGENDA, ArtifactKind.MEETING_CONCLUSIONS)
ALL_KINDS = [*DRAFT_BUILDERS, *MEETING_KINDS]

# What a reader must find in each document (English, Russian).
EXPECTED: dict[ArtifactKind, tuple[list[str], list[str]]] = {
    ArtifactKind.DRAFT_VERSION: (
        [
            "Prague Process",
            "DRAFT — for consultation",
            "Guidelines",
            "1. Purpose and scope",
            "Permits issued",
            "Contents",
            "Lead state: Czech Republic",
            "Co-lead states: Poland, Slovakia",
        ],
        [
            "Пражский процесс",
            "ПРОЕКТ — для консультаций",
            "Руководящие принципы",
            "1. Цель и сфера применения",
            "[перевод ещё не подготовлен]",
            "версии 1 оригинала",
            "Ведущее государство: Чешская Республика",
            "Соведущие: Польша, Словакия",
        ],
    ),
    ArtifactKind.COMMENT_COMPILATION: (
        [
            "Compilation of comments, round 1",
            "Proposed text",
            "Name the schemes.",
            "accepted",
            "Positions per participant",
            "General",
            "Armenia",
            "Kazakhstan",
            "no answer",
        ],
        [
            "Сводная таблица замечаний, раунд 1",
            "Предлагаемый текст",
            "Оговорка: equal",
            "принято",
            "Позиции участников",
            "Общие замечания",
            "1. Цель и сфера применения",
            "Армения",
            "Казахстан",
            "нет ответа",
        ],
    ),
    ArtifactKind.POSITION_REGISTER: (
        ["Position register, round 1", "no answer", "reservation", "3 of 4 participants"],
        ["Реестр позиций, раунд 1", "нет ответа", "оговорка", "ответили 3 из 4"],
    ),
    ArtifactKind.REDLINE: (
        ["Changes from version 1 to version 2", "Accept All Changes"],
        ["Изменения от версии 1 к версии 2", "Принять все исправления"],
    ),
    ArtifactKind.FINAL_TEXT: (
        [
            "Final and endorsed",
            "Endorsement record",
            "Senior Officials' Meeting 2026, Prague",
            "endorsed with amendments",
            "Hungary",
        ],
        [
            "Окончательный и одобренный текст",
            "Сведения об одобрении",
            "одобрено с поправками",
            "Венгрия",
        ],
    ),
    ArtifactKind.MIGRATION_PROFILE: (
        [
            "Extended Migration Profile",
            "Profile status: Final and endorsed",
            "1. Executive summary",
            "2. Migration trends",
            "does not cover the following chapters of the profile template: "
            "Introduction and methodology; Socio-economic context",
            "No data on reintegration outcomes. (Anna Novak, mission expert)",
        ],
        [
            "Расширенный миграционный профиль",
            "Статус профиля",
            "Настоящее издание не охватывает следующие главы шаблона профиля: "
            "Введение и методология",
            "(Anna Novak, эксперт миссии)",
        ],
    ),
    ArtifactKind.PROCEDURAL_RECORD: (
        [
            "Procedural record",
            "Comment rounds",
            "Kazakhstan",
            "Czech Republic started the draft (Guidelines)",
            "Comment round 1 closed (deadline reached): 3 of 4 participants answered; "
            "reservations or objections: Hungary",
            "Timeline",
            "Certified for the Prague Process Secretariat",
        ],
        [
            "Протокол процедуры",
            "Раунды замечаний",
            "Не ответили",
            "Хронология",
            "Казахстан",
            "Чешская Республика: начата подготовка проекта (Руководящие принципы)",
            "Армения: получен ответ — замечания, замечаний: 1",
            "Запрошено одобрение версии 2 на совещании",
            "Удостоверено от имени Секретариата Пражского процесса",
        ],
    ),
    ArtifactKind.MEETING_AGENDA: (
        [
            "Senior Officials' Meeting 2026: Agenda",
            "Opening of the meeting and welcome",
            "Adoption of the agenda",
            "For endorsement",
            "Guidelines on circular migration",
            "Guidelines, version 2",
            "Tour de table",
            "Any other business",
            "Closing of the meeting",
            "Dates: 23–24 November 2026",
            "Host: Czech Republic",
            "Co-chairs: Czech Republic and Ukraine",
        ],
        [
            "Повестка дня",
            "Открытие совещания и приветствие",
            "Утверждение повестки дня",
            "Для одобрения",
            "Руководящие принципы, версия 2",
            "Разное",
            "Даты: 23–24 ноября 2026 г.",
            "Сопредседатели: Чешская Республика и Украина",
        ],
    ),
    ArtifactKind.MEETING_CONCLUSIONS: (
        [
            "Senior Officials' Meeting 2026: Conclusions",
            "The Senior Officials endorsed “Guidelines on circular migration” "
            "(PP/GUIDELINES/circular-migration, version 2). Annex dropped. "
            "A reservation was expressed by Hungary.",
        ],
        [
            "Выводы",
            "Старшие должностные лица одобрили документ «Руководящие принципы по циркулярной "
            "миграции» "
            "(PP/GUIDELINES/circular-migration, версия 2).",
            "Оговорку высказал участник: Венгрия.",
        ],
    ),
}


def build(kind: ArtifactKind, language: Language) -> tuple[bytes, str]:
    if kind in MEETING_KINDS:
        return render_meeting(meeting_request(kind, language))
    return render_draft(request(kind, language))


def all_text(content: bytes) -> str:
    """Every piece of text a reader sees: body, tables, headers and footers."""
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        parts = [n for n in zf.namelist() if n.startswith("word/") and n.endswith(".xml")]
        texts = []
        for name in parts:
            root = etree.fromstring(zf.read(name))
            for p in root.iter(f"{W}p"):
                texts.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return "\n".join(texts)


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_document_reopens_with_its_text(kind: ArtifactKind, language: Language) -> None:
    content, filename = build(kind, language)
    assert filename.endswith(f"-{language.value}.docx")
    Document(io.BytesIO(content))  # python-docx opens it
    text = all_text(content)
    english, russian = EXPECTED[kind]
    for phrase in english if language == Language.EN else russian:
        assert phrase in text, f"{phrase!r} missing from {filename}"


def test_the_same_state_gives_the_same_file() -> None:
    """Content-addressed storage keeps one copy: the bytes must not depend on the clock."""
    assert build(ArtifactKind.DRAFT_VERSION, Language.EN) == build(
        ArtifactKind.DRAFT_VERSION, Language.EN
    )


def test_draft_furniture_header_footer_fields_contents_and_styles() -> None:
    content, _ = build(ArtifactKind.DRAFT_VERSION, Language.RU)
    doc = Document(io.BytesIO(content))
    header = doc.sections[0].header.paragraphs[0].text
    assert header.startswith("ПРОЕКТ · PP/GUIDELINES/circular-migration · версия 2")
    footer = doc.sections[0].footer._element.xml
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
    body = doc.element.body.xml
    assert "TOC \\o" in body
    headings = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert [h.text for h in headings] == [
        "1. Цель и сфера применения",
        "2. Принципы",
        "3. Monitoring",
    ]
    assert 'w:name="pp_s1"' in body  # bookmarks carry section ids back on import
    assert doc.sections[0].page_width.cm == pytest.approx(21.0, abs=0.01)  # A4
    names = {s.name for s in doc.styles}
    assert {"PP Marking", "PP Table Text", "List Bullet"} <= names
    normal_fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal_fonts.get(qn("w:hAnsi")) == "Arial"  # Cyrillic glyphs, set explicitly
    assert 'w:val="ru-RU"' in doc.styles["Normal"].element.xml


def test_compilation_is_landscape_grouped_with_a_repeating_header_for_1000_comments() -> None:
    comments = [
        DraftComment(
            comment_id=f"c{i:04}",
            round_number=1,
            participant_id=pid,
            kind="section",
            section_id=sid,
            text=f"Comment {i}",
            position="comments",
        )
        for i, (pid, sid) in enumerate(
            ((p, s) for _ in range(125) for p in ("AM", "HU", "UA", "KZ") for s in ("s1", "s2")),
        )
    ]
    s = state()
    req = document_request(
        s, ArtifactKind.COMMENT_COMPILATION, NOW, round_number=1, comments=comments
    )
    doc = Document(io.BytesIO(render_draft(req)[0]))
    assert doc.sections[0].page_width > doc.sections[0].page_height
    matrix = doc.tables[0]
    header = matrix.rows[0]._tr
    assert header.find(f"{W}trPr/{W}tblHeader") is not None
    rows = [r for r in matrix.rows[1:]]
    groups = [r.cells[0].text for r in rows if len(r._tr.findall(f"{W}tc")) == 1]
    assert groups == ["1. Purpose and scope", "2. Principles"]
    assert len(rows) == 1000 + 2
    summary = {r.cells[0].text: r.cells[2].text for r in doc.tables[1].rows[1:]}
    assert summary == {"Armenia": "250", "Hungary": "250", "Kazakhstan": "250", "Ukraine": "250"}


def test_position_register_grid() -> None:
    doc = Document(io.BytesIO(build(ArtifactKind.POSITION_REGISTER, Language.EN)[0]))
    grid = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in doc.tables[0].rows[1:]}
    assert grid == {
        "Armenia": ["comments", "support", "support", "comments"],
        "Hungary": ["support", "reservation", "support", "reservation"],
        "Ukraine": ["support", "support", "support", "no objection"],
        "Kazakhstan": ["no answer", "no answer", "no answer", "no answer"],
    }


def test_a_profile_under_preparation_shows_its_empty_chapters_and_each_finding_once() -> None:
    text = all_text(render_draft(profile_request("revision"))[0])
    assert "Profile status: Under preparation" in text
    assert text.count("Not yet drafted.") == len(PROFILE_SECTIONS) - 2  # all but two have text
    assert "does not cover" not in text
    # worked into "Migration trends": printed once, in the text, not again as a finding
    assert text.count("Return flows rose by a third since 2019.") == 1
    assert "expert@icmpd.example" not in text


def test_an_agenda_without_hours_has_no_time_column() -> None:
    req = meeting_request(ArtifactKind.MEETING_AGENDA, Language.EN)
    req.meeting.starts_at = req.meeting.starts_at.replace(hour=0)
    req.meeting.ends_at = None
    doc = Document(io.BytesIO(render_meeting(req)[0]))
    assert [c.text for c in doc.tables[0].rows[0].cells][:2] == ["No.", "Agenda item"]
    assert "Dates: 23 November 2026" in all_text(render_meeting(req)[0])


def test_conclusions_word_each_decision_and_name_who_reserved() -> None:
    req = meeting_request(ArtifactKind.MEETING_CONCLUSIONS, Language.RU)
    item = req.meeting.agenda[0]
    item.decision, item.reservations, item.notes = Decision.DEFERRED, ["HU", "AM"], NOT_REACHED
    text = all_text(render_meeting(req)[0])
    assert "Старшие должностные лица отложили рассмотрение документа" in text
    assert "Пункт не был рассмотрен на совещании." in text
    assert "Оговорки высказали участники: Венгрия и Армения." in text
    assert "Not reached" not in text


def test_what_the_workflows_note_on_an_endorsement_reads_in_the_documents_language() -> None:
    record = (
        state()
        .endorsements[0]
        .model_copy(
            update={
                "route": "written_procedure",
                "meeting_id": None,
                "notes": "Silence kept: endorsed by written procedure",
                "reservations": [],
            }
        )
    )
    req = request(ArtifactKind.PROCEDURAL_RECORD, Language.RU).model_copy(
        update={"endorsements": [record], "rounds": [], "events": []}
    )
    text = all_text(render_draft(req)[0])
    assert "Молчание соблюдено: одобрено в порядке письменной процедуры." in text
    assert "Раунды замечаний не проводились." in text
    assert "Silence kept" not in text


# ---------------------------------------------------------------- tracked changes


def _resolve(content: bytes, keep: str) -> list[str]:
    """The body's paragraphs after accepting (keep="ins") or rejecting (keep="del") all."""
    drop = "del" if keep == "ins" else "ins"
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    for row in list(root.iter(f"{W}tr")):
        if row.find(f"{W}trPr/{W}{drop}") is not None:
            row.getparent().remove(row)
    for p in list(root.iter(f"{W}p")):
        if p.find(f"{W}pPr/{W}rPr/{W}{drop}") is not None:
            p.getparent().remove(p)
    for element in list(root.iter(f"{W}{drop}")):
        element.getparent().remove(element)
    for element in list(root.iter(f"{W}{keep}")):
        parent = element.getparent()
        index = parent.index(element)
        for child in reversed(list(element)):
            parent.insert(index, child)
        parent.remove(element)
    texts = []
    for p in root.iter(f"{W}p"):
        texts.append("".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText")))
    return texts


def _unchanged(sections: list) -> bytes:  # type: ignore[type-arg]
    req = request(ArtifactKind.REDLINE).model_copy(
        update={"sections": sections, "previous_sections": sections}
    )
    return render_draft(req)[0]


def test_redline_accept_all_gives_the_new_version_and_reject_all_the_old() -> None:
    content, _ = build(ArtifactKind.REDLINE, Language.EN)
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    assert 'w:author="CZ"' in xml and 'w:date="2026-11-23T10:00:00Z"' in xml
    assert "<w:ins " in xml and "<w:del " in xml
    assert _resolve(content, keep="ins") == _resolve(_unchanged(V2), keep="ins")
    assert _resolve(content, keep="del") == _resolve(_unchanged(V1), keep="ins")
    # word level: an edited sentence keeps its unchanged words outside the changes
    assert '<w:t xml:space="preserve">These guidelines help</w:t></w:r><w:ins ' in xml
    assert '<w:t xml:space="preserve"> participating</w:t>' in xml
