"""The pages' words by topic, in English and Russian, merged into `web.i18n` (one module per
part of the site keeps web/i18n.py, the older words, from growing past its job)."""

from __future__ import annotations

from web.words import (
    actions,
    analytics,
    calendars,
    compare,
    knowledge,
    language,
    lists,
    profile_cycles,
    public,
    search,
    start,
    text,
)

WORDS: dict[str, tuple[str, str]] = {}
for _part in (
    actions,
    analytics,
    calendars,
    compare,
    knowledge,
    language,
    lists,
    profile_cycles,
    public,
    search,
    start,
    text,
):
    for _key in _part.WORDS:
        if _key in WORDS:
            raise RuntimeError(f"the UI word {_key!r} is defined twice")
    WORDS.update(_part.WORDS)
