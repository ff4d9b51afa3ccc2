"""The words of: The public repository of endorsed texts (no sign-in) and its Atom feed."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "nav_public": ("Endorsed texts", "Одобренные тексты"),
}
