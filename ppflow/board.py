"""What the Secretariat's pages show, from the read model: the dashboard of drafts (filters,
search, sort, pages), the endorsement status board and the migration-profile board by country."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from models.base import Section
from models.contracts.comment_round import RoundStatus
from models.contracts.draft import DraftComment, DraftState, RoundSummary
from models.db import AgendaItemRow, DecisionRow, Draft, Meeting, Round
from models.domain import CommentKind, DocumentType, Phase, ThematicArea
from ppflow.accounts import Principal, Role
from ppflow.profiles import ProfileBoard, profile_board  # noqa: F401 - the board's profiles
from word.kinds import register_grid

SORTS = {
    "updated": Draft.updated_at,
    "title": Draft.title,
    "type": Draft.document_type,
    "lead": Draft.lead_state,
    "phase": Draft.phase,
    "version": Draft.version,
    "deadline": Draft.deadline,
}


class DashboardQuery(BaseModel):
    """The dashboard's filters as a user sets them in the page's form (all optional)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    q: str = Field(default="", max_length=200)
    document_type: DocumentType | None = None
    thematic_area: ThematicArea | None = None
    lead_state: str | None = Field(default=None, max_length=40)
    phase: Phase | None = None
    sort: Literal["updated", "title", "type", "lead", "phase", "version", "deadline"] = "updated"
    order: Literal["asc", "desc"] = "desc"
    page: int = Field(default=1, ge=1, le=100_000)
    per_page: int = Field(default=25, ge=5, le=200)


@dataclass
class DashboardRow:
    draft: Draft
    answered: int | None
    invited: int | None
    days_left: int | None
    next_meeting: Meeting | None


def _filtered(query: DashboardQuery, principal: Principal) -> Select[tuple[Draft]]:
    stmt = select(Draft)
    if principal.role == Role.DRAFTING_STATE and principal.participant_id:
        me = principal.participant_id
        stmt = stmt.where(
            or_(Draft.lead_state == me, Draft.co_lead_states.contains(me))  # own drafts only
        )
    for column, value in (
        (Draft.document_type, query.document_type),
        (Draft.thematic_area, query.thematic_area),
        (Draft.lead_state, query.lead_state),
        (Draft.phase, query.phase),
    ):
        if value:
            stmt = stmt.where(column == str(value))
    if query.q:
        like = f"%{query.q.lower()}%"
        stmt = stmt.where(
            or_(func.lower(Draft.title).like(like), func.lower(Draft.reference).like(like))
        )
    return stmt


def dashboard(
    session: Session, query: DashboardQuery, principal: Principal
) -> tuple[int, list[DashboardRow]]:
    """One page of drafts and the total; the page's rounds and meetings in two more queries."""
    stmt = _filtered(query, principal)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    column = SORTS[query.sort]
    ordered = column.asc() if query.order == "asc" else column.desc()
    drafts = list(
        session.scalars(
            stmt.order_by(ordered.nulls_last(), Draft.id)
            .limit(query.per_page)
            .offset((query.page - 1) * query.per_page)
        )
    )
    round_ids = [d.open_round_id for d in drafts if d.open_round_id]
    rounds = {r.id: r for r in session.scalars(select(Round).where(Round.id.in_(round_ids)))}
    meetings: dict[str, Meeting] = {}
    ids = [d.id for d in drafts]
    upcoming = session.execute(
        select(AgendaItemRow.draft_id, Meeting)
        .join(Meeting, Meeting.id == AgendaItemRow.meeting_id)
        .where(AgendaItemRow.draft_id.in_(ids), Meeting.closed_at.is_(None))
        .order_by(Meeting.starts_at)
    )
    for draft_id, meeting in upcoming:
        meetings.setdefault(draft_id, meeting)
    now = datetime.now(UTC)
    rows = []
    for d in drafts:
        r = rounds.get(d.open_round_id or "")
        days = (d.deadline - now).days if d.deadline else None
        rows.append(
            DashboardRow(
                d,
                r.answered_count if r else None,
                r.invited_count if r else None,
                days,
                meetings.get(d.id),
            )
        )
    return total, rows


@dataclass
class BoardEntry:
    draft: Draft
    decision: DecisionRow | None


def status_board(session: Session) -> list[BoardEntry]:
    """Every document with its status and, once decided, the decision."""
    drafts = list(session.scalars(select(Draft).order_by(Draft.document_type, Draft.title)))
    decisions: dict[str, DecisionRow] = {}
    for row in session.scalars(select(DecisionRow).order_by(DecisionRow.decided_at)):
        decisions[row.draft_id] = row
    return [BoardEntry(d, decisions.get(d.id)) for d in drafts]


@dataclass
class RoundsView:
    """A draft's rounds as every part of its page shows them: one source for the header, the
    rounds table and the register (the open round's answers come from the round itself)."""

    rounds: list[RoundSummary]
    last: RoundSummary | None
    sections: list[Section]  # the last round's version's sections (the register's columns)
    grid: list[tuple[str, list[str]]]


def rounds_view(state: DraftState, live: RoundStatus | None) -> RoundsView:
    rounds = list(state.rounds)
    comments = list(state.comments)
    if live is not None:
        rounds = [
            r.model_copy(update={"positions": {a.participant_id: a.position for a in live.answers}})
            if r.round_id == live.round_id
            else r
            for r in rounds
        ]
        comments += [
            DraftComment(
                comment_id=f"{live.round_id}-{a.participant_id}-{i}",
                round_number=live.number,
                participant_id=a.participant_id,
                kind=CommentKind.SECTION if c.section_id else CommentKind.GENERAL,
                section_id=c.section_id,
                text=c.text,
                position=a.position,
            )
            for a in live.answers
            for i, c in enumerate(a.comments, start=1)
        ]
    last = rounds[-1] if rounds else None
    if last is None:
        return RoundsView(rounds, None, [], [])
    sections = next(
        (v.sections for v in state.versions if v.number == last.version), state.current_sections
    )
    mine = [c for c in comments if c.round_number == last.number]
    return RoundsView(rounds, last, sections, register_grid(last, mine, sections))
