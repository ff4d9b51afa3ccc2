"""Participation analytics through the real API with a running worker (a round opened, answered
through the mail link, closed: the figures move by exactly that), the CSV and the annex; who may
look (a drafting state gets 403); bad filters refused with the reason; the page in both languages
with its SVG charts, each titled and well-formed, with the figures as a table."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import docx
import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from models.settings import Settings
from ppflow.accounts import Role
from tests.conftest import Mailbox, until
from tests.ppflow.test_analytics import known_data
from tests.web.accounts import make_user, sign_in
from tests.web.test_api import LEAD, SEC, later, links_in, new_draft
from tests.web.test_projects import token_for
from web.app import create_app

FILTERS = {"type": "best_practices", "area": "integration"}
SVG = "{http://www.w3.org/2000/svg}"


def _rate(figures: dict[str, Any], participant: str) -> tuple[int, int]:
    found = [r for r in figures["by_participant"] if r["id"] == participant]
    return (found[0]["invited"], found[0]["answered"]) if found else (0, 0)


def _round_one(figures: dict[str, Any]) -> dict[str, int]:
    found = [p for p in figures["positions"] if p["number"] == 1]
    return found[0]["counts"] if found else {}


async def test_the_figures_follow_a_round_run_through_the_api(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox, sessions
) -> None:
    today = {"from": datetime.now(UTC).date().isoformat(), **FILTERS}

    async def figures() -> dict[str, Any]:
        r = await api.get("/api/analytics", params=today, headers=SEC)
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]

    before = await figures()
    async with run_worker(dev_env.client):
        body = new_draft(title="Analytics: integration practices", **{
            "document_type": "best_practices", "thematic_area": "integration"})  # fmt: skip
        started = (await api.post("/api/drafts", json=body, headers=LEAD)).json()
        draft = started["draft_id"]
        r = await api.post(
            f"/api/drafts/{draft}/rounds",
            headers=LEAD,
            json={"invitees": {"participants": ["BA", "RS"]}, "deadline": later(days=14)},
        )
        assert r.status_code == 200, r.text
        token = (await until(lambda: _links(mailbox, started["reference"], "BA")))[0]
        r = await api.post(
            f"/api/review/{token}/answer",
            json={
                "position": "comments",
                "comments": [
                    {"section_id": "s2", "text": "Add a word on language courses"},
                    {"text": "Welcome the compilation"},
                ],
            },
        )
        assert r.status_code == 200, r.text
        r = await api.post(f"/api/drafts/{draft}/rounds/current/close", headers=SEC)
        assert r.status_code == 200, r.text

        async def moved() -> dict[str, Any] | None:
            now = await figures()
            return now if now["general_comments"] > before["general_comments"] else None

        after = await until(moved)
    assert after["rounds"] == before["rounds"] + 1
    assert _rate(after, "BA") == tuple(
        x + d for x, d in zip(_rate(before, "BA"), (1, 1), strict=True)
    )
    assert _rate(after, "RS") == tuple(
        x + d for x, d in zip(_rate(before, "RS"), (1, 0), strict=True)
    )
    assert _round_one(after)["comments"] == _round_one(before).get("comments", 0) + 1
    assert after["general_comments"] == before["general_comments"] + 1
    assert any(s["draft_id"] == draft and s["section_id"] == "s2" for s in after["sections"])
    assert after["median_answer_days"] is not None and after["median_answer_days"] < 1
    assert after["pipeline"][-1]["counts"]["revision"] >= 1

    # who may look: the Secretariat and observers; a drafting state is refused
    observer = token_for(sessions, Role.OBSERVER)
    assert (await api.get("/api/analytics", params=today, headers=observer)).status_code == 200
    for path in ("/api/analytics", "/api/analytics.csv", "/api/analytics/annex.docx"):
        r = await api.get(path, headers=LEAD)
        assert r.status_code == 403 and "Secretariat and observers" in r.json()["detail"]
    assert (await api.get("/api/analytics")).status_code == 401

    # bad filters: 422 with the reason, never the value
    for params, reason in (
        ({"type": "<b>novel</b>"}, "type"),
        ({"area": "space"}, "area"),
        ({"from": "yesterday"}, "from"),
        ({"from": "2026-02-01", "to": "2026-01-01"}, "ends before it starts"),
    ):
        r = await api.get("/api/analytics", params=params, headers=SEC)
        assert r.status_code == 422 and reason in r.text and "<b>" not in r.text, r.text

    # the CSV and the annex carry the same figures
    r = await api.get("/api/analytics.csv", params=today, headers=SEC)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["figure", "key", "name", "measure", "value"]
    invited = str(_rate(after, "BA")[0])
    assert ["answer_rate_participant", "BA", "Bosnia and Herzegovina", "invited", invited] in rows
    for language, heading in (("en", "Answer rate per participant"), ("ru", "Доля ответов")):
        r = await api.get("/api/analytics/annex.docx", params={**today, "language": language},
                          headers=SEC)  # fmt: skip
        assert r.status_code == 200, r.text
        document = docx.Document(io.BytesIO(r.content))
        assert len(document.tables) == 7 and len(document.inline_shapes) == 7
        assert any(heading in p.text for p in document.paragraphs)


async def _links(mailbox: Mailbox, reference: str, participant: str) -> list[str]:
    return links_in(mailbox, reference, participant)


@pytest.fixture
async def web(dev_env: WorkflowEnvironment, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, client=dev_env.client)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers={"accept": "text/html"}
    ) as client:
        yield client


def _charts(page: str) -> list[ET.Element]:
    """Every inline SVG of the page, parsed as XML."""
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", page, flags=re.S)]


async def test_the_page_its_charts_and_who_may_see_it(web: httpx.AsyncClient, sessions) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as db:
        known_data(db, 2012)
    await sign_in(web, make_user(sessions, Role.OBSERVER))
    r = await web.get("/analytics", params={"from": "2012-02-01", "to": "2012-06-30",
                                            "lang": "en"})  # fmt: skip
    assert r.status_code == 200, r.text
    charts = _charts(r.text)
    assert len(charts) == 7
    for chart in charts:
        assert chart.get("role") == "img" and chart.get("width") == "100%" and chart.get("viewBox")
        title = chart.find(f"{SVG}title")
        assert title is not None and title.text
        assert chart.get("aria-labelledby", "").startswith(title.get("id", "?"))
        assert chart.find(f"{SVG}desc") is not None
        assert chart.find(f".//{SVG}text") is not None  # text stays text
    ids = re.findall(r'\bid="([^"]+)"', r.text)
    assert len(ids) == len(set(ids))  # seven charts on one page, no id twice
    assert "Answer rate per participant" in r.text and "Ukraine" in r.text
    assert r.text.count("<details>") == 7 and "The figures as a table" in r.text
    assert "8 invitations" in r.text or "answers to 8 invitations" in r.text
    assert 'href="/analytics.csv?from=2012-02-01&amp;to=2012-06-30"' in r.text

    r = await web.get("/analytics", params={"from": "2012-02-01", "to": "2012-06-30",
                                            "lang": "ru"})  # fmt: skip
    assert "Доля ответов по участникам" in r.text and "Украина" in r.text
    r = await web.get("/analytics", params={"type": "<i>x</i>", "from": "soon", "lang": "en"})
    assert r.status_code == 422 and "document type is not one of the list" in r.text
    assert "<i>x</i>" not in r.text and "soon" not in r.text and "<svg" not in r.text
    r = await web.get("/analytics", params={"from": "2013-01-01", "to": "2012-01-01"})
    assert r.status_code == 422 and "ends before it starts" in r.text

    r = await web.get("/analytics.csv", params={"from": "2012-02-01", "to": "2012-06-30"})
    assert r.status_code == 200 and ["answer_time", "", "", "median_days", "3.50"] in list(
        csv.reader(io.StringIO(r.text))
    )
    r = await web.get("/analytics.docx", params={"from": "2012-02-01", "language": "ru"})
    assert r.status_code == 200
    assert len(docx.Document(io.BytesIO(r.content)).inline_shapes) == 7

    drafting = httpx.AsyncClient(transport=web._transport, base_url="http://testserver")
    async with drafting:
        await sign_in(drafting, make_user(sessions, Role.DRAFTING_STATE, "PL"))
        for path in ("/analytics", "/analytics.csv", "/analytics.docx"):
            r = await drafting.get(path)
            assert r.status_code == 403 and "for the Secretariat and observers" in r.text
    r = await httpx.AsyncClient(transport=web._transport, base_url="http://t").get("/analytics")
    assert r.status_code == 303
