"""Every signed-in page, in a real browser: axe finds nothing on it in English at 1280 px, and in
Russian (the longer words) at 390 px it fits the screen without sideways scrolling (a wide table
scrolls inside its own box). The pages are filled with a draft in consultation (one answer in),
a meeting, the seeded projects and bodies, so that their tables are not empty."""

from __future__ import annotations

import httpx
from temporalio.testing import WorkflowEnvironment

from models.settings import Settings
from ppflow.accounts import Role
from tests.conftest import Mailbox, until
from tests.web.accounts import PASSWORD, make_user
from tests.web.browser import Journey, chromium, needs_chromium, one_database, serve
from tests.web.test_api import SEC, later, links_in, new_draft, new_meeting
from web.app import create_app

pytestmark = [needs_chromium, one_database]

PAGES = [
    "/start",
    "/drafts",
    "/drafts/new",
    "/drafts/{draft}",
    "/drafts/{draft}/missions",
    "/board",
    "/meetings",
    "/meetings/{meeting}",
    "/plans",
    "/projects",
    "/projects/ppti-1",
    "/bodies",
    "/bodies/strategic_group",
    "/registry",
    "/outbox",
    "/calendar",
    "/knowledge/registrations",
    "/knowledge/register",
    "/analytics",
    "/search?q=guidelines",
    "/public",
    "/profiles/cycles",
    "/profiles/UA/cycle",
    "/no-such-page",
]


async def test_every_page_passes_axe_and_fits_a_phone(  # type: ignore[no-untyped-def]
    dev_env: WorkflowEnvironment, settings: Settings, sessions, run_worker, mailbox: Mailbox
) -> None:
    app = create_app(settings, client=dev_env.client)
    transport = httpx.ASGITransport(app=app)
    async with (
        run_worker(dev_env.client),
        httpx.AsyncClient(transport=transport, base_url="http://api") as api,
    ):
        started = (
            await api.post(
                "/api/drafts",
                json=new_draft(title="Every page narrow: guidelines on return"),
                headers=SEC,
            )
        ).json()
        draft = started["draft_id"]
        r = await api.post(
            f"/api/drafts/{draft}/rounds",
            headers=SEC,
            json={"invitees": {"participants": ["AM", "AZ", "GE"]}, "deadline": later(days=9)},
        )
        assert r.status_code == 200, r.text

        async def link() -> list[str]:
            return links_in(mailbox, started["reference"], "AM")

        token = (await until(link))[0]
        answer = {
            "position": "reservation",
            "reason": "One reservation on the second section.",
            "comments": [{"text": "A longer comment on the draft as a whole, to fill the page."}],
        }
        assert (await api.post(f"/api/review/{token}/answer", json=answer)).status_code == 200
        meeting = await new_meeting(api, "Every page narrow, Prague")
        pages = [p.format(draft=draft, meeting=meeting) for p in PAGES]

        async with serve(app) as base, chromium() as browser:
            tab = Journey(await browser.new_page(), base, "every-page")
            await tab.page.goto(f"{base}/login")
            await tab.page.get_by_label("User name").fill(make_user(sessions, Role.SECRETARIAT))
            await tab.page.get_by_label("Password").fill(PASSWORD)
            await tab.page.get_by_role("button", name="Sign in").click()
            await tab.page.wait_for_load_state()
            problems = []
            for path in pages:  # every page checked, then every problem told at once
                try:
                    sep = "&" if "?" in path else "?"
                    await tab.go(f"{path}{sep}lang=en")
                    await tab.go(f"{path}{sep}lang=ru")
                    await tab.fits(390)
                except AssertionError as e:
                    problems.append(f"{path}: {e}")
            assert not problems, "\n\n".join(problems)
