"""A draft's translation is searched with it: through the real API and worker, a Russian
translation of an English draft is found by its Russian words (a section, and the translated
title as the draft), labelled with its language; a translation replaced leaves nothing of what
it dropped in the index; a drafting state finds only its own drafts' translations. States used:
UA (the draft's lead), TR and RS (other states)."""

from __future__ import annotations

import random
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models.db_translations import DraftTranslation, SectionTranslation
from ppflow.accounts import Role
from tests.conftest import unique, until
from tests.ppflow.test_search import word
from tests.web.test_api import SEC, new_draft
from tests.web.test_search import found, signed_in


def russian_word() -> str:
    """A made-up Russian word no other test's text holds (consonants: no ending to strip)."""
    return "жщ" + "".join(random.choices("бвгдзклмнпрстфхцчшщ", k=10))


async def test_a_translation_is_found_in_its_language_and_replaced_whole(
    api: httpx.AsyncClient,
    run_worker: Any,
    dev_env: Any,
    sessions: sessionmaker[Session],
) -> None:
    english, kept, dropped, titled = word(), russian_word(), russian_word(), russian_word()
    async with run_worker(dev_env.client):
        body = new_draft(
            title=f"Guidelines on circular migration {unique()}",
            lead_state="UA",
            co_lead_states=[],
            language="en",
            sections=[
                {"title": "Introduction", "text": f"The purpose of {english} guidelines."},
                {"title": "Recommendations", "text": "Cooperate on returns."},
            ],
        )
        r = await api.post("/api/drafts", json=body, headers=SEC)
        assert r.status_code == 201, r.text
        draft = r.json()["draft_id"]
        r = await api.post(
            f"/api/drafts/{draft}/translations",
            headers=SEC,
            json={
                "language": "ru",
                "title": f"Руководство {titled}",
                "sections": [
                    {"id": "s1", "title": "Введение", "text": f"Цель {kept} руководства."},
                    {"id": "s2", "title": "Рекомендации", "text": f"Сотрудничество {dropped}."},
                ],
            },
        )
        assert r.status_code == 200, r.text

        async def hits_of(q: str) -> Any:
            return (await found(api, q))["hits"]

        (hit,) = await until(lambda: hits_of(kept))
        assert hit["kind"] == "section" and hit["language"] == "ru"
        assert hit["section_id"] == "s1" and hit["version"] == 1
        assert hit["url"] == f"/drafts/{draft}#section-s1"
        assert hit["heading"] == "1. Введение" and hit["title"] == body["title"]
        assert f"<mark>{kept}</mark>" in hit["passage_html"]
        (title_hit,) = await until(lambda: hits_of(titled))
        assert title_hit["kind"] == "draft" and title_hit["language"] == "ru"
        assert title_hit["heading"] == f"Руководство {titled}"
        assert (await found(api, dropped))["total"] == 1
        (own,) = (await found(api, english))["hits"]
        assert own["language"] is None  # the draft's own text

        # only the lead state (and observers, the Secretariat) find the translation
        ua = await signed_in(api, sessions, Role.DRAFTING_STATE, "UA")
        tr = await signed_in(api, sessions, Role.DRAFTING_STATE, "TR")
        rs = await signed_in(api, sessions, Role.DRAFTING_STATE, "RS")
        for client, expected in ((ua, 1), (tr, 0), (rs, 0)):
            for q in (kept, titled):
                r = await client.get("/api/search", params={"q": q})
                assert r.status_code == 200 and r.json()["total"] == expected, (q, r.text)
        # the results page says which language it found the words in, in both languages
        page = await ua.get("/search", params={"q": kept, "lang": "en"})
        assert page.status_code == 200 and f"<mark>{kept}</mark>" in page.text
        assert (
            "Russian translation" in page.text and '<p class="se-passage" lang="ru">' in page.text
        )
        page = await ua.get("/search", params={"q": kept, "lang": "ru"})
        assert page.status_code == 200 and "перевод на русский" in page.text

        # a new translation replaces the old one whole: the section it drops is no longer found
        r = await api.post(
            f"/api/drafts/{draft}/translations",
            headers=SEC,
            json={
                "language": "ru",
                "sections": [{"id": "s1", "title": "Введение", "text": f"Цель {kept} снова."}],
            },
        )
        assert r.status_code == 200, r.text

        async def gone() -> bool:
            return (await found(api, dropped))["total"] == 0

        await until(gone)
        assert (await found(api, kept))["total"] == 1
        assert (await found(api, titled))["total"] == 0  # no title given: none kept
        with sessions() as session:
            rows = session.scalars(select(SectionTranslation).filter_by(draft_id=draft)).all()
            assert [(r.language, r.section_id) for r in rows] == [("ru", "s1")]
            (head,) = session.scalars(select(DraftTranslation).filter_by(draft_id=draft)).all()
            assert head.title == ""
