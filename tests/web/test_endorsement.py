"""What an endorsement means, through the API on the real stack: the endorsed text can be given
its Russian version once final (every endorsed text exists in both working languages)."""

from __future__ import annotations

import httpx

from tests.web.test_answers import eventually_async
from tests.web.test_api import LEAD, SEC, later, later_today, new_draft


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
                    "title": f"Senior Officials' Meeting {draft[-8:]}",
                    "place": "Prague",
                    "starts_at": (await later_today()).isoformat(),
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


async def test_a_link_answers_what_its_grant_says_whatever_the_title(
    api: httpx.AsyncClient, run_worker, dev_env, mailbox
) -> None:  # type: ignore[no-untyped-def]
    """A draft called "Second round of consultations on return": its written procedure's link
    is a silence link (no reply-by-mail address, the silence form), not a comment round's."""
    from tests.web.test_api import links_in
    from tests.workflows.test_lifecycle import eventually

    body = new_draft(title="Second round of consultations on return")
    body["slug"] = f"second-round-of-consultations-{later(days=0)[11:19].replace(':', '')}"
    async with run_worker(dev_env.client):
        started = (await api.post("/api/drafts", json=body, headers=LEAD)).json()
        draft, ref = started["draft_id"], started["reference"]
        assert "-round-" in draft  # the words an id-based guess was fooled by
        r = await api.post(
            f"/api/drafts/{draft}/endorsement",
            headers=LEAD,
            json={
                "route": "written_procedure",
                "deadline": later(days=5),
                "invitees": {"participants": ["DE"]},
            },
        )
        assert r.status_code == 200, r.text
        token = (await eventually(lambda: links_in(mailbox, ref, "DE")))[-1]
        seen = (await api.get(f"/api/review/{token}")).json()
        assert seen["kind"] == "silence"
        r = await api.post(f"/api/review/{token}/answer", json={"position": "no_objection"})
        assert r.status_code == 403 and "not for a comment round" in r.json()["detail"]
        invitation = next(
            m for m in mailbox.to("ncp@de.pragueprocess.local") if ref in str(m["Subject"])
        )
        assert invitation["Reply-To"] is None  # replies by mail are for comment rounds
        page = await api.get(f"/review/{token}?lang=en")
        assert "Break the silence" in page.text
