"""What a draft's commands must meet before anything enters history (the update validators),
as plain functions over `DraftState`: no Temporal, no I/O."""

from __future__ import annotations

from datetime import datetime

from models.api import CommentResolutions, MissionRequest, RevisionSubmit, TranslationSubmit
from models.contracts.comment_round import RoundStart
from models.contracts.draft import DraftState, EndorsementStart
from models.domain import Phase, Position, RoundOutcome, Route
from workflows.draft_state import OPEN_FOR_CHANGE, unresolved


def require_phase(state: DraftState, allowed: tuple[Phase, ...], action: str) -> None:
    if state.phase not in allowed:
        if state.phase == Phase.CONSULTATION:
            raise ValueError(f"cannot {action} while comment round {len(state.rounds)} is open")
        raise ValueError(f"cannot {action}: the draft is in {state.phase.value}")


def check_round(state: DraftState, request: RoundStart, now: datetime) -> None:
    require_phase(state, OPEN_FOR_CHANGE, "open a comment round")
    if request.deadline <= now:
        raise ValueError("the deadline must be in the future")
    if not request.invitees:
        raise ValueError("invite at least one participant")


def check_resolutions(state: DraftState, request: CommentResolutions) -> None:
    require_phase(state, OPEN_FOR_CHANGE, "resolve comments")
    known = {c.comment_id for c in state.comments}
    unknown = [r.comment_id for r in request.resolutions if r.comment_id not in known]
    if unknown:
        raise ValueError(f"no such comment: {', '.join(unknown[:10])}")


def check_revision(state: DraftState, request: RevisionSubmit) -> None:
    require_phase(state, OPEN_FOR_CHANGE, "submit a revision")
    if request.base_version is not None and request.base_version != state.version:
        raise ValueError(
            f"version {state.version} was submitted meanwhile: this text was edited from "
            f"version {request.base_version}; look at version {state.version} and submit again"
        )
    known = {s.id for v in state.versions for s in v.sections}
    given = [s.id for s in request.sections if s.id]
    unknown = sorted(set(given) - known)
    if unknown:
        raise ValueError(
            f"no such section id: {', '.join(unknown)} (leave id empty for a new section)"
        )
    if len(given) != len(set(given)):
        raise ValueError("a section id appears twice")


def check_translation(state: DraftState, request: TranslationSubmit) -> None:
    if state.phase.is_closed:
        raise ValueError(f"cannot translate: the draft is {state.phase.value}")
    if request.language == state.meta.language:
        raise ValueError(
            f"the draft is written in {request.language.value}: "
            "a translation is into another language"
        )
    current = {s.id for s in state.current_sections}
    given = [s.id for s in request.sections]
    if not all(given):
        raise ValueError("each translated section needs the id of the section it translates")
    unknown = sorted({g for g in given if g} - current)
    if unknown:
        raise ValueError(f"no such section in version {state.version}: {', '.join(unknown)}")
    if len(given) != len(set(given)):
        raise ValueError("a section id appears twice")


def standing_objections(state: DraftState) -> list[str]:
    """Who objected in the last round that closed with answers: their objection stands until
    a later round records another position."""
    closed = [r for r in state.rounds if not r.open and r.outcome != RoundOutcome.CANCELLED]
    if not closed:
        return []
    return sorted(p for p, pos in closed[-1].positions.items() if pos == Position.OBJECTION)


def check_endorsement(
    state: DraftState, request: EndorsementStart, now: datetime, objections: bool = True
) -> None:
    require_phase(state, OPEN_FOR_CHANGE, "request endorsement")
    if unresolved(state):
        raise ValueError(f"resolve every comment first: {unresolved(state)} unresolved")
    unnoted = [p for p in standing_objections(state) if p not in request.objections_standing]
    if objections and unnoted:
        raise ValueError(
            f"{', '.join(unnoted)} objected in the last round: open another round for the "
            "objection to be withdrawn, or ask for endorsement saying that it stands "
            "(objections_standing)"
        )
    if request.route == Route.MEETING and not request.meeting_id:
        raise ValueError("endorsement at a meeting needs the meeting")
    if request.route == Route.WITH_PLAN and not state.meta.parent_id:
        raise ValueError("only a part of an Action Plan is endorsed with the plan")
    if state.meta.parent_id and request.route != Route.WITH_PLAN:
        raise ValueError("a part of an Action Plan is endorsed with the whole plan (with_plan)")
    if request.route == Route.WRITTEN_PROCEDURE:
        if request.deadline is None or request.deadline <= now:
            raise ValueError("the written procedure's deadline must be in the future")
        if not request.invitees:
            raise ValueError("a written procedure needs participants")


def check_mission(state: DraftState, request: MissionRequest, now: datetime) -> None:
    if state.phase.is_closed:
        raise ValueError(f"the draft is {state.phase.value}")
    if not (request.country or state.meta.country):
        raise ValueError("an expert mission needs the country it goes to")
    if request.findings_due <= now:
        raise ValueError("the findings must be due in the future")
    unknown = set(request.sections) - {s.id for s in state.current_sections}
    if unknown:
        raise ValueError(f"no such section in this draft: {', '.join(sorted(unknown))}")
