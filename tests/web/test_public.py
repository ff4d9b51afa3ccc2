"""The public repository on the real stack: drafts made through the API and the worker in several
phases; only the endorsed one is public (page, text page, .docx, Atom feed, API, CLI), each
reached with no cookie and no token; every other id is the same 404, its id never repeated."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import feedparser  # type: ignore[import-untyped]
import httpx
from docx import Document
from markupsafe import escape

from tests.app.test_cli import cli  # noqa: F401 - the fixture: `ppflow` on the test's stack
from tests.conftest import unique, until
from tests.web.test_api import LEAD, SEC, later, later_today, new_draft

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RUSSIAN = {
    "language": "ru",
    "sections": [
        {"id": "s1", "title": "Введение", "text": "Цель интеграции."},
        {"id": "s2", "title": "Принципы", "text": "Равный доступ к услугам."},
    ],
}


def _words(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    return "\n".join(p.text for p in doc.paragraphs)


async def _everything_public(anon: httpx.AsyncClient) -> str:
    """All the public outputs at once: every page of the list and the API, the feed."""
    out = []
    first = (await anon.get("/api/public/texts", params={"per_page": 100})).json()
    for n in range(1, first["pages"] + 1):
        r = await anon.get("/api/public/texts", params={"per_page": 100, "page": n})
        out.append(r.text)
        r = await anon.get("/public", params={"page": n}, headers={"accept": "text/html"})
        out.append(r.text)
    out.append((await anon.get("/public/feed.atom")).text)
    return "\n".join(out)


async def test_only_endorsed_texts_are_public(  # type: ignore[no-untyped-def]
    api: httpx.AsyncClient,
    run_worker,
    dev_env,
    cli,  # noqa: F811
    tmp_path,
) -> None:
    marker = unique("SECRET")
    transport = api._transport  # the same app; a client of its own: no cookie, no token
    anon = httpx.AsyncClient(transport=transport, base_url="http://testserver")
    async with run_worker(dev_env.client), anon:

        async def start(title: str, **extra: Any) -> str:
            r = await api.post("/api/drafts", json=new_draft(title=title, **extra), headers=LEAD)
            assert r.status_code == 201, r.text
            return str(r.json()["draft_id"])

        # In consultation: a comment round open.
        consult = await start(f"Consultation {marker}")
        r = await api.post(
            f"/api/drafts/{consult}/rounds",
            headers=LEAD,
            json={"invitees": {"participants": ["DE"]}, "deadline": later(days=10)},
        )
        assert r.status_code == 200, r.text
        # Withdrawn.
        withdrawn = await start(f"Withdrawn {marker}")
        r = await api.post(
            f"/api/drafts/{withdrawn}/withdraw", headers=LEAD, json={"reason": "not needed"}
        )
        assert r.status_code == 200, r.text
        # Endorsed at a meeting (on the agenda first: endorsement requested, not yet public).
        title = f"Recommendations on integration {marker[-10:]}"
        endorsed = await start(
            title,
            document_type="recommendations",
            thematic_area="integration",
            sections=[
                {"title": "Introduction", "text": "Purpose of integration."},
                {"title": "Principles", "text": "Equal access to services."},
            ],
        )
        meeting_title = f"Senior Officials' Meeting {marker[-6:]}"
        meeting = (
            await api.post(
                "/api/meetings",
                headers=SEC,
                json={
                    "kind": "som",
                    "title": meeting_title,
                    "place": "Prague",
                    "starts_at": (await later_today()).isoformat(),
                    "invitees": {"participants": ["PL", "DE"]},
                },
            )
        ).json()["meeting_id"]
        r = await api.post(
            f"/api/drafts/{endorsed}/endorsement",
            headers=LEAD,
            json={"route": "meeting", "meeting_id": meeting},
        )
        assert r.status_code == 200, r.text
        r = await anon.get(f"/api/public/texts/{endorsed}")
        assert r.status_code == 404  # endorsement requested is not endorsed
        r = await api.post(
            f"/api/meetings/{meeting}/decisions",
            headers=SEC,
            json={"draft_id": endorsed, "decision": "endorsed", "notes": "By consensus"},
        )
        assert r.status_code == 200, r.text

        async def public_with_english() -> Any:
            r = await anon.get(f"/api/public/texts/{endorsed}")
            return r.status_code == 200 and "en" in r.json()["languages"] and r.json()

        await until(public_with_english, timeout=60)
        r = await api.post(f"/api/drafts/{endorsed}/translations", headers=LEAD, json=RUSSIAN)
        assert r.status_code == 200, r.text

        async def both_languages() -> Any:
            r = await anon.get(f"/api/public/texts/{endorsed}")
            return r.json()["languages"] == ["en", "ru"] and r.json()

        record = await until(both_languages, timeout=60)
        assert record["endorsement"]["route"] == "meeting"
        assert record["endorsement"]["decision"] == "endorsed"
        assert record["endorsement"]["meeting_title"] == meeting_title
        assert record["endorsement"]["meeting_place"] == "Prague"
        assert record["document_type"] == "recommendations"

        # The list page, as a visitor: the text with its record and both files; the feed link.
        page = await anon.get("/public", headers={"accept": "text/html"})
        assert page.status_code == 200
        assert 'rel="alternate" type="application/atom+xml"' in page.text
        shown = await anon.get(
            "/public",
            params={"document_type": "recommendations", "thematic_area": "integration"},
            headers={"accept": "text/html"},
        )
        assert title in shown.text and str(escape(meeting_title)) in shown.text
        assert f"/public/texts/{endorsed}.docx?language=ru" in shown.text
        # The text page: English and Russian, the record.
        text = await anon.get(f"/public/texts/{endorsed}", headers={"accept": "text/html"})
        assert text.status_code == 200
        assert "Equal access to services." in text.text and "Endorsement record" in text.text
        assert 'rel="alternate" type="application/atom+xml"' in text.text
        ru = await anon.get(
            f"/public/texts/{endorsed}", params={"lang": "ru"}, headers={"accept": "text/html"}
        )
        assert "Равный доступ к услугам." in ru.text and "Сведения об одобрении" in ru.text
        assert "Introduction" not in ru.text
        en = await anon.get(
            f"/public/texts/{endorsed}",
            params={"language": "en"},
            headers={"accept": "text/html"},
        )
        assert "Purpose of integration." in en.text
        assert "Читать на языке" in en.text  # the page stays in the visitor's language
        await anon.get("/public", params={"lang": "en"}, headers={"accept": "text/html"})
        # The Word files: the final text of the endorsed version, in each language.
        for language, words in (("en", "Equal access to services."), ("ru", "Равный доступ")):
            r = await anon.get(f"/public/texts/{endorsed}.docx", params={"language": language})
            assert r.status_code == 200 and r.headers["content-type"] == DOCX
            body = _words(r.content)
            assert words in body
        r = await anon.get(f"/public/texts/{endorsed}.docx", params={"language": "fr"})
        assert r.status_code == 422

        # The feed: parsed, with the endorsed text and its two files.
        r = await anon.get("/public/feed.atom")
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
        feed = feedparser.parse(r.content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == "atom10" and feed.feed.id and feed.feed.updated
        entry = next(e for e in feed.entries if e.id.endswith(f"/public/texts/{endorsed}"))
        assert entry.title == title and entry.link == f"http://testserver/public/texts/{endorsed}"
        enclosures = {link.href for link in entry.links if link.rel == "enclosure"}
        assert enclosures == {
            f"http://testserver/public/texts/{endorsed}.docx?language={x}" for x in ("en", "ru")
        }
        assert meeting_title in entry.summary

        # Filters: type, area, year; a bad one is refused with a reason.
        year = datetime.now(UTC).year

        async def listed(**params: Any) -> set[str]:
            r = await anon.get("/api/public/texts", params={"per_page": 100, **params})
            assert r.status_code == 200, r.text
            return {t["draft_id"] for t in r.json()["texts"]}

        assert endorsed in await listed(document_type="recommendations", year=year)
        assert endorsed in await listed(thematic_area="integration")
        assert endorsed not in await listed(document_type="guidelines")
        assert endorsed not in await listed(thematic_area="asylum_protection")
        assert endorsed not in await listed(year=2001)
        for bad in ({"document_type": "poem"}, {"year": "soon"}, {"year": 1800}, {"page": 0}):
            r = await anon.get("/api/public/texts", params=bad)
            assert r.status_code == 422 and "detail" in r.json()
            assert "poem" not in r.text and "soon" not in r.text
            page = await anon.get("/public", params=bad, headers={"accept": "text/html"})
            assert page.status_code == 422 and "cannot be used" in page.text

        # Nothing unendorsed is public: not listed anywhere, the same 404 everywhere.
        everything = await _everything_public(anon)
        assert endorsed in everything and title in everything
        for hidden in (consult, withdrawn):
            assert hidden not in everything
        assert marker not in everything  # the endorsed title has only its last 10 characters
        for hidden in (consult, withdrawn, "draft-nowhere-at-all"):
            for url in (
                f"/public/texts/{hidden}",
                f"/public/texts/{hidden}.docx?language=en",
                f"/api/public/texts/{hidden}",
            ):
                r = await anon.get(url, headers={"accept": "text/html"})
                assert r.status_code == 404, url
                assert hidden not in r.text, url
        # The CLI, by the same rule.
        out = cli("public", "list", "--json")
        assert out.exit_code == 0, out.output
        assert endorsed in out.output and consult not in out.output
        assert withdrawn not in out.output and f"Consultation {marker}" not in out.output
        lines = cli("public", "list", "--type", "recommendations", "--area", "integration")
        assert lines.exit_code == 0 and title in lines.output
        assert cli("public", "list", "--year", "1800").exit_code == 1
        target = tmp_path / "final-ru.docx"
        done = cli("public", "export", endorsed, "--language", "ru", "--out", str(target))
        assert done.exit_code == 0, done.output
        assert "Равный доступ к услугам." in _words(target.read_bytes())
        for hidden in (consult, withdrawn):
            refused = cli("public", "export", hidden, "--out", str(tmp_path / "x.docx"))
            assert refused.exit_code == 1 and hidden not in refused.output
            assert "Traceback" not in refused.output
            assert cli("public", "show", hidden).exit_code == 1
        shown_cli = cli("public", "show", endorsed, "--language", "ru")
        assert shown_cli.exit_code == 0 and "Принципы" in shown_cli.output
