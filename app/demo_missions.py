"""The demo's missions: Armenia's profile is fed by an expert mission whose members have roles;
once the head of mission submits the findings its report (.docx, EN and RU) is kept with the
draft. The members' list is here; app/demo.py sends it with the mission."""

from __future__ import annotations

import asyncio
from typing import Any

WAIT_SECONDS = 30.0

# Senior experts of the EU states that led the 2009 missions, with the Secretariat.
MEMBERS = [
    {
        "name": "Expert on statistics",
        "email": "expert@icmpd.example",
        "role": "head of mission",
        "participant_id": "ICMPD",
    },
    {
        "name": "Senior expert of the Czech Ministry of the Interior",
        "email": "senior.expert@mvcr.cz.example",
        "role": "senior expert",
        "participant_id": "CZ",
    },
]


async def show_report(story: Any, draft_id: str) -> None:
    """Print the profile's missions with their members and the report's files once issued."""
    missions: list[dict[str, Any]] = []
    for _ in range(int(WAIT_SECONDS / 0.5)):
        missions = await story.call("GET", f"/api/drafts/{draft_id}/missions", "sec")
        if missions and all(m["reports"] for m in missions if not m["open"]):
            break
        await asyncio.sleep(0.5)
    names = {p["id"]: p["name"] for p in await story.call("GET", "/api/participants", "sec")}
    for m in missions:
        roles = ", ".join(f"{p['name']} ({p['role']})" for p in m["members"])
        host = names.get(m["country"], m["country"])
        story.say(f"{m['kind'].replace('_', ' ')} to {host} (host country): {roles}")
        for r in m["reports"]:
            story.say(f"mission report ({r['language'].upper()}): {r['filename']}")
