"""The JSON API on the real dev server, worker, SMTP server and database: the reviewer path
through the link in the mail, the drafting state's and the Secretariat's calls, and bad input."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import UTC, datetime, timedelta

import httpx

from tests.conftest import Mailbox, text_of
from tests.workflows.test_lifecycle import eventually

SEC = {"Authorization": "Bearer dev-secretariat-token"}
LEAD = {"Authorization": "Bearer dev-drafting-token"}


def later(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat()


async def later_today(minutes: float = 5) -> datetime:
    """A start a few minutes ahead that is still today (UTC), for a meeting whose decisions the
    test records: they are taken from the meeting's day on. Near midnight the start comes closer
    (at least 2 minutes ahead); in the last 3 minutes of a day, the test waits for the next one."""
    now = datetime.now(UTC)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    if midnight - now < timedelta(minutes=3):
        await asyncio.sleep((midnight - now).total_seconds() + 1)
        now = datetime.now(UTC)
        midnight += timedelta(days=1)
    start = min(now + timedelta(minutes=minutes), midnight - timedelta(seconds=30))
    return start.replace(microsecond=0)


async def new_meeting(api: httpx.AsyncClient, place: str, **overrides: object) -> str:
    """A SOM in a month, made by the Secretariat; its id."""
    body: dict[str, object] = {
        "kind": "som",
        "title": "Senior Officials' Meeting",
        "place": place,
        "starts_at": later(days=30),
        "slug": f"som-{uuid.uuid4().hex[:8]}",
    }
    r = await api.post("/api/meetings", headers=SEC, json={**body, **overrides})
    assert r.status_code == 201, r.text
    return str(r.json()["meeting_id"])


def new_draft(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "title": "Guidelines on concluding readmission agreements",
        "slug": f"readmission-{uuid.uuid4().hex[:8]}",
        "document_type": "guidelines",
        "thematic_area": "readmission_return",
        "lead_state": "PL",
        "co_lead_states": ["SK", "RO"],
        "sections": [
            {"title": "Introduction", "text": "Purpose."},
            {"title": "Principles", "text": "Returns in dignity."},
        ],
    }
    body.update(overrides)
    return body


async def submit_form(
    api: httpx.AsyncClient, url: str, data: dict[str, str], page_url: str | None = None
) -> httpx.Response:
    """Post a page's form as a browser does: with the CSRF field the page carries."""
    page = await api.get(page_url or url)
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return await api.post(url, data={**data, "csrf": found.group(1)})


def links_in(mailbox: Mailbox, reference: str, participant: str) -> list[str]:
    address = f"ncp@{participant.lower()}.pragueprocess.local"
    return [
        text_of(m).split("/review/")[1].split()[0]
        for m in mailbox.to(address)
        if reference in str(m["Subject"]) and "/review/" in text_of(m)
    ]


async def test_reviewer_answers_from_the_mail_link_and_the_draft_is_endorsed(
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox
) -> None:
    async with run_worker(dev_env.client):
        started = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()
        draft = started["draft_id"]
        r = await api.post(
            f"/api/drafts/{draft}/rounds",
            headers=LEAD,
            json={
                "invitees": {"groups": ["central_asia"], "participants": ["DE"]},
                "deadline": later(days=14),
            },
        )
        assert r.status_code == 200, r.text
        assert r.json()["invitees"] == ["DE", "KG", "KZ", "TJ", "TM", "UZ"]
        # the draft and its round give a worker 30 s per workflow task (not Temporal's 10 s)
        for workflow_id in (draft, r.json()["round_id"]):
            described = await dev_env.client.get_workflow_handle(workflow_id).describe()
            config = described.raw_description.execution_config
            assert config.default_workflow_task_timeout.seconds == 30

        tokens = await eventually(lambda: links_in(mailbox, started["reference"], "DE"))
        page = await api.get(f"/review/{tokens[0]}")
        assert page.status_code == 200 and "Returns in dignity." in page.text
        seen = (await api.get(f"/api/review/{tokens[0]}")).json()
        assert seen["participant_id"] == "DE" and seen["my_answer"] is None  # GET records nothing

        r = await api.post(
            f"/api/review/{tokens[0]}/answer",
            json={
                "position": "reservation",
                "reason": "Pending inter-ministerial consultation",
                "comments": [
                    {
                        "section_id": "s2",
                        "text": "Add safeguards",
                        "proposed_text": "Returns in safety and dignity.",
                    }
                ],
            },
        )
        assert r.status_code == 200, r.text
        assert r.json()["revision"] == 1
        r = await api.post(
            f"/api/review/{tokens[0]}/answer",
            json={
                "position": "no_objection",
                "reason": "x",
                "comments": [{"section_id": "s9", "text": "?"}],
            },
        )
        assert r.status_code == 409 and "no such section" in r.json()["detail"]
        kz = await eventually(lambda: links_in(mailbox, started["reference"], "KZ"))
        r = await submit_form(api, f"/review/{kz[0]}", {"position": "objection"})
        assert r.status_code == 422 and "для возражения нужна причина" in r.text  # KZ: Russian
        r = await api.post(f"/review/{kz[0]}", data={"position": "comments", "comment": "x"})
        assert r.status_code == 403 and "open the link again" in r.text  # no CSRF field
        r = await submit_form(
            api, f"/review/{kz[0]}", {"position": "comments", "comment": "Translate into Russian"}
        )
        # Kazakhstan reads in Russian: the receipt page says so in Russian
        assert r.status_code == 200 and "Ваш ответ учтён" in r.text

        r = await api.post(f"/api/drafts/{draft}/rounds/current/close", headers=SEC)
        assert r.status_code == 200, r.text
        r = await api.post(f"/api/review/{tokens[0]}/answer", json={"position": "no_objection"})
        assert r.status_code == 409

        async def revision_phase() -> dict:  # type: ignore[type-arg]
            status = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()
            return status if status["state"]["phase"] == "revision" else {}

        status: dict = {}  # type: ignore[type-arg]
        for _ in range(100):
            status = await revision_phase()
            if status:
                break
            await asyncio.sleep(0.1)
        comments = status["state"]["comments"]
        assert {c["participant_id"] for c in comments} == {"DE", "KZ"}
        r = await api.post(
            f"/api/drafts/{draft}/endorsement",
            headers=LEAD,
            json={"route": "written_procedure", "deadline": later(days=7)},
        )
        assert r.status_code == 409 and "unresolved" in r.json()["detail"]
        r = await api.post(
            f"/api/drafts/{draft}/resolutions",
            headers=LEAD,
            json={
                "resolutions": [
                    {"comment_id": c["comment_id"], "disposition": "rejected"} for c in comments
                ]
            },
        )
        assert r.status_code == 422 and "justification" in r.text
        r = await api.post(
            f"/api/drafts/{draft}/resolutions",
            headers=LEAD,
            json={
                "resolutions": [
                    {"comment_id": c["comment_id"], "disposition": "accepted"} for c in comments
                ]
            },
        )
        assert r.json() == {"resolved": 3, "unresolved": 0, "compilation_artifact_id": None}
        r = await api.post(
            f"/api/drafts/{draft}/revisions",
            headers=LEAD,
            json={
                "sections": [
                    {"id": "s1", "title": "Introduction", "text": "Purpose."},
                    {"id": "s2", "title": "Principles", "text": "Returns in safety and dignity."},
                ]
            },
        )
        assert r.json()["version"] == 2

        r = await api.post(
            "/api/meetings",
            headers=LEAD,
            json={
                "kind": "som",
                "title": "Senior Officials' Meeting",
                "place": "Poznan",
                "starts_at": later(minutes=5),
            },
        )
        assert r.status_code == 403
        slug = f"som-{uuid.uuid4().hex[:6]}"
        r = await api.post(
            "/api/meetings",
            headers=SEC,
            json={
                "kind": "som",
                "title": "Senior Officials' Meeting",
                "place": "Poznan",
                "starts_at": (await later_today()).isoformat(),
                "slug": slug,
                "invitees": {"participants": ["PL", "DE"]},
            },
        )
        assert r.status_code == 201, r.text
        meeting = r.json()["meeting_id"]
        r = await api.post(
            f"/api/meetings/{meeting}/decisions",
            headers=SEC,
            json={"draft_id": draft, "decision": "endorsed"},
        )
        assert r.status_code == 409 and "not on the agenda" in r.json()["detail"]
        r = await api.post(
            f"/api/drafts/{draft}/endorsement",
            headers=LEAD,
            json={"route": "meeting", "meeting_id": meeting},
        )
        assert r.status_code == 200, r.text
        r = await api.post(
            f"/api/meetings/{meeting}/decisions",
            headers=SEC,
            json={"draft_id": draft, "decision": "endorsed"},
        )
        assert r.status_code == 200, r.text

        async def final() -> bool:
            s = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()
            return s["state"]["phase"] == "final" and any(
                a["kind"] == "final_text" for a in s["state"]["artifacts"]
            )

        for _ in range(200):
            if await final():
                break
            await asyncio.sleep(0.1)
        status = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()
        assert await final(), (status["state"]["phase"], status["state"]["artifacts"])
        files = (await api.get(f"/api/artifacts?draft_id={draft}", headers=SEC)).json()
        final_text = next(f for f in files if f["kind"] == "final_text")
        r = await api.get(final_text["url"], headers=SEC)
        assert r.status_code == 200 and r.content[:2] == b"PK"
        for _ in range(100):  # the read model follows the workflow closely
            listed = (await api.get("/api/drafts?phase=final", headers=SEC)).json()
            if draft in [d["id"] for d in listed["drafts"]]:
                break
            await asyncio.sleep(0.1)
        assert draft in [d["id"] for d in listed["drafts"]]
        events = (await api.get(f"/api/drafts/{draft}/events", headers=SEC)).json()
        assert events[0]["kind"] == "draft_started"


async def test_bad_input_gets_a_reason_and_loses_nothing(
    api: httpx.AsyncClient, run_worker, dev_env
) -> None:
    assert (await api.post("/api/drafts", json=new_draft())).status_code == 401
    r = await api.post("/api/drafts", headers=LEAD, json=new_draft(lead_state="XX"))
    assert r.status_code == 422 and "unknown participant: XX" in r.json()["detail"]
    r = await api.post(
        "/api/drafts",
        headers=LEAD,
        content=b"{not json",
    )
    assert r.status_code == 422
    async with run_worker(dev_env.client):
        body = new_draft()
        draft = (await api.post("/api/drafts", headers=LEAD, json=body)).json()["draft_id"]
        r = await api.post("/api/drafts", headers=LEAD, json=body)
        assert r.status_code == 409 and "exists already" in r.json()["detail"]
        r = await api.post(
            f"/api/drafts/{draft}/rounds",
            headers=LEAD,
            json={"invitees": {"participants": ["DE", "ZZ"]}, "deadline": later(days=3)},
        )
        assert r.status_code == 422 and "ZZ" in r.json()["detail"]
        r = await api.post(
            f"/api/drafts/{draft}/rounds",
            headers=LEAD,
            json={"invitees": {"participants": ["DE"]}, "deadline": later(days=-1)},
        )
        assert r.status_code == 422 and "in the past" in r.json()["detail"]
        r = await api.post(
            f"/api/drafts/{draft}/rounds",
            headers=LEAD,
            json={"invitees": {"participants": ["DE"]}, "deadline": later(days=3)},
        )
        assert r.status_code == 200
        r = await api.get("/api/review/not-a-token")
        assert r.status_code == 403 and "not valid" in r.json()["detail"]
        r = await api.get("/api/drafts/draft-nothing-here", headers=SEC)
        assert r.status_code == 404
        status = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()
        assert status["state"]["phase"] == "consultation"  # nothing lost along the way


async def test_a_meeting_keeps_its_last_day_host_and_co_chairs(
    api: httpx.AsyncClient, run_worker, dev_env
) -> None:
    """What the agenda prints beside the place and the first day (all optional)."""
    r = await api.post(
        "/api/meetings",
        headers=SEC,
        json={
            "kind": "som",
            "title": "Senior Officials' Meeting",
            "place": "Prague",
            "starts_at": later(days=30),
            "ends_at": later(days=29),
        },
    )
    assert r.status_code == 422 and "end after it starts" in r.json()["detail"]
    async with run_worker(dev_env.client):
        meeting = await new_meeting(
            api, "Prague", ends_at=later(days=31), host="CZ", co_chairs=["CZ", "UA"]
        )
        status = (await api.get(f"/api/meetings/{meeting}", headers=SEC)).json()
        assert status["host"] == "CZ" and status["co_chairs"] == ["CZ", "UA"]
        assert status["ends_at"] is not None
        plain = await api.get(f"/api/meetings/{await new_meeting(api, 'Riga')}", headers=SEC)
        assert plain.json()["host"] == "" and plain.json()["ends_at"] is None


async def test_an_answer_is_never_reported_recorded_without_a_worker(
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox, monkeypatch
) -> None:
    from ppflow import answers, service

    async with run_worker(dev_env.client):
        started = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()
        await api.post(
            f"/api/drafts/{started['draft_id']}/rounds",
            headers=LEAD,
            json={"invitees": {"participants": ["DE"]}, "deadline": later(days=3)},
        )
        tokens = await eventually(lambda: links_in(mailbox, started["reference"], "DE"))
    monkeypatch.setattr(answers, "ANSWER_WAIT_SECONDS", 1.0)
    monkeypatch.setattr(service, "QUERY_WAIT_SECONDS", 1.0)
    # no worker: the link's page and the API say "busy" with a 503, in words, never Temporal's
    page = await api.get(f"/review/{tokens[0]}")
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    assert "nothing already recorded is lost" in page.text and "Timeout" not in page.text
    r = await api.get(f"/api/review/{tokens[0]}")
    assert r.status_code == 503 and r.headers["Retry-After"] == "30"
    r = await api.post(f"/api/review/{tokens[0]}/answer", json={"position": "no_objection"})
    # never "recorded" without a worker: either not sent at all, or sent and unconfirmed
    assert r.status_code == 503
    assert "NOT recorded" in r.json()["detail"] or "Sending it again is safe" in r.json()["detail"]
    monkeypatch.setattr(answers, "ANSWER_WAIT_SECONDS", 15.0)  # a new worker takes a moment
    async with run_worker(dev_env.client):  # the same answer again, once a worker is back
        for _ in range(4):  # as a client does while told "sending it again is safe"
            r = await api.post(f"/api/review/{tokens[0]}/answer", json={"position": "no_objection"})
            if r.status_code != 503:
                break
        assert r.status_code == 200 and r.json()["revision"] == 1  # recorded once


async def test_silence_and_mission_links_work_from_their_pages(
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox
) -> None:
    async with run_worker(dev_env.client):
        profile = new_draft(
            title="Extended Migration Profile of Georgia",
            document_type="migration_profile",
            lead_state="GE",
            country="GE",
        )
        started = (await api.post("/api/drafts", json=profile, headers=LEAD)).json()
        draft, ref = started["draft_id"], started["reference"]
        r = await api.post(
            f"/api/drafts/{draft}/missions",
            headers=LEAD,
            json={
                "experts": [{"name": "An Expert", "email": "expert@example.org"}],
                "starts_on": later(days=0),
                "ends_on": later(days=1),
                "findings_due": later(days=9),
            },
        )
        assert r.status_code == 200, r.text

        def expert_links() -> list[str]:
            return [
                text_of(m).split("/review/")[1].split()[0]
                for m in mailbox.to("expert@example.org")
                if ref in str(m["Subject"]) and "/review/" in text_of(m)
            ]

        token = (await eventually(expert_links))[0]
        page = await api.get(f"/review/{token}")
        assert "Submit findings" in page.text and 'name="finding_s2"' in page.text
        r = await submit_form(api, f"/review/{token}", {"finding_s2": "Remittances doubled."})
        assert r.status_code == 200 and "1 finding(s) are recorded" in r.text
        for _ in range(100):
            status = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()
            if status["unresolved_comments"]:
                break
            await asyncio.sleep(0.1)
        await api.post(
            f"/api/drafts/{draft}/resolutions",
            headers=LEAD,
            json={
                "resolutions": [
                    {"comment_id": c["comment_id"], "disposition": "accepted"}
                    for c in status["state"]["comments"]
                ]
            },
        )
        r = await api.post(
            f"/api/drafts/{draft}/endorsement",
            headers=LEAD,
            json={
                "route": "written_procedure",
                "deadline": later(days=5),
                "invitees": {"participants": ["AM", "GE"]},
            },
        )
        assert r.status_code == 200, r.text

        def silence_links() -> list[str]:
            return [t for t in links_in(mailbox, ref, "AM")]

        token = (await eventually(silence_links))[-1]
        page = await api.get(f"/review/{token}")
        assert "Нарушить молчание" in page.text  # Armenia reads in Russian
        page = await api.get(f"/review/{token}?lang=en")
        assert "Break the silence" in page.text
        r = await submit_form(api, f"/review/{token}", {"reason": ""})
        assert r.status_code == 422  # an objection needs its reason; nothing recorded
        objection = {"reason": "Figures on returns are outdated"}
        r = await submit_form(api, f"/review/{token}", objection)
        assert r.status_code == 200 and 'name="confirmed" value="yes"' in r.text  # asks first
        assert "You broke the silence" not in r.text
        r = await submit_form(api, f"/review/{token}", {**objection, "confirmed": "yes"})
        assert r.status_code == 200 and "You broke the silence" in r.text
        for _ in range(100):
            status = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()
            if status["state"]["phase"] == "revision":
                break
            await asyncio.sleep(0.1)
        assert status["state"]["endorsements"][-1]["decision"] == "deferred"
