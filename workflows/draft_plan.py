"""A draft that is a part of an Action Plan (its meta names the plan: `parent_id`): what it tells
the plan's workflow (workflows/action_plan.py) and how the plan's decision reaches it.

A part is "ready" when its lead state asks for endorsement with the plan (`Route.WITH_PLAN`):
the part tells the plan its version and sections and waits in endorsement; the plan, endorsed,
deferred or rejected at a meeting, sends every part the decision (`plan_decided`), which the
part takes as a draft takes a meeting's decision. Drafts without a parent never come here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ApplicationError

from workflows.common import report_to_draft

with workflow.unsafe.imports_passed_through():
    from models.contracts.action_plan import PartReady, PartWithdrawn, PlanSection
    from models.contracts.draft import DraftState
    from models.contracts.meeting import DecisionRecord
    from models.domain import Phase, Route
    from workflows.draft_state import pending_endorsement


async def part_ready(state: DraftState, previous: Phase, set_phase: Callable[[Phase], None]) -> str:
    """Tell the plan this part is ready (its current version); on failure the request is undone
    (the endorsement record dropped, the phase as before) and the lead state reads why."""
    plan_id = state.meta.parent_id
    assert plan_id is not None  # draft_checks.check_endorsement refuses WITH_PLAN without it
    ready = PartReady(
        draft_id=state.meta.draft_id,
        version=state.version,
        sections=[PlanSection(id=s.id, title=s.title) for s in state.current_sections],
    )
    try:
        await workflow.get_external_workflow_handle(plan_id).signal("part_ready", ready)
    except Exception as e:
        state.endorsements.pop()
        set_phase(previous)
        raise ApplicationError(
            f"the Action Plan {plan_id} cannot take its parts: {e}", non_retryable=True
        ) from e
    return f"with the Action Plan {plan_id}"


async def part_withdrawn(state: DraftState, reason: str) -> None:
    """A withdrawn part leaves its plan (nothing to do for a draft without one)."""
    if state.meta.parent_id:
        await report_to_draft(
            state.meta.parent_id,
            "part_withdrawn",
            PartWithdrawn(draft_id=state.meta.draft_id, reason=reason),
        )


def take_decision(state: DraftState, record: DecisionRecord, decide: Callable[..., Any]) -> None:
    """The plan's decision, for a part that waits on it: decided as the plan was, at the plan's
    meeting (the part's final text names it)."""
    pending = pending_endorsement(state)
    if (
        pending is None
        or pending.route != Route.WITH_PLAN
        or not state.meta.parent_id
        or record.draft_id != state.meta.parent_id
    ):
        return
    pending.meeting_id = record.meeting_id or None
    pending.meeting_title = record.meeting_title or None
    pending.meeting_place = record.meeting_place or None
    decide(
        pending,
        record.decision,
        record.decided_at,
        record.notes,
        record.reservations,
        amendments=record.amendments,
    )
