"""What the public repository takes from the read model (rows written here directly): which
drafts are public, the endorsement record of each route, the year filter, the file it serves
(the endorsed version's final text only) and superseded profile editions."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime

import pytest
from docx import Document
from sqlalchemy.orm import Session, sessionmaker

from models.db import DecisionRow, Draft, Meeting, SectionRow
from models.db_profiles import ProfileRow
from models.domain import ArtifactKind, DocumentType, Language
from ppflow import public
from ppflow.public import PublicQuery
from ppflow.service import Invalid, NotFound, parse
from word.store import store_artifact

DAY = datetime(2003, 5, 6, 10, 0, tzinfo=UTC)  # a year no other test endorses anything in


def _docx(*lines: str) -> bytes:
    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _draft(
    session: Session, phase: str, *, version: int = 1, kind: str = "guidelines", **extra: object
) -> Draft:
    key = uuid.uuid4().hex[:10]
    draft = Draft(
        id=f"draft-pub-{key}",
        slug=f"pub-{key}",
        title=f"Public test {key}",
        reference=f"PP/PUB/{key}",
        document_type=kind,
        thematic_area=extra.pop("thematic_area", "integration"),
        lead_state="PL",
        language="en",
        phase=phase,
        version=version,
        started_at=DAY,
        updated_at=DAY,
        **extra,
    )
    session.add(draft)
    session.add(
        SectionRow(
            draft_id=draft.id,
            version=version,
            section_id="s1",
            position=1,
            title="Scope",
            text=f"Endorsed words of {key}.",
        )
    )
    session.flush()
    return draft


def _decide(
    session: Session,
    draft: Draft,
    source: str,
    route: str,
    decision: str = "endorsed",
    at: datetime = DAY,
) -> None:
    session.add(
        DecisionRow(
            draft_id=draft.id, source_id=source, route=route, decision=decision, decided_at=at
        )
    )
    session.flush()


def _final(session: Session, draft: Draft, version: int, language: Language, words: str) -> None:
    store_artifact(
        session,
        _docx(words),
        ArtifactKind.FINAL_TEXT,
        f"{draft.slug}-v{version}-final-{language.value}.docx",
        draft_id=draft.id,
        version=version,
        language=language,
    )


@pytest.fixture
def db(sessions: sessionmaker[Session]):  # type: ignore[no-untyped-def]
    with sessions() as session:
        yield session
        session.rollback()


def test_only_final_and_endorsed_drafts_are_public(db: Session) -> None:
    meeting = Meeting(
        id=f"som-pub-{uuid.uuid4().hex[:8]}",
        kind="som",
        title="SOM in Vilnius",
        place="Vilnius",
        starts_at=DAY,
    )
    db.add(meeting)
    at_meeting = _draft(db, "final")
    _decide(db, at_meeting, meeting.id, "meeting")
    by_procedure = _draft(db, "final", kind="recommendations")
    _decide(
        db,
        by_procedure,
        "silence-pub-1",
        "written_procedure",
        "endorsed_with_amendments",
        at=DAY.replace(month=9),
    )
    deferred_then_final = _draft(db, "final")  # a decision that did not endorse: not public
    _decide(db, deferred_then_final, meeting.id, "meeting", "deferred")
    rejected = _draft(db, "rejected")
    _decide(db, rejected, meeting.id, "meeting", "rejected")
    endorsing_row_wrong_phase = _draft(db, "revision")  # never trusts a decision alone
    _decide(db, endorsing_row_wrong_phase, "x", "meeting")
    for phase in ("drafting", "consultation", "endorsement", "withdrawn"):
        _draft(db, phase)

    found = public.list_texts(db, PublicQuery(year=2003, per_page=100))
    ids = {t.draft_id for t in found.texts}
    assert {at_meeting.id, by_procedure.id} <= ids
    hidden = {deferred_then_final.id, rejected.id, endorsing_row_wrong_phase.id}
    assert not ids & hidden
    assert all(t.endorsement.decided_at.year == 2003 for t in found.texts)

    one = public.get_text(db, at_meeting.id)
    assert one.endorsement.meeting_title == "SOM in Vilnius"
    assert one.endorsement.meeting_place == "Vilnius"
    two = public.get_text(db, by_procedure.id)
    assert two.endorsement.route == "written_procedure"
    assert two.endorsement.procedure_id == "silence-pub-1"
    assert "closed on 2003-09-06" in public.summary(two)
    assert "письменной процедурой" in public.summary(two, Language.RU)

    for draft_id in (*hidden, "draft-nowhere"):
        with pytest.raises(NotFound) as e:
            public.get_text(db, draft_id)
        assert draft_id not in e.value.message

    recommendations = PublicQuery(year=2003, document_type=DocumentType.RECOMMENDATIONS)
    only = {t.draft_id for t in public.list_texts(db, recommendations).texts}
    assert by_procedure.id in only and at_meeting.id not in only
    assert 2003 in public.years(db)
    for bad in ({"year": 1800}, {"year": "soon"}, {"document_type": "poem"}, {"page": 0}):
        with pytest.raises(Invalid) as refused:
            parse(PublicQuery, bad)
        assert "poem" not in refused.value.message and "soon" not in refused.value.message


def test_the_file_is_the_endorsed_versions_final_text(db: Session) -> None:
    draft = _draft(db, "final", version=3)
    _decide(db, draft, "som-x", "meeting")
    _final(db, draft, 2, Language.EN, "An earlier version's final text")
    store_artifact(  # the endorsed version's internal files
        db,
        _docx("Compilation of comments"),
        ArtifactKind.COMMENT_COMPILATION,
        f"{draft.slug}-compilation.docx",
        draft_id=draft.id,
        version=3,
        language=Language.EN,
    )
    with pytest.raises(NotFound):
        public.final_document(db, draft.id, Language.EN)
    assert public.get_text(db, draft.id).languages == []
    _final(db, draft, 3, Language.EN, "The endorsed text, version 3")
    content, filename = public.final_document(db, draft.id, Language.EN)
    words = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert words == "The endorsed text, version 3" and filename.endswith("-v3-final-en.docx")
    with pytest.raises(NotFound):  # no Russian final text yet
        public.final_document(db, draft.id, Language.RU)
    shown = public.text_in(db, draft.id, Language.RU)
    assert shown.sections == []  # the page says so and offers English
    assert public.text_in(db, draft.id, Language.EN).sections[0].title == "Scope"


def test_a_superseded_profile_edition_stays_public_and_says_so(db: Session) -> None:
    country = f"Q{uuid.uuid4().hex[:6].upper()}"
    old = _draft(db, "final", kind="migration_profile", country=country, thematic_area=None)
    new = _draft(db, "final", kind="migration_profile", country=country, thematic_area=None)
    _decide(db, old, "som-a", "meeting")
    _decide(db, new, "som-b", "meeting", at=DAY.replace(month=11))
    db.add_all(
        [
            ProfileRow(
                country=country,
                edition=1,
                status="superseded",
                draft_id=old.id,
                source="draft",
                endorsed_on=date(2003, 5, 6),
            ),
            ProfileRow(
                country=country,
                edition=2,
                status="final_and_endorsed",
                draft_id=new.id,
                source="draft",
                endorsed_on=date(2003, 11, 6),
            ),
        ]
    )
    db.flush()
    first = public.get_text(db, old.id)
    assert first.edition == 1 and first.superseded_by is not None
    assert first.superseded_by.edition == 2 and first.superseded_by.draft_id == new.id
    second = public.get_text(db, new.id)
    assert second.edition == 2 and second.superseded_by is None


def test_the_feed_is_atom(db: Session) -> None:
    draft = _draft(db, "final")
    _decide(db, draft, "som-feed", "meeting", at=datetime.now(UTC))  # the newest of all
    _final(db, draft, 1, Language.EN, "Feed text")
    import feedparser  # type: ignore[import-untyped]

    parsed = feedparser.parse(public.feed(db, "https://pp.example/"))
    assert not parsed.bozo and parsed.version == "atom10"
    entry = next(e for e in parsed.entries if draft.id in e.id)
    assert entry.link == f"https://pp.example/public/texts/{draft.id}"
    assert [x.href for x in entry.links if x.rel == "enclosure"] == [
        f"https://pp.example/public/texts/{draft.id}.docx?language=en"
    ]


def test_an_action_plans_text_is_its_endorsed_compilation(db: Session) -> None:
    plan = _draft(db, "final", version=2, kind="action_plan", thematic_area=None)
    _decide(db, plan, "ministerial-x", "meeting")
    older, newer = Document(), Document()
    older.add_heading("Compilation one", 1)
    newer.add_heading("Preventing illegal migration", 1)
    newer.add_paragraph("Activity 1: joint training.")
    for number, doc in ((1, older), (2, newer)):
        out = io.BytesIO()
        doc.save(out)
        store_artifact(
            db,
            out.getvalue(),
            ArtifactKind.COMPILED_PLAN,
            f"{plan.slug}-plan-{number}.docx",
            draft_id=plan.id,
            version=number,
            language=Language.RU,
        )
    content, filename = public.final_document(db, plan.id, Language.RU)
    assert filename.endswith("-plan-2.docx")
    shown = public.text_in(db, plan.id, Language.RU)
    assert [s.title for s in shown.sections] == ["Preventing illegal migration"]
    assert "joint training" in shown.sections[0].text
