"""The words of: Calendars: a meeting's .ics, personal calendar feeds (secret, revocable URLs)."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "nav_calendar": ("My calendar", "Мой календарь"),
}
