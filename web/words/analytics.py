"""The words of: Participation analytics: charts (SVG), annex .docx and CSV."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "nav_analytics": ("Analytics", "Аналитика"),
}
