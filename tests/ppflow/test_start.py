"""What needs me, at the function level on the read model: what each role's start page lists,
and what it leaves out (another state's draft, a round closing next month, a failed mail that a
second contact received, an agenda already sent)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

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
from ppflow import start
from ppflow.accounts import Principal, Role

NOW = datetime.now(UTC).replace(microsecond=0)
AM = Principal(Role.DRAFTING_STATE, "AM")


@pytest.fixture
def db(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose changes are never committed: the shared database stays as it was."""
    with sessions() as session:
        yield session
        session.rollback()


def _draft(db: Session, name: str, lead: str = "AM", co: str = "", phase: str = "revision") -> str:
    draft_id = f"st-{name}-{uuid.uuid4().hex[:8]}"
    db.add(
        Draft(
            id=draft_id,
            slug=draft_id,
            title=f"Start page {name}",
            reference=draft_id,
            document_type="guidelines",
            lead_state=lead,
            co_lead_states=co,
            phase=phase,
            started_at=NOW - timedelta(days=40),
            updated_at=NOW - timedelta(days=1),
        )
    )
    db.flush()
    return draft_id


def _round(
    db: Session, draft_id: str, *, closed: bool, days: float = 20, invited: tuple[str, ...] = ()
) -> Round:
    row = Round(
        id=f"{draft_id}-round-1",
        draft_id=draft_id,
        number=1,
        version=1,
        opened_at=NOW - timedelta(days=10),
        deadline=NOW + timedelta(days=days),
        closed_at=NOW - timedelta(days=1) if closed else None,
        invited_count=len(invited),
        answered_count=len(invited) - 2 if invited else 0,
    )
    db.add(row)
    db.flush()
    for i, p in enumerate(invited):
        db.add(Invitation(round_id=row.id, participant_id=p, answered=i >= 2))
    if not closed:
        db.get(Draft, draft_id).open_round_id = row.id  # type: ignore[union-attr]
    db.flush()
    return row


def _comments(db: Session, draft_id: str, resolved: int, open_: int) -> None:
    for i in range(resolved + open_):
        comment_id = f"{draft_id}-c{i}"
        db.add(
            CommentRow(
                id=comment_id,
                draft_id=draft_id,
                round_number=1,
                participant_id="DE",
                kind="general",
                text="A comment",
            )
        )
        db.flush()
        if i < resolved:
            db.add(DispositionRow(comment_id=comment_id, disposition="accepted"))
    db.flush()


def test_a_drafting_state_sees_its_own_work_and_nothing_of_another_state(db: Session) -> None:
    waiting = _draft(db, "waiting")
    _round(db, waiting, closed=True)
    _comments(db, waiting, resolved=1, open_=2)
    ready = _draft(db, "ready", lead="DE", co="AZ,AM")  # a co-lead's draft is its own too
    _round(db, ready, closed=True)
    _comments(db, ready, resolved=3, open_=0)
    never_consulted = _draft(db, "fresh", phase="drafting")  # no closed round: not ready
    consulting = _draft(db, "consulting", phase="consultation")
    _round(db, consulting, closed=False, days=3, invited=("DE", "FR", "KZ", "UZ", "TJ"))
    gone = _draft(db, "gone", phase="withdrawn")
    old = _draft(db, "old", phase="withdrawn")
    db.get(Draft, old).updated_at = NOW - timedelta(days=90)  # type: ignore[union-attr]
    # another state's, though "AM" is part of its co-leads' text and of its lead's
    other = _draft(db, "other", lead="AMX", co="XAM")
    _round(db, other, closed=False, days=2, invited=("DE", "FR"))
    _comments(db, other, resolved=0, open_=4)
    db.flush()

    view = start.drafting_start(db, AM, now=NOW)
    assert [(w.draft.id, w.count) for w in view.waiting if w.draft.id.startswith("st-")] == [
        (waiting, 2)
    ]
    assert [d.id for d in view.ready if d.id.startswith("st-")] == [ready]
    rounds = [line for line in view.rounds if line.draft.id.startswith("st-")]
    assert [(r.draft.id, r.round.answered_count, r.round.invited_count) for r in rounds] == [
        (consulting, 3, 5)
    ]
    assert [f.draft.id for f in view.finished if f.draft.id.startswith("st-")] == [gone]
    seen = {w.draft.id for w in view.waiting} | {d.id for d in view.ready}
    seen |= {r.draft.id for r in view.rounds} | {f.draft.id for f in view.finished}
    assert other not in seen and never_consulted not in seen and not view.empty
    assert start.drafting_start(db, Principal(Role.DRAFTING_STATE, "TJ"), now=NOW).empty


def test_the_secretariat_sees_this_weeks_rounds_decisions_failed_mail_and_agendas(
    db: Session,
) -> None:
    closing = _draft(db, "closing", lead="PL", phase="consultation")
    _round(db, closing, closed=False, days=3, invited=("DE", "FR", "KZ", "UZ", "TJ"))
    later = _draft(db, "later", lead="PL", phase="consultation")
    _round(db, later, closed=False, days=20, invited=("DE",))
    meeting = Meeting(
        id=f"st-som-{uuid.uuid4().hex[:8]}",
        kind="som",
        title="Start page SOM",
        place="Prague",
        starts_at=NOW + timedelta(days=10),
    )
    sent = Meeting(
        id=f"st-sent-{uuid.uuid4().hex[:8]}",
        kind="som",
        title="Start page SOM, agenda out",
        place="Prague",
        starts_at=NOW + timedelta(days=5),
        agenda_sent_at=NOW - timedelta(days=2),
    )
    db.add_all([meeting, sent])
    endorsing = _draft(db, "endorsing", lead="PL", phase="endorsement")
    db.add(AgendaItemRow(meeting_id=meeting.id, draft_id=endorsing, version=2, requested_at=NOW))
    db.flush()
    key = uuid.uuid4().hex[:8]

    def notice(n: int, status: str, fallback_for: int | None = None) -> Notice:
        row = Notice(
            notice_key=f"st-{key}-{n}",
            kind="invitation",
            participant_id="KZ",
            email=f"ncp{n}@kz.example",
            subject=f"Start page mail {key}-{n}",
            body="",
            message_id=f"<st-{key}-{n}@test>",
            status=status,
            # later than any other test's mail in a shared database: these are the latest five
            created_at=NOW + timedelta(days=1, hours=-n),
            fallback_for=fallback_for,
        )
        db.add(row)
        db.flush()
        return row

    lost = notice(1, "failed")
    replaced = notice(2, "failed")
    notice(3, "sent", fallback_for=replaced.id)

    view = start.secretariat_start(db, now=NOW)
    mine = [line for line in view.rounds if line.draft.id in (closing, later)]
    assert [(line.draft.id, line.missing) for line in mine] == [(closing, ["DE", "FR"])]
    assert [n.id for n in view.failed.latest if n.subject.startswith(f"Start page mail {key}")] == [
        lost.id
    ]
    assert view.failed.count >= 1
    waiting = next(w for w in view.decisions if w.draft.id == endorsing)
    assert waiting.meeting is not None and waiting.meeting.id == meeting.id
    soon = {m.meeting.id: m.items for m in view.meetings}
    assert soon.get(meeting.id) == 1 and sent.id not in soon
    assert not view.empty


def test_an_observer_sees_what_changed_and_what_was_endorsed(db: Session) -> None:
    decided = _draft(db, "decided", lead="PL", phase="final")
    newest = datetime.now(UTC) + timedelta(days=1)  # after any other test's events
    db.add(
        Event(
            event_id=f"{decided}-e1",
            workflow_id=decided,
            draft_id=decided,
            kind="decision_recorded",
            at=newest,
            summary="Endorsed at the SOM",
        )
    )
    db.add(
        DecisionRow(
            draft_id=decided,
            source_id="som-x",
            route="meeting",
            decision="endorsed",
            decided_at=newest,
        )
    )
    db.flush()
    view = start.observer_start(db, now=NOW)
    assert view.changes[0].draft.id == decided and view.changes[0].event.summary.startswith("End")
    assert view.endorsed[0].draft.id == decided
