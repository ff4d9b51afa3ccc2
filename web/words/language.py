"""The words of validation errors, timeline lines, statuses, file kinds, the error pages."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {}
