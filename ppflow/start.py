"""What needs me: each role's start page, read from the read model.

- A drafting state (only the drafts it leads or co-leads): comments waiting for its disposition,
  its open rounds, drafts ready to send for endorsement, drafts withdrawn or decided lately.
- The Secretariat: comment rounds closing within a week with who has not answered, drafts
  waiting for a meeting's (or a written procedure's) decision, failed mail, meetings whose
  agenda goes out soon.
- An observer: what changed lately on the drafts, texts endorsed lately.

"Ready to send for endorsement": a draft in drafting or revision, with no open round, at least
one closed comment round, and every comment it received resolved (a disposition each).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from models.db import (
    AgendaItemRow,
    CommentRow,
    DecisionRow,
    DispositionRow,
    Draft,
    Event,
    Invitation,
    Meeting,
    Notice,
    Round,
)
from models.domain import Decision, Phase, Route
from ppflow.accounts import Principal, Role

COMMENT_ROUND = "comment_round"
WEEK = timedelta(days=7)
RECENT = timedelta(days=30)  # "lately": withdrawn / decided / endorsed / failed mail
AGENDA_SOON = timedelta(days=21)  # meetings starting within three weeks, agenda not yet out
AGENDA_BEFORE = timedelta(days=7)  # the agenda's default lead time (models.api.MeetingCreate)
_ROUND = re.compile(r"\b[Rr]ound (\d+)\b")
CLOSED_PHASES = (Phase.FINAL.value, Phase.REJECTED.value, Phase.WITHDRAWN.value)


@dataclass
class WaitingComments:
    draft: Draft
    count: int


@dataclass
class RoundLine:
    draft: Draft
    round: Round
    missing: list[str] = field(default_factory=list)  # participant ids that have not answered

    @property
    def days_left(self) -> int:
        return (self.round.deadline - datetime.now(UTC)).days


@dataclass
class Finished:
    draft: Draft
    decision: DecisionRow | None


@dataclass
class WaitingDecision:
    draft: Draft
    meeting: Meeting | None  # None: a written procedure (its round below) or not yet placed
    procedure: Round | None


@dataclass
class FailedMail:
    count: int
    latest: list[Notice]


@dataclass
class MeetingLine:
    meeting: Meeting
    items: int

    @property
    def agenda_due(self) -> datetime:
        return self.meeting.starts_at - AGENDA_BEFORE


@dataclass
class Change:
    event: Event
    draft: Draft
    text: str = ""  # the line in the reader's language (the page words it)
    who: str = ""


@dataclass
class DraftingStart:
    waiting: list[WaitingComments]
    rounds: list[RoundLine]
    ready: list[Draft]
    finished: list[Finished]

    @property
    def empty(self) -> bool:
        return not (self.waiting or self.rounds or self.ready or self.finished)


@dataclass
class SecretariatStart:
    rounds: list[RoundLine]
    decisions: list[WaitingDecision]
    failed: FailedMail
    meetings: list[MeetingLine]

    @property
    def empty(self) -> bool:
        return not (self.rounds or self.decisions or self.failed.count or self.meetings)


@dataclass
class ObserverStart:
    changes: list[Change]
    endorsed: list[Finished]

    @property
    def empty(self) -> bool:
        return not (self.changes or self.endorsed)


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _mine(stmt: Select, principal: Principal) -> Select:  # type: ignore[type-arg]
    """Narrow a query over drafts to a drafting state's own (leads or co-leads); the exact
    check is `principal.owns` on each row (a comma list's LIKE can match too much)."""
    if principal.role == Role.DRAFTING_STATE and principal.participant_id:
        me = principal.participant_id
        stmt = stmt.where(or_(Draft.lead_state == me, Draft.co_lead_states.contains(me)))
    return stmt


def _owns(principal: Principal, draft: Draft) -> bool:
    co_leads = [s for s in draft.co_lead_states.split(",") if s]
    return principal.owns(draft.lead_state, co_leads)


def _missing(session: Session, round_ids: list[str]) -> dict[str, list[str]]:
    missing: dict[str, list[str]] = defaultdict(list)
    if round_ids:
        rows = session.execute(
            select(Invitation.round_id, Invitation.participant_id)
            .where(Invitation.round_id.in_(round_ids), Invitation.answered.is_(False))
            .order_by(Invitation.participant_id)
        )
        for round_id, participant in rows:
            missing[round_id].append(participant)
    return missing


def _open_rounds(
    session: Session, principal: Principal, until: datetime | None = None
) -> list[RoundLine]:
    stmt = _mine(
        select(Draft, Round)
        .join(Round, Round.draft_id == Draft.id)
        .where(Round.closed_at.is_(None), Round.kind == COMMENT_ROUND),
        principal,
    )
    if until is not None:
        stmt = stmt.where(Round.deadline <= until)
    lines = [
        RoundLine(d, r)
        for d, r in session.execute(stmt.order_by(Round.deadline, Draft.id).limit(100))
        if _owns(principal, d)
    ]
    missing = _missing(session, [line.round.id for line in lines])
    for line in lines:
        line.missing = missing.get(line.round.id, [])
    return lines


def _unresolved() -> Select:  # type: ignore[type-arg]
    """Comments without a disposition: (draft id, how many)."""
    return (
        select(CommentRow.draft_id, func.count(CommentRow.id))
        .outerjoin(DispositionRow, DispositionRow.comment_id == CommentRow.id)
        .where(DispositionRow.comment_id.is_(None))
        .group_by(CommentRow.draft_id)
    )


def drafting_start(
    session: Session, principal: Principal, now: datetime | None = None
) -> DraftingStart:
    now = _now(now)
    unresolved = _mine(
        _unresolved()
        .join(Draft, Draft.id == CommentRow.draft_id)
        .where(Draft.phase.not_in(CLOSED_PHASES)),
        principal,
    )
    counts: dict[str, int] = {draft_id: n for draft_id, n in session.execute(unresolved) if n}
    waiting = sorted(
        (
            WaitingComments(d, counts[d.id])
            for d in session.scalars(select(Draft).where(Draft.id.in_(list(counts)[:200])))
            if _owns(principal, d)
        ),
        key=lambda w: (-w.count, w.draft.title),
    )
    closed_round = exists().where(
        Round.draft_id == Draft.id, Round.kind == COMMENT_ROUND, Round.closed_at.is_not(None)
    )
    candidates = _mine(
        select(Draft).where(
            Draft.phase.in_((Phase.DRAFTING.value, Phase.REVISION.value)),
            Draft.open_round_id.is_(None),
            closed_round,
        ),
        principal,
    ).order_by(Draft.updated_at.desc())
    ready = [
        d
        for d in session.scalars(candidates.limit(500))
        if d.id not in counts and _owns(principal, d)
    ][:50]
    lately = _mine(
        select(Draft).where(Draft.phase.in_(CLOSED_PHASES), Draft.updated_at >= now - RECENT),
        principal,
    ).order_by(Draft.updated_at.desc())
    finished_drafts = [d for d in session.scalars(lately.limit(50)) if _owns(principal, d)]
    return DraftingStart(
        waiting=waiting,
        rounds=_open_rounds(session, principal),
        ready=ready,
        finished=[Finished(d, _decision(session, d.id)) for d in finished_drafts[:10]],
    )


def _decision(session: Session, draft_id: str) -> DecisionRow | None:
    return session.scalars(
        select(DecisionRow)
        .where(DecisionRow.draft_id == draft_id)
        .order_by(DecisionRow.decided_at.desc())
        .limit(1)
    ).first()


def secretariat_start(session: Session, now: datetime | None = None) -> SecretariatStart:
    now = _now(now)
    everyone = Principal(Role.SECRETARIAT)
    rounds = _open_rounds(session, everyone, until=now + WEEK)

    waiting = list(
        session.scalars(
            select(Draft)
            .where(Draft.phase == Phase.ENDORSEMENT.value)
            .order_by(Draft.updated_at.desc())
            .limit(100)
        )
    )
    ids = [d.id for d in waiting]
    meetings: dict[str, Meeting] = {}
    for draft_id, meeting in session.execute(
        select(AgendaItemRow.draft_id, Meeting)
        .join(Meeting, Meeting.id == AgendaItemRow.meeting_id)
        .where(AgendaItemRow.draft_id.in_(ids), Meeting.closed_at.is_(None))
        .order_by(Meeting.starts_at)
    ):
        meetings.setdefault(draft_id, meeting)
    procedures = {
        r.draft_id: r
        for r in session.scalars(
            select(Round).where(
                Round.draft_id.in_(ids),
                Round.kind == Route.WRITTEN_PROCEDURE.value,
                Round.closed_at.is_(None),
            )
        )
    }
    decisions = [WaitingDecision(d, meetings.get(d.id), procedures.get(d.id)) for d in waiting]
    decisions.sort(
        key=lambda w: (
            w.meeting.starts_at
            if w.meeting
            else (w.procedure.deadline if w.procedure else datetime.max.replace(tzinfo=UTC))
        )
    )

    replacement = aliased(Notice)
    failed_rows = select(Notice).where(
        Notice.status == "failed",
        Notice.created_at >= now - RECENT,
        ~exists().where(replacement.fallback_for == Notice.id, replacement.status == "sent"),
    )
    failed_count = session.scalar(select(func.count()).select_from(failed_rows.subquery())) or 0
    latest = list(
        session.scalars(failed_rows.order_by(Notice.created_at.desc(), Notice.id.desc()).limit(5))
    )

    items = (
        select(AgendaItemRow.meeting_id, func.count(AgendaItemRow.id))
        .group_by(AgendaItemRow.meeting_id)
        .subquery()
    )
    soon = session.execute(
        select(Meeting, func.coalesce(items.c[1], 0))
        .outerjoin(items, items.c.meeting_id == Meeting.id)
        .where(
            and_(
                Meeting.closed_at.is_(None),
                Meeting.agenda_sent_at.is_(None),
                Meeting.starts_at >= now,
                Meeting.starts_at <= now + AGENDA_SOON,
            )
        )
        .order_by(Meeting.starts_at)
        .limit(20)
    )
    return SecretariatStart(
        rounds=rounds,
        decisions=decisions,
        failed=FailedMail(failed_count, latest),
        meetings=[MeetingLine(m, n) for m, n in soon],
    )


def observer_start(session: Session, now: datetime | None = None) -> ObserverStart:
    now = _now(now)
    changes: list[Change] = []
    said: dict[tuple[str, str, str], Change] = {}
    for e, d in session.execute(
        select(Event, Draft)
        .join(Draft, Draft.id == Event.draft_id)
        .order_by(Event.at.desc(), Event.id.desc())
        .limit(60)
    ):
        change = Change(e, d)
        if e.kind in ("round_opened", "round_closed"):  # written by the draft and the round
            key = (d.id, e.kind, str((e.details or {}).get("round") or _ROUND.findall(e.summary)))
            first = said.get(key)
            if first is not None:  # said once: by the writer that kept its parameters
                if e.details and not first.event.details:
                    first.event = e
                continue
            said[key] = change
        if len(changes) < 15:
            changes.append(change)
    endorsed = [
        Finished(d, row)
        for row, d in session.execute(
            select(DecisionRow, Draft)
            .join(Draft, Draft.id == DecisionRow.draft_id)
            .where(
                DecisionRow.decision.in_(
                    (Decision.ENDORSED.value, Decision.ENDORSED_WITH_AMENDMENTS.value)
                ),
                DecisionRow.decided_at >= now - RECENT * 3,
            )
            .order_by(DecisionRow.decided_at.desc())
            .limit(10)
        )
    ]
    return ObserverStart(changes, endorsed)
