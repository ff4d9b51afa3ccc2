"""Two versions of a draft compared section by section, word by word: the one diff behind the
compare page and the redline .docx (word/redline.py turns it into Word's tracked changes).

Sections are matched by their stable id. A section is kept, changed (its title or text), added,
removed, or moved: its place among the sections both versions share changed. A moved section
appears twice in the reading order, where it was (`MOVED_AWAY`) and where it is now (`MOVED`,
with its own changes), so that rejecting every change still gives the old order.

Inside a section the text's blocks (word/markup.py: paragraphs, sub-headings, list items,
tables) are compared in order; a block close enough to its old form is shown word by word, any
other block (and a table, always) as deleted and inserted whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from models.base import Section
from word import markup
from word.model import Change

TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


class Status(StrEnum):
    SAME = "same"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"  # where it is now, with its changes
    MOVED_AWAY = "moved_away"  # where it was


@dataclass(frozen=True)
class Piece:
    """A stretch of text: unchanged (change None), inserted or deleted."""

    text: str
    change: Change | None = None


@dataclass(frozen=True)
class BlockDiff:
    """One paragraph, sub-heading, list item or whole table of a section.

    `change` is set when the whole block is inserted or deleted; otherwise `pieces` carry its
    changes word by word (all unchanged for a block kept as it was)."""

    kind: str  # subheading | body | bullet | number | table
    pieces: tuple[Piece, ...]
    change: Change | None = None
    table: markup.Table | None = None

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.pieces)

    @property
    def changed(self) -> bool:
        return self.change is not None or any(p.change for p in self.pieces)


@dataclass(frozen=True)
class SectionDiff:
    id: str
    status: Status
    old: Section | None  # None for an added section
    new: Section | None  # None for a removed section or where a moved one was
    old_number: int | None  # its place (1-based) in each version
    new_number: int | None
    title: tuple[Piece, ...]
    blocks: tuple[BlockDiff, ...]

    @property
    def title_changed(self) -> bool:
        return self.old is not None and self.new is not None and self.old.title != self.new.title

    @property
    def changed(self) -> bool:
        return self.status != Status.SAME


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn `old` into `new`, word by word (spaces and punctuation are tokens
    of their own); an unchanged, a deleted and an inserted stretch never merge."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece("".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece("".join(a[i1:i2]), Change.DELETED))
        if j2 > j1:
            pieces.append(Piece("".join(b[j1:j2]), Change.INSERTED))
    return pieces


@dataclass(frozen=True)
class _Unit:
    kind: str
    text: str
    table: markup.Table | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.text)


def units(text: str) -> list[_Unit]:
    """A section text's blocks in reading order, one unit per list item."""
    out: list[_Unit] = []
    for block in markup.parse(text):
        match block:
            case markup.Subheading(title):
                out.append(_Unit("subheading", title))
            case markup.ItemList(items, numbered):
                kind = "number" if numbered else "bullet"
                out.extend(_Unit(kind, item) for item in items)
            case markup.Table():
                out.append(_Unit("table", markup.write_block(block), block))
            case markup.Paragraph(paragraph):
                out.append(_Unit("body", paragraph))
    return out


def _alike(old: str, new: str) -> bool:
    """Close enough that a word-by-word change reads better than replacing the paragraph."""
    return SequenceMatcher(None, old.split(), new.split(), autojunk=False).ratio() >= 0.5


def whole_block(unit: _Unit, change: Change | None) -> BlockDiff:
    return BlockDiff(unit.kind, (Piece(unit.text, change),), change, unit.table)


def text_diff(old: str, new: str) -> list[BlockDiff]:
    """The blocks of a section's text, `old` to `new`."""
    a, b = units(old), units(new)
    out: list[BlockDiff] = []
    matcher = SequenceMatcher(None, [u.key for u in a], [u.key for u in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += [whole_block(u, None) for u in b[j1:j2]]
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for k in range(max(len(olds), len(news))):
            x = olds[k] if k < len(olds) else None
            y = news[k] if k < len(news) else None
            if x and y and x.kind == y.kind != "table" and _alike(x.text, y.text):
                out.append(BlockDiff(y.kind, tuple(word_diff(x.text, y.text))))
                continue
            if x:
                out.append(whole_block(x, Change.DELETED))
            if y:
                out.append(whole_block(y, Change.INSERTED))
    return out


def _one(
    status: Status,
    old: Section | None,
    new: Section | None,
    old_number: int | None,
    new_number: int | None,
) -> SectionDiff:
    if old is not None and new is not None:
        title = tuple(word_diff(old.title, new.title))
        blocks = tuple(text_diff(old.text, new.text))
    else:
        change = Change.INSERTED if new is not None else Change.DELETED
        whole = new or old
        assert whole is not None
        title = (Piece(whole.title, change),)
        blocks = tuple(whole_block(u, change) for u in units(whole.text))
    section = new or old
    assert section is not None
    return SectionDiff(section.id, status, old, new, old_number, new_number, title, blocks)


def compare(old: list[Section], new: list[Section]) -> list[SectionDiff]:
    """Every section of both versions in reading order (the new order, with what was removed or
    moved away where it was)."""
    old_ids, new_ids = [s.id for s in old], [s.id for s in new]
    in_old, in_new = set(old_ids), set(new_ids)
    out: list[SectionDiff] = []
    matcher = SequenceMatcher(None, old_ids, new_ids, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                x, y = old[i], new[j]
                same = (x.title, x.text) == (y.title, y.text)
                status = Status.SAME if same else Status.CHANGED
                out.append(_one(status, x, y, i + 1, j + 1))
            continue
        for i in range(i1, i2):
            x = old[i]
            if x.id in in_new:
                j = new_ids.index(x.id)
                out.append(_one(Status.MOVED_AWAY, x, None, i + 1, j + 1))
            else:
                out.append(_one(Status.REMOVED, x, None, i + 1, None))
        for j in range(j1, j2):
            y = new[j]
            if y.id in in_old:
                i = old_ids.index(y.id)
                out.append(_one(Status.MOVED, old[i], y, i + 1, j + 1))
            else:
                out.append(_one(Status.ADDED, None, y, None, j + 1))
    return out


def accepted(diffs: list[SectionDiff]) -> list[tuple[str, str]]:
    """(title, text-of-blocks) per section after accepting every change: the new version."""
    return [
        ("".join(p.text for p in d.title if p.change != Change.DELETED), _kept(d, Change.DELETED))
        for d in diffs
        if d.status != Status.MOVED_AWAY and d.status != Status.REMOVED
    ]


def _kept(d: SectionDiff, dropped: Change) -> str:
    texts = []
    for b in d.blocks:
        if b.change == dropped:
            continue
        texts.append("".join(p.text for p in b.pieces if p.change != dropped))
    return "\n".join(texts)


def plain(text: str) -> str:
    """A section text as a reader sees it on a page (no list marks, no table bars), its
    whitespace collapsed: what a passage selected in the page is looked for in."""
    words: list[str] = []
    for block in markup.parse(text):
        match block:
            case markup.ItemList(items):
                words += items
            case markup.Table(rows):
                words += [cell for row in rows for cell in row]
            case markup.Subheading(title):
                words.append(title)
            case markup.Paragraph(paragraph):
                words.append(paragraph)
    return " ".join(" ".join(words).split())


def quote_in(quote: str, text: str) -> bool:
    """Whether a quoted passage occurs in a section's text (whitespace-normalised)."""
    wanted = " ".join(quote.split())
    return bool(wanted) and (wanted in plain(text) or wanted in " ".join(text.split()))


def same_text(a: str | None, b: str | None) -> bool:
    """The same section text, but for whitespace and the form of its blocks."""
    return (
        markup.write(markup.parse(a or "")).split() == markup.write(markup.parse(b or "")).split()
    )
