"""The rules of a draft's state, without Temporal: what an answer, a resolution, a revision and a
decision do, and what a projection sends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models.api import (
    CommentInput,
    CommentResolution,
    CommentResolutions,
    DraftStart,
    RevisionSubmit,
)
from models.base import SectionText
from models.contracts.comment_round import Answer, RoundResult, RoundStart
from models.contracts.draft import DraftState, EndorsementRecord, EndorsementStart
from models.domain import Decision, Disposition, Phase, Position, RoundOutcome, Route
from workflows import draft_checks as checks
from workflows import draft_state as ds

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def new_draft() -> DraftState:
    start = DraftStart(
        title="Guidelines on return",
        document_type="guidelines",
        lead_state="SK",
        sections=[SectionText(title="Scope", text="One."), SectionText(title="Aims", text="Two.")],
    )
    state = DraftState(meta=start.meta(), started_at=NOW, updated_at=NOW)
    ds.add_version(state, start.sections, "First draft", NOW)
    return state


def closed_round(state: DraftState) -> RoundResult:
    summary, child = ds.add_round(
        state, RoundStart(deadline=NOW + timedelta(days=14), invitees=["PL", "CZ"]), NOW
    )
    assert child.section_ids == ["s1", "s2"] and child.version == 1
    return RoundResult(
        round_id=summary.round_id,
        number=summary.number,
        outcome=RoundOutcome.DEADLINE,
        closed_at=NOW + timedelta(days=14),
        invitees=["PL", "CZ"],
        answers=[
            Answer(
                participant_id="PL",
                position=Position.OBJECTION,
                reason="Scope too wide.",
                comments=[CommentInput(section_id="s1", text="Narrow it.", proposed_text="One")],
                received_at=NOW,
            )
        ],
    )


def test_new_sections_get_the_next_ids_and_kept_ones_keep_theirs() -> None:
    state = new_draft()
    record = ds.add_version(
        state,
        [SectionText(id="s2", title="Aims", text="Two!"), SectionText(title="New")],
        "v2",
        NOW,
    )
    assert [s.id for s in record.sections] == ["s2", "s3"] and state.version == 2


def test_a_closed_round_becomes_comments_once() -> None:
    state = new_draft()
    result = closed_round(state)
    assert ds.take_round_result(state, result) is not None
    assert ds.take_round_result(state, result) is None  # delivered twice: nothing more
    assert [c.comment_id for c in state.comments] == [
        f"{result.round_id}-PL-reason",
        f"{result.round_id}-PL-1",
    ]
    assert ds.unresolved(state) == 2 and ds.current_round(state) is None


def test_endorsement_waits_for_dispositions_and_notes_a_standing_objection() -> None:
    state = new_draft()
    ds.take_round_result(state, closed_round(state))
    state.phase = Phase.REVISION
    request = EndorsementStart(route=Route.MEETING, meeting_id="meeting-som")
    with pytest.raises(ValueError, match="2 unresolved"):
        checks.check_endorsement(state, request, NOW)
    report = ds.apply_resolutions(
        state,
        CommentResolutions(
            resolutions=[
                CommentResolution(comment_id=c.comment_id, disposition=Disposition.NOTED)
                for c in state.comments
            ]
        ),
    )
    assert report.unresolved == 0
    with pytest.raises(ValueError, match="PL objected in the last round"):
        checks.check_endorsement(state, request, NOW)  # Poland's objection: withdrawn or noted
    noted = request.model_copy(update={"objections_standing": ["PL"]})
    checks.check_endorsement(state, noted, NOW)
    assert ds.add_endorsement(state, noted, NOW).objections_standing == ["PL"]


def test_a_revision_may_not_name_unknown_or_repeated_sections() -> None:
    state = new_draft()
    with pytest.raises(ValueError, match="no such section id: s9"):
        checks.check_revision(state, RevisionSubmit(sections=[SectionText(id="s9", title="x")]))
    twice = [SectionText(id="s1", title="a"), SectionText(id="s1", title="b")]
    with pytest.raises(ValueError, match="twice"):
        checks.check_revision(state, RevisionSubmit(sections=twice))


@pytest.mark.parametrize(
    ("decision", "phase"),
    [
        (Decision.ENDORSED, Phase.FINAL),
        (Decision.ENDORSED_WITH_AMENDMENTS, Phase.FINAL),
        (Decision.DEFERRED, Phase.REVISION),
        (Decision.REJECTED, Phase.REJECTED),
    ],
)
def test_a_decision_moves_the_draft(decision: Decision, phase: Phase) -> None:
    record = EndorsementRecord(route=Route.MEETING, requested_at=NOW, version=1)
    assert ds.decide(record, decision, NOW, "SOM", ["HU"]) == phase
    assert record.decision == decision and record.reservations == ["HU"]


def test_a_projection_sends_only_what_changed_since_the_last_one() -> None:
    state = new_draft()
    ds.take_round_result(state, closed_round(state))
    first, versions, comments = ds.projection_changes(state, None)
    assert [v.number for v in first.versions] == [1] and len(first.comments) == 2
    state.projected_versions, state.projected_comments = versions, comments

    again, _, _ = ds.projection_changes(state, None)
    assert again.versions == [] and again.comments == []  # nothing changed: nothing resent

    ds.apply_resolutions(
        state,
        CommentResolutions(
            resolutions=[
                CommentResolution(
                    comment_id=state.comments[1].comment_id,
                    disposition=Disposition.REJECTED,
                    justification="Out of scope.",
                )
            ]
        ),
    )
    ds.add_version(state, [SectionText(id="s1", title="Scope", text="One, narrower.")], "v2", NOW)
    later, _, _ = ds.projection_changes(state, None)
    assert [v.number for v in later.versions] == [2]
    assert [c.comment_id for c in later.comments] == [state.comments[1].comment_id]
    assert later.version == 2 and len(later.rounds) == 1  # small parts always whole
