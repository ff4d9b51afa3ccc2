"""Word documents (python-docx), stored once by content hash in the artifact store.

The look of every document lives here; workflows pass the state, never bytes (claim check).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from datetime import datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.shared import Pt
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from models.db import Artifact, ArtifactLink
from models.domain import ArtifactKind, Language
from models.messages import ArtifactRef, DocumentRequest, MeetingDocumentRequest

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT = "Calibri"  # carries Cyrillic glyphs in Word and LibreOffice


def _new_document(header: str) -> DocxDocument:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    doc.sections[0].header.paragraphs[0].text = header
    return doc


def _day(moment: datetime | None) -> str:
    return moment.strftime("%d %B %Y") if moment else ""


def _table(doc: DocxDocument, headings: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def _cover(doc: DocxDocument, request: DocumentRequest, marking: str) -> None:
    meta = request.meta
    doc.add_paragraph("Prague Process")
    doc.add_heading(meta.title, level=0)
    doc.add_paragraph(marking).runs[0].bold = True
    details = [
        ("Document type", meta.document_type.value.replace("_", " ").capitalize()),
        ("Reference", meta.reference),
        ("Thematic area", meta.thematic_area.label if meta.thematic_area else ""),
        ("Lead state", meta.lead_state),
        ("Co-lead states", ", ".join(meta.co_lead_states)),
        ("Country", meta.country or ""),
        ("Version", str(request.version)),
        ("Date", _day(request.generated_at)),
    ]
    for label, value in details:
        if value:
            doc.add_paragraph(f"{label}: {value}")


def _sections(doc: DocxDocument, request: DocumentRequest) -> None:
    for number, section in enumerate(request.sections, start=1):
        doc.add_heading(f"{number}. {section.title}", level=1)
        for paragraph in section.text.split("\n\n"):
            if paragraph.strip():
                doc.add_paragraph(paragraph.strip())


def draft_version(request: DocumentRequest) -> DocxDocument:
    marking = "DRAFT — for consultation"
    if request.deadline:
        marking += f", comments by {_day(request.deadline)}"
    doc = _new_document(f"DRAFT · {request.meta.reference} · version {request.version}")
    _cover(doc, request, marking)
    _sections(doc, request)
    return doc


def comment_compilation(request: DocumentRequest) -> DocxDocument:
    doc = _new_document(f"{request.meta.reference} · comments, round {request.round_number}")
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    _cover(doc, request, f"Compilation of comments, round {request.round_number}")
    titles = {s.id: s.title for s in request.sections}
    rows = [
        [
            str(n),
            c.participant_id,
            titles.get(c.section_id or "", "General"),
            c.text,
            c.proposed_text or "",
            c.position.value if c.position else "",
            c.disposition.value.replace("_", " ") if c.disposition else "open",
            c.justification or "",
        ]
        for n, c in enumerate(request.comments, start=1)
    ]
    _table(
        doc,
        [
            "No.",
            "Participant",
            "Section",
            "Comment",
            "Proposed text",
            "Position",
            "Disposition",
            "Justification",
        ],
        rows,
    )
    return doc


def final_text(request: DocumentRequest) -> DocxDocument:
    doc = _new_document(f"{request.meta.reference} · Final and endorsed")
    _cover(doc, request, "Final and endorsed")
    _sections(doc, request)
    record = request.endorsement
    if record is not None:
        doc.add_heading("Endorsement record", level=1)
        where = (
            f"{record.meeting_title or record.meeting_id}, {record.meeting_place or ''}"
            if record.meeting_id
            else "Written (silence) procedure"
        )
        decision = record.decision.value.replace("_", " ") if record.decision else ""
        _table(
            doc,
            ["Route", "Where", "Date", "Decision", "Notes", "Reservations"],
            [
                [
                    record.route.value.replace("_", " "),
                    where,
                    _day(record.decided_at),
                    decision,
                    record.notes,
                    ", ".join(record.reservations),
                ]
            ],
        )
    return doc


DRAFT_DOCUMENTS: dict[ArtifactKind, Callable[[DocumentRequest], DocxDocument]] = {
    ArtifactKind.DRAFT_VERSION: draft_version,
    ArtifactKind.COMMENT_COMPILATION: comment_compilation,
    ArtifactKind.FINAL_TEXT: final_text,
}


def meeting_document(request: MeetingDocumentRequest) -> DocxDocument:
    m = request.meeting
    agenda = request.kind == ArtifactKind.MEETING_AGENDA
    doc = _new_document(f"Prague Process · {m.kind.label} · {m.place}")
    doc.add_paragraph("Prague Process")
    doc.add_heading(f"{m.title}: {'Agenda' if agenda else 'Conclusions'}", level=0)
    doc.add_paragraph(f"{m.place}, {_day(m.starts_at)}")
    rows = []
    for n, item in enumerate(m.agenda, start=1):
        decision = item.decision.value.replace("_", " ") if item.decision else ""
        outcome = "For endorsement" if agenda else decision
        if not agenda and item.reservations:
            outcome += f" (reservations: {', '.join(item.reservations)})"
        rows.append(
            [
                str(n),
                item.draft.title,
                item.draft.reference,
                f"version {item.version}",
                outcome,
                "" if agenda else item.notes,
            ]
        )
    _table(
        doc,
        [
            "Item",
            "Document",
            "Reference",
            "Version",
            "Action" if agenda else "Decision",
            "" if agenda else "Notes",
        ],
        rows,
    )
    if not agenda and m.summary:
        doc.add_paragraph(m.summary)
    return doc


def _bytes(doc: DocxDocument) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


class DocumentActivities:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    @activity.defn
    def render_draft_document(self, request: DocumentRequest) -> ArtifactRef:
        render = DRAFT_DOCUMENTS.get(request.kind)
        if render is None:
            raise ApplicationError(f"not a draft document: {request.kind}", non_retryable=True)
        suffix = f"-r{request.round_number}" if request.round_number else ""
        name = f"{request.meta.slug}-v{request.version}-{request.kind.value}{suffix}"
        return self._store(
            _bytes(render(request)),
            request.kind,
            f"{name}.docx",
            draft_id=request.meta.draft_id,
            version=request.version,
            language=request.meta.language,
        )

    @activity.defn
    def render_meeting_document(self, request: MeetingDocumentRequest) -> ArtifactRef:
        if request.kind not in (ArtifactKind.MEETING_AGENDA, ArtifactKind.MEETING_CONCLUSIONS):
            raise ApplicationError(f"not a meeting document: {request.kind}", non_retryable=True)
        m = request.meeting
        name = f"{m.meeting_id}-{request.kind.value}-{len(m.agenda)}.docx"
        return self._store(
            _bytes(meeting_document(request)), request.kind, name, meeting_id=m.meeting_id
        )

    def _store(
        self,
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
        with self.sessions.begin() as session:
            if session.get(Artifact, digest) is None:
                session.add(
                    Artifact(id=digest, media_type=DOCX, size=len(content), content=content)
                )
                session.flush()
            link = session.scalars(select(ArtifactLink).filter_by(link_key=link_key)).first()
            if link is None:
                link = ArtifactLink(link_key=link_key)
                session.add(link)
            link.artifact_id, link.draft_id, link.meeting_id = digest, draft_id, meeting_id
            link.kind, link.version, link.language = kind.value, version, language.value
            link.filename = filename
        return ArtifactRef(
            artifact_id=digest,
            kind=kind,
            filename=filename,
            size=len(content),
            version=version,
            language=language,
        )


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
