"""Governance bodies and the Presidency through the API, the pages and the mails: a body invited by
name reaches exactly its members (the Presidency as the state holding it that day), the
Secretariat edits with history kept, an observer only reads, Kosovo's footnote wherever its name
shows."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from datetime import date

import httpx
import pytest
from docx import Document
from sqlalchemy.orm import Session, sessionmaker

from mail.render import render
from models.activity_io import NoticeContext, NoticeRequest
from models.db_governance import Body
from models.designations import KOSOVO_NOTE
from models.domain import ArtifactKind, Language, NoticeKind
from ppflow import accounts, bodies
from ppflow.accounts import Role
from tests.conftest import Mailbox, text_of
from tests.web.accounts import PASSWORD, csrf_of, make_user, sign_in
from tests.web.browser import Journey, chromium, needs_chromium, one_database, serve
from tests.web.test_api import LEAD, SEC, later, new_draft
from tests.web.test_pages import web  # noqa: F401 - the pages' client fixture
from tests.word.samples import request as word_request
from tests.workflows.test_lifecycle import eventually
from web.app import create_app
from word.documents import render_draft

STRATEGIC_CORE = ["CZ", "EC", "HU", "ICMPD", "LT", "PL"]


def address(participant: str) -> str:
    return f"ncp@{participant.lower()}.pragueprocess.local"


def token_for(sessions: sessionmaker[Session], role: Role) -> dict[str, str]:
    username = make_user(sessions, role)
    with sessions.begin() as session:
        user = accounts.find_user(session, username)
        assert user is not None
        token = accounts.create_token(session, user, "bodies test")
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def trial_body(sessions: sessionmaker[Session]) -> Iterator[str]:
    """A body of the test's own (edits leave the seeded ones as they are)."""
    body_id = f"trial_{uuid.uuid4().hex[:8]}"
    with sessions.begin() as session:
        session.add(Body(id=body_id, name="Trial Group", name_ru="Пробная группа"))
    yield body_id


async def test_a_round_for_the_strategic_group_mails_exactly_its_members(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient, run_worker, dev_env, mailbox: Mailbox
) -> None:
    holder = next(h for s, e, h in bodies.PRESIDENCY_TERMS if s <= bodies.today() <= e)
    if date(2026, 7, 1) <= bodies.today() <= date(2026, 12, 31):
        assert holder == "IE"  # the second half of 2026: Ireland
    expected = sorted({*STRATEGIC_CORE, holder})
    async with run_worker(dev_env.client):
        started = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()
        r = await api.post(
            f"/api/drafts/{started['draft_id']}/rounds",
            headers=LEAD,
            json={"invitees": {"bodies": ["strategic_group"]}, "deadline": later(days=14)},
        )
        assert r.status_code == 200, r.text
        assert r.json()["invitees"] == expected
        reference = started["reference"]

        def invitations() -> list[str]:
            mails = [m for m in mailbox.about(reference) if "/review/" in text_of(m)]
            return [str(m["To"]).lower() for m in mails] if len(mails) >= len(expected) else []

        sent = await eventually(invitations)
        assert sorted(sent) == sorted(address(p) for p in expected)  # one each, nobody else
        assert address("presidency") not in str(sent)

        # an unknown body: refused with the reason, no round opened
        r = await api.post(
            f"/api/drafts/{started['draft_id']}/rounds",
            headers=LEAD,
            json={"invitees": {"bodies": ["strategic_grup"]}, "deadline": later(days=14)},
        )
        assert r.status_code == 422 and "unknown body: strategic_grup" in r.json()["detail"]


async def test_meetings_and_rounds_invite_a_body_from_the_page_forms(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient,  # noqa: F811
    api: httpx.AsyncClient,
    run_worker,
    dev_env,
    sessions,
) -> None:
    csrf = await sign_in(web, make_user(sessions, Role.SECRETARIAT))
    async with run_worker(dev_env.client):
        page = await web.get("/meetings")
        assert "Core Group" in page.text and 'name="bodies"' in page.text
        slug = uuid.uuid4().hex[:8]
        r = await web.post(
            "/meetings",
            data={
                "csrf": csrf,
                "kind": "core_group",
                "title": f"Core Group {slug}",
                "place": "Warsaw",
                "starts_at": later(days=30)[:16],
                "bodies": "core_group",
            },
        )
        assert r.status_code == 303, r.text
        meeting = (
            await api.get(r.headers["location"].replace("/meetings", "/api/meetings"), headers=SEC)
        ).json()
        assert meeting["invitees"] == ["EC", "ICMPD", "PL"]

        draft = (await api.post("/api/drafts", json=new_draft(), headers=LEAD)).json()["draft_id"]
        page = await web.get(f"/drafts/{draft}?lang=ru")
        assert "Основная группа" in page.text and "Пригласить органы" in page.text
        r = await web.post(
            f"/drafts/{draft}",
            data={
                "csrf": csrf,
                "action": "open_round",
                "bodies": "core_group",
                "deadline": later(days=20)[:16],
                "reminder_days": "3",
            },
        )
        assert r.status_code == 303, r.text
        status = (await api.get(f"/api/drafts/{draft}/rounds/current", headers=SEC)).json()
        assert status["invitees"] == ["EC", "ICMPD", "PL"]


async def test_the_secretariat_edits_a_body_and_its_history_stays(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient, sessions, trial_body: str
) -> None:
    url = f"/api/bodies/{trial_body}"
    r = await api.post(
        f"{url}/members", headers=SEC, json={"participant_id": "CZ", "since": "2024-01-01"}
    )
    assert r.status_code == 201, r.text
    r = await api.post(
        f"{url}/members", headers=SEC, json={"participant_id": "SK", "since": "2024-01-01"}
    )
    assert r.status_code == 201
    r = await api.put(
        f"{url}/chair", headers=SEC, json={"participant_id": "CZ", "since": "2024-02-01"}
    )
    assert r.status_code == 200 and r.json()["chair"] == "CZ"
    r = await api.delete(f"{url}/members/SK?until=2025-07-01", headers=SEC)
    assert r.status_code == 200 and r.json()["until"] == "2025-07-01"

    body = (await api.get(url, headers=SEC)).json()
    assert body["members"] == ["CZ"]
    assert {(h["participant_id"], h["until"]) for h in body["history"]} == {
        ("CZ", None),
        ("SK", "2025-07-01"),
    }
    assert [(c["participant_id"], c["since"]) for c in body["chairs"]] == [("CZ", "2024-02-01")]
    assert body["chairs"][0]["set_by"]  # who set it
    then = (await api.get(f"{url}?on=2025-01-01", headers=SEC)).json()
    assert then["members"] == ["CZ", "SK"]

    # bad input: a 4xx with the reason, nothing stored changes
    for method, path, kwargs, reason in [
        ("post", "/members", {"json": {"participant_id": "CZ"}}, "already a member"),
        ("post", "/members", {"json": {"participant_id": "ZZ"}}, "unknown participant: ZZ"),
        ("post", "/members", {"json": {"participant_id": "CZ", "since": "soon"}}, "date"),
        ("delete", "/members/DE", {}, "DE is not a member"),
        ("put", "/chair", {"json": {"participant_id": "DE"}}, "not a member"),
    ]:
        r = await api.request(method, f"{url}{path}", headers=SEC, **kwargs)
        assert r.status_code == 422 and reason in r.text, (path, r.text)
    r = await api.get("/api/bodies/no_such_body", headers=SEC)
    assert r.status_code == 404 and "unknown body: no_such_body" in r.text
    r = await api.put(
        "/api/presidency", headers=SEC, json={"holder_id": "EC", "starts_on": "2031-01-01"}
    )
    assert r.status_code == 422 and "held by a state" in r.text
    assert len((await api.get(url, headers=SEC)).json()["history"]) == 2

    # an observer reads, and may not edit
    observer = token_for(sessions, Role.OBSERVER)
    assert (await api.get(url, headers=observer)).status_code == 200
    assert (await api.get("/api/presidency", headers=observer)).status_code == 200
    r = await api.post(f"{url}/members", headers=observer, json={"participant_id": "DE"})
    assert r.status_code == 403
    assert (await api.delete(f"{url}/members/CZ", headers=observer)).status_code == 403
    assert (await api.get(url, headers=SEC)).json()["members"] == ["CZ"]


async def test_memberships_csv_round_trip(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient, trial_body: str
) -> None:
    await api.post(
        f"/api/bodies/{trial_body}/members",
        headers=SEC,
        json={"participant_id": "MD", "since": "2023-05-01"},
    )
    await api.delete(f"/api/bodies/{trial_body}/members/MD?until=2024-05-01", headers=SEC)
    await api.post(
        f"/api/bodies/{trial_body}/members",
        headers=SEC,
        json={"participant_id": "AM", "since": "2023-05-01"},
    )
    exported = (await api.get("/api/bodies/members.csv", headers=SEC)).text
    assert f"{trial_body},MD,2023-05-01,2024-05-01" in exported
    csv = {"headers": {**SEC, "content-type": "text/csv"}}
    r = await api.post("/api/bodies/members", content=exported.encode(), **csv)
    assert r.status_code == 200 and r.json()["added"] == 0 and r.json()["closed"] == 0
    r = await api.post("/api/bodies/members", content=b"who,what\nx,y\n", **csv)
    assert r.status_code == 422 and "missing: body_id, participant_id, since" in r.text
    bad = (
        f"body_id,participant_id,since,until\n{trial_body},AM,2023-05-01,\n{trial_body},=X(),2023\n"
    )
    r = await api.post("/api/bodies/members", content=bad.encode(), **csv)
    assert r.status_code == 422 and "line 3:" in r.text and "=X()" not in r.text
    body = (await api.get(f"/api/bodies/{trial_body}", headers=SEC)).json()
    assert body["members"] == ["AM"] and len(body["history"]) == 2


async def test_the_bodies_pages_in_both_languages(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient,  # noqa: F811
    sessions,
    trial_body: str,
) -> None:
    await sign_in(web, make_user(sessions, Role.OBSERVER))
    page = await web.get("/bodies")
    assert page.status_code == 200
    assert "Strategic Group" in page.text and "no chair recorded" in page.text
    assert "Presidency of the Council of the EU" in page.text
    assert 'action="/bodies"' not in page.text  # no forms for an observer
    r = await web.post(
        f"/bodies/{trial_body}",
        data={"csrf": csrf_of(page.text), "action": "add", "participant_id": "DE"},
    )
    assert r.status_code == 403

    csrf = await sign_in(web, make_user(sessions, Role.SECRETARIAT))
    page = await web.get("/bodies/core_group")
    assert "the Secretariat completes the list" in page.text
    assert "Poland" in page.text and "European Commission" in page.text
    ru = await web.get("/bodies/strategic_group?lang=ru")
    assert "Стратегическая группа" in ru.text and "Председательство в Совете ЕС" in ru.text
    assert "председатель не указан" in ru.text
    r = await web.post(
        f"/bodies/{trial_body}", data={"csrf": csrf, "action": "add", "participant_id": "UA"}
    )
    assert r.status_code == 303
    page = await web.get(f"/bodies/{trial_body}?lang=en")
    assert "Ukraine" in page.text and bodies.today().isoformat() in page.text
    r = await web.post(
        f"/bodies/{trial_body}",
        data={"csrf": csrf, "action": "remove", "participant_id": "UA", "day": "yesterday"},
    )
    assert r.status_code == 422 and "give a date like 2026-12-01" in r.text
    r = await web.post(
        "/bodies",
        data={"csrf": csrf, "action": "presidency", "holder_id": "IE", "starts_on": "2026-09-01"},
    )
    assert r.status_code == 422 and "overlaps" in r.text


async def test_kosovo_carries_its_footnote_on_pages_documents_and_mails(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient,  # noqa: F811
    sessions,
) -> None:
    await sign_in(web, make_user(sessions, Role.SECRETARIAT))
    page = await web.get("/bodies/ncp_network?lang=en")
    assert "Kosovo*" in page.text and KOSOVO_NOTE[Language.EN] in page.text
    page = await web.get("/bodies/ncp_network?lang=ru")
    assert "Косово*" in page.text and KOSOVO_NOTE[Language.RU] in page.text
    kosovo = await web.get("/registry?lang=en&q=Kosovo")  # fifty a page: XK is on the second
    assert KOSOVO_NOTE[Language.EN] in kosovo.text
    registry = await web.get("/registry?lang=en")
    # group names, not codes; the United Kingdom in a group of its own
    assert '">EU / Schengen area</td>' in registry.text and "eu schengen" not in registry.text
    gb = registry.text.split("<td>GB</td>")[1].split("</tr>")[0]
    assert '">United Kingdom</td>' in gb and "Schengen" not in gb
    listed = await web.get("/bodies")  # names no Kosovo: no note
    assert "Ireland" in listed.text and "UNSCR 1244" not in listed.text

    for language in Language:
        document = word_request(ArtifactKind.DRAFT_VERSION, language)
        document.meta = document.meta.model_copy(update={"lead_state": "XK"})
        content, _ = render_draft(document)
        text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
        assert KOSOVO_NOTE[language] in text
        plain, _ = render_draft(word_request(ArtifactKind.DRAFT_VERSION, language))
        assert "1244" not in "\n".join(p.text for p in Document(io.BytesIO(plain)).paragraphs)

        notice = NoticeRequest(
            notice_key=f"kosovo-{language.value}",
            kind=NoticeKind.ROUND_OPENED,
            recipients=["DE"],
            context=NoticeContext(draft_title="Guidelines", lead_state="XK", version=1),
        )
        mail = render(notice, language)
        assert KOSOVO_NOTE[language] in mail.body and KOSOVO_NOTE[language] in mail.html


@needs_chromium
@one_database
async def test_the_bodies_pages_in_a_browser_pass_axe_in_both_languages(  # type: ignore[no-untyped-def]
    dev_env, settings, sessions, trial_body: str
) -> None:
    app = create_app(settings, client=dev_env.client)
    async with serve(app) as base, chromium() as browser:
        for width in (1280, 390):
            page = await browser.new_page(viewport={"width": width, "height": 900})
            tab = Journey(page, base, f"bodies-{width}")
            # signed in without checking the dashboard (at 390 px its table scrolls, and axe
            # asks for that region to take the focus: the dashboard's own business)
            await page.goto(f"{base}/login")
            await page.get_by_label("User name").fill(make_user(sessions, Role.SECRETARIAT))
            await page.get_by_label("Password").fill(PASSWORD)
            await page.get_by_role("button", name="Sign in").click()
            await page.wait_for_url("**/start")  # what needs me
            await tab.go("/bodies?lang=en")
            await tab.go(f"/bodies/{trial_body}")
            await page.get_by_label("Participant").first.select_option("XK")
            await page.get_by_role("button", name="Add a member").click()
            await page.get_by_role("status").get_by_text("Kosovo*: a member from").wait_for()
            await tab.check("member-added")
            assert KOSOVO_NOTE[Language.EN] in await page.content()
            # the page is no wider than the window
            assert await page.evaluate("document.documentElement.scrollWidth") <= width
            await tab.go("/bodies/strategic_group?lang=ru")
            assert "Стратегическая группа" in await page.content()
            await tab.go("/bodies?lang=ru")
            await page.goto(f"{base}/bodies/{trial_body}?lang=en")  # back to English
            await page.get_by_label("Participant").nth(1).select_option("XK")
            await page.get_by_role("button", name="End a membership").click()
            await page.get_by_role("status").get_by_text("a member until").wait_for()
            await page.close()
