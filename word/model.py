"""The document model: what a Prague Process document holds, independent of Word's XML.

Builders (kinds.py) turn the state of a draft or a meeting into a `WordDocument`; one renderer
(render.py) turns any `WordDocument` into a .docx. Nothing else writes Word XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from models.domain import Language


class Change(StrEnum):
    """A tracked change of a run or of a whole paragraph or table row."""

    INSERTED = "ins"
    DELETED = "del"


@dataclass(frozen=True)
class Run:
    text: str
    change: Change | None = None
    bold: bool = False
    italic: bool = False


@dataclass
class Revision:
    """Who made the tracked changes and when (Word shows them in its review pane)."""

    author: str
    at: datetime


@dataclass
class Heading:
    text: str
    level: int = 1
    number: str = ""  # "3." from the section model, shown before the title
    anchor: str | None = None  # bookmark (pp_<section id>) that Word import reads back
    change: Change | None = None
    runs: list[Run] | None = None  # tracked changes inside the title


@dataclass
class Para:
    text: str = ""
    style: str = "body"  # a key of render.STYLES
    runs: list[Run] | None = None  # instead of text, when parts differ (bold, changes)
    change: Change | None = None  # the paragraph mark itself inserted / deleted


@dataclass
class Items:
    items: list[str]
    numbered: bool = False


@dataclass
class Column:
    title: str
    width_cm: float


@dataclass
class GroupRow:
    """A full-width row that opens a group (the section a set of comments is about)."""

    text: str


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[str] | GroupRow]
    repeat_header: bool = True
    change: Change | None = None  # the whole table inserted or deleted (a redline)
    shade: dict[str, str] = field(default_factory=dict)  # cell text -> fill colour (grids)
    compact: bool = False  # small type, for wide grids


@dataclass
class Contents:
    """A table-of-contents field; Word fills it in when the file is opened."""

    title: str
    placeholder: str


@dataclass
class PageBreak:
    pass


Block = Heading | Para | Items | Table | Contents | PageBreak


@dataclass
class Cover:
    organisation: str
    kind: str
    title: str
    marking: str
    details: list[tuple[str, str]]
    note: str = ""


@dataclass
class WordDocument:
    language: Language
    header: str  # running header on every page (marking · reference · version)
    page_label: tuple[str, str]  # ("Page", "of") in the document's language
    blocks: list[Block]
    cover: Cover | None = None
    cover_page: bool = True  # the cover on a page of its own (else the body follows it)
    landscape: bool = False
    revision: Revision | None = None
    title: str = ""  # document properties
    subject: str = ""
    keywords: str = ""
