"""Who hears of a decision, and in which mail, without Temporal: once per decision and reader."""

from __future__ import annotations

from datetime import timedelta

from models.api import MissionRequest
from models.contracts.comment_round import RoundStart
from models.contracts.draft import EndorsementRecord
from models.contracts.written_procedure import SilenceResult
from models.domain import ArtifactKind, Decision, NoticeKind, Route, SilenceOutcome
from tests.workflows.test_draft_state import NOW, new_draft
from workflows import draft_state as ds
from workflows.draft_notices import DecisionMail


def silence(outcome: SilenceOutcome, tells: bool) -> SilenceResult:
    return SilenceResult(
        procedure_id="p-1",
        outcome=outcome,
        closed_at=NOW,
        broken_by="AM" if outcome == SilenceOutcome.BROKEN else None,
        reason="Not yet" if outcome == SilenceOutcome.BROKEN else None,
        invitees=["AM", "EC"],
        draft_tells=tells,
    )


def record() -> EndorsementRecord:
    return EndorsementRecord(
        route=Route.MEETING,
        requested_at=NOW,
        version=1,
        meeting_title="Senior Officials' Meeting",
        meeting_place="Poznan",
    )


def test_a_final_decision_is_told_with_the_final_text() -> None:
    state = new_draft()
    ds.add_round(state, RoundStart(deadline=NOW + timedelta(days=3), invitees=["PL"]), NOW)
    final = DecisionMail(state, record(), Decision.ENDORSED, "By consensus").final_notice(True)
    assert final.kind == NoticeKind.FINAL_PUBLISHED and final.attach == ArtifactKind.FINAL_TEXT
    assert final.recipients == ["SK", "PL"]
    assert final.context.decision == Decision.ENDORSED and final.context.reason == "By consensus"
    assert final.context.meeting_place == "Poznan"
    old = DecisionMail(state, record(), Decision.ENDORSED, "").final_notice(False)
    assert old.attach is None and old.context.decision is None  # runs from before the patch


def test_a_broken_silence_is_told_once_to_participants_and_invitees() -> None:
    state = new_draft()
    mail = DecisionMail(
        state, record(), Decision.DEFERRED, "x", silence(SilenceOutcome.BROKEN, True)
    )
    notice = mail.decision_notice()
    assert notice.kind == NoticeKind.SILENCE_BROKEN and notice.recipients == ["SK", "AM", "EC"]
    assert notice.context.participant == "AM" and notice.context.reason == "Not yet"
    # a procedure from before the patch mailed its invitees itself: the draft tells its own
    old = DecisionMail(
        state, record(), Decision.DEFERRED, "x", silence(SilenceOutcome.BROKEN, False)
    )
    assert old.decision_notice().kind == NoticeKind.DECISION
    assert old.decision_notice().recipients == ["SK"]


def test_a_mission_names_its_sections_in_each_language() -> None:
    state = new_draft()
    request = MissionRequest(
        country="AM",
        experts=[{"name": "E", "email": "e@x.example", "language": "ru"}],
        starts_on=NOW,
        ends_on=NOW,
        findings_due=NOW + timedelta(days=9),
        sections=["s2"],
        brief="What changed",
    )
    mission = ds.add_mission(state, request)
    assert mission.sections == {"en": ["Aims"], "ru": ["Aims"]} and mission.brief == "What changed"
