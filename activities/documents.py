"""Document activities: render a draft's or a meeting's Word file and store it (claim check:
workflows pass the state, never bytes; word/ does the work)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from models.activity_io import DocumentRequest, MeetingDocumentRequest
from models.base import ArtifactRef
from models.contracts.activities import Documents
from models.domain import ArtifactKind, Language
from word.documents import render_draft, render_meeting
from word.store import store_artifact


class DocumentActivities(Documents):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    @activity.defn
    def render_draft_document(self, request: DocumentRequest) -> ArtifactRef:
        try:
            content, filename = render_draft(request)
        except ValueError as e:
            raise ApplicationError(str(e), non_retryable=True) from e
        return self.store(
            content,
            request.kind,
            filename,
            draft_id=request.meta.draft_id,
            version=request.version,
            language=request.doc_language,
        )

    @activity.defn
    def render_meeting_document(self, request: MeetingDocumentRequest) -> ArtifactRef:
        """Every language at once (a meeting's papers go out in English and Russian); the
        reference returned is the one of the requested language."""
        refs = {}
        for language in Language:
            localised = request.model_copy(update={"language": language})
            try:
                content, filename = render_meeting(localised)
            except ValueError as e:
                raise ApplicationError(str(e), non_retryable=True) from e
            refs[language] = self.store(
                content,
                request.kind,
                filename,
                meeting_id=request.meeting.meeting_id,
                language=language,
            )
        return refs[request.language]

    def store(self, content: bytes, kind: ArtifactKind, filename: str, **where: Any) -> ArtifactRef:
        with self.sessions.begin() as session:
            return store_artifact(session, content, kind, filename, **where)
