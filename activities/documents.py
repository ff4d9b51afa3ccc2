"""Word documents (python-docx), stored once by content hash in the artifact store."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from models.messages import ArtifactRef, DocumentRequest, MeetingDocumentRequest


class DocumentActivities:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    @activity.defn
    def render_draft_document(self, request: DocumentRequest) -> ArtifactRef:
        raise NotImplementedError

    @activity.defn
    def render_meeting_document(self, request: MeetingDocumentRequest) -> ArtifactRef:
        raise NotImplementedError
