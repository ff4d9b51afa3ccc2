"""The pages over HTTP on the real stack: accounts, CSRF, forms that answer with the form again,
roles, and a drafting state that cannot reach another's draft by changing an id."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import delete
from temporalio.testing import WorkflowEnvironment

from models.db import Draft
from models.settings import Settings
from ppflow.accounts import Role
from tests.web.accounts import PASSWORD, csrf_of, make_user, sign_in
from web.app import create_app


@pytest.fixture
async def web(dev_env: WorkflowEnvironment, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, client=dev_env.client)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers={"accept": "text/html"}
    ) as client:
        yield client


def local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


async def test_sign_in_lockout_and_csrf(web: httpx.AsyncClient, sessions) -> None:  # type: ignore[no-untyped-def]
    name = make_user(sessions, Role.SECRETARIAT)
    r = await web.get("/drafts")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    page = await web.get("/login")
    token = csrf_of(page.text)
    r = await web.post("/login", data={"username": name, "password": "nope"})
    assert r.status_code == 403 and "expired" in r.text  # no CSRF token: refused
    for _ in range(5):
        r = await web.post("/login", data={"csrf": token, "username": name, "password": "bad"})
        assert r.status_code == 401
    assert "wrong user name or password" in r.text
    r = await web.post("/login", data={"csrf": token, "username": name, "password": PASSWORD})
    assert r.status_code == 401 and "too many failed logins" in r.text
    other = make_user(sessions, Role.OBSERVER)
    await sign_in(web, other)
    cookie = web.cookies.get("ppflow_session")
    assert cookie  # a signed session cookie (HttpOnly, SameSite=Lax by the middleware)


async def test_forms_answer_with_the_form_and_a_reason(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient, sessions, run_worker, dev_env
) -> None:
    pl = make_user(sessions, Role.DRAFTING_STATE, "PL")
    de = make_user(sessions, Role.DRAFTING_STATE, "DE")
    observer = make_user(sessions, Role.OBSERVER)
    async with run_worker(dev_env.client):
        csrf = await sign_in(web, pl)
        r = await web.post(
            "/drafts/new", data={"csrf": csrf, "title": "ab", "document_type": "guidelines"}
        )
        assert r.status_code == 422 and "at least 3 characters" in r.text
        assert 'value="ab"' in r.text  # the form comes back filled in
        title = f"Guidelines on return {uuid.uuid4().hex[:6]}"
        r = await web.post(
            "/drafts/new",
            data={
                "csrf": csrf,
                "title": title,
                "document_type": "guidelines",
                "lead_state": "DE",  # ignored: a drafting state leads its own drafts
                "section_title_1": "Scope",
                "section_text_1": "Returns in dignity.",
            },
        )
        assert r.status_code == 303, r.text
        draft_url = r.headers["location"]
        draft_id = draft_url.rsplit("/", 1)[1]
        page = await web.get(draft_url)
        assert page.status_code == 200 and title in page.text and "Poland" in page.text
        r = await web.post(
            draft_url,
            data={
                "csrf": csrf,
                "action": "open_round",
                "participants": "DE",
                "deadline": "yesterday",
            },
        )
        assert r.status_code == 422 and "give a date and time" in r.text
        past = local(datetime.now(UTC) - timedelta(days=1))
        r = await web.post(
            draft_url,
            data={"csrf": csrf, "action": "open_round", "participants": "DE", "deadline": past},
        )
        assert r.status_code == 422 and "is in the past" in r.text
        r = await web.post(draft_url, data={"csrf": csrf, "action": "remind"})
        assert r.status_code == 403 and "only the Secretariat" in r.text
        r = await web.post(draft_url, data={"csrf": csrf, "action": "revise"})
        assert r.status_code == 422 and "choose a .docx" in r.text

        future = local(datetime.now(UTC) + timedelta(days=20))
        r = await web.post(
            draft_url,
            data={
                "csrf": csrf,
                "action": "open_round",
                "participants": ["DE", "FR"],
                "groups": ["central_asia"],
                "deadline": future,
                "reminder_days": "3",
            },
        )
        assert r.status_code == 303, r.text
        assert "round 1 opened for 7 participants" in (await web.get(draft_url)).text

        # another state cannot reach it, by page, API or file, whatever id it types
        await web.post("/logout", data={"csrf": csrf})
        csrf = await sign_in(web, de)
        for url in (
            draft_url,
            f"/api/drafts/{draft_id}",
            f"/api/drafts/{draft_id}/documents/draft_version",
        ):
            r = await web.get(url)
            assert r.status_code == 404, url
        r = await web.post(draft_url, data={"csrf": csrf, "action": "revise"})
        assert r.status_code == 404
        listed = (await web.get("/api/drafts")).json()
        assert draft_id not in {d["id"] for d in listed["drafts"]}
        files = (await web.get(f"/api/artifacts?draft_id={draft_id}")).json()
        assert files == []

        # an observer reads but changes nothing
        await web.post("/logout", data={"csrf": csrf})
        csrf = await sign_in(web, observer)
        assert (await web.get(draft_url)).status_code == 200
        r = await web.post(draft_url, data={"csrf": csrf, "action": "revise"})
        assert r.status_code == 403
        r = await web.post("/api/drafts", json={"title": "xyz"})
        assert r.status_code == 403


async def test_dashboard_with_10000_drafts(web: httpx.AsyncClient, sessions) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    tag = uuid.uuid4().hex[:6]
    with sessions.begin() as session:
        session.add_all(
            Draft(
                id=f"draft-bulk-{tag}-{i}",
                slug=f"bulk-{tag}-{i}",
                title=f"Bulk {tag} {i:05}",
                reference=f"PP/BULK/{tag}-{i}",
                document_type="guidelines" if i % 2 else "work_plan",
                lead_state="CZ",
                phase="consultation" if i % 3 else "final",
                version=1 + i % 4,
                started_at=now,
                updated_at=now - timedelta(minutes=i),
            )
            for i in range(10_000)
        )
    sec = make_user(sessions, Role.SECRETARIAT)
    await sign_in(web, sec)
    r = await web.get(
        "/drafts",
        params={
            "q": f"bulk {tag}",
            "document_type": "guidelines",
            "phase": "final",
            "sort": "title",
            "order": "asc",
            "page": 3,
            "per_page": 25,
        },
    )
    assert r.status_code == 200
    assert "Page 3 of 67 (1667 drafts)" in r.text
    assert f"Bulk {tag} 00303" in r.text  # 3rd page of odd multiples of 3, by title
    r = await web.get("/drafts", params={"page": "many", "sort": "nonsense"})
    assert r.status_code == 200 and "page" in r.text and "sort" in r.text  # the reason shown
    with sessions.begin() as session:
        session.execute(delete(Draft).where(Draft.id.like(f"draft-bulk-{tag}-%")))


async def test_the_secretariat_reminds_extends_and_reissues_from_the_draft_page(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient, sessions, run_worker, dev_env, mailbox
) -> None:
    from tests.web.test_api import SEC, links_in, new_draft
    from tests.workflows.test_lifecycle import eventually

    sec = make_user(sessions, Role.SECRETARIAT)
    async with run_worker(dev_env.client):
        started = (await web.post("/api/drafts", json=new_draft(), headers=SEC)).json()
        draft_id = started["draft_id"]
        r = await web.post(
            f"/api/drafts/{draft_id}/rounds",
            headers=SEC,
            json={
                "invitees": {"participants": ["DE", "KZ"]},
                "deadline": (datetime.now(UTC) + timedelta(days=9)).isoformat(),
            },
        )
        assert r.status_code == 200, r.text
        old = (await eventually(lambda: links_in(mailbox, started["reference"], "DE")))[0]
        csrf = await sign_in(web, sec)
        url = f"/drafts/{draft_id}"
        page = await web.get(url)
        assert "Not answered yet" in page.text and "Open in the Temporal Web UI" in page.text
        r = await web.post(url, data={"csrf": csrf, "action": "remind"})
        assert r.status_code == 303
        assert "reminder sent to 2 participant(s)" in (await web.get(url)).text
        r = await web.post(
            url,
            data={
                "csrf": csrf,
                "action": "extend",
                "deadline": local(datetime.now(UTC) + timedelta(days=2)),
            },
        )
        assert r.status_code == 409 and "later than" in r.text  # earlier than the deadline
        r = await web.post(
            url,
            data={
                "csrf": csrf,
                "action": "extend",
                "deadline": local(datetime.now(UTC) + timedelta(days=20)),
            },
        )
        assert r.status_code == 303
        asked = {"csrf": csrf, "action": "reissue", "participant_id": "DE"}
        r = await web.post(url, data=asked)  # asks first: the old link stops working
        assert r.status_code == 200 and "stops working" in r.text
        r = await web.post(url, data={**asked, "confirmed": "yes"})
        assert r.status_code == 303, r.text
        assert "a new link was sent to Germany" in (await web.get(url)).text
        refused = await web.get(f"/review/{old}")
        assert refused.status_code == 403  # the old link stopped working
        r = await web.post(url, data={"csrf": "forged", "action": "close"})
        assert r.status_code == 403


async def test_personal_api_tokens_carry_the_account_s_role(
    web: httpx.AsyncClient, sessions
) -> None:  # type: ignore[no-untyped-def]
    from ppflow import accounts
    from tests.web.test_api import new_draft

    pl = make_user(sessions, Role.DRAFTING_STATE, "PL")
    with sessions.begin() as session:
        user = next(u for u in accounts.list_users(session) if u.username == pl)
        token = accounts.create_token(session, user, "scripts")
    bearer = {"Authorization": f"Bearer {token}"}
    r = await web.post("/api/drafts", json=new_draft(lead_state="DE"), headers=bearer)
    assert r.status_code == 403 and "you act for PL" in r.json()["detail"]
    r = await web.get("/api/drafts?lead_state=DE", headers=bearer)
    assert r.status_code == 200 and all(d["lead_state"] == "PL" for d in r.json()["drafts"])
    r = await web.get("/api/drafts", headers={"Authorization": "Bearer ppf_not-a-token"})
    assert r.status_code == 401


async def test_the_draft_page_tells_one_story_during_an_open_round(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient, sessions, run_worker, dev_env, mailbox
) -> None:
    """The header, the rounds table and the register agree while the round is open, and the
    register has the columns of the round's version."""
    from tests.web.test_api import LEAD, SEC, later, links_in, new_draft
    from tests.workflows.test_lifecycle import eventually

    sec = make_user(sessions, Role.SECRETARIAT)
    async with run_worker(dev_env.client):
        started = (await web.post("/api/drafts", json=new_draft(), headers=LEAD)).json()
        draft = started["draft_id"]
        r = await web.post(
            f"/api/drafts/{draft}/rounds",
            headers=LEAD,
            json={
                "invitees": {"participants": ["DE", "FR", "IT", "AT"]},
                "deadline": later(days=9),
            },
        )
        assert r.status_code == 200, r.text
        token = (await eventually(lambda: links_in(mailbox, started["reference"], "DE")))[0]
        r = await web.post(
            f"/api/review/{token}/answer",
            json={"position": "comments", "comments": [{"section_id": "s1", "text": "Shorter"}]},
        )
        assert r.status_code == 200, r.text
        await sign_in(web, sec)
        text = (await web.get(f"/drafts/{draft}")).text
        assert text.count("1 of 4 answered") >= 2 and "0 of 4 answered" not in text
        register = text.split('class="grid"')[1].split("</table>")[0]
        de_row = register.split('<th scope="row">Germany</th>')[1].split("</tr>")[0]
        assert "no answer" not in de_row and "no answer" in register  # FR, IT, AT: not yet
        assert register.count('<th scope="col"><abbr') == 2  # the version's two sections
        r = await web.post(f"/api/drafts/{draft}/rounds/current/close", headers=SEC)
        assert r.status_code == 200
