"""Word documents (python-docx), stored once by content hash in the artifact store.

Builders in activities/word/kinds.py hold the look of every kind; workflows pass the state,
never bytes (claim check); the database holds the files so every worker and web server shares
them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.word.kinds import DRAFT_BUILDERS, meeting_document
from activities.word.render import to_bytes
from models.db import Artifact, ArtifactLink
from models.domain import ArtifactKind, Language
from models.messages import ArtifactRef, DocumentRequest, MeetingDocumentRequest

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def render_draft(request: DocumentRequest) -> tuple[bytes, str]:
    """The .docx of one draft document and its file name."""
    build = DRAFT_BUILDERS.get(request.kind)
    if build is None:
        raise ValueError(f"not a draft document: {request.kind}")
    suffix = f"-r{request.round_number}" if request.round_number else ""
    if request.kind == ArtifactKind.REDLINE:
        suffix = f"-from-v{request.previous_version}"
    name = f"{request.meta.slug}-v{request.version}-{request.kind.value}{suffix}"
    return to_bytes(build(request)), f"{name}-{request.doc_language.value}.docx"


def render_meeting(request: MeetingDocumentRequest) -> tuple[bytes, str]:
    if request.kind not in (ArtifactKind.MEETING_AGENDA, ArtifactKind.MEETING_CONCLUSIONS):
        raise ValueError(f"not a meeting document: {request.kind}")
    m = request.meeting
    name = f"{m.meeting_id}-{request.kind.value}-{len(m.agenda)}-{request.language.value}.docx"
    return to_bytes(meeting_document(request)), name


class DocumentActivities:
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


def store_artifact(
    session: Session,
    content: bytes,
    kind: ArtifactKind,
    filename: str,
    *,
    draft_id: str | None = None,
    meeting_id: str | None = None,
    version: int | None = None,
    language: Language = Language.EN,
) -> ArtifactRef:
    """Content once by SHA-256, one link per file name: a retry writes nothing new."""
    digest = hashlib.sha256(content).hexdigest()
    link_key = f"{draft_id or meeting_id}/{filename}/{language.value}"
    # The same file may be rendered twice at once (the workflow and an on-demand build):
    # insert-if-absent on both keys, then update the link.
    if session.get(Artifact, digest) is None:
        _insert_absent(
            session,
            Artifact,
            {
                "id": digest,
                "media_type": DOCX,
                "size": len(content),
                "content": content,
                "created_at": datetime.now(UTC),
            },
            ["id"],
        )
    _insert_absent(
        session,
        ArtifactLink,
        {
            "link_key": link_key,
            "artifact_id": digest,
            "kind": kind.value,
            "language": language.value,
            "filename": filename,
            "created_at": datetime.now(UTC),
        },
        ["link_key"],
    )
    link = session.scalars(select(ArtifactLink).filter_by(link_key=link_key)).one()
    link.artifact_id, link.draft_id, link.meeting_id = digest, draft_id, meeting_id
    link.kind, link.version, link.language = kind.value, version, language.value
    link.filename = filename
    session.flush()
    return ArtifactRef(
        artifact_id=digest,
        kind=kind,
        filename=filename,
        size=len(content),
        version=version,
        language=language,
    )


def _insert_absent(
    session: Session, table: type[Any], values: dict[str, Any], keys: list[str]
) -> None:
    """INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL alike."""
    dialect = session.get_bind().dialect.name
    build = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(build(table).values(**values).on_conflict_do_nothing(index_elements=keys))


def load_artifact(session: Session, artifact_id: str) -> tuple[bytes, str, str] | None:
    """Content, media type and a file name for download (None when unknown)."""
    artifact = session.get(Artifact, artifact_id)
    if artifact is None:
        return None
    link = session.scalars(select(ArtifactLink).filter_by(artifact_id=artifact_id)).first()
    return artifact.content, artifact.media_type, link.filename if link else f"{artifact_id}.docx"


def list_artifacts(
    session: Session, draft_id: str | None = None, meeting_id: str | None = None
) -> list[ArtifactLink]:
    query = select(ArtifactLink).order_by(ArtifactLink.created_at, ArtifactLink.id)
    if draft_id:
        query = query.filter_by(draft_id=draft_id)
    if meeting_id:
        query = query.filter_by(meeting_id=meeting_id)
    return list(session.scalars(query))
