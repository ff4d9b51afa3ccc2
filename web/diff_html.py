"""word/diff.py's changes as HTML: `<ins>` and `<del>` (underlined and struck through, each with
a visually hidden "inserted:" / "deleted:" for screen readers), in the blocks `section_html`
uses (paragraphs, sub-headings, lists, tables). Everything is escaped."""

from __future__ import annotations

from markupsafe import Markup, escape

from web.i18n import UI
from web.section_html import _table as table_html
from word.diff import BlockDiff, Piece, text_diff
from word.model import Change


def _mark(text: str, change: Change | None, t: UI) -> str:
    if change is None:
        return str(escape(text))
    tag = "ins" if change == Change.INSERTED else "del"
    said = t("cp_inserted") if change == Change.INSERTED else t("cp_deleted")
    return f'<{tag}><span class="visually-hidden">{escape(said)} </span>{escape(text)}</{tag}>'


def pieces_html(pieces: tuple[Piece, ...] | list[Piece], t: UI) -> Markup:
    parts = []
    for p in pieces:
        lines = p.text.split("\n")  # a line break inside a paragraph stays one
        parts.append("<br>".join(_mark(line, p.change, t) if line else "" for line in lines))
    return Markup("".join(parts))  # noqa: S704 - every piece is escaped


def blocks_html(blocks: tuple[BlockDiff, ...] | list[BlockDiff], t: UI, level: int = 3) -> Markup:
    out: list[str] = []
    items: list[str] = []
    list_tag = ""

    def close() -> None:
        nonlocal items, list_tag
        if items:
            out.append(f"<{list_tag}>{''.join(items)}</{list_tag}>")
        items, list_tag = [], ""

    for b in blocks:
        inner = pieces_html(b.pieces, t)
        if b.kind in ("bullet", "number"):
            tag = "ol" if b.kind == "number" else "ul"
            if tag != list_tag:
                close()
                list_tag = tag
            items.append(f"<li>{inner}</li>")
            continue
        close()
        if b.kind == "table" and b.table is not None:
            table = table_html(b.table.rows)
            if b.change is not None:
                tag = "ins" if b.change == Change.INSERTED else "del"
                said = t("cp_inserted") if b.change == Change.INSERTED else t("cp_deleted")
                table = (
                    f'<div class="diff-{tag}"><p class="diff-said">{escape(said)}</p>{table}</div>'
                )
            out.append(table)
        elif b.kind == "subheading":
            out.append(f"<h{level}>{inner}</h{level}>")
        else:
            out.append(f"<p>{inner}</p>")
    close()
    return Markup("\n".join(out))  # noqa: S704 - every piece above is escaped


def proposal_diff(old: str | None, new: str | None, t: UI) -> Markup:
    """A proposed text as changes to the section's text."""
    return blocks_html(text_diff(old or "", new or ""), t, level=4)
