"""The words of what needs me: each role's start page, its pictures."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {}
