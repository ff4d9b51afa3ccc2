"""What an endorsement means, through the API on the real stack: the endorsed text can be given
its Russian version once final (every endorsed text exists in both working languages)."""

from __future__ import annotations

import httpx

from tests.test_answers import eventually_async
from tests.test_api import LEAD, SEC, later, new_draft


async def test_a_final_text_gets_its_other_language(
    api: httpx.AsyncClient, run_worker, dev_env
) -> None:  # type: ignore[no-untyped-def]
    async with run_worker(dev_env.client):
        draft = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()["draft_id"]
        meeting = (
            await api.post(
                "/api/meetings",
                headers=SEC,
                json={
                    "kind": "som",
                    "title": "Senior Officials' Meeting",
                    "place": "Prague",
                    "starts_at": later(minutes=5),
                    "invitees": {"participants": ["PL", "DE"]},
                },
            )
        ).json()["meeting_id"]
        r = await api.post(
            f"/api/drafts/{draft}/endorsement",
            headers=LEAD,
            json={"route": "meeting", "meeting_id": meeting},
        )
        assert r.status_code == 200, r.text
        r = await api.post(
            f"/api/meetings/{meeting}/decisions",
            headers=SEC,
            json={"draft_id": draft, "decision": "endorsed_with_amendments"},
        )
        assert r.status_code == 422 and "say what was amended" in r.json()["detail"]
        r = await api.post(
            f"/api/meetings/{meeting}/decisions",
            headers=SEC,
            json={"draft_id": draft, "decision": "endorsed", "notes": "By consensus"},
        )
        assert r.status_code == 200, r.text

        async def final() -> bool:
            status = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()
            return status["state"]["phase"] == "final"

        await eventually_async(final)
        russian = {
            "language": "ru",
            "sections": [
                {"id": "s1", "title": "Введение", "text": "Цель."},
                {"id": "s2", "title": "Принципы", "text": "Возвращение с достоинством."},
            ],
        }
        r = await api.post(f"/api/drafts/{draft}/translations", headers=LEAD, json=russian)
        assert r.status_code == 200, r.text
        bad = {**russian, "sections": [{"id": "s9", "title": "?", "text": "?"}]}
        r = await api.post(f"/api/drafts/{draft}/translations", headers=LEAD, json=bad)
        assert r.status_code == 422 and "no such section" in r.json()["detail"]
        files = (await api.get(f"/api/artifacts?draft_id={draft}", headers=SEC)).json()
        assert any(f["kind"] == "final_text" and f["language"] == "ru" for f in files), files


async def test_two_meetings_may_share_a_title(api: httpx.AsyncClient, dev_env) -> None:  # type: ignore[no-untyped-def]
    """The Process holds a Senior Officials' Meeting under the same title twice a year."""
    title = f"Senior Officials' Meeting {later(days=0)[:19]}"
    ids = []
    for days in (30, 210):
        r = await api.post(
            "/api/meetings",
            headers=SEC,
            json={"kind": "som", "title": title, "place": "Prague", "starts_at": later(days=days)},
        )
        assert r.status_code == 201, r.text
        ids.append(r.json()["meeting_id"])
    assert len(set(ids)) == 2
    r = await api.post(
        "/api/meetings",
        headers=SEC,
        json={"kind": "som", "title": title, "place": "Prague", "starts_at": later(days=30)},
    )
    assert r.status_code == 409  # the same meeting on the same day: once
