"""Word documents out (built on demand) and Word files in (drafts, revisions, translations,
annotated answers)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Response, UploadFile

from models.api import TranslationSubmit
from models.domain import ArtifactKind, DocumentType, Language, ThematicArea
from ppflow import documents
from web.deps import (
    AnyRole,
    ClientDep,
    Reviewer,
    SessionDep,
    SettingsDep,
    guard_drafts,
    require_own_lead,
)

MAX_UPLOAD = 20 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

word = APIRouter(tags=["word"])
GUARD = Depends(guard_drafts)  # observers read only; a state reaches only its own drafts


async def read_upload(file: UploadFile) -> bytes:
    """The uploaded file, read no further than the limit."""
    content = await file.read(MAX_UPLOAD + 1)
    if len(content) > MAX_UPLOAD:
        raise HTTPException(
            413,
            f"the file is larger than {MAX_UPLOAD // 2**20} MB; "
            "save the document without embedded media or split it",
        )
    return content


def docx_response(content: bytes, filename: str) -> Response:
    return Response(
        content,
        media_type=DOCX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@word.get("/api/drafts/{draft_id}/documents/{kind}", dependencies=[GUARD])
async def draft_document(
    draft_id: str,
    kind: ArtifactKind,
    client: ClientDep,
    db: SessionDep,
    role: AnyRole,
    language: Language | None = None,
    version: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    round: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    from_version: Annotated[int | None, Query(ge=1, le=100_000)] = None,
) -> Response:
    """Build a Word document of the draft now (and keep it in the artifact store)."""
    ref, content = await documents.draft_document(
        client,
        db,
        draft_id,
        kind,
        language=language,
        version=version,
        round_number=round,
        from_version=from_version,
    )
    return docx_response(content, ref.filename)


@word.post("/api/drafts/word", status_code=201)
async def start_draft_from_word(
    file: UploadFile,
    title: Annotated[str, Form()],
    document_type: Annotated[DocumentType, Form()],
    lead_state: Annotated[str, Form()],
    client: ClientDep,
    db: SessionDep,
    settings: SettingsDep,
    role: AnyRole,
    thematic_area: Annotated[ThematicArea | None, Form()] = None,
    co_lead_states: Annotated[str, Form(description="Comma-separated ids")] = "",
    country: Annotated[str | None, Form()] = None,
    slug: Annotated[str | None, Form()] = None,
    language: Annotated[Language, Form()] = Language.EN,
) -> Any:
    """Start a draft from a .docx made in Word: each Heading 1 becomes a section."""
    require_own_lead(role, lead_state)
    fields = {
        "title": title,
        "document_type": document_type,
        "lead_state": lead_state,
        "thematic_area": thematic_area,
        "co_lead_states": [x.strip() for x in co_lead_states.split(",") if x.strip()],
        "country": country or None,
        "slug": slug or None,
        "language": language,
    }
    content = await read_upload(file)
    return await documents.start_draft_from_word(client, db, settings, fields, content)


@word.post("/api/drafts/{draft_id}/revisions/word", dependencies=[GUARD])
async def revise_from_word(
    draft_id: str,
    file: UploadFile,
    client: ClientDep,
    role: AnyRole,
    note: Annotated[str, Form(max_length=20_000)] = "",
) -> Any:
    """A revision from a .docx (the exported draft edited in Word, or any file with headings)."""
    return await documents.revise_from_word(client, draft_id, await read_upload(file), note)


@word.post("/api/drafts/{draft_id}/translations", dependencies=[GUARD])
async def translate(
    draft_id: str, request: TranslationSubmit, client: ClientDep, db: SessionDep, role: AnyRole
) -> Any:
    return await documents.submit_translation(client, draft_id, request, db)


@word.post("/api/drafts/{draft_id}/translations/word", dependencies=[GUARD])
async def translate_from_word(
    draft_id: str,
    file: UploadFile,
    language: Annotated[Language, Form()],
    client: ClientDep,
    role: AnyRole,
) -> Any:
    content = await read_upload(file)
    return await documents.translate_from_word(client, draft_id, language, content)


@word.post("/api/review/{token}/word")
async def answer_from_word(
    token: str, file: UploadFile, client: ClientDep, reviewer: Reviewer
) -> Any:
    """Read an annotated draft into a proposed answer. Nothing is recorded: send the proposal
    (edited as you like) to /api/review/{token}/answer to confirm it."""
    content = await read_upload(file)
    proposal = await documents.answer_from_word(client, reviewer, content)
    return {"recorded": False, "confirm_at": f"/api/review/{token}/answer", "answer": proposal}
