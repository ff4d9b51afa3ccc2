"""What needs me over HTTP on the real stack: "/" and signing in land on /start; each role's
start page lists its own lines (a drafting state never another state's draft), the
Secretariat's closing round names who has not answered, a failed mail shows, the answers'
progress bar says "3 of 5 answered" (and in Russian), and an empty page says what to do first."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.testing import WorkflowEnvironment

from models.db import CommentRow, Notice, Round
from models.domain import Language
from models.settings import Settings
from ppflow.accounts import Role
from ppflow.start import SecretariatStart
from tests.conftest import Mailbox
from tests.web.accounts import PASSWORD, csrf_of, make_user, sign_in
from tests.web.test_api import LEAD, SEC, later, links_in, new_draft
from tests.workflows.test_lifecycle import eventually
from web.i18n import UI
from web.templating import templates

INVITED = ["DE", "FR", "KZ", "TJ", "UZ"]


@pytest.fixture
async def web(dev_env: WorkflowEnvironment, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    from web.app import create_app

    app = create_app(settings, client=dev_env.client)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers={"accept": "text/html"}
    ) as client:
        yield client


async def _as(web: httpx.AsyncClient, username: str, url: str = "/start") -> str:
    web.cookies.clear()
    await sign_in(web, username)
    page = await web.get(url)
    assert page.status_code == 200, page.text[:300]
    return page.text


async def _draft_with_round(
    api: httpx.AsyncClient, lead: str, title: str, invited: list[str]
) -> tuple[str, str]:
    body = new_draft(title=title, lead_state=lead, co_lead_states=[])
    started = (await api.post("/api/drafts", json=body, headers=LEAD)).json()
    r = await api.post(
        f"/api/drafts/{started['draft_id']}/rounds",
        headers=LEAD,
        json={"invitees": {"participants": invited}, "deadline": later(days=3)},
    )
    assert r.status_code == 200, r.text
    return started["draft_id"], started["reference"]


async def test_each_role_sees_what_needs_it(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient,
    api: httpx.AsyncClient,
    sessions: sessionmaker[Session],
    run_worker,
    dev_env: WorkflowEnvironment,
    mailbox: Mailbox,
) -> None:
    am = make_user(sessions, Role.DRAFTING_STATE, "AM")
    az = make_user(sessions, Role.DRAFTING_STATE, "AZ")
    sec = make_user(sessions, Role.SECRETARIAT)
    observer = make_user(sessions, Role.OBSERVER)
    mark = uuid.uuid4().hex[:6]
    mine, theirs = f"Start page guidelines {mark}", f"Start page other {mark}"
    async with run_worker(dev_env.client):
        draft, reference = await _draft_with_round(api, "AM", mine, INVITED)
        other, _ = await _draft_with_round(api, "AZ", theirs, ["DE"])
        for participant in ("DE", "FR", "KZ"):
            tokens = await eventually(lambda p=participant: links_in(mailbox, reference, p))
            r = await api.post(
                f"/api/review/{tokens[0]}/answer",
                json={"position": "comments", "comments": [{"text": f"From {participant}"}]},
            )
            assert r.status_code == 200, r.text

        def answered() -> bool:
            with sessions() as s:
                return s.scalar(select(Round.answered_count).where(Round.draft_id == draft)) == 3

        await eventually(answered)
        with sessions.begin() as s:  # a mail the outbox could not send (the sender's own tests
            s.add(  # make one fail over SMTP; here the page only reads the row)
                Notice(
                    notice_key=f"start-{mark}",
                    kind="invitation",
                    participant_id="UZ",
                    email="ncp@uz.pragueprocess.local",
                    subject=f"Failed start page mail {mark}",
                    body="",
                    message_id=f"<start-{mark}@test>",
                    status="failed",
                    error="550 mailbox unavailable",
                    created_at=datetime.now(UTC),
                )
            )

        # "/" and signing in without a `next` land on /start
        r = await web.get("/")
        assert r.status_code == 303 and r.headers["location"] == "/start"
        page = await web.get("/login")
        r = await web.post(
            "/login", data={"csrf": csrf_of(page.text), "username": sec, "password": PASSWORD}
        )
        assert r.status_code == 303 and r.headers["location"] == "/start"

        # the Secretariat: the round closing this week, named who has not answered, failed mail
        text = await _as(web, sec)
        line = text.split(f'href="/drafts/{draft}#round"', 1)[1].split("</li>", 1)[0]
        assert mine in line and "3 of 5 answered" in line
        assert "Tajikistan" in line and "Uzbekistan" in line and "Germany" not in line
        assert f"Failed start page mail {mark}" in text and 'href="/outbox?status=failed"' in text
        assert f'href="/drafts/{other}#round"' in text  # every state's rounds

        # the lead state: its own round, in English and Russian; never the other state's draft
        text = await _as(web, am)
        assert f'href="/drafts/{draft}#round"' in text and "3 of 5 answered" in text
        assert theirs not in text and other not in text
        assert "ответили 3 из 5" in (await web.get("/start?lang=ru")).text
        # the draft's own page shows the same bar and the positions of the round
        shown = (await web.get(f"/drafts/{draft}?lang=en")).text
        assert "3 of 5 answered" in shown and "comments: 3" in shown and "no answer: 2" in shown
        text = await _as(web, az)
        assert theirs in text and mine not in text

        # closed, the round's comments wait for the lead state's disposition
        r = await api.post(f"/api/drafts/{draft}/rounds/current/close", headers=SEC)
        assert r.status_code == 200, r.text

        def comments_in() -> bool:
            with sessions() as s:
                ids = s.scalars(select(CommentRow.id).where(CommentRow.draft_id == draft))
                return len(list(ids)) == 3

        await eventually(comments_in)
        text = await _as(web, am)
        assert f'href="/drafts/{draft}#comments"' in text and "3 comment(s) without" in text

        # an observer: what changed, with links to the drafts
        text = await _as(web, observer)
        assert f'href="/drafts/{draft}"' in text or f'href="/drafts/{other}"' in text
        assert "What changed" in text


async def test_an_empty_start_page_says_what_to_do_first(
    web: httpx.AsyncClient, sessions: sessionmaker[Session]
) -> None:
    nobody = make_user(sessions, Role.DRAFTING_STATE, "BY")  # a state with no draft here
    text = await _as(web, nobody)
    assert "Nothing waits for you." in text and 'href="/drafts/new"' in text
    text = (await web.get("/start?lang=ru")).text
    assert "Ничего не ждёт вас." in text and "Начать проект" in text
    empty = (await web.get("/drafts?q=no-such-draft-anywhere&lang=en")).text
    assert "No drafts match." in empty and "Clear the filters" in empty


def test_the_secretariats_empty_page_and_the_bar_in_both_languages() -> None:
    """The quiet week (a database shared with other tests is never quiet: rendered directly)."""
    from ppflow.start import FailedMail

    view = SecretariatStart([], [], FailedMail(0, []), [])
    for language, words in (
        (Language.EN, ("No round closes this week", 'href="/meetings"')),
        (Language.RU, ("На этой неделе не закрывается ни один раунд", "Запланировать")),
    ):
        html = templates.get_template("start.html").render(
            t=UI(language), role="secretariat", view=view, user=None, pname=str, csrf="x"
        )
        assert all(w in html for w in words)
    bar = templates.env.from_string(
        '{% from "_pictures.html" import progress, positions with context %}'
        '{{ progress(3, 5) }}{{ positions(["objection", "comments", "comments"], 5) }}'
    )
    html = bar.render(t=UI(Language.EN))
    assert "3 of 5 answered" in html and "width: 60%" in html
    assert "comments: 2" in html and "objection: 1" in html and "no answer: 2" in html
    assert "ответили 3 из 5" in bar.render(t=UI(Language.RU))
