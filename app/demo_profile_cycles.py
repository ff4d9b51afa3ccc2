"""The demo's profile update cycle: the Secretariat sets a two-year cycle on a seeded endorsed
profile (Ukraine by default), which the board then shows as "update due" (a seeded profile has
no endorsement day: due a week from now), pauses it, resumes it, and opens the next edition now
(the Schedule's own path); the new edition is "under update" on the board."""

from __future__ import annotations

from typing import Any


async def show_profile_cycles(story: Any, country: str = "UA") -> None:
    base = f"/api/profiles/{country}/cycle"
    cycle = await story.call("PUT", base, "sec", json={"months": 24})
    story.say(
        f"{cycle['country_name']}: update cycle every {cycle['months']} months, due "
        f"{cycle['due'][:10]}; board: {(cycle['board'] or 'final').replace('_', ' ')}"
    )
    await story.call("POST", f"{base}/pause", "sec")
    await story.call("POST", f"{base}/resume", "sec")
    done = await story.call("POST", f"{base}/trigger", "sec")
    story.say(
        f"paused, resumed, then triggered: edition draft {done['draft_id']} opened with the "
        f"endorsed text; board: {(done['cycle']['board'] or 'final').replace('_', ' ')}"
    )
