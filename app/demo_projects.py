"""The demo's work item: Poland's readmission guidelines are output 2 of PP TI pilot project 1
(led by Poland with Slovakia and Romania); linked once drafted, delivered once endorsed."""

from __future__ import annotations

import asyncio
from typing import Any

PROJECT, OUTPUT = "ppti-1", 2
WAIT_SECONDS = 20.0


async def link_guidelines(story: Any, draft_id: str) -> None:
    """Link the demo's guidelines to their pilot-project output and show that it is delivered."""
    await story.call(
        "POST",
        f"/api/projects/{PROJECT}/outputs/{OUTPUT}/link",
        "lead",
        json={"draft_id": draft_id},
    )
    for _ in range(int(WAIT_SECONDS / 0.5)):  # the read model follows the workflow closely
        project = await story.call("GET", f"/api/projects/{PROJECT}", "sec")
        output = next(o for o in project["outputs"] if o["number"] == OUTPUT)
        if output["status"] == "delivered":
            break
        await asyncio.sleep(0.5)
    phase = (output["draft"] or {}).get("phase") or "not projected yet"
    story.say(
        f"{project['title']} (lead {project['lead_state']['name']}): output {OUTPUT} "
        f"'{output['title']}' is produced by {draft_id} ({phase}): {output['status']}"
    )
