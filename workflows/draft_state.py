"""What happens to a draft's state: plain functions over `DraftState`, no Temporal, no I/O.

The draft workflow orchestrates (timers, children, activities); the rules of what an answer, a
resolution, a revision or a decision does to the state live here and are tested without Temporal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from models.activity_io import DocumentRequest
from models.contracts.draft import DraftState
from models.domain import ArtifactKind, CommentKind, DocumentType, Language


def document_request(
    state: DraftState,
    kind: ArtifactKind,
    now: datetime,
    *,
    language: Language | None = None,
    version: int | None = None,
    round_number: int | None = None,
    **extra: Any,
) -> DocumentRequest:
    """What a Word document of this draft needs, in one language, of one version."""
    language = language or state.meta.language
    record = next((v for v in state.versions if v.number == version), state.versions[-1])
    translation = None
    sections = record.sections
    if record is state.versions[-1]:
        sections, translation = state.sections_in(language)
    untranslated: list[str] = []
    if language != state.meta.language:
        done = {s.id for s in translation.sections} if translation else set()
        untranslated = [s.id for s in record.sections if s.id not in done]
    rounds = [r for r in state.rounds if r.number == round_number]
    if state.meta.document_type == DocumentType.MIGRATION_PROFILE and "comments" not in extra:
        extra["comments"] = [c for c in state.comments if c.kind == CommentKind.MISSION_FINDING]
    meta = state.meta
    if translation and translation.title:
        meta = meta.model_copy(update={"title": translation.title})
    return DocumentRequest(
        kind=kind,
        meta=meta,
        version=record.number,
        sections=sections,
        language=language,
        translated_from=translation.based_on if translation else None,
        untranslated=untranslated,
        phase=state.phase,
        round_number=round_number,
        round=rounds[0] if rounds else None,
        generated_at=now,
        **extra,
    )
