"""The artifact store: Word files kept once by content hash (SHA-256) in the database, one link
per file name, so every worker and web server shares them and a retry writes nothing new."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models.base import ArtifactRef
from models.db import Artifact, ArtifactLink
from models.domain import ArtifactKind, Language

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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
