"""The compare page on the real stack: two versions submitted through the API, the page shows
the changed words as <ins>/<del>, and a drafting state cannot compare another state's draft."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from models.settings import Settings
from ppflow.accounts import Role
from tests.web.accounts import csrf_of, make_user, sign_in
from tests.web.test_api import SEC, new_draft
from web.app import create_app


@pytest.fixture
async def web(dev_env: WorkflowEnvironment, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, client=dev_env.client)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers={"accept": "text/html"}
    ) as client:
        yield client


async def test_two_versions_compared_word_by_word(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient, sessions, run_worker, dev_env
) -> None:
    pl = make_user(sessions, Role.DRAFTING_STATE, "PL")
    de = make_user(sessions, Role.DRAFTING_STATE, "DE")
    title = f"Compare test guidelines {uuid.uuid4().hex[:6]}"
    async with run_worker(dev_env.client):
        body = new_draft(title=title, slug=f"compare-{uuid.uuid4().hex[:8]}")
        body["sections"] = [
            {"title": "Introduction", "text": "Purpose."},
            {"title": "Principles", "text": "Returns in dignity.\n\n- first\n- second"},
            {"title": "Annex", "text": "Old annex."},
        ]
        started = (await web.post("/api/drafts", json=body, headers=SEC)).json()
        draft_id = started["draft_id"]
        status = (await web.get(f"/api/drafts/{draft_id}", headers=SEC)).json()
        s1, s2, _ = (s["id"] for s in status["state"]["versions"][0]["sections"])
        r = await web.post(
            f"/api/drafts/{draft_id}/revisions",
            headers=SEC,
            json={
                "sections": [
                    {
                        "id": s2,
                        "title": "Principles",
                        "text": "Returns in safety and dignity.\n\n- first\n- second",
                    },
                    {"id": s1, "title": "Introduction and scope", "text": "Purpose."},
                    {"title": "Monitoring", "text": "States report yearly."},
                ]
            },
        )
        assert r.status_code == 200, r.text

        await sign_in(web, pl)
        draft_page = await web.get(f"/drafts/{draft_id}")
        assert f'href="/drafts/{draft_id}/compare"' in draft_page.text
        page = await web.get(f"/drafts/{draft_id}/compare", params={"from": 1, "to": 2})
        assert page.status_code == 200, page.text
        html = page.text
        assert '<ins><span class="visually-hidden">inserted: </span>safety and </ins>' in html
        assert '<ins><span class="visually-hidden">inserted: </span> and scope</ins>' in html
        assert "Section 3 removed" in html and "Old annex." in html
        assert "New section" in html and "States report yearly." in html
        assert "Moved: was section" in html
        assert "version=2&amp;from_version=1&amp;language=en" in html  # the redline, same pair
        # the default pair is the last two versions; Russian words in a Russian page
        page = await web.get(f"/drafts/{draft_id}/compare", params={"lang": "ru"})
        assert page.status_code == 200 and "Раздел 3 удалён" in page.text
        assert "вставлено:" in page.text
        # a bad query: a page in the page's language, the input never echoed
        for query in ({"from": "abc<x>", "to": "2"}, {"from": "1", "to": "99"}):
            r = await web.get(f"/drafts/{draft_id}/compare", params=query)
            assert r.status_code in (404, 422) and "abc&lt;x&gt;" not in r.text
            assert "<x>" not in r.text and "99" not in r.text.split("<main")[1].split("</form>")[1]
            assert "Выберите две версии" in r.text  # the language chosen stays
        await web.get("/drafts", params={"lang": "en"})
        r = await web.get(f"/drafts/{draft_id}/compare", params={"from": "2", "to": "2"})
        assert r.status_code == 422 and "two different versions" in r.text

        # another drafting state cannot reach it
        await web.post("/logout", data={"csrf": csrf_of((await web.get("/drafts")).text)})
        await sign_in(web, de)
        r = await web.get(f"/drafts/{draft_id}/compare", params={"from": 1, "to": 2})
        assert r.status_code == 404 and "safety" not in r.text


def test_the_countdown_in_each_language() -> None:
    from datetime import UTC, datetime, timedelta

    from models.domain import Language
    from web.countdown import countdown
    from web.i18n import UI

    now = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    en, ru = UI(Language.EN), UI(Language.RU)
    assert countdown(now + timedelta(days=3, hours=1), en, now) == "3 days left"
    assert countdown(now + timedelta(days=21, hours=1), ru, now) == "осталось 21 день"
    assert countdown(now + timedelta(days=3), ru, now) == "осталось 3 дня"
    assert countdown(now + timedelta(hours=5, minutes=2), en, now) == "closes in 5 hours"
    assert countdown(now + timedelta(hours=25), ru, now) == "закрывается через 25 часов"
    assert countdown(now + timedelta(minutes=1, seconds=5), en, now) == "closes in 1 minute"
    assert countdown(now + timedelta(minutes=22), ru, now) == "закрывается через 22 минуты"
    assert countdown(now - timedelta(minutes=1), en, now) == "the deadline has passed"
