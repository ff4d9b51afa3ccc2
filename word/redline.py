"""Tracked changes between two versions, word by word, as Word's own w:ins / w:del.

Written here rather than with python-redlines: that package drives a .NET engine (docxodus) on
two finished .docx files, while we hold both versions as sections and only need the paragraphs
of our own model compared. The rule that matters is checked by a test: accepting every change
gives exactly the new version's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from models.activity_io import DocumentRequest
from models.base import Section
from word import markup
from word.blocks import text_blocks
from word.labels import Labels
from word.model import (
    Block,
    Change,
    Cover,
    Heading,
    Para,
    Revision,
    Run,
    WordDocument,
)

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class _Unit:
    """One paragraph (or one whole table) of a version, in reading order."""

    kind: str  # heading | subheading | body | bullet | number | table
    text: str
    section_id: str = ""
    number: str = ""
    table: markup.Table | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.section_id, self.text)


def _units(sections: list[Section]) -> list[_Unit]:
    units = []
    for n, section in enumerate(sections, start=1):
        units.append(_Unit("heading", section.title, section.id, f"{n}."))
        for block in markup.parse(section.text):
            match block:
                case markup.Subheading(text):
                    units.append(_Unit("subheading", text))
                case markup.ItemList(items, numbered):
                    kind = "number" if numbered else "bullet"
                    units.extend(_Unit(kind, item) for item in items)
                case markup.Table():
                    units.append(_Unit("table", markup.write_block(block), table=block))
                case markup.Paragraph(text):
                    units.append(_Unit("body", text))
    return units


def word_runs(old: str, new: str) -> list[Run]:
    """The runs of one paragraph that turn `old` into `new`, word by word."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    runs: list[Run] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(Run("".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(Run("".join(a[i1:i2]), Change.DELETED))
        if j2 > j1:
            runs.append(Run("".join(b[j1:j2]), Change.INSERTED))
    return runs


def _block(unit: _Unit, runs: list[Run], change: Change | None) -> list[Block]:
    if unit.kind == "table":
        assert unit.table is not None
        table = text_blocks([unit.table])[0]
        table.change = change  # type: ignore[union-attr]
        return [table]
    if unit.kind == "heading":
        return [Heading(unit.text, 1, anchor=f"pp_{unit.section_id}", change=change, runs=runs)]
    if unit.kind == "subheading":
        return [Heading(unit.text, 2, change=change, runs=runs)]
    return [Para(style=unit.kind, runs=runs, change=change)]


def _whole(unit: _Unit, change: Change) -> list[Block]:
    text = f"{unit.number} {unit.text}" if unit.number else unit.text
    return _block(unit, [Run(text, change)], change)


def _changed(old: _Unit, new: _Unit) -> list[Block]:
    runs = word_runs(old.number, new.number) + [Run(" ")] if new.number else []
    runs += word_runs(old.text, new.text)
    return _block(new, [r for r in runs if r.text], None)


def _alike(old: str, new: str) -> bool:
    """Close enough that a word-by-word change reads better than replacing the paragraph."""
    return SequenceMatcher(None, old.split(), new.split(), autojunk=False).ratio() >= 0.5


def diff_blocks(old: list[Section], new: list[Section]) -> list[Block]:
    a, b = _units(old), _units(new)
    out: list[Block] = []
    matcher = SequenceMatcher(None, [u.key for u in a], [u.key for u in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for x, y in zip(a[i1:i2], b[j1:j2], strict=True):
                out += _changed(x, y)
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for k in range(max(len(olds), len(news))):
            x = olds[k] if k < len(olds) else None
            y = news[k] if k < len(news) else None
            if x and y and x.kind == y.kind != "table" and _alike(x.text, y.text):
                out += _changed(x, y)
                continue
            if x:
                out += _whole(x, Change.DELETED)
            if y:
                out += _whole(y, Change.INSERTED)
    return out


def redline(request: DocumentRequest) -> WordDocument:
    labels = Labels(request.doc_language, request.names)
    meta = request.meta
    old = request.previous_version or 0
    marking = labels("redline_marking", old=old, new=request.version)
    return WordDocument(
        language=request.doc_language,
        header=f"{labels('draft')} · {meta.reference} · {marking}",
        page_label=(labels("page"), labels("of")),
        cover=Cover(
            organisation=labels("organisation"),
            kind=labels("redline_title"),
            title=meta.title,
            marking=marking,
            details=[
                (labels("reference"), meta.reference),
                (labels("lead_state"), labels.name(meta.lead_state)),
                (labels("date"), labels.day(request.generated_at)),
            ],
            note=labels("redline_note", author=labels.name(meta.lead_state), new=request.version),
        ),
        blocks=diff_blocks(request.previous_sections, request.sections),
        revision=Revision(meta.lead_state, request.generated_at),
        title=f"{meta.title}: {marking}",
        subject=meta.reference,
    )
