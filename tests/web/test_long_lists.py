"""The outbox and the registry, fifty a page: the count, a search that narrows, a status filter,
and an address the page cannot read giving the first page with a message, never an error."""

from __future__ import annotations

import re
import uuid

import httpx

from models.db import Notice
from ppflow.accounts import Role
from tests.web.accounts import make_user, sign_in
from tests.web.test_pages import web  # noqa: F401  (the fixture)


def rows(html: str) -> int:
    body = html.split('<table id="', 1)[1].split("</tbody>", 1)[0]
    return len(re.findall(r"<tr><td", body))


async def test_the_outbox_and_the_registry_count_search_and_page(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient,  # noqa: F811
    sessions,
) -> None:
    tag = f"lists{uuid.uuid4().hex[:6]}"
    with sessions.begin() as session:
        for i in range(120):
            session.add(
                Notice(
                    notice_key=f"{tag}-{i}",
                    kind="round_opened",
                    participant_id="AM" if i % 10 == 0 else "UZ",
                    email=f"ncp{i}@{tag}.example",
                    subject=f"Notice {i:03} of {tag}",
                    body="-",
                    message_id=f"<{tag}-{i}@example>",
                    status="failed" if i < 3 else "sent",
                )
            )
    await sign_in(web, make_user(sessions, Role.SECRETARIAT))

    page = await web.get("/outbox?lang=en")
    assert re.search(r"\d+ mail\(s\): \d+ sent, \d+ queued, \d+ failed", page.text)
    assert rows(page.text) == 50 and "page 1 of" in page.text

    found = await web.get(f"/outbox?q={tag}")
    assert "120 found" in found.text and "page 1 of 3" in found.text
    assert rows(found.text) == 50 and f"Notice 119 of {tag}" in found.text
    last = await web.get(f"/outbox?q={tag}&page=3")
    assert rows(last.text) == 20 and f"Notice 000 of {tag}" in last.text
    assert f'href="?q={tag}&amp;page=2" rel="prev"' in last.text  # the search kept
    failed = await web.get(f"/outbox?q={tag}&status=failed")
    assert "3 found" in failed.text and rows(failed.text) == 3
    by_name = await web.get("/outbox?q=Armenia")  # a participant's name, not its code
    assert f"Notice 110 of {tag}" in by_name.text and f"Notice 111 of {tag}" not in by_name.text

    for bad in ("page=xyzzy", "page=-4", f"q={tag}&page=99"):
        r = await web.get(f"/outbox?{bad}")
        assert r.status_code == 200 and "There is no such page: here is the first." in r.text
        assert "xyzzy" not in r.text and "page 1 of" in r.text
    r = await web.get("/outbox?status=xyzzy")
    assert r.status_code == 200 and "(Status)" in r.text and "xyzzy" not in r.text

    registry = await web.get("/registry?lang=en")
    assert re.search(r"\d+ participant\(s\)", registry.text) and rows(registry.text) == 50
    armenia = await web.get("/registry?q=armenia")
    assert "<td>AM</td>" in armenia.text and "<td>DE</td>" not in armenia.text
    r = await web.get("/registry?page=xyzzy")
    assert r.status_code == 200 and "no such page" in r.text and "xyzzy" not in r.text
