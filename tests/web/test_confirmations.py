"""Irreversible actions ask first: a post without `confirmed=yes` changes nothing and answers with
what would happen (who can no longer answer, who gets mail); the same post confirmed does it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from ppflow.accounts import Role
from tests.conftest import until
from tests.web.accounts import make_user, sign_in
from tests.web.test_api import SEC, later_today, new_draft, new_meeting
from tests.web.test_pages import web  # noqa: F401  (the fixture)
from tests.web.test_plan import start_plan


async def _draft(api: httpx.AsyncClient, draft_id: str) -> dict[str, Any]:
    return dict((await api.get(f"/api/drafts/{draft_id}", headers=SEC)).json())


async def test_closing_a_round_and_withdrawing_a_draft_ask_first(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient,  # noqa: F811
    sessions,
    run_worker,
    dev_env,
) -> None:
    sec = make_user(sessions, Role.SECRETARIAT)
    async with run_worker(dev_env.client):
        body = new_draft(title="Guidelines of test_confirmations")
        draft_id = (await web.post("/api/drafts", json=body, headers=SEC)).json()["draft_id"]
        r = await web.post(
            f"/api/drafts/{draft_id}/rounds",
            headers=SEC,
            json={
                "invitees": {"participants": ["AM", "AZ"]},
                "deadline": (datetime.now(UTC) + timedelta(days=9)).isoformat(),
            },
        )
        assert r.status_code == 200, r.text
        csrf = await sign_in(web, sec)
        url = f"/drafts/{draft_id}"

        close = {"csrf": csrf, "action": "close"}
        r = await web.post(url, data=close)
        assert r.status_code == 200, r.text
        assert "Close round 1 now?" in r.text
        assert "2 participant(s) who have not answered (Armenia, Azerbaijan)" in r.text
        assert "A notice goes by mail to 2 contact(s)" in r.text
        assert 'name="confirmed" value="yes"' in r.text and f'href="{url}#round"' in r.text
        assert (await _draft(web, draft_id))["open_round"] is not None  # nothing changed
        r = await web.post(url, data={**close, "csrf": "forged", "confirmed": "yes"})
        assert r.status_code == 403
        r = await web.post(url, data={**close, "confirmed": "yes"})
        assert r.status_code == 303, r.text

        async def closed() -> bool:
            return (await _draft(web, draft_id))["open_round"] is None

        await until(closed)

        csrf = await sign_in(web, make_user(sessions, Role.DRAFTING_STATE, "PL"))  # the lead
        assert "Withdraw this draft" in (await web.get(url)).text
        withdraw = {"csrf": csrf, "action": "withdraw", "reason": "Merged into another draft"}
        r = await web.post(url, data={**withdraw, "reason": "x"})
        assert r.status_code == 422  # a reason is needed before anything is asked
        r = await web.post(url, data=withdraw)
        assert r.status_code == 200 and "withdrawn for good" in r.text
        assert "Merged into another draft" in r.text  # the reason, as the participants get it
        assert (await _draft(web, draft_id))["state"]["phase"] == "revision"
        r = await web.post(url, data={**withdraw, "confirmed": "yes"})
        assert r.status_code == 303, r.text
        assert (await _draft(web, draft_id))["state"]["phase"] == "withdrawn"


async def test_a_decision_closing_a_meeting_and_withdrawing_a_plan_ask_first(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient,  # noqa: F811
    sessions,
    run_worker,
    dev_env,
) -> None:
    sec = make_user(sessions, Role.SECRETARIAT)
    async with run_worker(dev_env.client):
        meeting = await new_meeting(
            web,
            "Baku",
            starts_at=(await later_today()).isoformat(),
            invitees={"participants": ["AM", "AZ", "UZ"]},
        )
        body = new_draft(title="Decided in test_confirmations")
        draft_id = (await web.post("/api/drafts", json=body, headers=SEC)).json()["draft_id"]
        r = await web.post(
            f"/api/drafts/{draft_id}/endorsement",
            headers=SEC,
            json={"route": "meeting", "meeting_id": meeting},
        )
        assert r.status_code == 200, r.text

        async def agenda() -> list[dict[str, Any]]:
            status = (await web.get(f"/api/meetings/{meeting}", headers=SEC)).json()
            return list(status["agenda"])

        await until(agenda)
        csrf = await sign_in(web, sec)
        url = f"/meetings/{meeting}"
        decide = {"csrf": csrf, "action": "decide", "draft_id": draft_id, "decision": "endorsed"}
        r = await web.post(url, data=decide)
        assert r.status_code == 200, r.text
        assert "Record «endorsed» on «Decided in test_confirmations»?" in r.text
        assert "cannot be changed" in r.text
        assert (await agenda())[0]["decision"] is None
        r = await web.post(url, data={**decide, "confirmed": "yes"})
        assert r.status_code == 303, r.text
        assert (await agenda())[0]["decision"] == "endorsed"

        close = {"csrf": csrf, "action": "close", "summary": ""}
        r = await web.post(url, data=close)
        assert r.status_code == 200 and "Every item on the agenda has a decision" in r.text
        assert "A notice goes by mail to 3 contact(s)" in r.text
        status = (await web.get(f"/api/meetings/{meeting}", headers=SEC)).json()
        assert status["closed_at"] is None
        r = await web.post(url, data={**close, "confirmed": "yes"})
        assert r.status_code == 303, r.text
        status = (await web.get(f"/api/meetings/{meeting}", headers=SEC)).json()
        assert status["closed_at"] is not None

        plan_id = await start_plan(web)
        withdraw = {"csrf": csrf, "action": "withdraw", "reason": "Replaced by a new plan"}
        r = await web.post(f"/plans/{plan_id}", data=withdraw)
        assert r.status_code == 200 and "withdrawn for good" in r.text
        assert "No mail is sent" in r.text
        plan = (await web.get(f"/api/plans/{plan_id}", headers=SEC)).json()
        assert plan["phase"] == "drafting"
        r = await web.post(f"/plans/{plan_id}", data={**withdraw, "confirmed": "yes"})
        assert r.status_code == 303, r.text
        plan = (await web.get(f"/api/plans/{plan_id}", headers=SEC)).json()
        assert plan["phase"] == "withdrawn"
