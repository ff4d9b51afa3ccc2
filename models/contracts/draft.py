"""The draft workflow's contract: its state (carried across continue-as-new), input and status.

Fields are only ever added (with defaults), so running workflows keep decoding their history.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from models.api import DraftStart, Expert
from models.base import ArtifactRef, DraftMeta, Model, Section
from models.domain import (
    CommentKind,
    Decision,
    Disposition,
    Language,
    MissionKind,
    MissionOutcome,
    Phase,
    Position,
    RoundOutcome,
    Route,
)


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


class DraftComment(Model):
    """A comment as the drafting state resolves it."""

    comment_id: str
    round_number: int
    participant_id: str
    kind: CommentKind
    section_id: str | None = None
    text: str
    proposed_text: str | None = None
    quote: str | None = None  # the passage of the section commented on
    position: Position | None = None
    disposition: Disposition | None = None
    justification: str | None = None


class ResolutionReport(Model):
    resolved: int
    unresolved: int
    compilation_artifact_id: str | None = None


class VersionInfo(Model):
    draft_id: str
    version: int
    section_ids: list[str]


class EndorsementStart(Model):
    """What the draft workflow gets: invitees resolved against the registry."""

    route: Route
    meeting_id: str | None = None
    deadline: datetime | None = None
    invitees: list[str] = Field(default_factory=list)
    objections_standing: list[str] = Field(default_factory=list)
    acted_by: str | None = None  # who asked, for the timeline


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
    objections_standing: list[str] = Field(default_factory=list)
    amendments: str = ""
    amended_version: int | None = None


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
    experts: list[Expert] = Field(default_factory=list)
    kind: MissionKind = MissionKind.EXPERT_MISSION


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
    # What the read model has of each version (its file) and comment (its disposition), so a
    # projection sends only what changed since (see workflows/draft_state.py).
    projected_versions: dict[int, str] = Field(default_factory=dict)
    projected_comments: dict[str, str] = Field(default_factory=dict)
    projected_translations: dict[str, str] = Field(default_factory=dict)  # language -> mark

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


class DraftWorkflowInput(Model):
    start: DraftStart
    state: DraftState | None = None


class DraftStatus(Model):
    """What a dashboard shows of one draft (the draft workflow's query)."""

    state: DraftState
    open_round: RoundSummary | None = None
    unresolved_comments: int = 0
    pending_endorsement: EndorsementRecord | None = None


class DraftChanges(Model):
    """A draft's projection: its small parts whole, its versions and comments only when new or
    changed since the last projection, so history does not grow with the draft's text."""

    meta: DraftMeta
    phase: Phase
    version: int
    started_at: datetime
    updated_at: datetime
    withdrawn_reason: str | None = None
    open_round: RoundSummary | None = None
    rounds: list[RoundSummary] = Field(default_factory=list)
    endorsements: list[EndorsementRecord] = Field(default_factory=list)
    versions: list[VersionRecord] = Field(default_factory=list)
    comments: list[DraftComment] = Field(default_factory=list)
    translations: list[Translation] = Field(default_factory=list)  # new or replaced ones
