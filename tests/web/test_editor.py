"""The editor of a draft's text and the start form, on the real stack: sections edited, added,
removed and moved through the form alone (no JavaScript), a preview as reviewers will see it, two
editors of one version (the second is caught, its text kept), any number of sections at the
start, and a country or lead state given by name."""

from __future__ import annotations

import uuid

import httpx

from ppflow.accounts import Role
from tests.web.accounts import make_user, sign_in
from tests.web.test_api import LEAD, SEC, later
from tests.web.test_draft_text import fields_of, started, state_of, web

__all__ = ["web"]  # the fixture


async def test_edit_add_remove_reorder_and_preview_make_exactly_version_2(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient, sessions, run_worker, dev_env, mailbox
) -> None:
    pl = make_user(sessions, Role.DRAFTING_STATE, "PL")
    async with run_worker(dev_env.client):
        draft, _ = await started(web)
        await sign_in(web, pl)
        url = f"/drafts/{draft}/edit"
        page = (await web.get(url)).text
        assert "Submit version 2" in page and "How to write sub-headings" in page
        fields = fields_of(page)
        assert [fields[f"section_id_{n}"] for n in (1, 2, 3)] == ["s1", "s2", "s3"]
        assert fields["section_text_2"] == "- Voluntary first\n- Safety"
        assert fields["base_version"] == "1"

        async def press(op: str) -> dict[str, str]:
            """One button of the editor: the form comes back with the change."""
            r = await web.post(url, data={**fields, "op": op})
            assert r.status_code == 200, r.text
            return fields_of(r.text)

        fields["section_text_1"] = "Returns in safety and dignity."
        fields["section_title_2"] = "Principles of return"
        fields = await press("add")  # typed text is kept across the round trip
        assert fields["section_text_1"] == "Returns in safety and dignity."
        assert fields["section_id_4"] == "" and fields["section_title_4"] == ""
        fields["section_title_4"] = "Monitoring"
        fields["section_text_4"] = "1. Report yearly\r\n2. Publish"  # as a browser sends it
        fields = await press("remove:2")  # Cooperation (s3) goes
        assert [fields[f"section_id_{n}"] for n in (1, 2, 3)] == ["s1", "s2", ""]
        assert "section_id_4" not in fields
        fields = await press("up:2")  # Monitoring before the principles
        fields = await press("down:0")  # and Scope after it
        assert [fields[f"section_title_{n}"] for n in (1, 2, 3)] == [
            "Monitoring",
            "Scope",
            "Principles of return",
        ]
        r = await web.post(url, data={**fields, "op": "preview"})
        preview = r.text.split('id="preview"')[1].split("</section>")[0]
        assert "<ol><li>Report yearly</li><li>Publish</li></ol>" in preview
        assert "<ul><li>Voluntary first</li><li>Safety</li></ul>" in preview
        assert "- Voluntary first" not in preview  # markup shown as reviewers see it
        assert (await state_of(web, draft))["versions"][-1]["number"] == 1  # nothing sent yet

        fields["note"] = "Monitoring added; cooperation moved to the annex"
        r = await web.post(url, data={**fields, "op": "submit"})
        assert r.status_code == 303, r.text
        version = (await state_of(web, draft))["versions"][-1]
        assert version["number"] == 2 and version["note"] == fields["note"]
        assert [(s["id"], s["title"], s["text"]) for s in version["sections"]] == [
            ("s4", "Monitoring", "1. Report yearly\n2. Publish"),
            ("s1", "Scope", "Returns in safety and dignity."),
            ("s2", "Principles of return", "- Voluntary first\n- Safety"),
        ]
        # the draft page shows the new text in its order
        page = (await web.get(f"/drafts/{draft}")).text
        order = [page.index(t) for t in ("1. Monitoring", "2. Scope", "3. Principles of return")]
        assert order == sorted(order) and "Cooperation" not in page

        # a section with text but no title is refused with the form kept
        fields = fields_of((await web.get(url)).text)
        fields["section_title_2"] = ""
        r = await web.post(url, data={**fields, "op": "submit"})
        assert r.status_code == 422 and "Section 2 has text but no title" in r.text
        assert fields_of(r.text)["section_text_2"] == "Returns in safety and dignity."
        # a forged section id is refused, never echoed
        fields = fields_of((await web.get(url)).text)
        fields["section_id_1"] = "s<script>"
        r = await web.post(url, data={**fields, "op": "submit"})
        assert r.status_code == 422 and "<script>" not in r.text

        # a round opened while the text was being edited: refused, the typed text kept
        fields = fields_of((await web.get(url)).text)
        r = await web.post(
            f"/api/drafts/{draft}/rounds",
            headers=LEAD,
            json={"invitees": {"participants": ["AZ"]}, "deadline": later(days=9)},
        )
        assert r.status_code == 200, r.text
        fields["section_text_1"] = "Typed while a round opened"
        for op in ("add", "submit"):
            r = await web.post(url, data={**fields, "op": op})
            assert "can be changed while the draft is in drafting or revision" in r.text
            assert fields_of(r.text)["section_text_1"] == "Typed while a round opened"
        assert r.status_code == 409 and (await web.get(url)).status_code == 409
        assert len((await state_of(web, draft))["versions"]) == 2


async def test_two_editors_of_version_1_the_second_is_caught_and_keeps_its_text(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient, sessions, run_worker, dev_env, settings
) -> None:
    from web.app import create_app

    pl = make_user(sessions, Role.DRAFTING_STATE, "PL")
    sec = make_user(sessions, Role.SECRETARIAT)
    app = create_app(settings, client=dev_env.client)
    async with (
        run_worker(dev_env.client),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://testserver",
            headers={"accept": "text/html"},
        ) as other,
    ):
        draft, _ = await started(web)
        url = f"/drafts/{draft}/edit"
        await sign_in(web, pl)
        await sign_in(other, sec)
        first = fields_of((await web.get(url)).text)
        second = fields_of((await other.get(url)).text)
        first["section_text_1"] = "The first editor's words."
        second["section_text_3"] = "The second editor's words."
        second["note"] = "Second thoughts"
        r = await web.post(url, data={**first, "op": "submit"})
        assert r.status_code == 303, r.text
        r = await other.post(url, data={**second, "op": "submit"})
        assert r.status_code == 409
        assert "Version 2 was submitted meanwhile, after you started editing version 1" in r.text
        kept = fields_of(r.text)
        assert kept["section_text_3"] == "The second editor's words."
        assert kept["note"] == "Second thoughts" and kept["base_version"] == "2"
        assert f'href="/drafts/{draft}#text"' in r.text and "Submit version 3" in r.text
        assert f'href="/drafts/{draft}/compare?from=1&amp;to=2"' in r.text  # what changed
        versions = (await state_of(web, draft))["versions"]
        assert len(versions) == 2
        assert versions[1]["sections"][0]["text"] == "The first editor's words."  # not lost
        # in Russian too
        r = await other.post(f"{url}?lang=ru", data={**second, "op": "submit"})
        assert r.status_code == 409 and "была отправлена версия 2" in r.text
        # having looked, the second editor takes the first one's change and submits: version 3
        kept["section_text_1"] = "The first editor's words."
        r = await other.post(url, data={**kept, "op": "submit"})
        assert r.status_code == 303, r.text
        texts = [s["text"] for s in (await state_of(web, draft))["versions"][-1]["sections"]]
        assert texts[0] == "The first editor's words." and texts[2] == "The second editor's words."
        # the API checks the version it was given the same way
        body = {"sections": [{"id": "s1", "title": "Scope", "text": "x"}], "base_version": 2}
        r = await web.post(f"/api/drafts/{draft}/revisions", json=body, headers=LEAD)
        assert r.status_code == 409 and "version 3 was submitted meanwhile" in r.json()["detail"]
        r = await web.post(
            f"/api/drafts/{draft}/revisions", json={**body, "base_version": 3}, headers=LEAD
        )
        assert r.status_code == 200, r.text


async def test_start_form_with_seven_sections_and_a_country_by_name(  # type: ignore[no-untyped-def]
    web: httpx.AsyncClient, sessions, run_worker, dev_env
) -> None:
    sec = make_user(sessions, Role.SECRETARIAT)
    async with run_worker(dev_env.client):
        csrf = await sign_in(web, sec)
        page = (await web.get("/drafts/new")).text
        assert 'name="section_title_1"' in page and 'name="section_title_2"' not in page
        assert '<option value="GE" >Georgia</option>' in page  # lead states by name
        assert '<option value="GE" >Грузия</option>' in (await web.get("/drafts/new?lang=ru")).text
        tag = uuid.uuid4().hex[:8]
        data = {
            "csrf": csrf,
            "title": f"Compilation of good practices, editor {tag}",
            "document_type": "best_practices",
            "lead_state": "CZ",
            "language": "en",
        }
        for n in range(1, 8):
            data[f"section_title_{n}"] = f"Practice {n}"
            data[f"section_text_{n}"] = f"What state {n} does."
        r = await web.post(
            "/drafts/new", data={**data, "op": "add"}, headers={"accept": "text/html"}
        )
        assert r.status_code == 200 and 'name="section_title_8"' in r.text
        assert 'value="Practice 7"' in r.text  # nothing typed is lost
        r = await web.post("/drafts/new", data=data)
        assert r.status_code == 303, r.text
        draft = r.headers["location"].rsplit("/", 1)[1]
        sections = (await state_of(web, draft))["versions"][0]["sections"]
        assert [s["title"] for s in sections] == [f"Practice {n}" for n in range(1, 8)]

        # the API takes a country and a lead state by name, in English or Russian, any case
        body = {
            "title": f"Guidelines on labour migration, editor {tag}",
            "slug": f"editor-names-{tag}",
            "document_type": "guidelines",
            "lead_state": "польша",
            "co_lead_states": ["czech republic"],
            "country": "Georgia",
            "sections": [{"title": "Scope", "text": "Labour migration."}],
        }
        r = await web.post("/api/drafts", json=body, headers=SEC)
        assert r.status_code == 201, r.text
        meta = (await state_of(web, r.json()["draft_id"]))["meta"]
        assert (meta["lead_state"], meta["co_lead_states"], meta["country"]) == (
            "PL",
            ["CZ"],
            "GE",
        )
        r = await web.post(
            "/api/drafts",
            json={**body, "slug": f"editor-none-{tag}", "country": "Republic of Atlantis"},
            headers=SEC,
        )
        assert r.status_code == 422 and "unknown country" in r.json()["detail"]
        assert "Atlantis" not in r.json()["detail"]


def test_removed_and_given_section_ids_are_never_given_again_and_a_stale_base_is_refused() -> None:
    """What the editor relies on in the workflow's version logic: a removed section's id is not
    reused by a new section (its comments would land on the new one), nor an id a start gave."""
    from datetime import UTC, datetime

    import pytest

    from models.api import RevisionSubmit
    from models.base import SectionText
    from models.contracts.draft import DraftState
    from tests.workflows.test_draft_state import new_draft
    from workflows import draft_checks, draft_state

    now = datetime(2026, 12, 2, tzinfo=UTC)
    state = new_draft()  # s1 Scope, s2 Aims
    removed = draft_state.add_version(state, [SectionText(id="s1", title="Scope")], "", now)
    added = draft_state.add_version(state, [SectionText(title="New")], "", now)
    assert [s.id for s in removed.sections] == ["s1"] and [s.id for s in added.sections] == ["s3"]
    given = DraftState(meta=state.meta, started_at=now, updated_at=now)
    first = draft_state.add_version(
        given, [SectionText(id="s2", title="A"), SectionText(title="B")], "", now
    )
    kept = [SectionText(id=s.id, title=s.title) for s in first.sections]
    later = draft_state.add_version(given, [*kept, SectionText(title="C")], "", now)
    assert [s.id for s in later.sections] == ["s2", "s1", "s3"]
    stale = RevisionSubmit(sections=[SectionText(id="s1", title="Scope")], base_version=1)
    with pytest.raises(ValueError, match="version 3 was submitted meanwhile"):
        draft_checks.check_revision(state, stale)
    draft_checks.check_revision(state, stale.model_copy(update={"base_version": 3}))
