"""The compiled Action Plan: every part's current text, in the plan's order, with one numbering
of activities across the parts (each section of a part is one activity). Each part is a chapter
headed by its thematic area and lead state."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document

from models.base import Section
from models.contracts.action_plan import PlanDocumentRequest, PlanPart
from models.domain import Decision, DocumentType, Language
from word import markup
from word.blocks import text_blocks
from word.labels import Labels
from word.model import Block, Column, Contents, Cover, Heading, Para, Table, WordDocument
from word.parts import endorsement_table

# The plan's own words (the furniture every document shares is word/labels.py's).
WORDS: dict[str, tuple[str, str]] = {
    "compiled_marking": (
        "Compiled for endorsement — all parts",
        "Сводный текст для одобрения — все части",
    ),
    "compiled": ("COMPILED PLAN", "СВОДНЫЙ ПЛАН"),
    "parts": ("Parts of the plan", "Части плана"),
    "part_n": ("Part {n}", "Часть {n}"),
    "activity_n": ("Activity {n}", "Мероприятие {n}"),
    "activities": ("Activities", "Мероприятия"),
    "part": ("Part", "Часть"),
    "no_area": ("Other", "Прочее"),
    "part_note": (
        "Lead state: {lead}; version {version} of this part.",
        "Ведущее государство: {lead}; версия {version} этой части.",
    ),
    "counts": (
        "{parts} part(s), {activities} activities",
        "частей: {parts}, мероприятий: {activities}",
    ),
    "compilation": ("Compilation", "Сводка"),
}


def word(key: str, language: Language, **values: object) -> str:
    return WORDS[key][0 if language == Language.EN else 1].format(**values)


@dataclass
class Chapter:
    """One part as the document shows it: its text in the document's language."""

    part: PlanPart
    sections: list[Section]
    untranslated: list[str] = field(default_factory=list)
    title: str = ""  # the part's title in the document's language


def compiled_plan(
    request: PlanDocumentRequest, chapters: list[Chapter], language: Language, names: dict[str, str]
) -> WordDocument:
    labels = Labels(language, names)
    meta = request.meta
    endorsed = request.endorsement is not None and request.endorsement.decision in (
        Decision.ENDORSED,
        Decision.ENDORSED_WITH_AMENDMENTS,
    )
    marking = labels("final_marking") if endorsed else word("compiled_marking", language)
    total = sum(len(c.sections) for c in chapters)
    blocks: list[Block] = [Contents(labels("contents"), labels("contents_placeholder"))]
    blocks.append(Heading(word("parts", language), 1))
    rows: list[list[str]] = []
    number = 0
    for n, chapter in enumerate(chapters, start=1):
        first, number = number + 1, number + len(chapter.sections)
        rows.append(
            [
                str(n),
                area(chapter.part, labels),
                chapter.title or chapter.part.title,
                labels.name(chapter.part.lead_state),
                str(chapter.part.ready_version or ""),
                f"{first}–{number}" if number > first else str(first) if number else "",
            ]
        )
    heads = ("no", "thematic_area", "part", "lead_state", "version", "activities")
    widths = (1.0, 4.2, 4.6, 3.0, 1.6, 2.2)
    blocks.append(
        Table(
            [
                Column(
                    labels(k)
                    if k in ("no", "thematic_area", "lead_state", "version")
                    else word(k, language),
                    w,
                )
                for k, w in zip(heads, widths, strict=True)
            ],
            rows,  # type: ignore[arg-type]
        )
    )
    number = 0
    for n, chapter in enumerate(chapters, start=1):
        part = chapter.part
        blocks.append(Heading(area(part, labels), 1, f"{word('part_n', language, n=n)}."))
        note = word(
            "part_note", language, lead=labels.name(part.lead_state), version=part.ready_version
        )
        title = chapter.title or part.title
        if title != area(part, labels):  # the part's own title, when it says more than its area
            note = f"«{title}». {note}" if language == Language.RU else f"“{title}”. {note}"
        blocks.append(Para(note, "note"))
        for section in chapter.sections:
            number += 1
            blocks.append(Heading(section.title, 2, f"{word('activity_n', language, n=number)}."))
            if section.id in chapter.untranslated:
                blocks.append(Para(labels("untranslated"), "note"))
            blocks.extend(text_blocks(markup.parse(section.text)))
    if request.endorsement is not None and request.endorsement.decision is not None:
        blocks.append(Heading(labels("endorsement_record"), 1))
        blocks.append(endorsement_table([request.endorsement], labels))
    details = [
        (labels("document_type"), labels.enum(DocumentType.ACTION_PLAN)),
        (labels("reference"), meta.reference),
        (labels("lead_state"), labels.name(meta.lead_state)),
        (labels("co_lead_states"), labels.names(meta.co_lead_states)),
        (word("compilation", language), str(request.number)),
        (word("parts", language), word("counts", language, parts=len(chapters), activities=total)),
        (labels("date"), labels.day(request.generated_at)),
    ]
    running = labels("final_marking") if endorsed else word("compiled", language)
    return WordDocument(
        language=language,
        header=f"{running} · {meta.reference} · {labels('version_n', n=request.number)}",
        page_label=(labels("page"), labels("of")),
        cover=Cover(
            organisation=labels("organisation"),
            kind=labels.enum(DocumentType.ACTION_PLAN),
            title=meta.title,
            marking=marking,
            details=[(k, v) for k, v in details if v],
        ),
        blocks=blocks,
        title=meta.title,
        subject=f"{labels.enum(DocumentType.ACTION_PLAN)} {meta.reference}",
        keywords=f"Prague Process; {meta.reference}; {marking}",
    )


def area(part: PlanPart, labels: Labels) -> str:
    return (
        labels.enum(part.thematic_area) if part.thematic_area else word("no_area", labels.language)
    )


def document_title(content: bytes) -> str:
    """The title a rendered .docx carries in its properties (a draft's, in its language)."""
    try:
        return str(Document(io.BytesIO(content)).core_properties.title or "")
    except Exception:  # noqa: BLE001  (a file that is no Word file: no title)
        return ""
