"""The text of a section: blocks separated by a blank line.

A section's `text` is the one place a draft's content lives, so it needs a form that survives
Word -> ppflow -> Word. Blocks, each separated from the next by an empty line:

- `## Title`                   a sub-heading inside the section
- lines all starting `- `      a bulleted list, one item per line
- lines all starting `1. `     a numbered list
- lines all starting `|`       a table, `| cell | cell |`, the first row its heading row
                               (a `|---|` separator line is allowed and ignored; `\\|` is a
                               literal bar inside a cell)
- anything else                a paragraph; a single newline inside it is a line break

`write(parse(text))` is the canonical form of a text; the Word writer and reader both go
through these blocks, so export -> import -> export gives the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BLANK = re.compile(r"\n[ \t]*\n+")
_BULLET = re.compile(r"^\s*[-*•]\s+")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+")
_SEPARATOR = re.compile(r"^\|?(\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Subheading:
    text: str


@dataclass(frozen=True)
class ItemList:
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = Paragraph | Subheading | ItemList | Table


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return tuple(c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(inner))


def _block(chunk: str) -> Block:
    lines = [line for line in chunk.split("\n") if line.strip()]
    if all(line.lstrip().startswith("|") for line in lines):
        rows = [_cells(line) for line in lines if not _SEPARATOR.match(line.strip())]
        width = max(len(r) for r in rows)
        return Table(tuple(r + ("",) * (width - len(r)) for r in rows))
    if len(lines) == 1 and lines[0].startswith("## "):
        return Subheading(lines[0][3:].strip())
    if all(_BULLET.match(line) for line in lines):
        return ItemList(tuple(_BULLET.sub("", line).strip() for line in lines))
    if all(_NUMBERED.match(line) for line in lines):
        return ItemList(tuple(_NUMBERED.sub("", line).strip() for line in lines), numbered=True)
    return Paragraph("\n".join(line.strip() for line in lines))


def parse(text: str) -> list[Block]:
    """The blocks of a section text (empty text: no blocks)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return [_block(chunk) for chunk in _BLANK.split(text) if chunk.strip()] if text else []


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def write_block(block: Block) -> str:
    match block:
        case Subheading(text):
            return f"## {text}"
        case ItemList(items, numbered):
            return "\n".join(
                f"{n}. {item}" if numbered else f"- {item}" for n, item in enumerate(items, 1)
            )
        case Table(rows):
            return "\n".join(_row(r) for r in rows)
        case Paragraph(text):
            return text
    raise TypeError(block)


def write(blocks: list[Block]) -> str:
    return "\n\n".join(write_block(b) for b in blocks)


def canonical(text: str) -> str:
    return write(parse(text))


def plain_text(text: str) -> str:
    """The words of a section without the markup (for search and word counts)."""
    out = []
    for block in parse(text):
        match block:
            case ItemList(items):
                out.extend(items)
            case Table(rows):
                out.extend(" ".join(r) for r in rows)
            case Subheading(t) | Paragraph(t):
                out.append(t)
    return "\n".join(out)
