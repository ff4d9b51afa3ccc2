"""The words of the restricted knowledge base: registrations, readers, access log."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "nav_readers": ("Readers", "Читатели"),
}
