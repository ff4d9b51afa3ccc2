"""The designation footnote (Kosovo*) at the end of any Word document whose body names Kosovo."""

from __future__ import annotations

from lxml import etree

from models.designations import designation_notes
from models.domain import Language
from word.model import Para


def notes_for(elements: list[etree._Element], language: Language) -> list[Para]:
    """The note paragraphs a document's body needs (none if it names no one who has one)."""
    text = "".join("".join(e.itertext()) for e in elements)
    return [Para(note, style="note") for note in designation_notes(text, language)]
