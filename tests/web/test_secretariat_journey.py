"""The Secretariat's journey in a real browser: from its start page to a round closing this week,
"Close the round now", a confirmation that names who has not answered and who gets mail, and
the round closed. Every page checked with axe, and at 390 px wide with no sideways scroll."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from temporalio.testing import WorkflowEnvironment

from models.settings import Settings
from ppflow.accounts import Role
from tests.conftest import Mailbox, until
from tests.web.accounts import make_user
from tests.web.browser import Journey, chromium, needs_chromium, one_database, serve
from tests.web.test_api import SEC, links_in, new_draft
from web.app import create_app

pytestmark = [needs_chromium, one_database]

TITLE = "Guidelines on return counselling (test_secretariat_journey)"


async def test_the_secretariat_closes_a_round_from_its_start_page(  # type: ignore[no-untyped-def]
    dev_env: WorkflowEnvironment, settings: Settings, sessions, run_worker, mailbox: Mailbox
) -> None:
    app = create_app(settings, client=dev_env.client)
    sec = make_user(sessions, Role.SECRETARIAT)
    async with (
        run_worker(dev_env.client),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as api,
    ):
        started = (await api.post("/api/drafts", json=new_draft(title=TITLE), headers=SEC)).json()
        draft_id = started["draft_id"]
        r = await api.post(
            f"/api/drafts/{draft_id}/rounds",
            headers=SEC,
            json={
                "invitees": {"participants": ["AM", "BY", "UZ"]},
                "deadline": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
            },
        )
        assert r.status_code == 200, r.text
        link = (await until(lambda: _links(mailbox, started["reference"], "BY")))[0]
        r = await api.post(f"/api/review/{link}/answer", json={"position": "no_objection"})
        assert r.status_code == 200, r.text

        async with serve(app) as base, chromium() as browser:
            tab = Journey(await browser.new_page(), base, "secretariat-journey")
            page = tab.page
            await tab.sign_in(sec)  # lands on its start page
            assert page.url.endswith("/start")
            await tab.fits(390)
            await until(lambda: _listed(tab))  # the read model follows the round a moment later
            await page.locator("#st-closing ~ ul").get_by_role("link", name=TITLE).click()
            assert page.url.endswith(f"/drafts/{draft_id}#round")
            await tab.check("draft")
            await tab.fits(390)

            await page.get_by_role("button", name="Close the round now").click()
            heading = page.get_by_role("heading", name="Close round 1 now?")
            await heading.wait_for()
            text = await page.locator(".consequences").inner_text()
            assert "2 participant(s) who have not answered (Armenia, Uzbekistan)" in text
            assert "A notice goes by mail to 3 contact(s)" in text
            await tab.check("confirm")
            await tab.fits(390)
            await page.get_by_role("button", name="Yes, close the round now").click()
            await page.get_by_role("status").get_by_text("the round is closing").wait_for()
            await until(lambda: _closed(page))  # the close is asynchronous: the page follows
            await tab.check("closed")
            await tab.fits(390)
        status = (await api.get(f"/api/drafts/{draft_id}", headers=SEC)).json()
        assert status["open_round"] is None
        assert status["state"]["rounds"][-1]["outcome"] == "closed_by_secretariat"


async def _links(mailbox: Mailbox, reference: str, participant: str) -> list[str]:
    return links_in(mailbox, reference, participant)


async def _listed(tab: Journey) -> bool:
    await tab.page.goto(tab.base + "/start")
    closing = tab.page.locator("#st-closing ~ ul").get_by_role("link", name=TITLE)
    return bool(await closing.count())


async def _closed(page: Any) -> bool:
    await page.reload()
    rounds = page.locator("table", has_text="closed by the Secretariat")
    return bool(await rounds.count()) and not await page.locator("h2#round").count()
