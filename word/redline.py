"""Tracked changes between two versions, word by word, as Word's own w:ins / w:del.

Written here rather than with python-redlines: that package drives a .NET engine (docxodus) on
two finished .docx files, while we hold both versions as sections and only need the paragraphs
of our own model compared. The rule that matters is checked by a test: accepting every change
gives exactly the new version's text.
"""

from __future__ import annotations

from models.activity_io import DocumentRequest
from models.base import Section
from word import diff
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


def word_runs(old: str, new: str) -> list[Run]:
    """The runs of one paragraph that turn `old` into `new`, word by word."""
    return [Run(p.text, p.change) for p in diff.word_diff(old, new)]


def _block(block: diff.BlockDiff) -> Block:
    if block.kind == "table":
        assert block.table is not None
        table = text_blocks([block.table])[0]
        table.change = block.change  # type: ignore[union-attr]
        return table
    runs = [Run(p.text, p.change) for p in block.pieces if p.text]
    if block.kind == "subheading":
        return Heading(block.text, 2, change=block.change, runs=runs)
    return Para(style=block.kind, runs=runs, change=block.change)


def _heading(d: diff.SectionDiff, change: Change | None) -> Heading:
    """The section's numbered heading: whole when the section is inserted or deleted, else its
    number and title word by word."""
    section = d.new if change != Change.DELETED else d.old
    assert section is not None
    number = d.new_number if change != Change.DELETED else d.old_number
    if change is not None:
        runs = [Run(f"{number}. {section.title}", change)]
    else:
        runs = word_runs(f"{d.old_number}.", f"{d.new_number}.") + [Run(" ")]
        runs += [Run(p.text, p.change) for p in d.title]
    runs = [r for r in runs if r.text]
    return Heading(section.title, 1, anchor=f"pp_{section.id}", change=change, runs=runs)


def diff_blocks(old: list[Section], new: list[Section]) -> list[Block]:
    """The tracked changes of `diff.compare`: a section added (or moved here) inserted whole, one
    removed (or moved away) deleted whole, the others block by block and word by word."""
    out: list[Block] = []
    for d in diff.compare(old, new):
        if d.status in (diff.Status.SAME, diff.Status.CHANGED):
            out.append(_heading(d, None))
            out += [_block(b) for b in d.blocks]
            continue
        change = Change.INSERTED if d.new is not None else Change.DELETED
        section = d.new if d.new is not None else d.old
        assert section is not None
        out.append(_heading(d, change))
        out += [_block(diff.whole_block(u, change)) for u in diff.units(section.text)]
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
