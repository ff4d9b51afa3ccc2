"""Every kind of document, in English and Russian: it re-opens with the expected text, carries
the furniture a Secretariat expects, and LibreOffice converts it to PDF."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from models.contracts.draft import DraftComment
from models.domain import ArtifactKind, Language
from tests.word.samples import NOW, V1, V2, meeting_request, request, state
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
            "Lead state: CZ",
        ],
        [
            "Пражский процесс",
            "ПРОЕКТ — для консультаций",
            "Руководящие принципы",
            "1. Цель и сфера применения",
            "[перевод ещё не подготовлен]",
            "версии 1 оригинала",
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
        ],
        [
            "Сводная таблица замечаний, раунд 1",
            "Предлагаемый текст",
            "Оговорка: equal",
            "принято",
            "Позиции участников",
            "Общие замечания",
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
            "HU",
        ],
        ["Окончательный и одобренный текст", "Сведения об одобрении", "одобрено с поправками"],
    ),
    ArtifactKind.MIGRATION_PROFILE: (
        [
            "Extended Migration Profile",
            "Profile status: Final and endorsed",
            "Executive summary",
            "Not yet drafted.",
            "Migration trends",
            "Purpose and scope",
        ],
        [
            "Расширенный миграционный профиль",
            "Статус профиля",
            "Резюме",
            "Раздел ещё не подготовлен.",
        ],
    ),
    ArtifactKind.PROCEDURAL_RECORD: (
        ["Procedural record", "Comment rounds", "KZ", "Draft started by CZ", "Timeline"],
        ["Протокол процедуры", "Раунды замечаний", "Не ответили", "Хронология"],
    ),
    ArtifactKind.MEETING_AGENDA: (
        ["Agenda", "For endorsement", "Guidelines on circular migration", "version 2"],
        ["Повестка дня", "Для одобрения", "версия 2"],
    ),
    ArtifactKind.MEETING_CONCLUSIONS: (
        [
            "Conclusions",
            "The meeting took the following decisions.",
            "endorsed",
            "Reservations: HU",
        ],
        ["Выводы", "Совещание приняло следующие решения.", "одобрено", "Оговорки: HU"],
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
    assert summary == {"AM": "250", "HU": "250", "KZ": "250", "UA": "250"}


def test_position_register_grid() -> None:
    doc = Document(io.BytesIO(build(ArtifactKind.POSITION_REGISTER, Language.EN)[0]))
    grid = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in doc.tables[0].rows[1:]}
    assert grid == {
        "AM": ["comments", "support", "support", "comments"],
        "HU": ["support", "reservation", "support", "reservation"],
        "UA": ["support", "support", "support", "no objection"],
        "KZ": ["no answer", "no answer", "no answer", "no answer"],
    }


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


# ---------------------------------------------------------------- LibreOffice


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_every_document_to_pdf(tmp_path: Path) -> None:
    files = []
    for kind in ALL_KINDS:
        for language in Language:
            content, filename = build(kind, language)
            (tmp_path / filename).write_bytes(content)
            files.append(tmp_path / filename)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for f in files:
        pdf = tmp_path / "pdf" / f.with_suffix(".pdf").name
        assert pdf.exists() and pdf.stat().st_size > 1000, f"{f.name} did not convert"
        if shutil.which("pdftotext"):
            text = subprocess.run(
                ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert "Prague Process" in text or "Пражский процесс" in text, f.name
