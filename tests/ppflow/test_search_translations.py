"""A draft's translation in the read model (models/db_translations.py) and the search index:
written as the projection writes it, replaced whole, found by kind and only by those who may
see the draft, kept by `reindex`. States: UA (own) and RS (another's)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from models.base import Section
from models.contracts.draft import Translation
from models.db_translations import project_translations
from models.domain import Language
from ppflow import search as fts
from tests.ppflow.test_search import RS, SEC, UA, add_draft, word
from tests.web.test_search_translations import russian_word

NOW = datetime(2026, 11, 2, tzinfo=UTC)


def translation(title: str | None, *sections: tuple[str, str, str]) -> Translation:
    return Translation(
        language=Language.RU,
        based_on=1,
        title=title,
        updated_at=NOW,
        sections=[Section(id=i, title=t, text=x) for i, t, x in sections],
    )


@pytest.fixture
def draft(sessions: sessionmaker[Session]) -> Any:
    w, ru, gone, head = word(), russian_word(), russian_word(), russian_word()
    with sessions.begin() as db:
        draft_id = add_draft(db, f"Guidelines {w}", [("Scope", "English."), ("More", "Text.")])
        db.flush()
        first = translation(
            f"Руководство {head}",
            ("s1", "Сфера", f"Текст {ru}."),
            ("s2", "Ещё", f"Текст {gone}."),
        )
        project_translations(db, draft_id, [first])
        project_translations(db, draft_id, [first])  # a retried activity: the same rows
    return {"id": draft_id, "ru": ru, "gone": gone, "head": head}


def test_a_translation_is_found_by_kind_and_only_by_who_may_see_it(
    sessions: sessionmaker[Session], draft: dict[str, str]
) -> None:
    with sessions() as db:
        (hit,) = fts.search(db, SEC, draft["ru"]).hits
        assert (hit.kind, hit.language, hit.section_id) == ("section", "ru", "s1")
        assert fts.search(db, SEC, draft["ru"], kinds=["section"]).total == 1
        assert fts.search(db, SEC, draft["ru"], kinds=["draft"]).total == 0
        (head,) = fts.search(db, SEC, draft["head"], kinds=["draft"]).hits
        assert head.language == "ru" and head.url == f"/drafts/{draft['id']}"
        assert fts.search(db, UA, draft["gone"]).total == 1
        assert fts.search(db, RS, draft["gone"]).total == 0
        assert fts.search(db, RS, draft["head"]).total == 0


def test_a_replaced_translation_leaves_nothing_it_dropped(
    sessions: sessionmaker[Session], draft: dict[str, str]
) -> None:
    with sessions.begin() as db:
        again = translation(None, ("s1", "Сфера", f"Текст {draft['ru']} снова."))
        project_translations(db, draft["id"], [again])
    with sessions.begin() as db:
        assert fts.search(db, SEC, draft["gone"]).total == 0
        assert fts.search(db, SEC, draft["head"]).total == 0
        assert fts.search(db, SEC, draft["ru"]).total == 1
        fts.reindex(db)
    with sessions() as db:
        assert fts.search(db, SEC, draft["ru"]).total == 1
        assert fts.search(db, SEC, draft["gone"]).total == 0
