"""What each activity is called and takes: the interfaces workflows call by method reference
(`workflow.execute_activity_method(Records.project_round, ...)`), implemented in activities/.

Workflows import models only; these stubs give them typed calls a reader can follow without
importing SQLAlchemy, python-docx or aiosmtplib. The names are the activity types in history:
never rename one (add a new activity instead).
"""

from __future__ import annotations

from temporalio import activity

from models.activity_io import (
    DigestReport,
    DigestRequest,
    DocumentRequest,
    EventBatch,
    MeetingDocumentRequest,
    NoticeReport,
    NoticeRequest,
)
from models.base import Ack, ArtifactRef
from models.contracts.action_plan import PlanActivitiesRecord
from models.contracts.comment_round import RoundStatus
from models.contracts.draft import DraftChanges, DraftStatus
from models.contracts.expert_mission import MissionStatus
from models.contracts.meeting import MeetingStatus
from models.contracts.written_procedure import SilenceStatus


class Records:
    """The read model: the timeline and one projection per workflow type (idempotent)."""

    @activity.defn(name="record_events")
    def record_events(self, batch: EventBatch) -> Ack:
        raise NotImplementedError

    @activity.defn(name="project_draft")
    def project_draft(self, status: DraftStatus) -> Ack:
        """The whole draft (histories recorded before `projection-changes`)."""
        raise NotImplementedError

    @activity.defn(name="project_draft_changes")
    def project_draft_changes(self, changes: DraftChanges) -> Ack:
        """What changed in a draft since its last projection."""
        raise NotImplementedError

    @activity.defn(name="project_round")
    def project_round(self, status: RoundStatus) -> Ack:
        raise NotImplementedError

    @activity.defn(name="project_silence")
    def project_silence(self, status: SilenceStatus) -> Ack:
        raise NotImplementedError

    @activity.defn(name="project_mission")
    def project_mission(self, status: MissionStatus) -> Ack:
        raise NotImplementedError

    @activity.defn(name="project_meeting")
    def project_meeting(self, status: MeetingStatus) -> Ack:
        raise NotImplementedError


class PlanRecords:
    """The activities of an endorsed Action Plan, one row each (activities/plan_records.py)."""

    @activity.defn(name="record_plan_activities")
    def record_plan_activities(self, record: PlanActivitiesRecord) -> Ack:
        """Once per activity: a retry or a second endorsement keeps the Secretariat's edits."""
        raise NotImplementedError


class Documents:
    """Word files rendered from the workflow's state and stored by content hash."""

    @activity.defn(name="render_draft_document")
    async def render_draft_document(self, request: DocumentRequest) -> ArtifactRef:
        raise NotImplementedError

    @activity.defn(name="render_meeting_document")
    async def render_meeting_document(self, request: MeetingDocumentRequest) -> ArtifactRef:
        raise NotImplementedError


class Notices:
    """Mail through the outbox: once per notice key and address."""

    @activity.defn(name="send_notices")
    async def send_notices(self, request: NoticeRequest) -> NoticeReport:
        raise NotImplementedError


class Digests:
    @activity.defn(name="send_digests")
    async def send_digests(self, request: DigestRequest) -> DigestReport:
        raise NotImplementedError
