"""Word in, not only out: what ppflow exports comes back as the same sections and text."""

from __future__ import annotations

import io

from docx import Document

from models.base import Section
from models.domain import ArtifactKind, Language
from tests.word.samples import NOW, RU, V2, request, state
from word import markup
from word.documents import render_draft
from word.reader import read_annotations, read_sections
from workflows.draft_state import document_request


def test_export_import_export_gives_the_same_sections_and_text() -> None:
    first, _ = render_draft(request(ArtifactKind.DRAFT_VERSION))
    sections = read_sections(first)
    assert [(s.id, s.title, s.text) for s in sections] == [
        (s.id, s.title, markup.canonical(s.text)) for s in V2
    ]
    again = state().model_copy(deep=True)
    again.versions[-1].sections = [
        Section(id=s.id or "", title=s.title, text=s.text) for s in sections
    ]
    second, _ = render_draft(document_request(again, ArtifactKind.DRAFT_VERSION, NOW))
    assert read_sections(second) == sections
    assert first == second  # byte for byte


def test_a_translation_comes_back_by_its_bookmarks_with_cyrillic_intact() -> None:
    content, _ = render_draft(request(ArtifactKind.DRAFT_VERSION, Language.RU))
    sections = read_sections(content, existing=V2)
    assert [s.id for s in sections] == ["s1", "s2", "s4"]
    assert sections[0].title == RU[0].title
    assert sections[0].text == markup.canonical(RU[0].text)


def test_a_final_text_reads_back_as_its_sections_only() -> None:
    content, _ = render_draft(request(ArtifactKind.FINAL_TEXT))
    assert [s.title for s in read_sections(content)][:3] == [s.title for s in V2]


def test_a_reviewer_comment_made_in_word_lands_on_its_section() -> None:
    content, _ = render_draft(request(ArtifactKind.DRAFT_VERSION))
    doc = Document(io.BytesIO(content))
    target = next(p for p in doc.paragraphs if p.text.startswith("Workers are treated"))
    doc.add_comment(target.runs, text="Define equal treatment.", author="HU", initials="HU")
    out = io.BytesIO()
    doc.save(out)
    comments = read_annotations(out.getvalue(), V2)
    assert [(c.section_id, c.text) for c in comments] == [("s2", "Define equal treatment.")]
