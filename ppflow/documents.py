"""Word documents on demand and Word files in: the commands behind the API and the CLI.

Documents are built from the draft workflow's state (its query) and, for the procedural record,
from the event log; they are stored like the workflow's own renders (once by content hash, one
row per draft, version, kind and language) and then served from the artifact store.
"""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session
from temporalio.client import Client

from models.activity_io import EventRecord
from models.api import DraftStart, DraftStarted, ReviewerAnswer, RevisionSubmit, TranslationSubmit
from models.base import ArtifactRef, Section
from models.contracts.draft import DraftState, VersionInfo
from models.domain import ArtifactKind, DocumentType, Language, Phase
from models.settings import Settings
from ppflow import answers, service
from ppflow.reviewers import log_event
from ppflow.service import Conflict, Invalid
from word.documents import render_draft
from word.kinds import DRAFT_BUILDERS
from word.names import registry_names
from word.reader import read_annotations, read_sections
from word.store import store_artifact
from word.upload import WordFileError
from workflows.draft import DraftWorkflow
from workflows.draft_checks import check_translation
from workflows.draft_state import document_request, take_translation, version_info

DRAFT_KINDS = tuple(DRAFT_BUILDERS)  # every kind a draft has a builder for


def _round_number(state: DraftState, asked: int | None) -> int:
    if not state.rounds:
        raise Conflict(f"{state.meta.draft_id} has had no comment round yet")
    number = asked or state.rounds[-1].number
    if not any(r.number == number for r in state.rounds):
        raise Invalid(f"no round {number}: the draft has had {len(state.rounds)} round(s)")
    return number


def _version(state: DraftState, asked: int | None) -> int:
    if asked is not None and not any(v.number == asked for v in state.versions):
        raise Invalid(f"no version {asked}: the draft is at version {state.version}")
    return asked or state.version


def _events(session: Session, draft_id: str) -> list[EventRecord]:
    return [
        EventRecord(
            event_id=e.event_id,
            workflow_id=e.workflow_id,
            draft_id=e.draft_id,
            kind=e.kind,
            at=e.at if e.at.tzinfo else e.at.replace(tzinfo=UTC),
            summary=e.summary,
            actor=e.actor,
        )
        for e in service.draft_events(session, draft_id)
    ]


async def draft_document(
    client: Client,
    session: Session,
    draft_id: str,
    kind: ArtifactKind,
    *,
    language: Language | None = None,
    version: int | None = None,
    round_number: int | None = None,
    from_version: int | None = None,
) -> tuple[ArtifactRef, bytes]:
    """Build one Word document of a draft now, store it and return it."""
    if kind not in DRAFT_KINDS:
        raise Invalid(
            f"{kind.value} is not a document of a draft; choose one of "
            + ", ".join(k.value for k in DRAFT_KINDS)
        )
    status = await service.draft_status(client, draft_id)
    state = status.state
    extra: dict[str, Any] = {}
    number = None
    if kind in (ArtifactKind.COMMENT_COMPILATION, ArtifactKind.POSITION_REGISTER):
        number = _round_number(state, round_number)
        extra["comments"] = [c for c in state.comments if c.round_number == number]
        version = version or next(r.version for r in state.rounds if r.number == number)
    elif kind == ArtifactKind.DRAFT_VERSION and status.open_round is not None:
        extra["deadline"] = status.open_round.deadline
    elif kind == ArtifactKind.REDLINE:
        version = _version(state, version)
        previous = _version(state, from_version or version - 1) if version > 1 else 0
        if not previous or previous >= version:
            raise Invalid(
                "a redline needs an earlier version to compare with "
                f"(the draft is at version {state.version})"
            )
        extra["previous_version"] = previous
        extra["previous_sections"] = next(
            v.sections for v in state.versions if v.number == previous
        )
    elif kind == ArtifactKind.FINAL_TEXT:
        if state.phase != Phase.FINAL or not state.endorsements:
            raise Conflict(f"{draft_id} is not endorsed yet (it is in {state.phase.value})")
        extra["endorsement"] = state.endorsements[-1]
    elif kind == ArtifactKind.MIGRATION_PROFILE:
        if state.meta.document_type != DocumentType.MIGRATION_PROFILE:
            raise Invalid(f"{draft_id} is not a migration profile")
    elif kind == ArtifactKind.PROCEDURAL_RECORD:
        extra["events"] = _events(session, draft_id)
        extra["rounds"] = state.rounds
        extra["endorsements"] = state.endorsements
    request = document_request(
        state,
        kind,
        datetime.now(UTC),
        language=language,
        version=_version(state, version),
        round_number=number,
        **extra,
    )
    request.names = registry_names(session, request.doc_language)
    content, filename = await asyncio.to_thread(render_draft, request)
    ref = store_artifact(
        session,
        content,
        kind,
        filename,
        draft_id=draft_id,
        version=request.version,
        language=request.doc_language,
    )
    session.commit()
    return ref, content


# ---------------------------------------------------------------- Word in


def _sections(content: bytes, existing: list[Section] | None = None) -> Any:
    try:
        return read_sections(content, existing)
    except WordFileError as e:
        raise Invalid(str(e)) from e


async def start_draft_from_word(
    client: Client, session: Session, settings: Settings, fields: dict[str, Any], content: bytes
) -> DraftStarted:
    """A drafting state starts a draft from a .docx: each Heading 1 becomes a section."""
    sections = await asyncio.to_thread(_sections, content)
    start = service.parse(DraftStart, {**fields, "sections": [s.model_dump() for s in sections]})
    return await service.start_draft(client, session, settings, start)


async def revise_from_word(
    client: Client, draft_id: str, content: bytes, note: str = ""
) -> VersionInfo:
    """A revision from a .docx: headings are matched to the sections they were exported as."""
    status = await service.draft_status(client, draft_id)
    sections = await asyncio.to_thread(_sections, content, status.state.current_sections)
    revision = service.parse(
        RevisionSubmit, {"sections": [s.model_dump() for s in sections], "note": note}
    )
    return await service.submit_revision(client, draft_id, revision)


async def translate_from_word(
    client: Client, draft_id: str, language: Language, content: bytes
) -> VersionInfo:
    """The other language version from a .docx exported from the draft (ids by bookmark)."""
    status = await service.draft_status(client, draft_id)
    current = status.state.current_sections
    sections = await asyncio.to_thread(_sections, content, current)
    by_position = [s.id for s in current]
    for i, s in enumerate(sections):  # a translated title cannot match: fall back to order
        if not s.id and i < len(by_position):
            s.id = by_position[i]
    return await submit_translation(
        client,
        draft_id,
        service.parse(
            TranslationSubmit,
            {"language": language, "sections": [s.model_dump() for s in sections]},
        ),
    )


async def submit_translation(
    client: Client, draft_id: str, request: TranslationSubmit, session: Session | None = None
) -> VersionInfo:
    """The other language of the current version; once the draft is final, of the endorsed
    text (every endorsed text exists in both working languages)."""
    status = await service.draft_status(client, draft_id)
    if status.state.phase == Phase.FINAL and session is not None:
        return await _translate_final(session, status.state, request)
    handle = service.draft_handle(client, draft_id)
    return await service.run_update(handle, DraftWorkflow.submit_translation, request)


async def _translate_final(
    session: Session, state: DraftState, request: TranslationSubmit
) -> VersionInfo:
    """The final text in the other language: checked like a translation of the draft, rendered
    with its endorsement record, stored with the draft's files and logged on its timeline (the
    draft's workflow has ended; the endorsed text does not change)."""
    try:
        check_translation(state.model_copy(update={"phase": Phase.REVISION}), request)
    except ValueError as e:
        raise Invalid(str(e)) from e
    now = datetime.now(UTC)
    final = state.model_copy(deep=True)
    take_translation(final, request, now)
    document = document_request(
        final,
        ArtifactKind.FINAL_TEXT,
        now,
        language=request.language,
        endorsement=final.endorsements[-1] if final.endorsements else None,
        names=registry_names(session, request.language),
    )
    content, filename = await asyncio.to_thread(render_draft, document)
    store_artifact(
        session,
        content,
        ArtifactKind.FINAL_TEXT,
        filename,
        draft_id=state.meta.draft_id,
        version=state.version,
        language=request.language,
    )
    digest = hashlib.sha256(content).hexdigest()[:16]
    log_event(
        session,
        f"{state.meta.draft_id}:final-translation:{request.language.value}:{digest}",
        state.meta.draft_id,
        state.meta.draft_id,
        "final_translated",
        f"{request.language.value.upper()} version of the final text "
        f"(version {state.version}) added: {len(request.sections)} section(s)",
        state.meta.lead_state,
    )
    session.commit()
    return version_info(final, state.version, final.current_sections)


def proposal_from_word(content: bytes, sections: list[Section]) -> ReviewerAnswer:
    """A reviewer's annotated .docx read into a proposed answer (nothing is recorded)."""
    try:
        comments = read_annotations(content, sections)
    except WordFileError as e:
        raise Invalid(str(e)) from e
    if not comments:
        raise Invalid(
            "the file has no Word comments and no tracked changes: add comments "
            "(Review > New Comment) or switch on Track Changes before editing"
        )
    return service.parse(
        ReviewerAnswer,
        {"position": "comments", "comments": [c.model_dump() for c in comments]},
    )


async def answer_from_word(
    client: Client, reviewer: answers.ReviewerContext, content: bytes
) -> ReviewerAnswer:
    """A proposal for the link's comment round; the reviewer confirms it by sending it."""
    if reviewer.kind != "round":
        raise Invalid("an annotated Word file answers a comment round only")
    review = await answers.review(client, reviewer)
    return await asyncio.to_thread(proposal_from_word, content, review["sections"])
