"""Projection of workflow state into the SQL read model, and the audit event log.

Every method is idempotent: a retried activity writes nothing twice (upserts by natural keys,
events inserted once by their id).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.deadlines import open_procedure_deadline, refresh_draft_deadline
from activities.missions import project_members
from activities.profiles import project_profile
from models.activity_io import EventBatch
from models.base import Ack
from models.contracts.activities import Records
from models.contracts.comment_round import RoundStatus
from models.contracts.draft import DraftChanges, DraftStatus
from models.contracts.expert_mission import MissionStatus
from models.contracts.meeting import MeetingStatus
from models.contracts.written_procedure import SilenceStatus
from models.db import (
    AgendaItemRow,
    AnswerRow,
    Base,
    CommentRow,
    DecisionRow,
    DispositionRow,
    Draft,
    Event,
    Invitation,
    Meeting,
    Mission,
    Round,
    SectionRow,
    Version,
)
from models.db_calendars import project_invitees
from models.db_meetings import MeetingAttendance
from models.db_translations import project_translations
from models.domain import DocumentType, Route
from workflows.draft_state import projection


def upsert(session: Session, model: type[Base], key: dict[str, Any], **values: Any) -> Any:
    """The row with `key`, created or updated to `values` (portable across SQLite/PostgreSQL)."""
    row = session.scalars(select(model).filter_by(**key)).one_or_none()
    if row is None:
        row = model(**key, **values)
        session.add(row)
    else:
        for name, value in values.items():
            setattr(row, name, value)
    return row


def upsert_all(
    session: Session,
    model: type[Base],
    where: Any,
    key: tuple[str, ...],
    rows: Iterable[dict[str, Any]],
) -> None:
    """Create or update many rows with one read: `where` selects the rows they may match."""
    existing = {
        tuple(getattr(r, k) for k in key): r for r in session.scalars(select(model).where(where))
    }
    for values in rows:
        row = existing.get(tuple(values[k] for k in key))
        if row is None:
            session.add(model(**values))
        else:
            for name, value in values.items():
                setattr(row, name, value)


def invitations(
    session: Session, round_id: str, invitees: Iterable[str], answered: set[str]
) -> None:
    upsert_all(
        session,
        Invitation,
        Invitation.round_id == round_id,
        ("participant_id",),
        ({"round_id": round_id, "participant_id": p, "answered": p in answered} for p in invitees),
    )


def attendance(session: Session, status: MeetingStatus) -> None:
    """Who was represented: the list recorded last (an earlier one's extra rows go)."""
    session.execute(
        delete(MeetingAttendance).where(
            MeetingAttendance.meeting_id == status.meeting_id,
            MeetingAttendance.participant_id.not_in(status.attendance),
        )
    )
    if status.attendance_recorded_at is None:
        return
    upsert_all(
        session,
        MeetingAttendance,
        MeetingAttendance.meeting_id == status.meeting_id,
        ("participant_id",),
        (
            {
                "meeting_id": status.meeting_id,
                "participant_id": p,
                "recorded_at": status.attendance_recorded_at,
            }
            for p in status.attendance
        ),
    )


class RecordActivities(Records):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def _write(self, work: Any) -> Ack:
        """Run `work(session)` in one transaction; a concurrent duplicate is retried by Temporal."""
        try:
            with self.sessions.begin() as session:
                work(session)
        except IntegrityError as e:
            raise ApplicationError(f"concurrent write, will retry: {e.orig}") from e
        return Ack()

    @activity.defn
    def record_events(self, batch: EventBatch) -> Ack:
        def work(session: Session) -> None:
            ids = [e.event_id for e in batch.events]
            known = set(session.scalars(select(Event.event_id).where(Event.event_id.in_(ids))))
            session.add_all(
                Event(**e.model_dump()) for e in batch.events if e.event_id not in known
            )

        return self._write(work)

    @activity.defn
    def project_draft(self, status: DraftStatus) -> Ack:
        """The whole draft (runs recorded before the `projection-changes` patch)."""
        return self.project_draft_changes(projection(status.state, status.open_round))

    @activity.defn
    def project_draft_changes(self, changes: DraftChanges) -> Ack:
        """The draft row, its rounds and decisions, and the versions and comments sent (new or
        changed since the last projection); rows not sent are left as they are."""
        meta = changes.meta
        draft_id = meta.draft_id

        def work(session: Session) -> None:
            open_round = changes.open_round
            upsert(
                session,
                Draft,
                {"id": draft_id},
                slug=meta.slug,
                title=meta.title,
                reference=meta.reference,
                document_type=meta.document_type.value,
                thematic_area=meta.thematic_area.value if meta.thematic_area else None,
                lead_state=meta.lead_state,
                co_lead_states=",".join(meta.co_lead_states),
                country=meta.country,
                language=meta.language.value,
                phase=changes.phase.value,
                version=changes.version,
                open_round_id=open_round.round_id if open_round else None,
                deadline=open_round.deadline
                if open_round
                else open_procedure_deadline(session, draft_id),
                started_at=changes.started_at,
                updated_at=changes.updated_at,
                withdrawn_reason=changes.withdrawn_reason,
                parent_id=meta.parent_id,
            )
            session.flush()
            numbers = [v.number for v in changes.versions]
            upsert_all(
                session,
                Version,
                (Version.draft_id == draft_id) & Version.number.in_(numbers),
                ("number",),
                (
                    {
                        "draft_id": draft_id,
                        "number": v.number,
                        "created_at": v.created_at,
                        "note": v.note,
                        "artifact_id": v.artifact_id,
                    }
                    for v in changes.versions
                ),
            )
            upsert_all(
                session,
                SectionRow,
                (SectionRow.draft_id == draft_id) & SectionRow.version.in_(numbers),
                ("version", "section_id"),
                (
                    {
                        "draft_id": draft_id,
                        "version": v.number,
                        "section_id": s.id,
                        "position": i,
                        "title": s.title,
                        "text": s.text,
                    }
                    for v in changes.versions
                    for i, s in enumerate(v.sections)
                ),
            )
            upsert_all(
                session,
                Round,
                Round.draft_id == draft_id,
                ("id",),
                (
                    {
                        "id": r.round_id,
                        "draft_id": draft_id,
                        "kind": "comment_round",
                        "number": r.number,
                        "version": r.version,
                        "opened_at": r.opened_at,
                        "deadline": r.deadline,
                        "closed_at": r.closed_at,
                        "outcome": r.outcome.value if r.outcome else None,
                        "invited_count": len(r.invitees),
                    }
                    for r in changes.rounds
                ),
            )
            comment_ids = [c.comment_id for c in changes.comments]
            upsert_all(
                session,
                CommentRow,
                CommentRow.id.in_(comment_ids),
                ("id",),
                (
                    {
                        "id": c.comment_id,
                        "draft_id": draft_id,
                        "round_number": c.round_number,
                        "participant_id": c.participant_id,
                        "kind": c.kind.value,
                        "section_id": c.section_id,
                        "text": c.text,
                        "proposed_text": c.proposed_text,
                        "quote": c.quote,
                        "position": c.position.value if c.position else None,
                    }
                    for c in changes.comments
                ),
            )
            session.flush()
            resolved = [c for c in changes.comments if c.disposition is not None]
            upsert_all(
                session,
                DispositionRow,
                DispositionRow.comment_id.in_([c.comment_id for c in resolved]),
                ("comment_id",),
                (
                    {
                        "comment_id": c.comment_id,
                        "disposition": c.disposition.value,  # type: ignore[union-attr]
                        "justification": c.justification or "",
                    }
                    for c in resolved
                ),
            )
            upsert_all(
                session,
                DecisionRow,
                DecisionRow.draft_id == draft_id,
                ("source_id",),
                (
                    {
                        "draft_id": draft_id,
                        "source_id": e.meeting_id or e.procedure_id or "unknown",
                        "route": e.route.value,
                        "decision": e.decision.value,
                        "decided_at": e.decided_at,
                        "notes": e.notes,
                        "reservations": ", ".join(e.reservations),
                    }
                    for e in changes.endorsements
                    if e.decision is not None and e.decided_at
                ),
            )
            project_translations(session, draft_id, changes.translations)
            if meta.document_type == DocumentType.MIGRATION_PROFILE:
                project_profile(session, changes)  # its edition on the profile board

        return self._write(work)

    @activity.defn
    def project_round(self, status: RoundStatus) -> Ack:
        def work(session: Session) -> None:
            self._require_draft(session, status.draft_id)
            upsert(
                session,
                Round,
                {"id": status.round_id},
                draft_id=status.draft_id,
                kind="comment_round",
                number=status.number,
                version=status.version,
                opened_at=status.opened_at,
                deadline=status.deadline,
                closed_at=status.closed_at,
                outcome=status.outcome.value if status.outcome else None,
                invited_count=len(status.invitees),
                answered_count=len(status.answers),
            )
            session.flush()
            answered = {a.participant_id for a in status.answers}
            invitations(session, status.round_id, status.invitees, answered)
            upsert_all(
                session,
                AnswerRow,
                AnswerRow.round_id == status.round_id,
                ("participant_id",),
                (
                    {
                        "round_id": status.round_id,
                        "participant_id": a.participant_id,
                        "contact_email": a.contact_email,
                        "position": a.position.value,
                        "reason": a.reason,
                        "received_at": a.received_at,
                        "revision": a.revision,
                    }
                    for a in status.answers
                ),
            )

        return self._write(work)

    @activity.defn
    def project_silence(self, status: SilenceStatus) -> Ack:
        def work(session: Session) -> None:
            self._require_draft(session, status.draft_id)
            existing = session.get(Round, status.procedure_id)
            upsert(
                session,
                Round,
                {"id": status.procedure_id},
                draft_id=status.draft_id,
                kind=Route.WRITTEN_PROCEDURE.value,
                number=int(status.procedure_id.rsplit("-", 1)[-1]),
                version=status.version,
                opened_at=existing.opened_at if existing else datetime.now(UTC),
                deadline=status.deadline,
                closed_at=status.closed_at,
                outcome=status.outcome.value if status.outcome else None,
                invited_count=len(status.invitees),
                answered_count=1 if status.broken_by else 0,
            )
            session.flush()
            broken = {status.broken_by} if status.broken_by else set()
            invitations(session, status.procedure_id, status.invitees, broken)
            refresh_draft_deadline(session, status.draft_id)

        return self._write(work)

    @activity.defn
    def project_mission(self, status: MissionStatus) -> Ack:
        def work(session: Session) -> None:
            self._require_draft(session, status.draft_id)
            upsert(
                session,
                Mission,
                {"id": status.mission_id},
                draft_id=status.draft_id,
                country=status.country,
                starts_on=status.starts_on,
                ends_on=status.ends_on,
                findings_due=status.findings_due,
                open=status.open,
                outcome=status.outcome.value if status.outcome else None,
                submitted_by=status.submitted_by,
                findings=len(status.findings),
                kind=status.kind.value,
            )
            session.flush()
            project_members(session, status.mission_id, status.experts)

        return self._write(work)

    @activity.defn
    def project_meeting(self, status: MeetingStatus) -> Ack:
        def work(session: Session) -> None:
            upsert(
                session,
                Meeting,
                {"id": status.meeting_id},
                kind=status.kind.value,
                title=status.title,
                place=status.place,
                starts_at=status.starts_at,
                agenda_sent_at=status.agenda_sent_at,
                closed_at=status.closed_at,
                ends_at=status.ends_at,
                host=status.host,
                co_chairs="\n".join(status.co_chairs),
            )
            session.flush()
            attendance(session, status)
            project_invitees(session, status.meeting_id, status.invitees)  # calendar feeds
            on_agenda = [i.draft.draft_id for i in status.agenda]
            session.execute(
                delete(AgendaItemRow).where(
                    AgendaItemRow.meeting_id == status.meeting_id,
                    AgendaItemRow.draft_id.not_in(on_agenda),
                )
            )
            for item in status.agenda:
                upsert(
                    session,
                    AgendaItemRow,
                    {"meeting_id": status.meeting_id, "draft_id": item.draft.draft_id},
                    version=item.version,
                    requested_at=item.requested_at,
                )
                if item.decision is not None and item.decided_at is not None:
                    upsert(
                        session,
                        DecisionRow,
                        {"draft_id": item.draft.draft_id, "source_id": status.meeting_id},
                        route=Route.MEETING.value,
                        decision=item.decision.value,
                        decided_at=item.decided_at,
                        notes=item.notes,
                        reservations=", ".join(item.reservations),
                    )

        return self._write(work)

    @staticmethod
    def _require_draft(session: Session, draft_id: str) -> None:
        if session.get(Draft, draft_id) is None:
            raise ApplicationError(f"draft {draft_id} is not projected yet; retrying")
