"""Projection of workflow state into the SQL read model, and the audit event log.

Every method is idempotent: a retried activity writes nothing twice.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from models.messages import (
    Ack,
    DraftStatus,
    EventRecord,
    MeetingStatus,
    MissionStatus,
    RoundStatus,
    SilenceStatus,
)


class RecordActivities:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    @activity.defn
    def record_event(self, event: EventRecord) -> Ack:
        raise NotImplementedError

    @activity.defn
    def project_draft(self, status: DraftStatus) -> Ack:
        raise NotImplementedError

    @activity.defn
    def project_round(self, status: RoundStatus) -> Ack:
        raise NotImplementedError

    @activity.defn
    def project_silence(self, status: SilenceStatus) -> Ack:
        raise NotImplementedError

    @activity.defn
    def project_mission(self, status: MissionStatus) -> Ack:
        raise NotImplementedError

    @activity.defn
    def project_meeting(self, status: MeetingStatus) -> Ack:
        raise NotImplementedError
