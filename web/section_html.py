"""A section's text (the blocks of word/markup.py) as HTML: paragraphs, sub-headings, bulleted
and numbered lists, tables with a heading row. Everything is escaped; the one filter every page
uses to show section text (`{{ s.text | section_html }}`)."""

from __future__ import annotations

from markupsafe import Markup, escape

from word import markup


def _paragraph(text: str) -> str:
    return "<p>" + "<br>".join(str(escape(line)) for line in text.split("\n")) + "</p>"


def _table(rows: tuple[tuple[str, ...], ...]) -> str:
    if not rows:
        return ""
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in rows[0])
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows[1:]
    )
    return (
        f'<div class="scroll"><table class="section-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def section_html(text: str | None, heading_level: int = 3) -> Markup:
    out = []
    for block in markup.parse(text or ""):
        match block:
            case markup.Subheading(title):
                out.append(f"<h{heading_level}>{escape(title)}</h{heading_level}>")
            case markup.ItemList(items, numbered):
                tag = "ol" if numbered else "ul"
                inner = "".join(f"<li>{escape(i)}</li>" for i in items)
                out.append(f"<{tag}>{inner}</{tag}>")
            case markup.Table(rows):
                out.append(_table(rows))
            case markup.Paragraph(paragraph):
                out.append(_paragraph(paragraph))
    return Markup("\n".join(out))  # noqa: S704 - every piece above is escaped
