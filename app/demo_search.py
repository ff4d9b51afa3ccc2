"""The demo's full-text search: after the guidelines are endorsed (and the profile drafted),
the Secretariat searches everything the story wrote, through the API, and the best hit is shown
with its highlighted passage and the section it links to."""

from __future__ import annotations

import asyncio
import html
import re
from typing import Any

WAIT_SECONDS = 20.0
QUERIES = ("readmission requests", "реадмиссии")


def _plain(passage_html: str) -> str:
    """The passage for the terminal: hits between »«, entities back to characters."""
    return html.unescape(passage_html.replace("<mark>", "»").replace("</mark>", "«"))


async def show_search(story: Any, *queries: str) -> None:
    """Search as the Secretariat (`GET /api/search`); one line per query (found, best hit)."""
    for query in queries or QUERIES:
        found: dict[str, Any] = {}
        for _ in range(int(WAIT_SECONDS / 0.5)):  # the read model follows the workflows closely
            found = await story.call("GET", "/api/search", "sec", params={"q": query, "limit": 3})
            if found["hits"]:
                break
            await asyncio.sleep(0.5)
        if not found.get("hits"):
            story.say(f"search “{query}”: nothing found")
            continue
        best = found["hits"][0]
        where = best["heading"] or best["title"]
        passage = re.sub(r"\s+", " ", _plain(best["passage_html"]))[:110]
        story.say(
            f"search “{query}”: {found['total']} found; best: {best['kind']} “{where}” "
            f"({best['url']}): {passage}"
        )
