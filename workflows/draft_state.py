"""What happens to a draft's state: plain functions over `DraftState`, no Temporal, no I/O.

The draft workflow orchestrates (timers, children, activities); the rules of what an answer, a
resolution, a revision or a decision does to the state live here and are tested without Temporal.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from models.activity_io import DispositionNote, DocumentRequest, NoticeContext, NoticeRequest
from models.api import CommentResolutions, MissionRequest, TranslationSubmit
from models.base import ArtifactRef, Section, SectionText
from models.contracts.comment_round import RoundDeadline, RoundInput, RoundResult, RoundStart
from models.contracts.draft import (
    DraftChanges,
    DraftComment,
    DraftState,
    EndorsementRecord,
    EndorsementStart,
    MissionSummary,
    ResolutionReport,
    RoundSummary,
    Translation,
    VersionInfo,
    VersionRecord,
)
from models.contracts.expert_mission import MissionInput, MissionResult
from models.contracts.written_procedure import SilenceInput, SilenceResult
from models.domain import (
    ArtifactKind,
    CommentKind,
    Decision,
    DocumentType,
    Language,
    NoticeKind,
    Phase,
    Position,
    SilenceOutcome,
)
from models.profile import PROFILE_SECTIONS

PROFILE_TITLES = {s.id: s for s in PROFILE_SECTIONS}
# Documents of a round that show the sections' titles, never their text.
TITLES_ONLY = (ArtifactKind.COMMENT_COMPILATION, ArtifactKind.POSITION_REGISTER)


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
    title = translation.title if translation else None
    if language != state.meta.language:
        other = next((t for t in state.translations if t.language == language), None)
        if translation is None and other is not None and kind in TITLES_ONLY:
            # A round on an earlier version: its comments are grouped under the section titles
            # of the language version there is (only the titles show).
            titles = {s.id: s.title for s in other.sections}
            sections = [s.model_copy(update={"title": titles.get(s.id, s.title)}) for s in sections]
            title = other.title
            done = set(titles)
        else:
            done = {s.id for s in translation.sections} if translation else set()
        untranslated = [s.id for s in record.sections if s.id not in done]
    rounds = [r for r in state.rounds if r.number == round_number]
    if state.meta.document_type == DocumentType.MIGRATION_PROFILE and "comments" not in extra:
        extra["comments"] = [c for c in state.comments if c.kind == CommentKind.MISSION_FINDING]
    if state.meta.document_type == DocumentType.MIGRATION_PROFILE:
        extra.setdefault("experts", [e for m in state.missions for e in m.experts])
    meta = state.meta
    if title:
        meta = meta.model_copy(update={"title": title})
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


def comment_mark(comment: DraftComment) -> str:
    """What can change in a comment once made: its disposition and justification."""
    what = f"{comment.disposition or ''}\n{comment.justification or ''}"
    return hashlib.sha256(what.encode()).hexdigest()[:16]


def projection(
    state: DraftState,
    open_round: RoundSummary | None,
    versions: list[VersionRecord] | None = None,
    comments: list[DraftComment] | None = None,
    translations: list[Translation] | None = None,
) -> DraftChanges:
    """A draft's projection: its small parts whole, and the versions, comments and translations
    given (all of them when none are given)."""
    return DraftChanges(
        meta=state.meta,
        phase=state.phase,
        version=state.version,
        started_at=state.started_at,
        updated_at=state.updated_at,
        withdrawn_reason=state.withdrawn_reason,
        open_round=open_round,
        rounds=state.rounds,
        endorsements=state.endorsements,
        versions=state.versions if versions is None else versions,
        comments=state.comments if comments is None else comments,
        translations=state.translations if translations is None else translations,
    )


def projection_changes(
    state: DraftState, open_round: RoundSummary | None
) -> tuple[DraftChanges, dict[int, str], dict[str, str]]:
    """The projection of what changed since the last one, and the marks to keep once written
    (translations: workflows/draft_marks.py)."""
    versions = {v.number: v.artifact_id or "" for v in state.versions}
    comments = {c.comment_id: comment_mark(c) for c in state.comments}
    changes = projection(
        state,
        open_round,
        versions=[
            v
            for v in state.versions
            if state.projected_versions.get(v.number) != versions[v.number]
        ],
        comments=[
            c
            for c in state.comments
            if state.projected_comments.get(c.comment_id) != comments[c.comment_id]
        ],
        translations=[],
    )
    return changes, versions, comments


# ---------------------------------------------------------------- what the state says


OPEN_FOR_CHANGE = (Phase.DRAFTING, Phase.REVISION)


def current_round(state: DraftState) -> RoundSummary | None:
    return next((r for r in state.rounds if r.open), None)


def unresolved(state: DraftState) -> int:
    return sum(1 for c in state.comments if c.disposition is None)


def pending_endorsement(state: DraftState) -> EndorsementRecord | None:
    last = state.endorsements[-1] if state.endorsements else None
    return last if last is not None and last.decision is None else None


def participants(state: DraftState) -> list[str]:
    """Everyone this draft has involved: lead, co-leads and every invitee so far."""
    meta = state.meta
    seen = dict.fromkeys([meta.lead_state, *meta.co_lead_states])
    for r in state.rounds:
        seen.update(dict.fromkeys(r.invitees))
    return list(seen)


# ---------------------------------------------------------------- transitions


def reservations(summary: RoundSummary) -> list[str]:
    """Who answered a round with a reservation or an objection."""
    return [
        p
        for p, pos in summary.positions.items()
        if pos in (Position.RESERVATION, Position.OBJECTION)
    ]


def add_endorsement(
    state: DraftState, request: EndorsementStart, now: datetime
) -> EndorsementRecord:
    record = EndorsementRecord(
        route=request.route,
        requested_at=now,
        version=state.version,
        meeting_id=request.meeting_id,
        objections_standing=request.objections_standing,
    )
    state.endorsements.append(record)
    return record


def add_silence(
    state: DraftState, record: EndorsementRecord, request: EndorsementStart
) -> SilenceInput:
    """The next written procedure on the current version (its id kept in the record)."""
    assert request.deadline is not None
    state.silence_counter += 1
    record.procedure_id = f"{state.meta.draft_id}-silence-{state.silence_counter}"
    return SilenceInput(
        procedure_id=record.procedure_id,
        draft=state.meta,
        version=state.version,
        invitees=request.invitees,
        deadline=request.deadline,
    )


def add_mission(state: DraftState, request: MissionRequest) -> MissionInput:
    """The next expert mission (to the profile's country unless another is named)."""
    mission_id = f"{state.meta.draft_id}-mission-{len(state.missions) + 1}"
    country = request.country or state.meta.country or ""
    state.missions.append(
        MissionSummary(
            mission_id=mission_id,
            country=country,
            findings_due=request.findings_due,
            experts=request.experts,
            kind=request.kind,
        )
    )
    return MissionInput(
        mission_id=mission_id,
        draft=state.meta,
        country=country,
        experts=request.experts,
        starts_on=request.starts_on,
        ends_on=request.ends_on,
        findings_due=request.findings_due,
        reminder_before=request.reminder_before,
        sections=mission_sections(state, request.sections),
        brief=request.brief,
        kind=request.kind,
    )


def mission_sections(state: DraftState, chosen: list[str]) -> dict[str, list[str]]:
    """The titles of a mission's sections (all when none is chosen) in each language: the
    draft's translation, else the profile template's title, else the original."""
    out: dict[str, list[str]] = {}
    for language in Language:
        sections, translation = state.sections_in(language)
        titles = []
        for s in sections:
            if chosen and s.id not in chosen:
                continue
            template = PROFILE_TITLES.get(s.id)
            other = language != state.meta.language and translation is None
            titles.append(template.title(language) if template and other else s.title)
        out[language.value] = titles
    return out


def add_version(
    state: DraftState, sections: list[SectionText], note: str, now: datetime
) -> VersionRecord:
    """A new version; new sections get the next free id, kept ones keep theirs."""
    result: list[Section] = []
    used = {s.id for v in state.versions for s in v.sections} | {s.id for s in sections if s.id}
    for s in sections:
        section_id = s.id
        if not section_id:  # the next free id: never one given, nor a removed section's
            state.section_counter += 1
            while f"s{state.section_counter}" in used:
                state.section_counter += 1
            section_id = f"s{state.section_counter}"
        result.append(Section(id=section_id, title=s.title, text=s.text))
    record = VersionRecord(number=state.version + 1, created_at=now, sections=result, note=note)
    state.versions.append(record)
    state.updated_at = now
    return record


def add_round(
    state: DraftState, request: RoundStart, now: datetime
) -> tuple[RoundSummary, RoundInput]:
    """The next comment round on the current version, and the input of its workflow."""
    number = len(state.rounds) + 1
    summary = RoundSummary(
        round_id=f"{state.meta.draft_id}-round-{number}",
        number=number,
        version=state.version,
        opened_at=now,
        deadline=request.deadline,
        invitees=request.invitees,
    )
    state.rounds.append(summary)
    child = RoundInput(
        round_id=summary.round_id,
        number=number,
        draft=state.meta,
        version=state.version,
        section_ids=[s.id for s in state.current_sections],
        invitees=request.invitees,
        deadline=request.deadline,
        reminder_before=request.reminder_before,
        titles=translated_titles(state),
    )
    return summary, child


def translated_titles(state: DraftState) -> dict[str, str]:
    """The draft's title in each language version that has one (mails show it to its readers)."""
    return {t.language.value: t.title for t in state.translations if t.title}


def version_info(state: DraftState, version: int, sections: list[Section]) -> VersionInfo:
    return VersionInfo(
        draft_id=state.meta.draft_id, version=version, section_ids=[s.id for s in sections]
    )


def add_comment(
    state: DraftState,
    comment_id: str,
    round_number: int,
    participant_id: str,
    kind: CommentKind,
    section_id: str | None,
    text: str,
    proposed_text: str | None,
    position: Position | None,
    quote: str | None = None,
) -> None:
    """A comment to dispose of, once by its id (a result delivered twice adds nothing)."""
    if any(c.comment_id == comment_id for c in state.comments):
        return
    state.comments.append(
        DraftComment(
            comment_id=comment_id,
            round_number=round_number,
            participant_id=participant_id,
            kind=kind,
            section_id=section_id,
            text=text,
            proposed_text=proposed_text,
            quote=quote,
            position=position,
        )
    )


def take_round_result(state: DraftState, result: RoundResult) -> RoundSummary | None:
    """A closed round's answers become comments (a reason too); None when already taken."""
    summary = next((r for r in state.rounds if r.round_id == result.round_id), None)
    if summary is None or not summary.open:
        return None
    summary.open = False
    summary.outcome = result.outcome
    summary.closed_at = result.closed_at
    summary.positions = {a.participant_id: a.position for a in result.answers}
    for answer in result.answers:
        prefix = f"{result.round_id}-{answer.participant_id}"
        if answer.reason:
            add_comment(
                state,
                f"{prefix}-reason",
                result.number,
                answer.participant_id,
                CommentKind.GENERAL,
                None,
                answer.reason,
                None,
                answer.position,
            )
        for i, c in enumerate(answer.comments, start=1):
            kind = CommentKind.SECTION if c.section_id else CommentKind.GENERAL
            add_comment(
                state,
                f"{prefix}-{i}",
                result.number,
                answer.participant_id,
                kind,
                c.section_id,
                c.text,
                c.proposed_text,
                answer.position,
                c.quote,
            )
    return summary


def apply_resolutions(state: DraftState, request: CommentResolutions) -> ResolutionReport:
    by_id = {c.comment_id: c for c in state.comments}
    for r in request.resolutions:
        comment = by_id[r.comment_id]
        comment.disposition = r.disposition
        comment.justification = r.justification
    left = unresolved(state)
    return ResolutionReport(resolved=len(state.comments) - left, unresolved=left)


def disposition_notes(state: DraftState, version: int) -> dict[str, list[DispositionNote]]:
    """Per participant that commented on the version before `version`: how its comments fared."""
    revised = {r.number for r in state.rounds if r.version == version - 1}
    invited = {p for r in state.rounds for p in r.invitees}
    titles = {s.id: s.title for v in state.versions for s in v.sections}
    notes: dict[str, list[DispositionNote]] = {}
    for c in state.comments:
        if c.round_number in revised and c.disposition and c.participant_id in invited:
            notes.setdefault(c.participant_id, []).append(
                DispositionNote(
                    section_title=titles.get(c.section_id or ""),
                    text=c.text,
                    disposition=c.disposition,
                    justification=c.justification,
                )
            )
    return dict(sorted(notes.items()))


def take_translation(state: DraftState, request: TranslationSubmit, now: datetime) -> Translation:
    """The other language's text of the current version (replacing an earlier one)."""
    translation = Translation(
        language=request.language,
        based_on=state.version,
        sections=[Section(id=s.id or "", title=s.title, text=s.text) for s in request.sections],
        updated_at=now,
        title=request.title,
    )
    state.translations = [t for t in state.translations if t.language != request.language] + [
        translation
    ]
    state.updated_at = now
    return translation


def decide(
    record: EndorsementRecord,
    decision: Decision,
    at: datetime,
    notes: str,
    reservations: list[str],
    amendments: str = "",
) -> Phase:
    """Record the decision on an endorsement; the phase the draft goes to."""
    record.decision = decision
    record.decided_at = at
    record.notes = notes
    record.reservations = reservations
    record.amendments = amendments
    if decision in (Decision.ENDORSED, Decision.ENDORSED_WITH_AMENDMENTS):
        return Phase.FINAL
    if decision == Decision.DEFERRED:
        return Phase.REVISION
    return Phase.REJECTED


def amended_sections(state: DraftState, amended: list[SectionText]) -> list[SectionText]:
    """The amended text as a new version: a section keeps its id when the draft has it."""
    known = {s.id for s in state.current_sections}
    return [s if s.id in known else s.model_copy(update={"id": None}) for s in amended]


def take_silence_result(state: DraftState, result: SilenceResult) -> tuple[Decision, str]:
    """Silence kept: endorsed. Broken: the objection becomes a comment, the draft deferred."""
    if result.outcome != SilenceOutcome.BROKEN:
        return Decision.ENDORSED, "Silence kept: endorsed by written procedure"
    assert result.broken_by is not None
    add_comment(
        state,
        f"{result.procedure_id}-objection",
        len(state.rounds),
        result.broken_by,
        CommentKind.GENERAL,
        None,
        result.reason or "",
        None,
        Position.OBJECTION,
    )
    return Decision.DEFERRED, f"Silence broken by {result.broken_by}: {result.reason}"


def move_deadline(state: DraftState, moved: RoundDeadline, now: datetime) -> bool:
    """An open round's new deadline; False when the round is unknown or closed."""
    summary = next((r for r in state.rounds if r.round_id == moved.round_id), None)
    if summary is None or not summary.open:
        return False
    summary.deadline = moved.deadline
    state.updated_at = now
    return True


def take_mission_result(state: DraftState, result: MissionResult) -> MissionSummary | None:
    """An ended mission's findings become comments; None when already taken."""
    mission = next((m for m in state.missions if m.mission_id == result.mission_id), None)
    if mission is None or not mission.open:
        return None
    mission.open = False
    mission.outcome = result.outcome
    for i, f in enumerate(result.findings, start=1):
        add_comment(
            state,
            f"{result.mission_id}-{i}",
            0,
            result.submitted_by or "expert",
            CommentKind.MISSION_FINDING,
            f.section_id,
            f.text,
            None,
            None,
        )
    return mission


def close_children(state: DraftState) -> list[str]:
    """On withdrawal: the open rounds, missions and procedure to cancel, all marked closed."""
    children = [r.round_id for r in state.rounds if r.open]
    children += [m.mission_id for m in state.missions if m.open]
    pending = pending_endorsement(state)
    if pending and pending.procedure_id:
        children.append(pending.procedure_id)
    for r in state.rounds:
        r.open = False
    for m in state.missions:
        m.open = False
    return children


def keep_artifact(state: DraftState, request: DocumentRequest, ref: ArtifactRef) -> None:
    """A rendered file replaces the one of the same kind and name; a version remembers its own."""
    state.artifacts = [
        a for a in state.artifacts if not (a.kind == ref.kind and a.filename == ref.filename)
    ] + [ref]
    original = request.doc_language == state.meta.language
    if request.kind == ArtifactKind.DRAFT_VERSION and original:
        for version in state.versions:
            if version.number == request.version:
                version.artifact_id = ref.artifact_id


def notice_request(
    state: DraftState,
    kind: NoticeKind,
    recipients: list[str],
    key: str,
    *,
    decision: Decision | None = None,
    reason: str | None = None,
    dispositions: list[DispositionNote],
    attach: ArtifactKind | None = None,
    **context: Any,
) -> NoticeRequest:
    """A notice about this draft, sent once per key (`<draft id>:<key>`); `attach`: the file of
    the current version it carries, `context`: more of NoticeContext's fields."""
    meta = state.meta
    return NoticeRequest(
        notice_key=f"{meta.draft_id}:{key}",
        kind=kind,
        recipients=recipients,
        draft_id=meta.draft_id,
        attach=attach,
        context=NoticeContext(
            draft_title=meta.title,
            reference=meta.reference,
            document_type=meta.document_type,
            lead_state=meta.lead_state,
            version=state.version,
            decision=decision,
            reason=reason,
            dispositions=dispositions,
            draft_titles=translated_titles(state),
            **context,
        ),
    )
