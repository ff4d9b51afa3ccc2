"""Section text (markup blocks) -> document model blocks, the same in every document."""

from __future__ import annotations

from word import markup
from word.model import Block, Column, Heading, Items, Para, Table

PORTRAIT_CM = 16.0


def text_blocks(blocks: list[markup.Block], width_cm: float = PORTRAIT_CM) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        match block:
            case markup.Subheading(text):
                out.append(Heading(text, 2))
            case markup.ItemList(items, numbered):
                out.append(Items(list(items), numbered))
            case markup.Table(rows):
                width = width_cm / max(block.width, 1)
                out.append(
                    Table(
                        [Column(title, width) for title in rows[0]],
                        [list(r) for r in rows[1:]],
                    )
                )
            case markup.Paragraph(text):
                out.append(Para(text))
    return out
