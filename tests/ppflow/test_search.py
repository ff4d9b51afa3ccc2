"""Full-text search on the read model (ppflow/search.py), on SQLite FTS5 and PostgreSQL: ranked,
highlighted and escaped, stemmed, access-checked, safe with any text typed; the index follows
every insert, update and delete. Rows are written as the projection writes them; the states
are UA (own) and RS (another's)."""

from __future__ import annotations

import random
import string
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import delete, update
from sqlalchemy.orm import Session, sessionmaker

from models.db import CommentRow, DecisionRow, DispositionRow, Draft, Meeting, SectionRow
from ppflow import search as fts
from ppflow.accounts import Principal, Role
from ppflow.service import Invalid

SEC = Principal(Role.SECRETARIAT, username="sec")
OBS = Principal(Role.OBSERVER, username="obs")
UA = Principal(Role.DRAFTING_STATE, "UA", username="ua")
RS = Principal(Role.DRAFTING_STATE, "RS", username="rs")
NOW = datetime(2026, 11, 1, tzinfo=UTC)


def word() -> str:
    """A made-up word no other test's text holds (letters only: one token, no stem to strip)."""
    return "zq" + "".join(random.choices(string.ascii_lowercase, k=10))


def add_draft(
    session: Session,
    title: str,
    sections: list[tuple[str, str]],
    lead: str = "UA",
    versions: int = 1,
    co_leads: str = "",
) -> str:
    draft_id = f"draft-{uuid.uuid4().hex[:12]}"
    session.add(
        Draft(
            id=draft_id,
            slug=draft_id,
            title=title,
            reference=f"PP/{draft_id[-6:]}",
            document_type="guidelines",
            lead_state=lead,
            co_lead_states=co_leads,
            phase="drafting",
            version=versions,
            started_at=NOW,
            updated_at=NOW,
        )
    )
    session.flush()
    for v in range(1, versions + 1):
        for i, (heading, body) in enumerate(sections):
            session.add(
                SectionRow(
                    draft_id=draft_id,
                    version=v,
                    section_id=f"s{i + 1}",
                    position=i,
                    title=heading,
                    text=body,
                )
            )
    return draft_id


def add_comment(session: Session, draft_id: str, text: str, **more: Any) -> str:
    comment_id = f"{draft_id}-c-{uuid.uuid4().hex[:6]}"
    session.add(
        CommentRow(
            id=comment_id,
            draft_id=draft_id,
            round_number=1,
            participant_id="DE",
            kind="section",
            section_id="s1",
            text=text,
            **more,
        )
    )
    return comment_id


@pytest.fixture
def db(sessions: sessionmaker[Session]) -> Any:
    with sessions.begin() as session:
        yield session


def kinds_of(page: fts.SearchPage) -> list[str]:
    return [h.kind for h in page.hits]


def test_a_section_that_repeats_the_term_ranks_above_a_passing_mention(db: Session) -> None:
    w = word()
    passing = add_draft(db, "Border management", [("Scope", f"Among other things, {w}.")])
    strong = add_draft(
        db,
        "Labour migration",
        [("Principles", f"{w} first. The {w} rules: {w} and again {w}, the {w} way.")],
    )
    titled = add_draft(db, f"Guidelines on {w}", [("Intro", "Nothing here.")])
    db.flush()
    page = fts.search(db, SEC, w)
    ids = [h.draft_id for h in page.hits]
    assert page.total == 3
    assert ids.index(strong) < ids.index(passing)
    assert ids.index(titled) < ids.index(passing)  # a title counts more than a body
    section = next(h for h in page.hits if h.draft_id == strong)
    assert section.kind == "section" and section.url == f"/drafts/{strong}#section-s1"
    assert section.heading == "1. Principles" and section.version == 1


def test_the_passage_is_highlighted_and_nothing_stored_is_markup(db: Session) -> None:
    w = word()
    draft = add_draft(
        db,
        "Hostile <b>title</b>",
        [("<i>Scope</i>", f'<script>alert("x")</script> {w} & <img src=x onerror=alert(1)>')],
    )
    db.flush()
    (hit,) = fts.search(db, SEC, w).hits
    assert f"<mark>{w}</mark>" in hit.passage_html
    assert "<script" not in hit.passage_html and "<img" not in hit.passage_html
    assert "&amp;" in hit.passage_html and "&lt;img" in hit.passage_html
    assert "<i>" not in hit.heading_html and "&lt;i&gt;" in hit.heading_html
    assert "<img src=x" in hit.passage  # plain text, for JSON
    # and searching for the markup itself finds it, escaped
    found = fts.search(db, SEC, f"<script> {w}").hits
    assert [h.draft_id for h in found] == [draft]
    assert "<mark>script</mark>" in found[0].passage_html
    assert "<mark>script</mark>&gt;" in found[0].passage_html
    assert "&lt;/" in found[0].passage_html


def test_marked_closes_every_mark_and_escapes_the_rest() -> None:
    assert str(fts.marked("a \x02<b>\x03 c")) == "a <mark>&lt;b&gt;</mark> c"
    assert str(fts.marked("\x03x\x02y\x02z")) == "x<mark>yz</mark>"
    assert str(fts.marked(None)) == ""


def test_english_words_are_stemmed(db: Session) -> None:
    w = word()
    draft = add_draft(db, "Readmission", [("Advice", f"One recommendation on {w}.")])
    db.flush()
    assert [h.draft_id for h in fts.search(db, SEC, f"recommendations {w}").hits] == [draft]
    assert [h.draft_id for h in fts.search(db, SEC, f"Recommending {w}").hits] == [draft]


def test_russian_words_are_found_in_their_other_forms(db: Session) -> None:
    w = word()
    draft = add_draft(db, "Миграционный профиль", [("Обзор", f"Миграционная политика {w}.")])
    db.flush()
    for query in (f"миграционной {w}", f"миграционная {w}", f"МИГРАЦИОННУЮ {w}"):
        hits = fts.search(db, SEC, query).hits
        assert [h.draft_id for h in hits] == [draft], query
        assert "<mark>Миграционная</mark>" in hits[0].passage_html
    assert fts.search(db, SEC, f"политики {w}").total == 1


def test_a_drafting_state_finds_only_its_own_drafts_and_comments(db: Session) -> None:
    w = word()
    own = add_draft(db, "Own", [("A", f"{w} own text")], lead="UA")
    co = add_draft(db, "Co-led", [("A", f"{w} co-led text")], lead="TR", co_leads="KZ,UA")
    near = add_draft(db, "Near", [("A", f"{w} near text")], lead="TR", co_leads="UAX")
    other = add_draft(db, "Other", [("A", f"{w} other text")], lead="RS")
    db.flush()
    comment = add_comment(db, other, f"A comment on {w}", proposed_text=f"Better {w}")
    db.add(DispositionRow(comment_id=comment, disposition="accepted", justification=f"{w} ok"))
    db.add(
        DecisionRow(
            draft_id=other,
            source_id="som-x",
            route="meeting",
            decision="endorsed",
            decided_at=NOW,
            notes=f"{w} noted",
        )
    )
    meeting = f"som-{uuid.uuid4().hex[:8]}"
    db.add(Meeting(id=meeting, kind="som", title=f"SOM on {w}", place="Kyiv", starts_at=NOW))
    db.flush()

    def drafts(principal: Principal) -> set[str | None]:
        return {h.draft_id for h in fts.search(db, principal, w, limit=50).hits}

    assert drafts(UA) == {own, co, None}  # the meeting: every signed-in user sees meetings
    assert drafts(RS) == {other, None}
    for everyone in (SEC, OBS, Principal(Role.DRAFTING_STATE, None)):
        assert drafts(everyone) == {own, co, near, other, None}
    assert sorted(kinds_of(fts.search(db, SEC, w, kinds=["comment", "disposition"]))) == [
        "comment",
        "disposition",
    ]
    found = {h.kind: h for h in fts.search(db, RS, w, limit=50).hits}
    assert found["comment"].url == f"/drafts/{other}#comment-{comment}"
    assert found["decision"].url == "/meetings/som-x"
    assert found["meeting"].url == f"/meetings/{meeting}"
    assert "Better" in fts.search(db, RS, f"better {w}").hits[0].passage  # the proposed text


def test_every_version_is_searched_and_a_section_is_one_result(db: Session) -> None:
    w = word()
    draft = add_draft(db, "Versions", [("A", f"{w} same text")], versions=3)
    db.flush()
    page = fts.search(db, SEC, w)
    assert page.total == 1 and page.hits[0].version == 3
    # an old version's words are found too, in the version that has them
    old = word()
    db.execute(
        update(SectionRow)
        .where(SectionRow.draft_id == draft, SectionRow.version == 1)
        .values(text=f"{old} was here")
    )
    (hit,) = fts.search(db, SEC, old).hits
    assert hit.version == 1
    assert fts.search(db, SEC, w).hits[0].version == 3
    # the index follows updates and deletes
    db.execute(delete(SectionRow).where(SectionRow.draft_id == draft))
    assert fts.search(db, SEC, w).total == 0
    db.execute(update(Draft).where(Draft.id == draft).values(title=f"Renamed {w}"))
    assert kinds_of(fts.search(db, SEC, w)) == ["draft"]


def test_pages_of_results(db: Session) -> None:
    w = word()
    for i in range(7):
        add_draft(db, f"Draft {i}", [("A", f"{w} " * (i + 1))])
    db.flush()
    first = fts.search(db, SEC, w, limit=3)
    second = fts.search(db, SEC, w, limit=3, offset=3)
    last = fts.search(db, SEC, w, limit=3, offset=6)
    assert first.total == 7 and not first.more
    assert len(first.hits) == len(second.hits) == 3 and len(last.hits) == 1
    assert not {h.draft_id for h in first.hits} & {h.draft_id for h in second.hits}
    assert fts.search(db, SEC, w, limit=3, offset=900).hits == []


HOSTILE = [
    '"',
    '"""',
    "'",
    "-",
    "*",
    "NEAR",
    "NEAR(a b)",
    "a NEAR/2 b",
    "foo*",
    "^start",
    "col:value",
    "title: x",
    "(a OR b) AND NOT c",
    "a -b",
    "a & b | !c",
    "x:*",
    "'; DROP TABLE drafts; --",
    "\\",
    "%_%",
    "{body}: x",
    "AND",
    "OR OR OR",
    "the",
    "и",
    "a" * 200,
    "💥 emoji",
    "ﬁ ligature",
    "ǅ",
    "\u0301",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_any_text_typed_is_a_search_or_nothing_to_search_for(db: Session, query: str) -> None:
    try:
        page = fts.search(db, SEC, query)
    except Invalid as e:
        assert e.status_code == 422
        return
    assert page.total >= 0


@pytest.mark.parametrize("query", ["", "   ", "?!", "-- ** \"\" ''", "(*)", "a" * 201])
def test_no_word_at_all_is_nothing_to_search_for(db: Session, query: str) -> None:
    with pytest.raises(Invalid):
        fts.search(db, SEC, query)


def test_an_unknown_kind_is_refused(db: Session) -> None:
    with pytest.raises(Invalid):
        fts.search(db, SEC, "migration", kinds=["secrets"])


def test_reindex_makes_the_index_again(db: Session) -> None:
    w = word()
    draft = add_draft(db, "Reindexed", [("A", f"{w} text")])
    db.flush()
    assert fts.reindex(db) >= 0
    assert [h.draft_id for h in fts.search(db, SEC, w).hits] == [draft]
