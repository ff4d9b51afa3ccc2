"""The Action Plan's rules as plain functions over `PlanState` (no Temporal, no I/O): the order
of its parts, when it may go to endorsement, its activities numbered across the parts, and its
row in the read model (a draft row of type action_plan)."""

from __future__ import annotations

from datetime import datetime

from models.base import DraftMeta
from models.contracts.action_plan import (
    Compilation,
    PlanActivitiesRecord,
    PlanActivity,
    PlanPart,
    PlanState,
)
from models.contracts.draft import DraftChanges, EndorsementRecord, VersionRecord
from models.domain import Language, Phase, ThematicArea

AREAS = list(ThematicArea)


def part_order(part: PlanPart) -> tuple[int, datetime]:
    """Parts follow the order of the thematic areas (models.domain.ThematicArea), then the
    order they were added in."""
    area = AREAS.index(part.thematic_area) if part.thematic_area else len(AREAS)
    return area, part.added_at


def add_part(state: PlanState, meta: DraftMeta, now: datetime) -> PlanPart | None:
    """The part, listed in its place; None when the plan has it already (a start sent twice)."""
    if any(p.draft_id == meta.draft_id for p in state.parts):
        return None
    part = PlanPart(
        draft_id=meta.draft_id,
        title=meta.title,
        lead_state=meta.lead_state,
        thematic_area=meta.thematic_area,
        language=meta.language,
        added_at=now,
    )
    state.parts.append(part)
    state.parts.sort(key=part_order)
    return part


def find_part(state: PlanState, draft_id: str) -> PlanPart | None:
    return next((p for p in state.parts if p.draft_id == draft_id), None)


def check_part(state: PlanState, meta: DraftMeta) -> None:
    if meta.parent_id != state.meta.draft_id:
        raise ValueError(f"{meta.draft_id} is not a part of {state.meta.draft_id}")
    if state.phase != Phase.DRAFTING and find_part(state, meta.draft_id) is None:
        raise ValueError(
            f"the Action Plan is in {state.phase.value}: parts are added while it is drafted"
        )


def not_ready(state: PlanState) -> list[PlanPart]:
    return [p for p in state.live_parts if not p.ready]


def describe(part: PlanPart) -> str:
    area = f", {part.thematic_area.label}" if part.thematic_area else ""
    return f'"{part.title}" ({part.lead_state}{area})'


def check_endorsement(state: PlanState) -> None:
    """The whole plan goes to endorsement once every part is ready (its lead state asked for
    endorsement with the plan)."""
    if state.phase != Phase.DRAFTING:
        raise ValueError(f"cannot ask for endorsement: the Action Plan is in {state.phase.value}")
    if not state.live_parts:
        raise ValueError("the Action Plan has no part yet: start its parts first")
    waiting = not_ready(state)
    if waiting:
        raise ValueError(
            f"{len(waiting)} part(s) not ready: "
            + "; ".join(describe(p) for p in waiting)
            + ". Each part's lead state asks for endorsement with the plan when it is ready."
        )


def compiled_parts(state: PlanState) -> list[PlanPart]:
    """The parts of the last compilation that are still in the plan, in the plan's order."""
    if not state.compilations:
        return []
    ids = {c.draft_id for c in state.compilations[-1].parts}
    return [p for p in state.live_parts if p.draft_id in ids]


def pending_endorsement(state: PlanState) -> EndorsementRecord | None:
    last = state.endorsements[-1] if state.endorsements else None
    return last if last is not None and last.decision is None else None


def activities(state: PlanState, endorsed_at: datetime, source_id: str) -> PlanActivitiesRecord:
    """Every section of every part is one activity, numbered 1..N across the parts in order."""
    rows: list[PlanActivity] = []
    for part in compiled_parts(state):
        for section in part.sections:
            rows.append(
                PlanActivity(
                    number=len(rows) + 1,
                    part_draft_id=part.draft_id,
                    section_id=section.id,
                    title=section.title,
                    lead=part.lead_state,
                    thematic_area=part.thematic_area,
                )
            )
    return PlanActivitiesRecord(
        plan_id=state.meta.draft_id, endorsed_at=endorsed_at, source_id=source_id, activities=rows
    )


def english_artifact(compilation: Compilation) -> str | None:
    found = [a for a in compilation.artifacts if a.language == Language.EN] or compilation.artifacts
    return found[0].artifact_id if found else None


def projection(state: PlanState) -> DraftChanges:
    """The plan's row in the drafts table: each compilation is a version (its Word file),
    each decision a decision row."""
    return DraftChanges(
        meta=state.meta,
        phase=state.phase,
        version=state.version,
        started_at=state.started_at,
        updated_at=state.updated_at,
        withdrawn_reason=state.withdrawn_reason,
        endorsements=state.endorsements,
        versions=[
            VersionRecord(
                number=c.number,
                created_at=c.compiled_at,
                sections=[],
                note=f"Compiled plan: {len(c.parts)} part(s)",
                artifact_id=english_artifact(c),
            )
            for c in state.compilations
        ],
    )
