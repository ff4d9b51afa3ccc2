"""The words of long lists: counts, search, pages; confirmations of irreversible actions."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {}
