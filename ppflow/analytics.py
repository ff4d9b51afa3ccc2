"""Participation analytics: who answers the comment rounds, how fast, with which positions; the
drafts in each phase over time; the sections most commented; the time from a draft's first round
to its endorsement. Pure queries on the read model (counts aggregated in SQL, medians and the
pipeline in Python) returning pydantic models that the page, the API, the CLI, the CSV and the
annex all share."""

from __future__ import annotations

import csv
import io
import statistics
from bisect import bisect_left
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from models.analytics import (
    EARLIEST,
    PIPELINE,
    Analytics,
    AnswerTime,
    Endorsement,
    Filters,
    GroupRate,
    PipelinePoint,
    Rate,
    RoundPositions,
    SectionComments,
)
from models.db import (
    AgendaItemRow,
    AnswerRow,
    CommentRow,
    DecisionRow,
    Draft,
    Invitation,
    Participant,
    Round,
    SectionRow,
)
from models.db_governance import Body, BodyMember
from models.domain import Decision, Language, Phase, Position
from models.labels import label
from ppflow import service
from ppflow.accounts import Principal, Role

COMMENT_ROUND = "comment_round"
WRITTEN = "written_procedure"
TOP_SECTIONS = 12
MAX_DRAFT_ROWS = 200  # endorsements listed one by one (the newest); the median takes them all
ENDORSED = (Decision.ENDORSED.value, Decision.ENDORSED_WITH_AMENDMENTS.value)


def require_reader(principal: Principal) -> None:
    """The Secretariat and observers read the analytics; a drafting state sees only its own
    drafts, never everyone's participation."""
    if principal.role == Role.DRAFTING_STATE:
        raise service.Forbidden("the analytics are for the Secretariat and observers")


def filters_of(data: dict[str, Any]) -> Filters:
    """Filters from query parameters or options: empty values ignored; a bad one is `Invalid`
    with the reason (never the value)."""
    return service.parse(Filters, {k: v for k, v in data.items() if v not in (None, "")})


# ------------------------------------------------------------------ the queries


def _bounds(f: Filters) -> tuple[datetime | None, datetime | None]:
    start = datetime.combine(f.date_from, time(), UTC) if f.date_from else None
    end = datetime.combine(f.date_to + timedelta(days=1), time(), UTC) if f.date_to else None
    return start, end


def _drafts(f: Filters) -> Select[Any]:
    """The ids of the drafts the filters keep."""
    query = select(Draft.id)
    if f.document_type:
        query = query.where(Draft.document_type == f.document_type.value)
    if f.thematic_area:
        query = query.where(Draft.thematic_area == f.thematic_area.value)
    return query


def _in_period(column: Any, f: Filters) -> list[Any]:
    start, end = _bounds(f)
    return [c for c in (start and column >= start, end and column < end) if c is not None]


def _rounds_where(f: Filters) -> list[Any]:
    kept = [Round.draft_id.in_(_drafts(f))] if f.document_type or f.thematic_area else []
    return [
        Round.kind == COMMENT_ROUND,
        func.coalesce(Round.outcome, "") != "cancelled",
        *kept,
        *_in_period(Round.opened_at, f),
    ]


def _days_between(db: Session, earlier: Any, later: Any) -> Any:
    """Days from one moment to another, computed by the database (fractions included)."""
    if db.get_bind().dialect.name == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return func.extract("epoch", later - earlier) / 86400.0


def _names(db: Session, language: Language) -> dict[str, str]:
    rows = db.execute(select(Participant.id, Participant.name, Participant.name_ru))
    return {i: (ru if language == Language.RU and ru else en) for i, en, ru in rows}


def _by_participant(db: Session, f: Filters, names: dict[str, str]) -> list[Rate]:
    answered = func.sum(case((Invitation.answered, 1), else_=0))
    rows = db.execute(
        select(Invitation.participant_id, func.count(), answered)
        .join(Round, Round.id == Invitation.round_id)
        .where(*_rounds_where(f))
        .group_by(Invitation.participant_id)
    )
    rates = [Rate(id=p, name=names.get(p, p), invited=n, answered=a or 0) for p, n, a in rows]
    return sorted(rates, key=lambda r: (-r.rate, -r.invited, r.name))


def _by_group(db: Session, f: Filters, language: Language) -> list[GroupRate]:
    answered = func.sum(case((Invitation.answered, 1), else_=0))
    base = select(func.count(), answered).join(Round, Round.id == Invitation.round_id)
    groups = db.execute(
        base.add_columns(Participant.group)
        .select_from(Invitation)
        .join(Participant, Participant.id == Invitation.participant_id)
        .where(*_rounds_where(f))
        .group_by(Participant.group)
    )
    out = [
        GroupRate(kind="group", id=g, name=label(g, language), invited=n, answered=a or 0)
        for n, a, g in groups
    ]
    bodies = db.execute(
        base.add_columns(Body.id, Body.name, Body.name_ru)
        .select_from(Invitation)
        .join(BodyMember, BodyMember.participant_id == Invitation.participant_id)
        .join(Body, Body.id == BodyMember.body_id)
        .where(*_rounds_where(f), BodyMember.until.is_(None))
        .group_by(Body.id, Body.name, Body.name_ru)
    )
    out += [
        GroupRate(
            kind="body",
            id=b,
            name=ru if language == Language.RU and ru else en,
            invited=n,
            answered=a or 0,
        )
        for n, a, b, en, ru in bodies
    ]
    return sorted(out, key=lambda r: (r.kind != "group", -r.rate, r.name))


def _days(a: datetime, b: datetime) -> float:
    return (b - a).total_seconds() / 86400


def _answer_times(
    db: Session, f: Filters, names: dict[str, str]
) -> tuple[float | None, list[AnswerTime]]:
    rows = db.execute(
        select(AnswerRow.participant_id, _days_between(db, Round.opened_at, AnswerRow.received_at))
        .join(Round, Round.id == AnswerRow.round_id)
        .where(*_rounds_where(f))
    )
    per: dict[str, list[float]] = defaultdict(list)
    for participant, days in rows:
        per[participant].append(max(0.0, float(days or 0)))
    every = [d for days in per.values() for d in days]
    times = [
        AnswerTime(id=p, name=names.get(p, p), answers=len(d), median_days=statistics.median(d))
        for p, d in per.items()
    ]
    times.sort(key=lambda t: (t.median_days, t.name))
    return (statistics.median(every) if every else None), times


def _positions(db: Session, f: Filters) -> list[RoundPositions]:
    rows = db.execute(
        select(Round.number, AnswerRow.position, func.count())
        .join(Round, Round.id == AnswerRow.round_id)
        .where(*_rounds_where(f))
        .group_by(Round.number, AnswerRow.position)
    )
    per: dict[int, dict[Position, int]] = {}
    for number, position, n in rows:
        counts = per.setdefault(number, {p: 0 for p in Position})
        if position in Position._value2member_map_:
            counts[Position(position)] += n
    return [RoundPositions(number=k, counts=v) for k, v in sorted(per.items())]


def _sections(db: Session, f: Filters) -> tuple[list[SectionComments], int]:
    joined = (
        select(CommentRow.draft_id, CommentRow.section_id, func.count().label("n"))
        .join(
            Round,
            and_(
                Round.draft_id == CommentRow.draft_id,
                Round.number == CommentRow.round_number,
            ),
        )
        .where(*_rounds_where(f))
    )
    general = db.scalar(
        select(func.count())
        .select_from(CommentRow)
        .join(
            Round,
            and_(Round.draft_id == CommentRow.draft_id, Round.number == CommentRow.round_number),
        )
        .where(*_rounds_where(f), CommentRow.section_id.is_(None))
    )
    top = db.execute(
        joined.where(CommentRow.section_id.is_not(None))
        .group_by(CommentRow.draft_id, CommentRow.section_id)
        .order_by(func.count().desc(), CommentRow.draft_id, CommentRow.section_id)
        .limit(TOP_SECTIONS)
    ).all()
    draft_ids = {d for d, _, _ in top}
    titles = dict(db.execute(select(Draft.id, Draft.title).where(Draft.id.in_(draft_ids))).all())
    section_titles: dict[tuple[str, str | None], str] = {}
    for d, s, t in db.execute(
        select(SectionRow.draft_id, SectionRow.section_id, SectionRow.title)
        .where(SectionRow.draft_id.in_(draft_ids))
        .order_by(SectionRow.version)
    ):
        section_titles[(d, s)] = t  # the newest version's title wins
    sections = [
        SectionComments(
            draft_id=d,
            draft_title=titles.get(d, d),
            section_id=s or "",
            section_title=section_titles.get((d, s), s or ""),
            comments=n,
        )
        for d, s, n in top
    ]
    return sections, general or 0


def _endorsements(db: Session, f: Filters) -> tuple[list[Endorsement], int, float | None]:
    first_round = (
        select(Round.draft_id, func.min(Round.opened_at).label("first"))
        .where(Round.kind == COMMENT_ROUND)
        .group_by(Round.draft_id)
        .subquery()
    )
    endorsed = (
        select(DecisionRow.draft_id, func.min(DecisionRow.decided_at).label("at"))
        .where(DecisionRow.decision.in_(ENDORSED))
        .group_by(DecisionRow.draft_id)
        .subquery()
    )
    rows = db.execute(
        select(Draft.id, Draft.title, first_round.c.first, endorsed.c.at)
        .join(first_round, first_round.c.draft_id == Draft.id)
        .join(endorsed, endorsed.c.draft_id == Draft.id)
        .where(Draft.id.in_(_drafts(f)), *_in_period(endorsed.c.at, f))
        .order_by(endorsed.c.at.desc())
    ).all()
    found = [
        Endorsement(
            draft_id=d,
            title=t,
            first_round=_aware(a),
            endorsed_at=_aware(b),
            days=max(0.0, _days(_aware(a), _aware(b))),
        )
        for d, t, a, b in rows
    ]
    median = statistics.median([e.days for e in found]) if found else None
    return found[:MAX_DRAFT_ROWS], len(found), median


def _aware(moment: datetime) -> datetime:
    """An aggregate (min) comes back without the column type: naive on SQLite, as text there too
    on some drivers."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# ------------------------------------------------------------------ the pipeline


def _steps(start: date, end: date) -> tuple[str, list[date]]:
    """The last days of the steps from `start` to `end`: days, weeks, months, quarters or years,
    the finest that gives few enough steps to read."""
    span = (end - start).days
    if span <= 31:
        return "day", [start + timedelta(days=i) for i in range(span + 1)]
    if span <= 13 * 7:
        return "week", [min(end, start + timedelta(days=7 * i + 6)) for i in range(span // 7 + 1)]
    for months, step in ((1, "month"), (3, "quarter"), (12, "year")):
        first = date(start.year, 1 + (start.month - 1) // months * months, 1)
        days = []
        while first <= end:
            nxt = _add_months(first, months)
            days.append(min(end, nxt - timedelta(days=1)))
            first = nxt
        if len(days) <= 24 or step == "year":
            return step, days[-30:]
    raise AssertionError("unreachable")


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def _step_label(day: date, step: str, language: Language) -> str:
    if step in ("day", "week"):
        return day.strftime("%d.%m") if language == Language.RU else day.strftime("%d %b")
    if step == "month":
        return day.strftime("%m.%Y") if language == Language.RU else day.strftime("%b %Y")
    if step == "quarter":
        return f"{(day.month - 1) // 3 + 1}Q {day.year}"
    return str(day.year)


def _pipeline(db: Session, f: Filters, language: Language, now: datetime) -> list[PipelinePoint]:
    """How many drafts were in each phase at the end of each step of the period, rebuilt from the
    dates the read model keeps: started (drafting), a round opened (consultation) and closed
    (revision), endorsement asked (a written procedure or a meeting's agenda), the decision
    (final, back to revision, rejected); withdrawn drafts leave the pipeline."""
    kept = _drafts(f)
    changes: dict[str, list[tuple[datetime, Phase | None]]] = defaultdict(list)
    for d, started, now_in, updated in db.execute(
        select(Draft.id, Draft.started_at, Draft.phase, Draft.updated_at).where(Draft.id.in_(kept))
    ):
        changes[d].append((started, Phase.DRAFTING))
        if now_in == Phase.WITHDRAWN.value:
            changes[d].append((updated, None))
    for d, kind, opened, closed in db.execute(
        select(Round.draft_id, Round.kind, Round.opened_at, Round.closed_at).where(
            Round.draft_id.in_(kept)
        )
    ):
        if kind == COMMENT_ROUND:
            changes[d].append((opened, Phase.CONSULTATION))
            if closed:
                changes[d].append((closed, Phase.REVISION))
        else:
            changes[d].append((opened, Phase.ENDORSEMENT))
    for d, at in db.execute(
        select(AgendaItemRow.draft_id, AgendaItemRow.requested_at).where(
            AgendaItemRow.draft_id.in_(kept)
        )
    ):
        changes[d].append((at, Phase.ENDORSEMENT))
    outcome = {
        Decision.ENDORSED.value: Phase.FINAL,
        Decision.ENDORSED_WITH_AMENDMENTS.value: Phase.FINAL,
        Decision.DEFERRED.value: Phase.REVISION,
        Decision.REJECTED.value: None,
    }
    for d, decision, at in db.execute(
        select(DecisionRow.draft_id, DecisionRow.decision, DecisionRow.decided_at).where(
            DecisionRow.draft_id.in_(kept)
        )
    ):
        changes[d].append((at, outcome.get(decision)))
    if not changes:
        return []
    starts = [min(c[0] for c in v) for v in changes.values()]
    first = f.date_from or max(EARLIEST, min(starts).date())
    last = f.date_to or now.date()
    if last < first:
        return []
    step, days = _steps(first, last)
    timelines = [sorted(v, key=lambda c: c[0]) for v in changes.values()]
    moments = [[at for at, _ in timeline] for timeline in timelines]
    points = []
    for day in days:
        edge = datetime.combine(day + timedelta(days=1), time(), UTC)
        counts = {p: 0 for p in PIPELINE}
        for timeline, times in zip(timelines, moments, strict=True):
            index = bisect_left(times, edge) - 1  # the last change before the step's end
            current = timeline[index][1] if index >= 0 else None
            if current is not None:
                counts[current] += 1
        points.append(PipelinePoint(day=day, label=_step_label(day, step, language), counts=counts))
    return points


# ------------------------------------------------------------------ together


def figures(
    db: Session, f: Filters, language: Language = Language.EN, now: datetime | None = None
) -> Analytics:
    """Every figure for the filters, names and labels in `language`."""
    now = now or datetime.now(UTC)
    names = _names(db, language)
    by_participant = _by_participant(db, f, names)
    median, times = _answer_times(db, f, names)
    sections, general = _sections(db, f)
    endorsements, endorsed, median_endorsement = _endorsements(db, f)
    rounds_where = _rounds_where(f)
    rounds, drafts = db.execute(
        select(func.count(), func.count(func.distinct(Round.draft_id))).where(*rounds_where)
    ).one()
    return Analytics(
        filters=f,
        language=language,
        generated_at=now,
        drafts=drafts,
        rounds=rounds,
        invitations=sum(r.invited for r in by_participant),
        answers=sum(r.answered for r in by_participant),
        by_participant=by_participant,
        by_group=_by_group(db, f, language),
        median_answer_days=median,
        answer_times=times,
        positions=_positions(db, f),
        pipeline=_pipeline(db, f, language, now),
        sections=sections,
        general_comments=general,
        endorsements=endorsements,
        endorsed_drafts=endorsed,
        median_endorsement_days=median_endorsement,
    )


# ------------------------------------------------------------------ CSV

CSV_COLUMNS = ["figure", "key", "name", "measure", "value"]


def csv_rows(a: Analytics) -> list[list[str]]:
    """Every figure as one long table: figure, key, name, measure, value."""
    rows: list[list[str]] = []
    for r in a.by_participant:
        rows += [
            ["answer_rate_participant", r.id, r.name, "invited", str(r.invited)],
            ["answer_rate_participant", r.id, r.name, "answered", str(r.answered)],
            ["answer_rate_participant", r.id, r.name, "rate", f"{r.rate:.3f}"],
        ]
    for g in a.by_group:
        rows += [
            [f"answer_rate_{g.kind}", g.id, g.name, "invited", str(g.invited)],
            [f"answer_rate_{g.kind}", g.id, g.name, "answered", str(g.answered)],
            [f"answer_rate_{g.kind}", g.id, g.name, "rate", f"{g.rate:.3f}"],
        ]
    if a.median_answer_days is not None:
        rows.append(["answer_time", "", "", "median_days", f"{a.median_answer_days:.2f}"])
    for t in a.answer_times:
        rows.append(
            ["answer_time_participant", t.id, t.name, "median_days", f"{t.median_days:.2f}"]
        )
    for p in a.positions:
        rows += [
            ["positions_round", str(p.number), "", pos.value, str(n)] for pos, n in p.counts.items()
        ]
    for point in a.pipeline:
        rows += [
            ["pipeline", point.day.isoformat(), point.label, ph.value, str(n)]
            for ph, n in point.counts.items()
        ]
    rows.append(["comments_section", "", "", "general", str(a.general_comments)])
    for s in a.sections:
        key = f"{s.draft_id}/{s.section_id}"
        rows.append(["comments_section", key, f"{s.draft_title}: {s.section_title}", "comments",
                     str(s.comments)])  # fmt: skip
    if a.median_endorsement_days is not None:
        rows.append(["endorsement_time", "", "", "median_days", f"{a.median_endorsement_days:.2f}"])
    for e in a.endorsements:
        rows.append(["endorsement_time_draft", e.draft_id, e.title, "days", f"{e.days:.2f}"])
    return [[_defused(c) for c in row] for row in rows]


def _defused(cell: str) -> str:
    """A cell a spreadsheet would read as a formula gets a leading apostrophe."""
    return (
        "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _number(cell) else cell
    )


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def to_csv(a: Analytics) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(a))
    return out.getvalue()
