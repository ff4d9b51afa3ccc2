"""One Word file per request: the .docx bytes of a draft's or a meeting's document and its name."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from models.activity_io import DocumentRequest, MeetingDocumentRequest
from models.domain import ArtifactKind
from models.metrics import DOCUMENT_SECONDS, DOCUMENTS_RENDERED
from word.kinds import DRAFT_BUILDERS
from word.meeting import meeting_document
from word.render import to_bytes


def render_draft(request: DocumentRequest) -> tuple[bytes, str]:
    """The .docx of one draft document and its file name."""
    build = DRAFT_BUILDERS.get(request.kind)
    if build is None:
        raise ValueError(f"not a draft document: {request.kind}")
    suffix = f"-r{request.round_number}" if request.round_number else ""
    if request.kind == ArtifactKind.REDLINE:
        suffix = f"-from-v{request.previous_version}"
    name = f"{request.meta.slug}-v{request.version}-{request.kind.value}{suffix}"
    with counted(request.kind):
        content = to_bytes(build(request))
    return content, f"{name}-{request.doc_language.value}.docx"


def render_meeting(request: MeetingDocumentRequest) -> tuple[bytes, str]:
    if request.kind not in (ArtifactKind.MEETING_AGENDA, ArtifactKind.MEETING_CONCLUSIONS):
        raise ValueError(f"not a meeting document: {request.kind}")
    m = request.meeting
    name = f"{m.meeting_id}-{request.kind.value}-{len(m.agenda)}-{request.language.value}.docx"
    with counted(request.kind):
        content = to_bytes(meeting_document(request))
    return content, name


@contextmanager
def counted(kind: ArtifactKind) -> Iterator[None]:
    """ppflow_documents_rendered_total{kind,outcome} and ppflow_document_render_seconds{kind}."""
    started = time.perf_counter()
    try:
        yield
    except Exception:
        DOCUMENTS_RENDERED.labels(kind.value, "failed").inc()
        raise
    DOCUMENTS_RENDERED.labels(kind.value, "ok").inc()
    DOCUMENT_SECONDS.labels(kind.value).observe(time.perf_counter() - started)
