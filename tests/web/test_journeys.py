"""Journeys in a real browser (Debian's Chromium through Playwright), on the real stack, each
page checked with axe; screenshots land in test-artifacts/screenshots/."""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from docx import Document
from temporalio.testing import WorkflowEnvironment

from models.settings import Settings
from ppflow.accounts import Role
from tests.conftest import Mailbox
from tests.test_api import LEAD, SEC, links_in, new_draft
from tests.web.accounts import make_user
from tests.web.browser import Journey, chromium, needs_chromium, serve
from web.app import create_app

pytestmark = needs_chromium


async def until(check: Callable[[], Awaitable[Any]], timeout: float = 30.0) -> Any:
    deadline = asyncio.get_running_loop().time() + timeout
    while not (value := await check()):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.2)
    return value


async def phase(api: httpx.AsyncClient, draft: str, wanted: str) -> bool:
    status = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()
    return bool(status["state"]["phase"] == wanted)


async def draft_after_a_round(
    api: httpx.AsyncClient, mailbox: Mailbox, answers: dict[str, dict[str, Any]], **draft: Any
) -> str:
    """A draft whose round was answered by `answers` and has closed: ready for revision."""
    started = (await api.post("/api/drafts", json=new_draft(**draft), headers=SEC)).json()
    draft_id, reference = started["draft_id"], started["reference"]
    r = await api.post(
        f"/api/drafts/{draft_id}/rounds",
        headers=SEC,
        json={
            "invitees": {"participants": list(answers)},
            "deadline": (datetime.now(UTC) + timedelta(days=10)).isoformat(),
        },
    )
    assert r.status_code == 200, r.text
    for participant, answer in answers.items():

        async def token(p: str = participant) -> list[str]:
            return links_in(mailbox, reference, p)

        link = (await until(token))[0]
        r = await api.post(f"/api/review/{link}/answer", json=answer)
        assert r.status_code == 200, r.text
    await until(lambda: phase(api, draft_id, "revision"))
    return draft_id


async def test_a_drafting_state_resolves_comments_and_uploads_a_revision(  # type: ignore[no-untyped-def]
    dev_env: WorkflowEnvironment, settings: Settings, sessions, run_worker, mailbox: Mailbox
) -> None:
    app = create_app(settings, client=dev_env.client)
    pl = make_user(sessions, Role.DRAFTING_STATE, "PL")
    async with (
        run_worker(dev_env.client),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as api,
    ):
        draft_id = await draft_after_a_round(
            api,
            mailbox,
            {
                "DE": {
                    "position": "reservation",
                    "reason": "Safeguards first",
                    "comments": [
                        {
                            "section_id": "s2",
                            "text": "Add safeguards",
                            "proposed_text": "Returns in safety and dignity.",
                        }
                    ],
                },
                "KZ": {
                    "position": "comments",
                    "comments": [{"section_id": "s1", "text": "Translate into Russian"}],
                },
            },
        )
        exported = (
            await api.get(f"/api/drafts/{draft_id}/documents/draft_version", headers=LEAD)
        ).content
        doc = Document(io.BytesIO(exported))
        next(p for p in doc.paragraphs if p.text == "Returns in dignity.").runs[
            0
        ].text = "Returns in safety and dignity."
        revised = io.BytesIO()
        doc.save(revised)
        async with serve(app) as base, chromium() as browser:
            tab = Journey(await browser.new_page(), base, "drafting-state")
            await tab.sign_in(pl)
            await tab.page.get_by_role("link", name=new_draft()["title"]).first.click()  # type: ignore[arg-type]
            await tab.check("draft")
            page = tab.page
            await page.get_by_label("Set every open comment below to").select_option("accepted")
            de_row = page.locator("tr", has_text="Add safeguards")
            await de_row.get_by_label("Disposition").select_option("partly_accepted")
            await de_row.get_by_label("Justification").fill("Safety added; the rest as agreed.")
            await page.get_by_role("button", name="Save dispositions").click()
            await page.get_by_role("status").get_by_text("3 comment(s) resolved").wait_for()
            await tab.check("resolved")
            await page.locator("#revision_file").set_input_files(
                files=[
                    {
                        "name": "revised.docx",
                        "buffer": revised.getvalue(),
                        "mimeType": "application/octet-stream",
                    }
                ]
            )
            await page.get_by_label("Note").fill("Round 1 taken in")
            await page.get_by_role("button", name="Upload").click()
            await page.get_by_role("status").get_by_text("version 2 submitted").wait_for()
            await tab.check("revised")
            async with page.expect_download() as download:
                await page.get_by_role("link", name="redline (EN)").click()
            assert (await download.value).suggested_filename.endswith("-redline-from-v1-en.docx")
        status = (await api.get(f"/api/drafts/{draft_id}", headers=SEC)).json()
        assert status["state"]["versions"][-1]["number"] == 2
        dispositions = {c["text"]: c["disposition"] for c in status["state"]["comments"]}
        assert dispositions == {
            "Safeguards first": "accepted",  # the reservation's reason, a general comment
            "Add safeguards": "partly_accepted",
            "Translate into Russian": "accepted",
        }


async def test_the_secretariat_records_a_decision_and_the_board_changes(  # type: ignore[no-untyped-def]
    dev_env: WorkflowEnvironment, settings: Settings, sessions, run_worker, mailbox: Mailbox
) -> None:
    app = create_app(settings, client=dev_env.client)
    sec = make_user(sessions, Role.SECRETARIAT)
    tag = uuid.uuid4().hex[:6]
    title = f"Extended Migration Profile of Tajikistan {tag}"
    async with (
        run_worker(dev_env.client),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as api,
    ):
        draft_id = await draft_after_a_round(
            api,
            mailbox,
            {"UZ": {"position": "no_objection"}},
            title=title,
            document_type="migration_profile",
            country="TJ",
            lead_state="TJ",
            co_lead_states=[],
            sections=[],
            thematic_area=None,
        )
        async with serve(app) as base, chromium() as browser:
            tab = Journey(await browser.new_page(), base, "secretariat")
            page = tab.page
            await tab.sign_in(sec)
            await tab.go("/board")
            preparing = page.locator("#profiles-preparing")
            assert "Tajikistan" in await preparing.inner_text()
            await tab.go("/meetings")
            await page.get_by_label("Title").fill(f"Senior Officials' Meeting {tag}")
            await page.get_by_label("Place").fill("Dushanbe")
            starts = (datetime.now(UTC) + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
            await page.get_by_label("Starts (UTC)").fill(starts)
            await page.get_by_role("button", name="Create").click()
            await page.get_by_role("status").get_by_text("created").wait_for()
            await tab.check("meeting")
            item = page.locator("li", has_text=title)
            await item.get_by_role("button", name="Put on the agenda").click()
            await page.get_by_role("status").get_by_text("put on the agenda").wait_for()
            await until(lambda: _on_agenda(page))
            await tab.check("agenda")
            row = page.locator("#agenda tr", has_text=title)
            await row.get_by_label("Decision").select_option("endorsed")
            await row.get_by_label("Notes").fill("Endorsed by the Senior Officials")
            await row.get_by_role("button", name="Record").click()
            await page.get_by_role("status").get_by_text("decision recorded").wait_for()
            await tab.check("decided")
            await until(lambda: phase(api, draft_id, "final"))
            await tab.go("/board?lang=ru")
            final = await page.locator("#profiles-final").inner_text()
            assert "Таджикистан" in final or "Tajikistan" in final
            board = page.locator("#status-board tr", has_text=title)
            assert "окончательный" in (await board.inner_text()).lower()


async def _on_agenda(page: Any) -> bool:
    await page.reload()
    return bool(await page.locator("#agenda tr").count() > 1)
