"""A reviewer in a real browser: opens their link, selects a passage of a section and comments on
it, edits the proposed text that starts as the section's text, sends, and sees the proposal as
changes; axe on every page, the review page on a 390 px wide phone."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
from temporalio.testing import WorkflowEnvironment

from models.settings import Settings
from ppflow.accounts import Role
from tests.conftest import Mailbox
from tests.web.accounts import make_user
from tests.web.browser import Journey, chromium, needs_chromium, one_database, serve
from tests.web.test_api import SEC, links_in, new_draft
from tests.workflows.test_lifecycle import eventually
from web.app import create_app

pytestmark = [needs_chromium, one_database]

PRINCIPLES = "Returns in dignity and safety.\n\n- voluntary return first\n- reintegration support"


async def test_a_reviewer_quotes_a_passage_and_edits_the_proposed_text(  # type: ignore[no-untyped-def]
    dev_env: WorkflowEnvironment, settings: Settings, run_worker, mailbox: Mailbox, sessions
) -> None:
    app = create_app(settings, client=dev_env.client)
    body = new_draft(
        title=f"Reviewer journey guidelines {uuid.uuid4().hex[:6]}",
        slug=f"reviewer-journey-{uuid.uuid4().hex[:8]}",
        sections=[
            {"title": "Introduction", "text": "Purpose of these guidelines."},
            {"title": "Principles", "text": PRINCIPLES},
            {"title": "Figures", "text": "| Year | Returns |\n| 2025 | 120 |"},
        ],
    )
    async with (
        run_worker(dev_env.client),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as api,
    ):
        started = (await api.post("/api/drafts", json=body, headers=SEC)).json()
        draft, reference = started["draft_id"], started["reference"]
        first = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()["state"]["versions"]
        revised = [dict(s) for s in first[0]["sections"]]
        revised[0]["text"] = "Purpose and scope of these guidelines."
        r = await api.post(
            f"/api/drafts/{draft}/revisions", headers=SEC, json={"sections": revised[::-1]}
        )
        assert r.status_code == 200, r.text
        deadline = (datetime.now(UTC) + timedelta(days=5, hours=3)).isoformat()
        r = await api.post(
            f"/api/drafts/{draft}/rounds",
            headers=SEC,
            json={"invitees": {"participants": ["DE"]}, "deadline": deadline},
        )
        assert r.status_code == 200, r.text
        link = (await eventually(lambda: links_in(mailbox, reference, "DE")))[0]
        status = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()
        s2 = status["state"]["versions"][-1]["sections"][1]["id"]
        sec = make_user(sessions, Role.SECRETARIAT)

        async with serve(app) as base, chromium() as browser:
            context = await browser.new_context(timezone_id="Europe/Berlin")
            page = await context.new_page()
            tab = Journey(page, base, "reviewer-quotes")
            await tab.go(f"/review/{link}?lang=en")
            # the deadline: UTC, the reader's own time beside it, a countdown
            assert "5 days left" in await page.locator(".countdown").first.inner_text()
            local = page.locator(".local-time").first
            assert "your time, Europe/Berlin" in await local.inner_text()
            await tab.fits(390)

            section = page.locator(f"section#{s2}")
            # the lists as lists, not "- item"
            assert await section.locator(".section-text li").count() == 2
            # select a passage of the section, then "Comment on this passage"
            await section.locator(".section-text p").first.click(click_count=3)
            await section.get_by_role("button", name="Comment on this passage").click()
            quote = section.get_by_label("Quote (optional)")
            assert await quote.input_value() == "Returns in dignity and safety."
            await section.get_by_label("Your comment on section 2").fill("Say who pays.")
            proposed = section.get_by_label("Proposed text for section 2")
            assert await proposed.input_value() == PRINCIPLES  # starts as the section's text
            await proposed.fill(PRINCIPLES.replace("dignity and safety", "dignity, safety"))
            await page.get_by_label("Position", exact=True).select_option("comments")
            await page.get_by_role("button", name="Send the answer").click()
            await page.get_by_role("heading", name="Receipt").wait_for()
            await tab.check("receipt")
            receipt = page.locator("ul.answered")
            assert await receipt.locator("blockquote.quote").text_content() == (
                "Quoted passage: Returns in dignity and safety."
            )
            assert await receipt.locator("ins").first.text_content() == "inserted: ,"
            assert "deleted:  and" in await receipt.locator("del").first.text_content()
            await tab.fits(390)
            await context.close()

            # the Secretariat compares the two versions: changed words, moved sections
            tab = Journey(await browser.new_page(), base, "compare-versions")
            await tab.sign_in(sec)
            await tab.go(f"/drafts/{draft}")
            await tab.page.get_by_role("link", name="Compare versions").click()
            await tab.check("compare")
            assert await tab.page.locator("ins", has_text="and scope").count() == 1
            assert await tab.page.get_by_text("Moved: was section").count() >= 1
            await tab.fits(390)

        state = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()["state"]
        answers = (await _answers(api, link))["comments"]
        assert [(c["section_id"], c["quote"]) for c in answers] == [
            (s2, "Returns in dignity and safety.")
        ]
        assert state["meta"]["reference"] == reference


async def _answers(api: httpx.AsyncClient, link: str) -> dict:  # type: ignore[type-arg]
    return dict((await api.get(f"/api/review/{link}")).json()["my_answer"])
