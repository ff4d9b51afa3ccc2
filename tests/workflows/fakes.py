"""Stand-in activities for workflow unit tests: record what the workflows asked for.

Integration tests use the real activities (tests/workflows/test_lifecycle.py); these only make
the workflow logic quick to exercise in isolation.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter

from temporalio import activity

from models.activity_io import (
    DocumentRequest,
    EventBatch,
    EventRecord,
    MeetingDocumentRequest,
    NoticeReport,
    NoticeRequest,
)
from models.base import Ack, ArtifactRef
from models.contracts.comment_round import RoundStatus
from models.contracts.draft import DraftChanges, DraftStatus
from models.contracts.expert_mission import MissionStatus
from models.contracts.meeting import MeetingStatus
from models.contracts.mission_report import MissionReportRequest
from models.contracts.written_procedure import SilenceStatus
from models.domain import ArtifactKind


class FakeActivities:
    def __init__(self) -> None:
        self.events: dict[str, EventRecord] = {}
        self.notices: dict[str, NoticeRequest] = {}
        self.documents: list[str] = []
        self.workflow_ids: set[str] = set()
        self.projections: list[DraftChanges] = []
        self.round_projections: list[RoundStatus] = []
        # Notices a test holds on their way out (by the last part of their key), and those held.
        self.held_notices: dict[str, threading.Event] = {}
        self.notices_held: set[str] = set()
        # How often each notice key and event id was asked for (a duplicate shows here).
        self.notice_calls: Counter[str] = Counter()
        self.event_calls: Counter[str] = Counter()
        self.event_conflicts: list[str] = []

    @activity.defn(name="record_events")
    def record_events(self, batch: EventBatch) -> Ack:
        for event in batch.events:
            earlier = self.events.get(event.event_id)
            if earlier is not None and earlier != event:
                self.event_conflicts.append(event.event_id)  # one id, two different events
            self.events[event.event_id] = event
            self.event_calls[event.event_id] += 1
            self.workflow_ids.add(event.workflow_id)
        return Ack()

    @activity.defn(name="project_draft")
    def project_draft(self, status: DraftStatus) -> Ack:
        return Ack()

    @activity.defn(name="project_draft_changes")
    def project_draft_changes(self, changes: DraftChanges) -> Ack:
        self.projections.append(changes)
        return Ack()

    @activity.defn(name="project_round")
    def project_round(self, status: RoundStatus) -> Ack:
        self.round_projections.append(status)
        return Ack()

    @activity.defn(name="project_silence")
    def project_silence(self, status: SilenceStatus) -> Ack:
        return Ack()

    @activity.defn(name="project_mission")
    def project_mission(self, status: MissionStatus) -> Ack:
        return Ack()

    @activity.defn(name="project_meeting")
    def project_meeting(self, status: MeetingStatus) -> Ack:
        return Ack()

    def _ref(self, kind: object, name: str) -> ArtifactRef:
        self.documents.append(name)
        digest = hashlib.sha256(name.encode()).hexdigest()
        return ArtifactRef(artifact_id=digest, kind=kind, filename=name, size=1)  # type: ignore[arg-type]

    @activity.defn(name="render_draft_document")
    def render_draft_document(self, request: DocumentRequest) -> ArtifactRef:
        return self._ref(request.kind, f"{request.meta.slug}-v{request.version}-{request.kind}")

    @activity.defn(name="render_meeting_document")
    def render_meeting_document(self, request: MeetingDocumentRequest) -> ArtifactRef:
        return self._ref(request.kind, f"{request.meeting.meeting_id}-{request.kind}")

    @activity.defn(name="render_mission_report")
    def render_mission_report(self, request: MissionReportRequest) -> ArtifactRef:
        return self._ref(ArtifactKind.MISSION_REPORT, f"{request.mission.mission_id}-report")

    @activity.defn(name="send_notices")
    def send_notices(self, request: NoticeRequest) -> NoticeReport:
        gate = self.held_notices.get(request.notice_key.rsplit(":", 1)[-1])
        if gate is not None:  # a test holds this notice on its way out until it lets it go
            self.notices_held.add(request.notice_key)
            gate.wait(30)
        self.notices[request.notice_key] = request
        self.notice_calls[request.notice_key] += 1
        return NoticeReport(queued=len(request.recipients), sent=len(request.recipients), failed=0)

    def all(self) -> list[object]:
        return [
            self.record_events,
            self.project_draft,
            self.project_draft_changes,
            self.project_round,
            self.project_silence,
            self.project_mission,
            self.project_meeting,
            self.render_draft_document,
            self.render_meeting_document,
            self.render_mission_report,
            self.send_notices,
        ]

    def notices_of(self, kind: str) -> list[NoticeRequest]:
        return [n for n in self.notices.values() if n.kind == kind]
