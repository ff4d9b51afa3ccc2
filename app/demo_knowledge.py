"""The demo's knowledge base: a researcher registers on the public API, confirms the address
from the mail, the Secretariat approves, the reader opens the personal link and downloads a
file, and the access log shows both."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import uuid
from typing import Any

WAIT_SECONDS = 30.0


def _link(story: Any, address: str, marker: str) -> str | None:
    """A link with `marker` in the newest captured mail to `address`."""
    for path in sorted(story.settings.mail_dir.glob("*.eml"), reverse=True):
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if address not in str(msg["To"]):
            continue
        body = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        if marker in body:
            return marker + body.split(marker)[1].split()[0]
    return None


async def _wait_link(story: Any, address: str, marker: str) -> str:
    for _ in range(int(WAIT_SECONDS / 0.25)):
        found = _link(story, address, marker)
        if found:
            return found
        await asyncio.sleep(0.25)
    raise RuntimeError(f"no mail to {address} with {marker}")


async def show_knowledge(story: Any, name: str = "Dr. Ana Petrović") -> None:
    """Run after the profile board (show_board): the reader sees the endorsed profiles."""
    address = f"reader-{uuid.uuid4().hex[:6]}@institute.example.org"
    r = await story.http.post(
        "/api/knowledge/registrations",
        json={
            "name": name,
            "email": address,
            "organisation": "Institute for Migration Research",
            "country": "Serbia",
            "reason": "Comparing the Western Balkans' migration profiles for a policy study.",
        },
    )
    if r.status_code != 202:
        raise RuntimeError(f"registration -> {r.status_code}: {r.text}")
    registration = r.json()["registration_id"]
    confirm = await _wait_link(story, address, "/knowledge/confirm/")
    page = await story.http.get(confirm)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    await story.http.post(confirm, data={"csrf": csrf.group(1) if csrf else ""})
    await story.call(
        "POST",
        f"/api/knowledge/registrations/{registration}/decision",
        "sec",
        json={"decision": "approve"},
    )
    link = await _wait_link(story, address, "/knowledge/r/")
    shelf = await story.http.get(link)
    files = re.findall(r'href="(/knowledge/r/[^"]+/files/[^"]+)"', shelf.text)
    countries = len(re.findall(r'<section class="kb-profile"', shelf.text))
    if files:
        await story.http.get(files[0])
    log = await story.call("GET", f"/api/knowledge/access-log?reader={registration}", "sec")
    story.say(
        f"knowledge base: {name} registered, confirmed the address and was approved "
        f"({registration}); the personal link shows {countries} endorsed profile(s), "
        f"{len(files)} file(s)"
    )
    story.say(
        "access log: "
        + ", ".join(f"{a['action']} {a['what']}" for a in reversed(log))
        + " (GET /api/knowledge/access-log, `ppflow reader log`)"
    )
