"""A drafting state changes its draft in the page, in a real browser (Debian's Chromium through
Playwright) on the real stack, axe on every page: it reads the text with a comment beside its
section, edits two sections in the editor, previews them as reviewers will see them, submits
version 2 and compares version 1 with version 2. The editor and the draft page fit a phone."""

from __future__ import annotations

import httpx
from temporalio.testing import WorkflowEnvironment

from models.settings import Settings
from ppflow.accounts import Role
from tests.conftest import Mailbox
from tests.web.accounts import make_user
from tests.web.browser import Journey, chromium, needs_chromium, one_database, serve
from tests.web.test_draft_text import answered_round, started, state_of
from web.app import create_app

pytestmark = [needs_chromium, one_database]


async def test_a_drafting_state_edits_previews_submits_and_compares(  # type: ignore[no-untyped-def]
    dev_env: WorkflowEnvironment, settings: Settings, sessions, run_worker, mailbox: Mailbox
) -> None:
    app = create_app(settings, client=dev_env.client)
    pl = make_user(sessions, Role.DRAFTING_STATE, "PL")
    async with (
        run_worker(dev_env.client),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as api,
    ):
        draft, reference = await started(api)
        comment = {"section_id": "s2", "text": "Say who decides", "proposed_text": "- Safety"}
        await answered_round(
            api, mailbox, draft, reference, {"AM": {"position": "comments", "comments": [comment]}}
        )
        async with serve(app) as base, chromium() as browser:
            tab = Journey(await browser.new_page(), base, "editor")
            page = tab.page
            await tab.sign_in(pl)
            await tab.go(f"/drafts/{draft}")
            beside = page.locator("#section-s2 article.comment")
            assert "Say who decides" in await beside.inner_text()
            await tab.fits(390)

            await page.get_by_role("link", name="Edit the text").first.click()
            await tab.check("editor")
            await tab.picture("main", "editor")
            await page.get_by_label("Text of section 1").fill("Returns in safety and dignity.")
            await page.get_by_label("Text of section 2").fill(
                "- Voluntary first\n- Safety\n- Decided by the returning state"
            )
            await page.get_by_label("Note for this version").fill("Round 1 taken in")
            await page.get_by_role("button", name="Preview", exact=True).click()
            preview = page.locator("#preview")
            await preview.wait_for()
            assert await preview.locator("ul li").count() == 3  # a list, not "- " markup
            assert "Returns in safety and dignity." in await preview.inner_text()
            await tab.check("preview")
            await tab.fits(390)
            await page.get_by_role("button", name="Submit version 2").click()
            await page.get_by_role("status").get_by_text("Version 2 submitted.").wait_for()
            await tab.check("submitted")
            await tab.picture("#text", "draft-text")
            assert "Text, version 2" in await page.locator("#text").inner_text()
            # AM's comment was made on version 1, whose section 2 has changed since
            assert "outdated" in await page.locator("#section-s2 article.comment").inner_text()

            await tab.go(f"/drafts/{draft}/compare?from=1&to=2")
            body = await page.locator("main").inner_text()
            assert "Decided by the returning state" in body
            await tab.picture("main", "compare")
            await tab.fits(390)
        sections = (await state_of(api, draft))["versions"][-1]["sections"]
        assert [s["text"] for s in sections][:2] == [
            "Returns in safety and dignity.",
            "- Voluntary first\n- Safety\n- Decided by the returning state",
        ]
