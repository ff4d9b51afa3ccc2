"""Inputs and outputs of every workflow, update, signal, query and activity: one model each.

Fields are only ever added (with defaults), so running workflows keep decoding their history.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from models.domain import (
    ArtifactKind,
    CommentKind,
    Decision,
    Disposition,
    DocumentType,
    Language,
    MeetingKind,
    MissionOutcome,
    NoticeKind,
    ParticipantGroup,
    Phase,
    Position,
    RoundOutcome,
    Route,
    SilenceOutcome,
    ThematicArea,
)
from models.profile import PROFILE_SECTIONS

MAX_TITLE = 300
MAX_TEXT = 200_000
MAX_COMMENT = 20_000
MAX_COMMENTS_PER_ANSWER = 500
MAX_SECTIONS = 500

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str, max_length: int = 60) -> str:
    """A lowercase ascii slug for business ids (`draft-<slug>`)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "untitled"


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# ---------------------------------------------------------------- sections and drafts


class SectionText(Model):
    """A section as the drafting state writes it; `id` is empty for a new section."""

    id: str | None = Field(default=None, max_length=40)
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    text: str = Field(default="", max_length=MAX_TEXT)


class Section(Model):
    """A section with its stable id: comments stay attached to it across versions."""

    id: str
    title: str
    text: str = ""


class DraftMeta(Model):
    """What identifies a draft: the same in every workflow, document and notice about it."""

    draft_id: str
    slug: str
    title: str
    reference: str
    document_type: DocumentType
    thematic_area: ThematicArea | None = None
    lead_state: str
    co_lead_states: list[str] = Field(default_factory=list)
    country: str | None = None
    language: Language = Language.EN


class DraftStart(Model):
    """A drafting state starts a draft."""

    title: str = Field(min_length=3, max_length=MAX_TITLE)
    document_type: DocumentType
    thematic_area: ThematicArea | None = None
    lead_state: str = Field(min_length=1, max_length=40)
    co_lead_states: list[str] = Field(default_factory=list, max_length=20)
    country: str | None = Field(
        default=None, description="The country a migration profile is about (participant id)."
    )
    slug: str | None = Field(default=None, max_length=60)
    language: Language = Language.EN
    sections: list[SectionText] = Field(
        default_factory=list,
        max_length=MAX_SECTIONS,
        description="Required, except for a migration profile: empty means the EMP template.",
    )

    @field_validator("slug")
    @classmethod
    def _slug_shape(cls, v: str | None) -> str | None:
        if v is not None and not SLUG_RE.match(v):
            raise ValueError("slug must be lowercase letters, digits and single dashes")
        return v

    @model_validator(mode="after")
    def _profile_needs_country(self) -> DraftStart:
        if self.document_type == DocumentType.MIGRATION_PROFILE and not self.country:
            raise ValueError("a migration profile needs the country it is about")
        if not self.sections:
            if self.document_type != DocumentType.MIGRATION_PROFILE:
                raise ValueError("a draft needs at least one section")
            self.sections = [
                SectionText(id=s.id, title=s.title(self.language), text=s.skeleton)
                for s in PROFILE_SECTIONS
            ]
        return self

    def effective_slug(self) -> str:
        return self.slug or slugify(self.title)

    def meta(self) -> DraftMeta:
        slug = self.effective_slug()
        return DraftMeta(
            draft_id=draft_workflow_id(slug),
            slug=slug,
            title=self.title,
            reference=f"PP/{self.document_type.value.upper().replace('_', '-')}/{slug}",
            document_type=self.document_type,
            thematic_area=self.thematic_area,
            lead_state=self.lead_state,
            co_lead_states=self.co_lead_states,
            country=self.country,
            language=self.language,
        )


def draft_workflow_id(slug: str) -> str:
    return f"draft-{slug}"


def meeting_workflow_id(slug: str) -> str:
    return f"meeting-{slug}"


class TranslationSubmit(Model):
    """The other language version of the current version's sections (ids as in the version)."""

    language: Language
    title: str | None = Field(default=None, max_length=MAX_TITLE, description="The title.")
    sections: list[SectionText] = Field(min_length=1, max_length=MAX_SECTIONS)


class Translation(Model):
    """A language version; `based_on` is the version it translates, which may lag the current."""

    language: Language
    based_on: int
    sections: list[Section]
    updated_at: datetime
    title: str | None = None


class VersionRecord(Model):
    number: int
    created_at: datetime
    sections: list[Section]
    note: str = ""
    artifact_id: str | None = None


# ---------------------------------------------------------------- comment rounds


class InviteeSelection(Model):
    """Who is invited: everyone, some groups, and/or named participants."""

    everyone: bool = False
    groups: list[ParticipantGroup] = Field(default_factory=list)
    participants: list[str] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _not_empty(self) -> InviteeSelection:
        if not (self.everyone or self.groups or self.participants):
            raise ValueError("choose everyone, one or more groups, or participants to invite")
        return self


class RoundOpen(Model):
    """The drafting state opens a comment round on the current version (API input)."""

    invitees: InviteeSelection
    deadline: datetime
    reminder_before: list[timedelta] = Field(
        default_factory=lambda: [timedelta(days=3)], max_length=10
    )


class RoundStart(Model):
    """What the draft workflow asks of a comment round (the invitees already resolved)."""

    invitees: list[str] = Field(min_length=1)
    deadline: datetime
    reminder_before: list[timedelta] = Field(default_factory=list)


class RoundInput(Model):
    """Input of CommentRoundWorkflow."""

    round_id: str
    number: int
    draft: DraftMeta
    version: int
    section_ids: list[str]
    invitees: list[str]
    deadline: datetime
    reminder_before: list[timedelta] = Field(default_factory=list)


class CommentInput(Model):
    section_id: str | None = Field(default=None, description="Empty for a general comment.")
    text: str = Field(min_length=1, max_length=MAX_COMMENT)
    proposed_text: str | None = Field(default=None, max_length=MAX_COMMENT)


class ReviewerAnswer(Model):
    """What a reviewer sends from the personal link: a position plus comments."""

    position: Position
    reason: str | None = Field(default=None, max_length=MAX_COMMENT)
    comments: list[CommentInput] = Field(default_factory=list, max_length=MAX_COMMENTS_PER_ANSWER)

    @model_validator(mode="after")
    def _reason_for_objection(self) -> ReviewerAnswer:
        if self.position in (Position.OBJECTION, Position.RESERVATION) and not self.reason:
            article = "an" if self.position == Position.OBJECTION else "a"
            raise ValueError(f"{article} {self.position.value} needs a reason")
        return self


class AnswerSubmit(ReviewerAnswer):
    """A participant's answer to a round; replaces its earlier answer."""

    participant_id: str
    contact_email: str | None = None


class SilenceObjection(Model):
    """What a participant sends to break the silence."""

    reason: str = Field(min_length=3, max_length=MAX_COMMENT)


class DraftStarted(Model):
    draft_id: str
    reference: str
    run_id: str


class Answer(Model):
    participant_id: str
    contact_email: str | None = None
    position: Position
    reason: str | None = None
    comments: list[CommentInput] = Field(default_factory=list)
    received_at: datetime
    revision: int = 1


class AnswerReceipt(Model):
    round_id: str
    participant_id: str
    position: Position
    comments: int
    revision: int
    received_at: datetime


class DeadlineExtension(Model):
    deadline: datetime


class CloseRequest(Model):
    reason: str = Field(default="closed by the Secretariat", max_length=1000)


class RoundStatus(Model):
    round_id: str
    number: int
    draft_id: str
    version: int
    open: bool
    opened_at: datetime
    deadline: datetime
    closed_at: datetime | None = None
    outcome: RoundOutcome | None = None
    invitees: list[str]
    answers: list[Answer] = Field(default_factory=list)
    reminders_sent: list[datetime] = Field(default_factory=list)

    @property
    def not_answered(self) -> list[str]:
        answered = {a.participant_id for a in self.answers}
        return [p for p in self.invitees if p not in answered]


class RoundResult(Model):
    """Delivered to the draft when a round closes."""

    round_id: str
    number: int
    outcome: RoundOutcome
    closed_at: datetime
    invitees: list[str]
    answers: list[Answer]


# ---------------------------------------------------------------- resolution and revision


class DraftComment(Model):
    """A comment as the drafting state resolves it."""

    comment_id: str
    round_number: int
    participant_id: str
    kind: CommentKind
    section_id: str | None = None
    text: str
    proposed_text: str | None = None
    position: Position | None = None
    disposition: Disposition | None = None
    justification: str | None = None


class CommentResolution(Model):
    comment_id: str
    disposition: Disposition
    justification: str = Field(default="", max_length=MAX_COMMENT)

    @model_validator(mode="after")
    def _justify_refusals(self) -> CommentResolution:
        if (
            self.disposition in (Disposition.REJECTED, Disposition.PARTLY_ACCEPTED)
            and not self.justification
        ):
            raise ValueError(f"{self.disposition.value} needs a justification")
        return self


class CommentResolutions(Model):
    resolutions: list[CommentResolution] = Field(min_length=1, max_length=5000)


class ResolutionReport(Model):
    resolved: int
    unresolved: int
    compilation_artifact_id: str | None = None


class RevisionSubmit(Model):
    sections: list[SectionText] = Field(min_length=1, max_length=MAX_SECTIONS)
    note: str = Field(default="", max_length=MAX_COMMENT)


class VersionInfo(Model):
    draft_id: str
    version: int
    section_ids: list[str]


# ---------------------------------------------------------------- endorsement


class EndorsementRequest(Model):
    route: Route
    meeting_id: str | None = None
    deadline: datetime | None = Field(
        default=None, description="Written procedure: when silence is deemed kept."
    )
    invitees: InviteeSelection | None = None

    @model_validator(mode="after")
    def _route_needs(self) -> EndorsementRequest:
        if self.route == Route.MEETING and not self.meeting_id:
            raise ValueError("endorsement at a meeting needs meeting_id")
        if self.route == Route.WRITTEN_PROCEDURE and not self.deadline:
            raise ValueError("a written procedure needs a deadline")
        return self


class EndorsementStart(Model):
    """What the draft workflow gets: invitees resolved against the registry."""

    route: Route
    meeting_id: str | None = None
    deadline: datetime | None = None
    invitees: list[str] = Field(default_factory=list)


class EndorsementRecord(Model):
    route: Route
    requested_at: datetime
    version: int
    meeting_id: str | None = None
    meeting_title: str | None = None
    meeting_place: str | None = None
    procedure_id: str | None = None
    decision: Decision | None = None
    decided_at: datetime | None = None
    notes: str = ""
    reservations: list[str] = Field(default_factory=list)


class SilenceInput(Model):
    procedure_id: str
    draft: DraftMeta
    version: int
    invitees: list[str]
    deadline: datetime


class SilenceBreak(Model):
    participant_id: str
    contact_email: str | None = None
    reason: str = Field(min_length=3, max_length=MAX_COMMENT)


class SilenceStatus(Model):
    procedure_id: str
    draft_id: str
    version: int
    open: bool
    deadline: datetime
    invitees: list[str]
    outcome: SilenceOutcome | None = None
    broken_by: str | None = None
    reason: str | None = None
    closed_at: datetime | None = None


class SilenceResult(Model):
    procedure_id: str
    outcome: SilenceOutcome
    closed_at: datetime
    broken_by: str | None = None
    reason: str | None = None


class DecisionInput(Model):
    """The Secretariat records the meeting's decision on one agenda item."""

    draft_id: str
    decision: Decision
    notes: str = Field(default="", max_length=MAX_COMMENT)
    reservations: list[str] = Field(default_factory=list, max_length=100)


class DecisionRecord(Model):
    """Delivered from a meeting to the draft workflow."""

    meeting_id: str
    meeting_title: str
    meeting_place: str
    draft_id: str
    decision: Decision
    decided_at: datetime
    notes: str = ""
    reservations: list[str] = Field(default_factory=list)


# ---------------------------------------------------------------- expert missions


class Expert(Model):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=320)


class MissionRequest(Model):
    """A migration profile's drafting state asks for an expert mission (API input)."""

    country: str | None = None
    experts: list[Expert] = Field(min_length=1, max_length=20)
    starts_on: datetime
    ends_on: datetime
    findings_due: datetime
    reminder_before: list[timedelta] = Field(default_factory=lambda: [timedelta(days=3)])

    @model_validator(mode="after")
    def _dates_in_order(self) -> MissionRequest:
        if not (self.starts_on <= self.ends_on <= self.findings_due):
            raise ValueError("the mission must start, end, then have its findings due, in order")
        return self


class MissionInput(Model):
    mission_id: str
    draft: DraftMeta
    country: str
    experts: list[Expert]
    starts_on: datetime
    ends_on: datetime
    findings_due: datetime
    reminder_before: list[timedelta] = Field(default_factory=list)


class Finding(Model):
    section_id: str | None = None
    text: str = Field(min_length=1, max_length=MAX_TEXT)


class FindingsSubmit(Model):
    """What an expert sends from the personal link."""

    findings: list[Finding] = Field(min_length=1, max_length=MAX_SECTIONS)


class MissionFindings(Model):
    expert_email: str
    findings: list[Finding] = Field(min_length=1, max_length=MAX_SECTIONS)


class MissionStatus(Model):
    mission_id: str
    draft_id: str
    country: str
    experts: list[Expert]
    starts_on: datetime
    ends_on: datetime
    findings_due: datetime
    open: bool
    outcome: MissionOutcome | None = None
    findings: list[Finding] = Field(default_factory=list)
    submitted_by: str | None = None
    reminders_sent: list[datetime] = Field(default_factory=list)


class MissionResult(Model):
    mission_id: str
    outcome: MissionOutcome
    closed_at: datetime
    findings: list[Finding] = Field(default_factory=list)
    submitted_by: str | None = None


class MissionStarted(Model):
    mission_id: str
    findings_due: datetime


# ---------------------------------------------------------------- meetings


class MeetingCreate(Model):
    kind: MeetingKind
    title: str = Field(min_length=3, max_length=MAX_TITLE)
    place: str = Field(min_length=1, max_length=200)
    starts_at: datetime
    slug: str | None = Field(default=None, max_length=60)
    invitees: InviteeSelection = Field(default_factory=lambda: InviteeSelection(everyone=True))
    agenda_before: timedelta = Field(default=timedelta(days=7))

    @field_validator("slug")
    @classmethod
    def _slug_shape(cls, v: str | None) -> str | None:
        if v is not None and not SLUG_RE.match(v):
            raise ValueError("slug must be lowercase letters, digits and single dashes")
        return v

    def effective_slug(self) -> str:
        return self.slug or slugify(self.title)


class MeetingInput(Model):
    meeting_id: str
    kind: MeetingKind
    title: str
    place: str
    starts_at: datetime
    invitees: list[str]
    agenda_before: timedelta


class AgendaItemRequest(Model):
    """Sent by a draft workflow that asks for endorsement at this meeting."""

    draft: DraftMeta
    version: int
    requested_at: datetime


class AgendaItem(Model):
    draft: DraftMeta
    version: int
    requested_at: datetime
    decision: Decision | None = None
    decided_at: datetime | None = None
    notes: str = ""
    reservations: list[str] = Field(default_factory=list)


class MeetingClose(Model):
    summary: str = Field(default="", max_length=MAX_COMMENT)


class MeetingStatus(Model):
    meeting_id: str
    kind: MeetingKind
    title: str
    place: str
    starts_at: datetime
    invitees: list[str]
    agenda: list[AgendaItem] = Field(default_factory=list)
    agenda_sent_at: datetime | None = None
    closed_at: datetime | None = None
    summary: str = ""
    agenda_artifact_id: str | None = None
    conclusions_artifact_id: str | None = None


# ---------------------------------------------------------------- the draft's state


class RoundSummary(Model):
    round_id: str
    number: int
    version: int
    opened_at: datetime
    deadline: datetime
    invitees: list[str]
    open: bool = True
    outcome: RoundOutcome | None = None
    closed_at: datetime | None = None
    positions: dict[str, Position] = Field(default_factory=dict)
    compilation_artifact_id: str | None = None


class MissionSummary(Model):
    mission_id: str
    country: str
    findings_due: datetime
    open: bool = True
    outcome: MissionOutcome | None = None


class ArtifactRef(Model):
    artifact_id: str
    kind: ArtifactKind
    filename: str
    size: int
    version: int | None = None
    language: Language = Language.EN


class Withdrawal(Model):
    reason: str = Field(min_length=3, max_length=MAX_COMMENT)


class DraftState(Model):
    """Everything the draft workflow knows; carried across continue-as-new."""

    meta: DraftMeta
    phase: Phase = Phase.DRAFTING
    started_at: datetime
    updated_at: datetime
    versions: list[VersionRecord] = Field(default_factory=list)
    section_counter: int = 0
    rounds: list[RoundSummary] = Field(default_factory=list)
    comments: list[DraftComment] = Field(default_factory=list)
    endorsements: list[EndorsementRecord] = Field(default_factory=list)
    missions: list[MissionSummary] = Field(default_factory=list)
    artifacts: list[ArtifactRef] = Field(default_factory=list)
    silence_counter: int = 0
    event_counter: int = 0
    translations: list[Translation] = Field(default_factory=list)
    withdrawn_reason: str | None = None

    @property
    def version(self) -> int:
        return self.versions[-1].number if self.versions else 0

    @property
    def current_sections(self) -> list[Section]:
        return self.versions[-1].sections if self.versions else []

    @property
    def languages(self) -> list[Language]:
        """The draft's own language first, then each language it has been translated into."""
        return [self.meta.language] + [
            t.language for t in self.translations if t.language != self.meta.language
        ]

    def sections_in(self, language: Language) -> tuple[list[Section], Translation | None]:
        """The current sections in one language; untranslated sections stay in the original."""
        translation = next((t for t in self.translations if t.language == language), None)
        if language == self.meta.language or translation is None:
            return self.current_sections, None
        by_id = {s.id: s for s in translation.sections}
        return [by_id.get(s.id, s) for s in self.current_sections], translation

    def document_request(
        self,
        kind: ArtifactKind,
        now: datetime,
        *,
        language: Language | None = None,
        version: int | None = None,
        round_number: int | None = None,
        **extra: Any,
    ) -> DocumentRequest:
        """What a Word document of this draft needs, in one language, of one version."""
        language = language or self.meta.language
        record = next((v for v in self.versions if v.number == version), self.versions[-1])
        translation = None
        sections = record.sections
        if record is self.versions[-1]:
            sections, translation = self.sections_in(language)
        untranslated: list[str] = []
        if language != self.meta.language:
            done = {s.id for s in translation.sections} if translation else set()
            untranslated = [s.id for s in record.sections if s.id not in done]
        rounds = [r for r in self.rounds if r.number == round_number]
        if self.meta.document_type == DocumentType.MIGRATION_PROFILE and "comments" not in extra:
            extra["comments"] = [c for c in self.comments if c.kind == CommentKind.MISSION_FINDING]
        meta = self.meta
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
            phase=self.phase,
            round_number=round_number,
            round=rounds[0] if rounds else None,
            generated_at=now,
            **extra,
        )


class DraftWorkflowInput(Model):
    start: DraftStart
    state: DraftState | None = None


class DraftStatus(Model):
    """What a dashboard shows of one draft (the draft workflow's query)."""

    state: DraftState
    open_round: RoundSummary | None = None
    unresolved_comments: int = 0
    pending_endorsement: EndorsementRecord | None = None


class Empty(Model):
    """For queries and updates that need no argument."""


class Ack(Model):
    ok: bool = True
    message: str = ""


# ---------------------------------------------------------------- activities


class EventRecord(Model):
    """One line of the audit timeline; `event_id` makes a retried write a no-op."""

    event_id: str
    workflow_id: str
    draft_id: str | None = None
    meeting_id: str | None = None
    kind: str
    at: datetime
    summary: str
    actor: str | None = None


class EventBatch(Model):
    """Events queued since the last write, written in one activity."""

    events: list[EventRecord] = Field(min_length=1)


class DispositionNote(Model):
    """One of a recipient's comments and how the drafting state resolved it."""

    section_title: str | None = None
    text: str
    disposition: Disposition
    justification: str | None = None


class NoticeContext(Model):
    """What a notice template may show. Concrete optional fields, no free-form payload."""

    draft_title: str | None = None
    reference: str | None = None
    document_type: DocumentType | None = None
    lead_state: str | None = None
    version: int | None = None
    round_number: int | None = None
    deadline: datetime | None = None
    meeting_title: str | None = None
    meeting_place: str | None = None
    meeting_starts_at: datetime | None = None
    decision: Decision | None = None
    reason: str | None = None
    summary: str | None = None
    agenda: list[str] = Field(default_factory=list)
    artifact_id: str | None = None
    dispositions: list[DispositionNote] = Field(
        default_factory=list, description="How each of the recipient's comments was resolved."
    )
    handed_by: str | None = None
    changes: list[str] = Field(default_factory=list, description="Digest: what changed.")
    deadlines: list[str] = Field(default_factory=list, description="Digest: next 7 days.")
    waiting: list[str] = Field(default_factory=list, description="Digest: not answered yet.")
    since: datetime | None = None


class NoticeRequest(Model):
    """Send one kind of notice to some participants' contacts, exactly once per key."""

    notice_key: str
    kind: NoticeKind
    recipients: list[str]
    addresses: list[str] = Field(
        default_factory=list,
        description="Also send to these addresses outside the registry (mission experts); "
        "their personal links carry the draft's country as participant.",
    )
    draft_id: str | None = None
    meeting_id: str | None = None
    link_participant_id: str | None = Field(
        default=None, description="The participant that `addresses` act for in their links."
    )
    link_workflow_id: str | None = Field(
        default=None, description="Give each contact a personal link to answer this workflow."
    )
    link_expires_at: datetime | None = None
    context: NoticeContext = Field(default_factory=NoticeContext)


class NoticeReport(Model):
    queued: int
    sent: int
    failed: int


class DocumentRequest(Model):
    """Render one Word document of a draft, in one language, from the workflow's state."""

    kind: ArtifactKind
    meta: DraftMeta
    version: int
    sections: list[Section]
    language: Language | None = Field(default=None, description="Empty: the draft's language.")
    translated_from: int | None = Field(
        default=None, description="A translation: the version it translates (may lag)."
    )
    untranslated: list[str] = Field(default_factory=list, description="Section ids.")
    phase: Phase | None = None
    deadline: datetime | None = None
    round_number: int | None = None
    round: RoundSummary | None = None
    rounds: list[RoundSummary] = Field(default_factory=list)
    comments: list[DraftComment] = Field(default_factory=list)
    endorsement: EndorsementRecord | None = None
    endorsements: list[EndorsementRecord] = Field(default_factory=list)
    previous_version: int | None = None
    previous_sections: list[Section] = Field(default_factory=list)
    events: list[EventRecord] = Field(default_factory=list)
    generated_at: datetime

    @property
    def doc_language(self) -> Language:
        return self.language or self.meta.language


class MeetingDocumentRequest(Model):
    kind: ArtifactKind
    meeting: MeetingStatus
    generated_at: datetime
    language: Language = Language.EN


class DigestRequest(Model):
    """Send the digests that are due at `now` (daily, or weekly on Mondays)."""

    now: datetime


class DigestReport(Model):
    sent: int
    skipped: int
