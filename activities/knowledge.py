"""The knowledge base's read model: one row per registration, written from the registration
workflow's state (idempotent, in order by `seq`; a revoked reader stays revoked)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from models.base import Ack
from models.contracts.reader_registration import Readers, ReaderStatus, RegistrationState
from models.db_knowledge import ReaderRow


class KnowledgeActivities(Readers):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    @activity.defn(name="project_registration")
    def project_registration(self, state: RegistrationState) -> Ack:
        with self.sessions.begin() as session:
            apply_state(session, state)
        return Ack()


def apply_state(session: Session, state: RegistrationState) -> None:
    """Write the workflow's state unless a later one (or the revocation) is there already."""
    row = session.get(ReaderRow, state.registration_id, with_for_update=True)
    if row is None:
        row = ReaderRow(id=state.registration_id, seq=-1, generation=0)
        session.add(row)
    elif row.seq >= state.seq or row.status == ReaderStatus.REVOKED.value:
        return
    form = state.form
    row.workflow_id = state.workflow_id
    row.email = form.email.lower()
    row.name = form.name
    row.organisation = form.organisation
    row.country = form.country
    row.reason = form.reason
    row.language = form.language.value
    row.status = state.status.value
    row.seq = state.seq
    row.registered_at = state.registered_at
    row.confirmed_at = state.confirmed_at
    row.decide_by = state.decide_by
    row.decided_at = state.decided_at
    row.decided_by = state.decided_by
    row.decision_reason = state.decision_reason
    row.updated_at = datetime.now(UTC)
