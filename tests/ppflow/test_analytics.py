"""The participation analytics on a small known data set written as read-model rows (in 2011,
which no other test's rows reach): answer rates per participant, group and body, the median time
to answer, positions per round, the pipeline, comments per section, the time to endorsement;
each filter; the CSV; bad filters refused with a reason."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from models.analytics import Filters
from models.db import AnswerRow, CommentRow, DecisionRow, Draft, Invitation, Round, SectionRow
from models.domain import DocumentType, Language, Phase, Position, ThematicArea
from ppflow import analytics, service

PERIOD = {"from": "2011-02-01", "to": "2011-06-30"}


def at(month: int, day: int, year: int = 2011) -> datetime:
    return datetime(year, month, day, 9, tzinfo=UTC)


def _draft(db: Session, tag: str, document_type: str, area: str, started: datetime) -> str:
    draft_id = f"an-{tag}-{uuid.uuid4().hex[:8]}"
    db.add(
        Draft(
            id=draft_id,
            slug=draft_id,
            title=f"Analytics {tag} {draft_id[-8:]}",
            reference=f"PP/AN/{draft_id[-8:]}",
            document_type=document_type,
            thematic_area=area,
            lead_state="UA",
            phase=Phase.REVISION.value,
            started_at=started,
            updated_at=started,
        )
    )
    for i, title in enumerate(("Scope", "Return in dignity")):
        db.add(SectionRow(draft_id=draft_id, version=1, section_id=f"s{i + 1}", position=i,
                          title=title, text="…"))  # fmt: skip
    db.flush()
    return draft_id


def _round(
    db: Session,
    draft_id: str,
    number: int,
    opened: datetime,
    answers: dict[str, tuple[float, Position] | None],
) -> None:
    """A closed comment round: each invitee's answer (days after the opening, position) or None."""
    round_id = f"{draft_id}-round-{number}"
    db.add(Round(id=round_id, draft_id=draft_id, number=number, version=number, opened_at=opened,
                 deadline=opened + timedelta(days=14), closed_at=opened + timedelta(days=14),
                 outcome="deadline", invited_count=len(answers),
                 answered_count=sum(1 for a in answers.values() if a)))  # fmt: skip
    db.flush()
    for participant, answer in answers.items():
        db.add(Invitation(round_id=round_id, participant_id=participant, answered=bool(answer)))
        if answer:
            days, position = answer
            db.add(AnswerRow(round_id=round_id, participant_id=participant,
                             position=position.value,
                             received_at=opened + timedelta(days=days)))  # fmt: skip


def _comment(db: Session, draft_id: str, number: int, who: str, section: str | None) -> None:
    db.add(CommentRow(id=f"{draft_id}-c-{uuid.uuid4().hex[:8]}", draft_id=draft_id,
                      round_number=number, participant_id=who,
                      kind="section" if section else "general", section_id=section,
                      text="A comment."))  # fmt: skip


def known_data(db: Session, year: int = 2011) -> tuple[str, str]:
    """Guidelines A (two rounds, endorsed 58 days after its first round) and Recommendations B
    (one round, not endorsed), in `year` (no year but one per test module, so that tests that
    share a database do not count each other's rows)."""
    a = _draft(db, "a", "guidelines", "readmission_return", at(2, 1, year))
    _round(db, a, 1, at(2, 10, year), {
        "UA": (2, Position.NO_OBJECTION),
        "RS": (4, Position.COMMENTS),
        "MK": (6, Position.OBJECTION),
        "TR": None,
    })  # fmt: skip
    _round(
        db,
        a,
        2,
        at(3, 10, year),
        {"UA": (1, Position.NO_OBJECTION), "RS": (3, Position.RESERVATION)},
    )
    for number, who, section in (
        (1, "RS", "s1"),
        (1, "RS", "s1"),
        (1, "MK", None),
        (2, "RS", "s2"),
    ):
        _comment(db, a, number, who, section)
    db.add(DecisionRow(draft_id=a, source_id=f"som-{a}", route="meeting", decision="endorsed",
                       decided_at=at(4, 9, year)))  # fmt: skip
    b = _draft(db, "b", "recommendations", "legal_labour_migration", at(2, 15, year))
    _round(db, b, 1, at(3, 1, year), {"UA": None, "KZ": (10, Position.COMMENTS)})
    _comment(db, b, 1, "KZ", "s1")
    db.flush()
    return a, b


@pytest.fixture(scope="module")
def data(sessions: sessionmaker[Session]) -> tuple[str, str]:
    with sessions.begin() as db:
        return known_data(db)


def _figures(sessions: sessionmaker[Session], language: Language = Language.EN, **extra: str):  # type: ignore[no-untyped-def]
    with sessions() as db:
        filters = analytics.filters_of({**PERIOD, **extra})
        return analytics.figures(db, filters, language, now=at(7, 1))


def test_answer_rates_times_and_positions(sessions, data) -> None:  # type: ignore[no-untyped-def]
    a = _figures(sessions)
    rates = {r.id: (r.answered, r.invited) for r in a.by_participant}
    assert rates == {"UA": (2, 3), "RS": (2, 2), "MK": (1, 1), "TR": (0, 1), "KZ": (1, 1)}
    assert (a.rounds, a.drafts, a.invitations, a.answers) == (3, 2, 8, 6)
    groups = {(g.kind, g.id): (g.answered, g.invited) for g in a.by_group}
    assert groups[("group", "western_balkans")] == (3, 3)
    assert groups[("group", "eastern_partnership")] == (2, 3)
    assert groups[("group", "turkey")] == (0, 1)
    assert groups[("body", "ncp_network")] == (6, 8)  # every state is a member
    assert a.median_answer_days == 3.5  # 1 2 3 4 6 10
    times = {t.id: t.median_days for t in a.answer_times}
    assert times == {"UA": 1.5, "RS": 3.5, "MK": 6, "KZ": 10}
    first, second = a.positions
    assert first.number == 1 and first.counts == {
        Position.NO_OBJECTION: 1,
        Position.COMMENTS: 2,
        Position.RESERVATION: 0,
        Position.OBJECTION: 1,
    }
    assert second.counts[Position.RESERVATION] == 1 and second.total == 2


def test_sections_endorsement_and_pipeline(sessions, data) -> None:  # type: ignore[no-untyped-def]
    draft_a, draft_b = data
    a = _figures(sessions)
    counted = {(s.draft_id, s.section_id, s.section_title): s.comments for s in a.sections}
    assert counted == {
        (draft_a, "s1", "Scope"): 2,
        (draft_a, "s2", "Return in dignity"): 1,
        (draft_b, "s1", "Scope"): 1,
    }
    assert a.general_comments == 1
    assert [(e.draft_id, e.days) for e in a.endorsements] == [(draft_a, 58.0)]
    assert a.median_endorsement_days == 58.0 and a.endorsed_drafts == 1
    # months from February to June: the phases at each month's end
    ends = {p.day: p.counts for p in a.pipeline}
    assert [p.label for p in a.pipeline] == ["Feb 2011", "Mar 2011", "Apr 2011", "May 2011",
                                              "Jun 2011"]  # fmt: skip
    assert ends[date(2011, 2, 28)][Phase.CONSULTATION] == 0  # round 1 of A closed on the 24th
    assert ends[date(2011, 2, 28)][Phase.REVISION] == 1
    assert ends[date(2011, 2, 28)][Phase.DRAFTING] == 1  # B
    assert ends[date(2011, 3, 31)][Phase.REVISION] == 2
    assert ends[date(2011, 4, 30)][Phase.FINAL] == 1
    assert sum(ends[date(2011, 6, 30)].values()) == 2


def test_each_filter_narrows_the_figures(sessions, data) -> None:  # type: ignore[no-untyped-def]
    guidelines = _figures(sessions, type="guidelines")
    assert {r.id for r in guidelines.by_participant} == {"UA", "RS", "MK", "TR"}
    assert next(r for r in guidelines.by_participant if r.id == "UA").invited == 2
    labour = _figures(sessions, area="legal_labour_migration")
    assert [(r.id, r.answered) for r in labour.by_participant if r.answered] == [("KZ", 1)]
    assert labour.endorsements == [] and labour.median_endorsement_days is None
    march = _figures(sessions, **{"from": "2011-03-01", "to": "2011-03-31"})
    assert march.rounds == 2  # A's second round and B's round
    assert march.endorsements == []  # decided in April
    assert [p.number for p in march.positions] == [1, 2]
    nothing = _figures(sessions, **{"from": "2011-06-01"})
    assert (
        nothing.rounds == 0 and nothing.by_participant == [] and nothing.median_answer_days is None
    )


def test_bad_filters_are_refused_with_a_reason() -> None:
    for bad, reason in (
        ({"type": "novel"}, "type"),
        ({"area": "<script>"}, "area"),
        ({"from": "2011-13-01"}, "from"),
        ({"from": "2012-01-01", "to": "2011-01-01"}, "ends before it starts"),
        ({"from": "1900-01-01"}, "2009-01-01"),
        ({"colour": "red"}, "colour"),
    ):
        with pytest.raises(service.Invalid) as refused:
            analytics.filters_of(bad)
        assert reason in refused.value.message
        assert "<script>" not in refused.value.message
    assert analytics.filters_of({"type": "", "area": None}) == Filters()
    f = analytics.filters_of({"type": "guidelines", "area": "asylum_protection"})
    assert f.document_type == DocumentType.GUIDELINES
    assert f.thematic_area == ThematicArea.ASYLUM_PROTECTION
    assert f.query() == {"type": "guidelines", "area": "asylum_protection"}


def test_the_csv_holds_every_figure(sessions, data) -> None:  # type: ignore[no-untyped-def]
    a = _figures(sessions, Language.RU)
    rows = list(csv.reader(io.StringIO(analytics.to_csv(a))))
    assert rows[0] == analytics.CSV_COLUMNS
    assert ["answer_rate_participant", "UA", "Украина", "rate", "0.667"] in rows
    assert ["answer_time", "", "", "median_days", "3.50"] in rows
    assert ["positions_round", "1", "", "comments", "2"] in rows
    assert ["endorsement_time", "", "", "median_days", "58.00"] in rows
    assert {r[0] for r in rows[1:]} >= {"pipeline", "comments_section", "answer_rate_group",
                                         "answer_rate_body"}  # fmt: skip


def test_the_command_line_shows_and_exports_the_figures(  # type: ignore[no-untyped-def]
    sessions, data, database_url, tmp_path, monkeypatch
) -> None:
    from typer.testing import CliRunner

    from app.cli import app

    monkeypatch.setenv("PPFLOW_DATABASE_URL", database_url)
    runner = CliRunner()
    period = ["--from", PERIOD["from"], "--to", PERIOD["to"]]
    shown = runner.invoke(app, ["analytics", "show", *period, "--type", "guidelines"])
    assert shown.exit_code == 0, shown.output
    assert "Answer rate per participant" in shown.output and "Ukraine" in shown.output
    assert "Kazakhstan" not in shown.output  # B is recommendations
    as_json = runner.invoke(app, ["analytics", "show", *period, "--json"])
    assert '"median_answer_days": 3.5' in as_json.output
    bad = runner.invoke(app, ["analytics", "show", "--area", "moon"])
    assert bad.exit_code == 1 and "area" in bad.output and "Traceback" not in bad.output
    out_csv, out_docx = tmp_path / "f.csv", tmp_path / "a.docx"
    done = runner.invoke(app, ["analytics", "export", *period, "--csv", str(out_csv),
                               "--docx", str(out_docx), "--language", "ru"])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert ["answer_rate_participant", "UA", "Украина", "rate", "0.667"] in list(
        csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8")))
    )
    assert out_docx.read_bytes()[:2] == b"PK"
    assert runner.invoke(app, ["analytics", "export"]).exit_code == 1
