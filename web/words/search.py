"""The words of full-text search."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "search_label": ("Search drafts and comments", "Поиск по проектам и комментариям"),
    "search_button": ("Search", "Найти"),
}
