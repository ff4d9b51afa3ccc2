"""Names that carry a designation footnote wherever they appear (pages, Word documents, mails):
Kosovo*, as the Process's own papers write it."""

from __future__ import annotations

from models.domain import Language

KOSOVO_NAMES = ("Kosovo*", "Косово*")
KOSOVO_NOTE = {
    Language.EN: "*This designation is without prejudice to positions on status, and is in line "
    "with UNSCR 1244/1999 and the ICJ Opinion on the Kosovo declaration of independence.",
    Language.RU: "*Это обозначение не наносит ущерба позициям по статусу и соответствует "
    "резолюции СБ ООН 1244/1999 и заключению Международного суда ООН о провозглашении "
    "независимости Косово.",
}


def names_kosovo(text: str) -> bool:
    return any(name in text for name in KOSOVO_NAMES)


def designation_notes(text: str, language: Language) -> list[str]:
    """The footnotes a text needs, in the reader's language (none if it names no one who has
    one)."""
    return [KOSOVO_NOTE[language]] if names_kosovo(text) else []
