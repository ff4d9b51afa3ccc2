"""The words of: Profile update cycles: a Temporal Schedule per endorsed profile."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {}
