"""The demo's public repository: what a visitor with no account finds once the guidelines and
the profile are endorsed (the list, the Atom feed, a Russian .docx) and that nothing else is
there. Call after the guidelines and the profile are final:
`await demo_public.show_public(story, guidelines, profile)`."""

from __future__ import annotations

import asyncio
import io
from typing import Any
from xml.etree import ElementTree as ET

from docx import Document

ATOM = "{http://www.w3.org/2005/Atom}"
WAIT_SECONDS = 20.0


async def show_public(story: Any, *endorsed: str) -> None:
    """No token, no cookie: the public list, the feed and one final text in Russian."""
    http = story.http
    listed: dict[str, Any] = {}
    for _ in range(int(WAIT_SECONDS / 0.5)):  # the final texts are rendered in the background
        r = await http.get("/api/public/texts", params={"per_page": 100})
        listed = {t["draft_id"]: t for t in r.json()["texts"]}
        if all(d in listed and listed[d]["languages"] for d in endorsed):
            break
        await asyncio.sleep(0.5)
    drafts = (await story.call("GET", "/api/drafts?limit=500", "sec"))["drafts"]
    hidden = [d["id"] for d in drafts if d["phase"] != "final"]
    refused = [(await http.get(f"/api/public/texts/{d}")).status_code == 404 for d in hidden]
    story.say(
        f"public repository (no sign-in, /public): {len(listed)} endorsed text(s)"
        + (f"; {sum(refused)} of {len(hidden)} unendorsed draft(s) answer 404" if hidden else "")
    )
    feed = ET.fromstring((await http.get("/public/feed.atom")).content)
    story.say(f"Atom feed /public/feed.atom: {len(feed.findall(f'{ATOM}entry'))} entr(ies)")
    for draft_id in endorsed:
        text = listed.get(draft_id)
        if text and "ru" in text["languages"]:
            r = await http.get(f"/public/texts/{draft_id}.docx", params={"language": "ru"})
            heading = Document(io.BytesIO(r.content)).core_properties.title
            story.say(f"{draft_id}: Russian final text {len(r.content):,} bytes, «{heading}»")
            break
