"""The demo's profile board: the seeds' profiles, and Armenia's profile made in the demo as its
second edition (the first, endorsed before ppflow, superseded once the second is endorsed)."""

from __future__ import annotations

import asyncio
from typing import Any

WAIT_SECONDS = 20.0


async def show_board(story: Any, country: str = "AM") -> None:
    """Print the board's counts and the country's editions once its newest one is endorsed."""
    editions: list[dict[str, Any]] = []
    for _ in range(int(WAIT_SECONDS / 0.5)):
        editions = await story.call("GET", f"/api/profiles?country={country}", "sec")
        if editions and editions[-1]["status"] == "final_and_endorsed":
            break
        await asyncio.sleep(0.5)
    board = await story.call("GET", "/api/profiles", "sec")
    final = {p["country"] for p in board if p["status"] == "final_and_endorsed"}
    preparing = {p["country"] for p in board if p["status"] == "under_preparation"}
    story.say(
        f"profile board: {len(final)} countries final and endorsed, {len(preparing)} under "
        "preparation (the seeds' list, from the Process's factsheet)"
    )
    for p in editions:
        endorsed = f", endorsed {p['endorsed_on']}" if p["endorsed_on"] else ""
        source = p["draft_id"] or "prepared before ppflow"
        story.say(
            f"{p['country_name']} edition {p['edition']}: {p['status'].replace('_', ' ')}"
            f"{endorsed} ({source})"
        )
