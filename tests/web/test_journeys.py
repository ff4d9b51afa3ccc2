"""Journeys in a real browser (Debian's Chromium through Playwright), on the real stack, each
page checked with axe; screenshots land in test-artifacts/screenshots/."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from docx import Document
from temporalio.testing import WorkflowEnvironment

from models.settings import Settings
from ppflow.accounts import Role
from tests.conftest import Mailbox, text_of, until
from tests.web.accounts import make_user
from tests.web.browser import Journey, chromium, needs_chromium, one_database, serve
from tests.web.test_api import LEAD, SEC, later_today, links_in, new_draft
from web.app import create_app

pytestmark = [needs_chromium, one_database]


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
            await tab.sign_in(pl)  # lands on what needs me; the newest draft is on the dashboard
            await tab.go("/drafts")
            await tab.page.get_by_role("link", name=new_draft()["title"]).first.click()  # type: ignore[arg-type]
            await tab.check("draft")
            page = tab.page
            await page.get_by_label("Set every open comment below to").select_option("accepted")
            de_row = page.locator("article.comment", has_text="Add safeguards")
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
                await page.get_by_role("link", name="Changes marked (redline) (EN)").click()
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
    title = f"Extended Migration Profile of Kyrgyzstan {tag}"
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
            country="KG",  # one live profile per country: TJ is test_missions'
            lead_state="KG",
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
            assert "Kyrgyzstan" in await preparing.inner_text()
            await tab.go("/meetings")
            await page.get_by_label("Title").fill(f"Senior Officials' Meeting {tag}")
            await page.get_by_label("Place").fill("Bishkek")
            starts = (await later_today()).strftime("%Y-%m-%dT%H:%M")
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
            await page.get_by_text("cannot be changed").wait_for()  # asks first: it is for good
            await tab.check("confirm-decision")
            await page.get_by_role("button", name="Yes, record the decision").click()
            await page.get_by_role("status").get_by_text("decision recorded").wait_for()
            await tab.check("decided")
            await until(lambda: phase(api, draft_id, "final"))
            await tab.go("/board?lang=ru")
            # the board reads the read model, written a moment after the workflow decides
            await until(lambda: _final_on_board(page))
            final = await page.locator("#profiles-final").inner_text()
            assert "Кыргызстан" in final or "Kyrgyzstan" in final
            board = page.locator("#status-board tr", has_text=title)
            assert "окончательный" in (await board.inner_text()).lower()


async def _final_on_board(page: Any) -> bool:
    await page.reload()
    final = await page.locator("#profiles-final").inner_text()
    return "Кыргызстан" in final or "Kyrgyzstan" in final


async def _on_agenda(page: Any) -> bool:
    await page.reload()
    return bool(await page.locator("#agenda tr").count() > 1)


def html_of(message: Any) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None, "no HTML part"
    return str(part.get_content())


async def test_a_reviewer_goes_from_the_mail_link_to_a_submitted_answer(  # type: ignore[no-untyped-def]
    dev_env: WorkflowEnvironment, settings: Settings, run_worker, mailbox: Mailbox
) -> None:
    app = create_app(settings, client=dev_env.client)
    async with (
        run_worker(dev_env.client),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as api,
    ):
        draft_id = await draft_after_a_round(api, mailbox, {"DE": {"position": "no_objection"}})
        status = (await api.get(f"/api/drafts/{draft_id}", headers=SEC)).json()
        reference = status["state"]["meta"]["reference"]
        r = await api.post(
            f"/api/drafts/{draft_id}/revisions",
            headers=LEAD,
            json={
                "sections": [
                    {"id": "s1", "title": "Introduction", "text": "Purpose."},
                    {"id": "s2", "title": "Principles", "text": "Returns in safety and dignity."},
                ]
            },
        )
        assert r.status_code == 200, r.text
        r = await api.post(
            f"/api/drafts/{draft_id}/rounds",
            headers=LEAD,
            json={
                "invitees": {"participants": ["DE"]},
                "deadline": (datetime.now(UTC) + timedelta(days=10)).isoformat(),
            },
        )
        assert r.status_code == 200, r.text

        async def second_invitation() -> Any:
            found = [
                m
                for m in mailbox.to("ncp@de.pragueprocess.local")
                if reference in str(m["Subject"]) and "Comments invited" in str(m["Subject"])
            ]
            return found[1] if len(found) > 1 else None

        invitation = await until(second_invitation)
        annotated = Document(
            io.BytesIO(
                (
                    await api.get(f"/api/drafts/{draft_id}/documents/draft_version", headers=SEC)
                ).content
            )
        )
        target = next(p for p in annotated.paragraphs if p.text.startswith("Returns in"))
        annotated.add_comment(target.runs, text="Name the safeguards.", author="DE")
        upload = io.BytesIO()
        annotated.save(upload)

        async with serve(app) as base, chromium() as browser:
            page = await browser.new_page()
            tab = Journey(page, base, "reviewer")
            # the mail as a mail client shows it; its link, rewritten to this test server
            await page.set_content(html_of(invitation).replace(settings.public_base_url, base))
            await page.get_by_role("link", name="/review/").first.click()
            await page.wait_for_url("**/review/**")
            await tab.check("review")
            assert await page.get_by_text("Changed since version 1").count() >= 1
            await page.locator("#word_file").set_input_files(
                files=[
                    {
                        "name": "annotated.docx",
                        "buffer": upload.getvalue(),
                        "mimeType": "application/octet-stream",
                    }
                ]
            )
            await page.get_by_role("button", name="Read my file").click()
            await page.get_by_role("status").get_by_text("1 comment(s) read").wait_for()
            await tab.check("from-word")
            assert await page.get_by_label("Your comment on section 2").input_value() == (
                "Name the safeguards."
            )
            await page.get_by_label("Proposed text for section 2").fill(
                "Returns in safety and dignity, with safeguards."
            )
            await page.get_by_label("Position").select_option("comments")
            await page.get_by_role("button", name="Save and finish later").click()
            await page.get_by_role("status").get_by_text("Saved.").wait_for()
            await page.goto(page.url)  # come back later with the same link
            assert (
                "with safeguards"
                in await page.get_by_label("Proposed text for section 2").input_value()
            )
            await page.get_by_role("button", name="Send the answer").click()
            await page.get_by_role("heading", name="Receipt").wait_for()
            await tab.check("receipt")
            await page.set_viewport_size({"width": 390, "height": 844})  # a phone
            await page.get_by_role("link", name="Change my answer").click()
            await tab.check("phone")

        async def receipt() -> Any:
            return [
                m
                for m in mailbox.to("ncp@de.pragueprocess.local")
                if "answer is recorded" in str(m["Subject"])
            ]

        mails = await until(receipt)
        assert "Name the safeguards." in text_of(mails[-1])
        await until(lambda: phase(api, draft_id, "revision"))  # all invited answered
        state = (await api.get(f"/api/drafts/{draft_id}", headers=SEC)).json()["state"]
        assert state["rounds"][-1]["positions"] == {"DE": "comments"}
        (comment,) = [c for c in state["comments"] if c["round_number"] == 2]
        assert (comment["section_id"], comment["text"], comment["proposed_text"]) == (
            "s2",
            "Name the safeguards.",
            "Returns in safety and dignity, with safeguards.",
        )
