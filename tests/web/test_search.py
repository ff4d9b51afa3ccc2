"""Full-text search through the API, the page and the command line: what the real worker records
(a draft, its comments and dispositions, a new version) becomes searchable; each caller finds
only what it may see; the page highlights hits safely, pages through results, says when nothing
is found, in English and Russian; no text typed gives a 500. States used: UA (the draft's
lead), RS (the reviewer, another state), TR (a stranger)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session, sessionmaker

from ppflow.accounts import Role
from tests.conftest import Mailbox, unique, until
from tests.ppflow.test_search import HOSTILE, add_comment, add_draft, word
from tests.web.accounts import make_user, sign_in
from tests.web.test_api import SEC, later, links_in, new_draft
from tests.workflows.test_lifecycle import eventually


async def found(api: httpx.AsyncClient, q: str, headers: dict[str, str] | None = None) -> Any:
    r = await api.get("/api/search", params={"q": q}, headers=headers or SEC)
    assert r.status_code == 200, r.text
    return r.json()


async def signed_in(
    api: httpx.AsyncClient, sessions: sessionmaker[Session], role: Role, state: str | None = None
) -> httpx.AsyncClient:
    client = httpx.AsyncClient(transport=api._transport, base_url="http://testserver")
    await sign_in(client, make_user(sessions, role, state))
    return client


async def test_what_the_worker_records_becomes_searchable_for_those_who_may_see_it(
    api: httpx.AsyncClient,
    run_worker: Any,
    dev_env: Any,
    mailbox: Mailbox,
    sessions: sessionmaker[Session],
) -> None:
    first, comment_word, proposal_word, why_word, second = (word() for _ in range(5))
    async with run_worker(dev_env.client):
        body = new_draft(
            title=f"Guidelines on labour migration {unique()}",
            lead_state="UA",
            co_lead_states=[],
            sections=[
                {"title": "Introduction", "text": f"The purpose of {first} guidelines."},
                {"title": "Recommendations", "text": "Cooperate on returns."},
            ],
        )
        started = (await api.post("/api/drafts", json=body, headers=SEC)).json()
        draft = started["draft_id"]

        async def section_found() -> Any:
            return (await found(api, first))["hits"]

        hits = await until(section_found)
        assert hits[0]["kind"] == "section" and hits[0]["version"] == 1
        assert hits[0]["url"] == f"/drafts/{draft}#section-s1"
        assert f"<mark>{first}</mark>" in hits[0]["passage_html"]

        r = await api.post(
            f"/api/drafts/{draft}/rounds",
            headers=SEC,
            json={"invitees": {"participants": ["RS"]}, "deadline": later(days=14)},
        )
        assert r.status_code == 200, r.text
        tokens = await eventually(lambda: links_in(mailbox, started["reference"], "RS"))
        r = await api.post(
            f"/api/review/{tokens[0]}/answer",
            json={
                "position": "comments",
                "comments": [
                    {
                        "section_id": "s2",
                        "text": f"Say more on {comment_word}",
                        "proposed_text": f"Cooperate on {proposal_word} returns.",
                    }
                ],
            },
        )
        assert r.status_code == 200, r.text

        async def comment_found() -> Any:
            return (await found(api, proposal_word))["hits"]

        (hit,) = await until(comment_found)
        assert hit["kind"] == "comment" and hit["participant_id"] == "RS"
        assert hit["url"].startswith(f"/drafts/{draft}#comment-")
        assert (await found(api, comment_word))["total"] == 1

        # the lead state finds its draft's comment; another state (the reviewer too) does not
        ua = await signed_in(api, sessions, Role.DRAFTING_STATE, "UA")
        tr = await signed_in(api, sessions, Role.DRAFTING_STATE, "TR")
        rs = await signed_in(api, sessions, Role.DRAFTING_STATE, "RS")
        obs = await signed_in(api, sessions, Role.OBSERVER)
        for client, expected in ((ua, 1), (obs, 1), (tr, 0), (rs, 0)):
            r = await client.get("/api/search", params={"q": proposal_word})
            assert r.status_code == 200 and r.json()["total"] == expected, r.text
            page = await client.get("/search", params={"q": first})
            assert page.status_code == 200
            assert (f"<mark>{first}</mark>" in page.text) == bool(expected)

        # everyone invited has answered: the round closes by itself (or now)
        r = await api.post(f"/api/drafts/{draft}/rounds/current/close", headers=SEC)
        assert r.status_code in (200, 409), r.text

        async def revision() -> Any:
            status = (await api.get(f"/api/drafts/{draft}", headers=SEC)).json()
            return status if status["state"]["phase"] == "revision" else None

        status = await until(revision)
        (comment,) = status["state"]["comments"]
        r = await api.post(
            f"/api/drafts/{draft}/resolutions",
            headers=SEC,
            json={
                "resolutions": [
                    {
                        "comment_id": comment["comment_id"],
                        "disposition": "partly_accepted",
                        "justification": f"Taken in part: {why_word}.",
                    }
                ]
            },
        )
        assert r.status_code == 200, r.text
        r = await api.post(
            f"/api/drafts/{draft}/revisions",
            headers=SEC,
            json={
                "sections": [
                    {"id": "s1", "title": "Introduction", "text": f"Now {second} too."},
                    {"id": "s2", "title": "Recommendations", "text": "Cooperate."},
                ],
                "note": "after the round",
            },
        )
        assert r.status_code == 200, r.text

        async def disposition_found() -> Any:
            return (await found(api, why_word))["hits"]

        assert (await until(disposition_found))[0]["kind"] == "disposition"

        async def version_found() -> Any:
            return (await found(api, second))["hits"]

        (hit,) = await until(version_found)
        assert hit["version"] == 2 and hit["section_id"] == "s1"
        # the first version's words are still found, in version 1
        (old,) = (await found(api, first))["hits"]
        assert old["version"] == 1
        r = await ua.get("/api/search", params={"q": why_word})
        assert r.json()["total"] == 1
        r = await tr.get("/api/search", params={"q": why_word})
        assert r.json()["total"] == 0


@pytest.fixture
def rows(sessions: sessionmaker[Session]) -> dict[str, str]:
    """A draft of UA with a hostile section, a comment on it, and a term for paging."""
    w, many = word(), word()
    with sessions.begin() as db:
        draft = add_draft(
            db,
            f"Readmission <b>guidelines</b> {w}",
            [
                ("<i>Scope</i>", f'<script>alert("x")</script> The {w} recommendation.'),
                ("Миграционная политика", f"Миграционная политика и {w}."),
            ],
            lead="UA",
        )
        db.flush()
        add_comment(db, draft, f"A comment on {w}")
        for i in range(23):
            add_draft(db, f"Paging {i}", [("A", f"{many} " * (i % 5 + 1))], lead="RS")
    return {"w": w, "draft": draft, "many": many}


async def test_the_results_page_highlights_safely_and_links_to_the_section(
    api: httpx.AsyncClient, sessions: sessionmaker[Session], rows: dict[str, str]
) -> None:
    client = await signed_in(api, sessions, Role.SECRETARIAT)
    w = rows["w"]
    page = await client.get("/search", params={"q": f"recommendations {w}"})
    assert page.status_code == 200
    assert f'value="recommendations {w}"' in page.text  # the box keeps the query
    assert "<mark>recommendation</mark>" in page.text
    assert "<script>alert" not in page.text and "script&gt;" in page.text
    assert "<b>guidelines" not in page.text and "<i>Scope" not in page.text
    assert f'href="/drafts/{rows["draft"]}#section-s1"' in page.text

    everything = await client.get("/search", params={"q": w})
    kinds = re.findall(r'class="se-hit se-(\w+)"', everything.text)
    assert sorted(kinds) == ["comment", "draft", "section", "section"]
    comments = await client.get("/search", params={"q": w, "kind": "comment"})
    assert re.findall(r'class="se-hit se-(\w+)"', comments.text) == ["comment"]
    odd = await client.get("/search", params={"q": w, "kind": "<secrets>"})
    assert odd.status_code == 200 and "secrets" not in odd.text  # never echoed

    ru = await client.get("/search", params={"q": f"миграционной {w}", "lang": "ru"})
    assert ru.status_code == 200 and 'lang="ru"' in ru.text
    assert "<mark>Миграционная</mark>" in ru.text and "Найдено: 1" in ru.text

    none = await client.get("/search", params={"q": f"{w} {word()}"})
    assert none.status_code == 200 and 'id="se-none"' in none.text
    none_ru = await client.get("/search", params={"q": word(), "lang": "ru"})
    assert "Ничего не найдено" in none_ru.text
    blank = await client.get("/search", params={"lang": "en"})
    assert blank.status_code == 200 and 'id="se-start"' in blank.text


async def test_results_come_in_pages(
    api: httpx.AsyncClient, sessions: sessionmaker[Session], rows: dict[str, str]
) -> None:
    client = await signed_in(api, sessions, Role.OBSERVER)
    first = await client.get("/search", params={"q": rows["many"]})
    assert "23 found" in first.text and "showing 1–20" in first.text
    assert len(re.findall(r'class="se-hit ', first.text)) == 20
    nxt = re.search(r'rel="next" href="([^"]+)"', first.text)
    assert nxt and 'rel="prev"' not in first.text
    second = await client.get(nxt.group(1).replace("&amp;", "&"))
    assert len(re.findall(r'class="se-hit ', second.text)) == 3
    assert 'rel="prev"' in second.text and 'rel="next"' not in second.text
    assert (await client.get("/search", params={"q": rows["many"], "page": "x"})).status_code == 200
    far = await client.get("/search", params={"q": rows["many"], "page": "99999999"})
    assert far.status_code == 200
    r = await client.get("/api/search", params={"q": rows["many"], "limit": 5, "offset": 20})
    assert r.json()["total"] == 23 and len(r.json()["hits"]) == 3


async def test_no_text_typed_gives_a_500(
    api: httpx.AsyncClient, sessions: sessionmaker[Session]
) -> None:
    client = await signed_in(api, sessions, Role.DRAFTING_STATE, "TR")
    for q in [*HOSTILE, "", "?!", "a" * 201, "\u0000x"]:
        page = await client.get("/search", params={"q": q})
        assert page.status_code in (200, 422), (q, page.status_code)
        r = await client.get("/api/search", params={"q": q})
        assert r.status_code in (200, 422), (q, r.status_code, r.text)
        if r.status_code == 422:
            assert q not in r.text or len(q) < 3
    r = await client.get("/api/search", params={"q": "?!"})
    assert r.status_code == 422 and "nothing to search for" in r.text
    page = await client.get("/search", params={"q": "?!"})
    assert page.status_code == 200 and 'id="se-message"' in page.text
    for bad in ({"limit": 0}, {"limit": 51}, {"offset": -1}, {"kind": "secrets"}):
        r = await client.get("/api/search", params={"q": "migration", **bad})
        assert r.status_code == 422, bad
    assert (await api.get("/api/search", params={"q": "x"})).status_code == 401
    assert (await api.get("/search", params={"q": "x"})).status_code == 303


def test_the_command_line_searches_as_the_page_does(
    settings: Any, sessions: sessionmaker[Session], rows: dict[str, str], monkeypatch: Any
) -> None:
    from typer.testing import CliRunner

    from app.cli import app

    monkeypatch.setenv("PPFLOW_DATABASE_URL", settings.database_url)
    runner = CliRunner()
    done = runner.invoke(app, ["search", f"recommendations {rows['w']}"])
    assert done.exit_code == 0, done.output
    assert "*recommendation*" in done.output and "1 found" in done.output
    assert f"/drafts/{rows['draft']}#section-s1" in done.output
    done = runner.invoke(app, ["search", rows["w"], "--json", "--kind", "comment"])
    assert done.exit_code == 0 and '"kind": "comment"' in done.output
    tr = make_user(sessions, Role.DRAFTING_STATE, "TR")
    done = runner.invoke(app, ["search", rows["w"], "--as-user", tr])
    assert done.exit_code == 0 and "0 found" in done.output
    done = runner.invoke(app, ["search", "?!"])
    assert done.exit_code == 1 and "nothing to search for" in done.output
    done = runner.invoke(app, ["search", "x", "--as-user", f"nobody-{uuid.uuid4().hex[:6]}"])
    assert done.exit_code == 1 and "no active user" in done.output
