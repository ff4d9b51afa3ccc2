"""The draft's timeline as people read it: who acted (the Secretariat, not the lead state, when the
Secretariat started the draft), each event once after a round, lines in the page's language,
search and pages."""

from __future__ import annotations

import html
import re
import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select
from temporalio.testing import WorkflowEnvironment

from models.db import Draft, Event
from models.settings import Settings
from ppflow.accounts import Role
from tests.conftest import Mailbox, until
from tests.web.accounts import make_user, sign_in
from tests.web.test_api import links_in
from web.app import create_app


def timeline_of(page: str) -> str:
    found = re.search(r'<section id="timeline".*?</section>', page, re.S)
    assert found, "no timeline on the page"
    text = re.sub(r"<[^>]+>", " ", found.group(0))
    return html.unescape(re.sub(r"\s+", " ", text))


def items_of(page: str) -> list[str]:
    return [
        html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item))).strip()
        for item in re.findall(r'<li class="tl-item.*?</li>', page, re.S)
    ]


async def test_the_timeline_names_who_acted_says_each_event_once_in_the_pages_language(  # type: ignore[no-untyped-def]
    dev_env: WorkflowEnvironment, settings: Settings, sessions, run_worker, mailbox: Mailbox
) -> None:
    app = create_app(settings, client=dev_env.client)
    secretariat = make_user(sessions, Role.SECRETARIAT)
    georgia = make_user(sessions, Role.DRAFTING_STATE, "GE")
    transport = httpx.ASGITransport(app=app)
    html_only = {"accept": "text/html"}
    async with (
        run_worker(dev_env.client),
        httpx.AsyncClient(transport=transport, base_url="http://t", headers=html_only) as sec,
        httpx.AsyncClient(transport=transport, base_url="http://t", headers=html_only) as ge,
    ):
        csrf = await sign_in(sec, secretariat)
        title = f"Timeline language guidelines {uuid.uuid4().hex[:6]}"
        r = await sec.post(
            "/drafts/new",
            data={
                "csrf": csrf,
                "title": title,
                "document_type": "guidelines",
                "lead_state": "GE",
                "section_title_1": "Scope",
                "section_text_1": "Returns in dignity.",
            },
        )
        assert r.status_code == 303, r.text
        draft_url = r.headers["location"]
        draft_id = draft_url.rsplit("/", 1)[1]

        async def projected() -> bool:
            with sessions() as db:
                return db.get(Draft, draft_id) is not None

        await until(projected)
        await sign_in(ge, georgia)  # the state revises (the API, on its signed-in session)
        r = await ge.post(
            f"/api/drafts/{draft_id}/revisions",
            json={
                "sections": [{"id": "s1", "title": "Scope", "text": "Returns in safety."}],
                "acted_by": "secretariat:someone-else",  # never trusted from a body
            },
            headers={"accept": "application/json"},
        )
        assert r.status_code == 200, r.text

        deadline = (datetime.now(UTC) + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
        r = await sec.post(
            draft_url,
            data={
                "csrf": csrf,
                "action": "open_round",
                "participants": ["DE", "FR"],
                "deadline": deadline,
            },
        )
        assert r.status_code == 303, r.text
        reference = f"PP/GUIDELINES/{draft_id.removeprefix('draft-')}"
        link = (await until(lambda: _links(mailbox, reference)))[0]
        r = await sec.post(f"/api/review/{link}/answer", json={"position": "no_objection"})
        assert r.status_code == 200, r.text
        r = await sec.post(draft_url, data={"csrf": csrf, "action": "close", "confirmed": "yes"})
        assert r.status_code == 303, r.text

        def closed_twice() -> bool:  # by the round and by the draft: the page says it once
            with sessions() as db:
                count = db.scalar(
                    select(func.count())
                    .select_from(Event)
                    .where(Event.draft_id == draft_id, Event.kind == "round_closed")
                )
            return bool(count and count >= 2)

        async def closed() -> bool:
            return closed_twice()

        await until(closed)

        page = (await sec.get(draft_url + "?lang=en")).text
        items = items_of(page)
        started = [i for i in items if "Draft started" in i]
        assert len(started) == 1 and f"by Secretariat ({secretariat})" in started[0], items
        revised = [i for i in items if "Version 2 submitted" in i]
        assert len(revised) == 1 and "by Georgia" in revised[0], items
        assert len([i for i in items if "Comment round 1 opened on version 2" in i]) == 1, items
        closes = [i for i in items if "Round 1 closed" in i]
        assert len(closes) == 1 and "closed by the Secretariat" in closes[0], items
        assert f"by Secretariat ({secretariat})" in closes[0], items
        assert not [i for i in items if "closed early" in i], items
        assert len([i for i in items if "Answered: no objection" in i]) == 1, items
        assert len(items) == len(set(items)), items  # no line twice

        russian = timeline_of((await sec.get(draft_url + "?lang=ru")).text)
        assert "Открыт раунд замечаний 1 по версии 2" in russian
        assert "Раунд 1 закрыт (закрыт Секретариатом): ответили 1 из 2" in russian
        assert "Представлена версия 2" in russian and "— Грузия" in russian
        assert "Секретариат (" in russian and "Comment round" not in russian

        # a long draft: 120 more lines, 50 a page, newest first; the search finds one
        with sessions.begin() as db:
            now = datetime.now(UTC)
            db.add_all(
                Event(
                    event_id=f"{draft_id}:test-timeline:{n}",
                    workflow_id=draft_id,
                    draft_id=draft_id,
                    kind="reminder_sent",
                    at=now + timedelta(minutes=n + 1),
                    summary=f"Reminder sent to {n} who have not answered",
                    details={"round": "1", "waiting": str(n)},
                )
                for n in range(120)
            )
            db.add(  # an event written before the parameters were stored: its summary
                Event(
                    event_id=f"{draft_id}:test-timeline:older",
                    workflow_id=draft_id,
                    draft_id=draft_id,
                    kind="something_older",
                    at=now - timedelta(minutes=1),
                    summary="An older line, kept as written",
                )
            )
        shown = len(items) + 121
        first = (await sec.get(draft_url + "?lang=en")).text
        assert f"{shown} events" in timeline_of(first)
        assert f"Page 1 of {-(-shown // 50)}" in timeline_of(first)
        assert len(items_of(first)) == 50
        assert "reminder sent to 119 who" in items_of(first)[0]  # the newest first
        last = (await sec.get(draft_url + f"?tl_page={-(-shown // 50)}")).text
        assert any("Draft started" in i for i in items_of(last))
        found = (await sec.get(draft_url + "?tl_q=version+2+submitted")).text
        assert f"1 of {shown} events" in timeline_of(found)
        assert len(items_of(found)) == 1 and "Georgia" in items_of(found)[0]
        older = (await sec.get(draft_url + "?lang=ru&tl_q=older+line")).text
        assert [i.split("UTC ", 1)[1] for i in items_of(older)] == [
            "An older line, kept as written"
        ]
        nothing = (await sec.get(draft_url + "?lang=en&tl_q=zzz-nothing")).text
        assert "No event matches." in timeline_of(nothing)


async def _links(mailbox: Mailbox, reference: str) -> list[str]:
    return links_in(mailbox, reference, "DE")
