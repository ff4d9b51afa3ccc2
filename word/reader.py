"""Reading Word files that people upload: a revised draft, or a draft annotated by a reviewer.

- `read_sections` turns a document into sections: each Heading 1 starts one; its content is
  written in the form of `markup.py`. Tracked changes are read as if they were all accepted.
- `read_annotations` turns a reviewer's Word comments and tracked changes into comments on the
  sections of the draft.

Both check the file first (`word.upload`) and walk its XML with `word.walk`. Sections are
recognised by the `pp_<section id>` bookmark the writer puts in each Heading 1, else by their
title. Only python-docx, lxml and the standard library; the XML is only read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from models.api import CommentInput
from models.base import (
    MAX_COMMENT,
    MAX_COMMENTS_PER_ANSWER,
    MAX_SECTIONS,
    MAX_TEXT,
    MAX_TITLE,
    Section,
    SectionText,
)
from word import markup
from word.upload import WordFileError, open_docx
from word.walk import (
    W14,
    W15,
    Numbering,
    P,
    Paragraph,
    Styles,
    TableItem,
    Walker,
    part_element,
    w,
    walk,
)

BOOKMARK_PREFIX = "pp_"
MAX_SECTION_ID = 40  # SectionText.id; Word also limits bookmark names to 40 characters
COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"

_LEADING_NUMBER = re.compile(
    r"^\s*(?:\d{1,3}(?:\.\d{1,3})+\.?(?:\s+|$)|\d{1,3}[.)]\s*|[IVXLCDM]{1,7}[.)]\s*)"
)


# ---------------------------------------------------------------- sections


def _title(text: str) -> str:
    stripped = _LEADING_NUMBER.sub("", text, count=1).strip()
    return stripped or text.strip()


def _norm(title: str) -> str:
    return " ".join(unicodedata.normalize("NFC", _title(title)).casefold().split())


@dataclass
class _Heading:
    index: int
    title: str
    original: str
    bookmarks: list[str]


def _headings(items: list[Paragraph | TableItem]) -> list[_Heading]:
    return [
        _Heading(
            i,
            _title(item.text(breaks=False)),
            _title(item.text(accepted=False, breaks=False)),
            item.bookmarks,
        )
        for i, item in enumerate(items)
        if isinstance(item, Paragraph) and item.level == 1 and item.text()
    ]


def _assign_ids(headings: list[_Heading], existing: list[Section] | None) -> list[str | None]:
    """Bookmarks first (known ids only, when the existing sections are given), then titles;
    each id is given to one section only."""
    known = {s.id for s in existing} if existing is not None else None
    ids: list[str | None] = [None] * len(headings)
    used: set[str] = set()
    for n, heading in enumerate(headings):
        for name in heading.bookmarks:
            sid = name[len(BOOKMARK_PREFIX) :] if name.startswith(BOOKMARK_PREFIX) else ""
            ok = 0 < len(sid) <= MAX_SECTION_ID and (known is None or sid in known)
            if ok and sid not in used:
                ids[n] = sid
                used.add(sid)
                break
    by_title: dict[str, list[str]] = {}
    for section in existing or []:
        if len(section.id) <= MAX_SECTION_ID:
            by_title.setdefault(_norm(section.title), []).append(section.id)
    for n, heading in enumerate(headings):
        if ids[n] is not None:
            continue
        for candidate in (heading.title, heading.original):
            sid = next((s for s in by_title.get(_norm(candidate), []) if s not in used), None)
            if sid is not None:
                ids[n] = sid
                used.add(sid)
                break
    return ids


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _blocks(items: Iterable[Paragraph | TableItem]) -> list[markup.Block]:
    blocks: list[markup.Block] = []
    items_of_list: list[str] = []
    numbered = False

    def flush() -> None:
        if items_of_list:
            blocks.append(markup.ItemList(tuple(items_of_list), numbered))
            items_of_list.clear()

    for item in items:
        if isinstance(item, TableItem):
            rows = item.cells()
            if any(any(row) for row in rows):
                flush()
                blocks.append(markup.Table(rows))
            continue
        if item.toc or not item.text():
            continue
        if item.level:
            flush()
            blocks.append(markup.Subheading(item.text(breaks=False)))
        elif item.list_item is not None:
            kind, level = item.list_item
            if items_of_list and kind != numbered and level == 0:
                flush()
            if not items_of_list:
                numbered = kind  # a nested level stays in the list it is nested in
            items_of_list.append(item.text(breaks=False))
        else:
            flush()
            blocks.append(markup.Paragraph(item.text()))
    flush()
    return blocks


def read_sections(content: bytes, existing: list[Section] | None = None) -> list[SectionText]:
    """The sections of a Word document, its tracked changes accepted.

    Each Heading 1 starts a section (what comes before the first one, the cover and contents,
    is left out). `existing`: the draft's current sections, to recognise sections by title
    when a heading has no `pp_` bookmark.
    """
    doc = open_docx(content)
    _, items = walk(doc)
    headings = _headings(items)
    if not headings:
        raise WordFileError(
            "the document has no headings: use the Heading 1 style for each section title"
        )
    if len(headings) > MAX_SECTIONS:
        raise WordFileError(
            f"the document has {len(headings)} sections (Heading 1 titles); "
            f"the limit is {MAX_SECTIONS}"
        )
    ids = _assign_ids(headings, existing)
    sections = []
    ends = [h.index for h in headings[1:]] + [len(items)]
    for heading, sid, end in zip(headings, ids, ends, strict=True):
        if len(heading.title) > MAX_TITLE:
            raise WordFileError(
                f'the heading "{_short(heading.title)}" is longer than {MAX_TITLE} characters; '
                "shorten it (or use Normal style for text that is not a title)"
            )
        text = markup.write(_blocks(items[heading.index + 1 : end]))
        if len(text) > MAX_TEXT:
            raise WordFileError(
                f'the section "{_short(heading.title)}" is too long ({len(text):,} characters; '
                f"the limit is {MAX_TEXT:,}); split it with more Heading 1 titles"
            )
        sections.append(SectionText(id=sid, title=heading.title, text=text))
    return sections


# ---------------------------------------------------------------- comments and tracked changes


def _quoted(text: str) -> str:
    return f'"{_short(text, 80)}"'


def _summary(para: Paragraph) -> str:
    hunks: list[tuple[str, str]] = []
    old: list[str] = []
    new: list[str] = []
    for text, ins, dele in [*para.pieces, ("", False, False)]:
        if ins and dele:
            continue
        if ins or dele:
            (new if ins else old).append(text)
        elif old or new:
            hunks.append(("".join(old).strip(), "".join(new).strip()))
            old, new = [], []
    parts = []
    for before, after in hunks:
        if before and after:
            parts.append(f"{_quoted(before)} -> {_quoted(after)}")
        elif before:
            parts.append(f"deleted {_quoted(before)}")
        elif after:
            parts.append(f"inserted {_quoted(after)}")
    if len(parts) > 5:
        parts = [*parts[:5], f"and {len(parts) - 5} more changes"]
    return "; ".join(parts) or "changed spacing"


def _comment_texts(doc: Any) -> list[tuple[str, str, str]]:
    """(comment id, author, text) of each comment, replies folded into their first comment."""
    root = part_element(doc, RT.COMMENTS)
    if root is None:
        return []
    comments = root.findall(w("comment"))
    if len(comments) > 10 * MAX_COMMENTS_PER_ANSWER:
        raise WordFileError(
            f"the file has {len(comments):,} comments; the limit is {MAX_COMMENTS_PER_ANSWER}"
        )
    styles = Styles(None)
    entries: dict[str, tuple[str, str]] = {}
    by_para_id: dict[str, str] = {}
    for comment in comments:
        cid = comment.get(w("id")) or ""
        walker = Walker(styles, Numbering(None, styles))
        paras = [
            p
            for item in walker.body(comment)
            for p in (item.paragraphs() if isinstance(item, TableItem) else [item])
        ]
        text = "\n".join(t for p in paras if (t := p.text()))
        entries[cid] = ((comment.get(w("author")) or "").strip(), text)
        for p in comment.iter(P):
            if p.get(W14 + "paraId"):
                by_para_id[p.get(W14 + "paraId")] = cid  # the last paragraph's id wins
    parents: dict[str, str] = {}
    extended = part_element(doc, COMMENTS_EXTENDED)
    for ex in extended.iter(W15 + "commentEx") if extended is not None else ():
        child, parent = by_para_id.get(ex.get(W15 + "paraId") or ""), ex.get(W15 + "paraIdParent")
        if child and parent and by_para_id.get(parent) not in (None, child):
            parents[child] = by_para_id[parent]

    def root_of(cid: str) -> str:
        seen = {cid}
        while cid in parents and parents[cid] not in seen:
            cid = parents[cid]
            seen.add(cid)
        return cid

    replies: dict[str, list[str]] = {}
    for cid, (author, text) in entries.items():
        if root_of(cid) != cid and text:
            replies.setdefault(root_of(cid), []).append(
                f"Reply by {author}: {text}" if author else f"Reply: {text}"
            )
    out = []
    for cid, (author, text) in entries.items():
        if root_of(cid) == cid:
            full = "\n".join(t for t in [text, *replies.get(cid, [])] if t)
            if full:
                out.append((cid, author, full))
    return out


def read_annotations(content: bytes, sections: list[Section]) -> list[CommentInput]:
    """A reviewer's Word comments and tracked changes, as comments on the draft's sections.

    A Word comment becomes a comment on the section where it is anchored (its replies are added
    to its text); a paragraph with tracked changes becomes a comment that proposes the paragraph
    with the changes accepted. In document order; a comment before the first heading, or under
    a heading that matches no section, is a general comment (no section).
    """
    doc = open_docx(content)
    walker, items = walk(doc)
    headings = _headings(items)
    starts = dict(zip([h.index for h in headings], _assign_ids(headings, sections), strict=True))
    section_at: list[str | None] = []
    for index in range(len(items) + 1):
        section_at.append(starts[index] if index in starts else (section_at or [None])[-1])
    found: list[tuple[tuple[float, int], CommentInput]] = []
    for n, (cid, author, text) in enumerate(_comment_texts(doc)):
        if len(text) > MAX_COMMENT:
            who = f" by {author}" if author else ""
            raise WordFileError(
                f'the comment{who} that begins "{_short(text, 40)}" is longer than '
                f"{MAX_COMMENT:,} characters; shorten it and upload the file again"
            )
        top, seq = walker.anchors.get(cid, (-1, float("inf")))  # no anchor: a general comment
        section = section_at[top] if top >= 0 else None
        found.append(((seq, n), CommentInput(section_id=section, text=text)))
    paragraphs = (
        p
        for item in items
        for p in (item.paragraphs() if isinstance(item, TableItem) else [item])
        if not p.toc
    )
    for para in paragraphs:
        if not para.changed:
            continue
        proposed = para.text() or None  # a deleted paragraph proposes no text
        if proposed and len(proposed) > MAX_COMMENT:
            raise WordFileError(
                f'the changed paragraph that begins "{_short(proposed, 40)}" is longer than '
                f"{MAX_COMMENT:,} characters; split it and upload the file again"
            )
        by = f" by {_short(', '.join(para.authors), 200)}" if para.authors else ""
        found.append(
            (
                (para.seq, 0),
                CommentInput(
                    section_id=section_at[para.top],
                    text=f"Proposed change{by}: {_summary(para)}",
                    proposed_text=proposed,
                ),
            )
        )
    if len(found) > MAX_COMMENTS_PER_ANSWER:
        raise WordFileError(
            f"the file has {len(found)} comments and tracked changes; at most "
            f"{MAX_COMMENTS_PER_ANSWER} can be sent in one answer. Combine or remove some "
            "and upload the file again"
        )
    found.sort(key=lambda entry: entry[0])
    return [comment for _, comment in found]
