"""What workflows hand to activities and get back: events, notices, documents, digests.

Fields are only ever added (with defaults), so running workflows keep decoding their history.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from models.api import Expert
from models.base import DraftMeta, Model, Section
from models.contracts.draft import DraftComment, EndorsementRecord, RoundSummary
from models.contracts.meeting import MeetingStatus
from models.domain import (
    ArtifactKind,
    Decision,
    Disposition,
    DocumentType,
    Language,
    LinkPurpose,
    MeetingKind,
    NoticeKind,
    Phase,
    Route,
)


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
    details: dict[str, str] = {}  # the line's parameters, for the reader's language


class EventBatch(Model):
    """Events queued since the last write, written in one activity."""

    events: list[EventRecord] = Field(min_length=1)


class DispositionNote(Model):
    """One of a recipient's comments and how the drafting state resolved it."""

    section_title: str | None = None
    text: str
    disposition: Disposition
    justification: str | None = None


class AgendaLine(Model):
    """One agenda item as a mail shows it (words and names are the template's, per language)."""

    draft_id: str | None = None
    title: str
    titles: dict[str, str] = Field(default_factory=dict, description="In other languages.")
    reference: str = ""
    version: int | None = None
    decision: Decision | None = None


class DigestItem(Model):
    """One draft in a digest: what the reader has to do, what is due, what happened."""

    draft_id: str
    reference: str
    title: str
    phase: str = ""
    url: str | None = None
    action: str | None = Field(default=None, description="What the reader is asked to do.")
    deadline: datetime | None = None
    round_number: int | None = None
    waiting: list[str] = Field(default_factory=list, description="Participant ids, not answered.")
    changes: dict[str, int] = Field(
        default_factory=dict, description="How many events of each kind since the last digest."
    )


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
    # Added later (defaults keep older requests valid):
    items: list[AgendaLine] = Field(default_factory=list, description="Agenda or conclusions.")
    meeting_kind: MeetingKind | None = None
    meeting_ends_at: datetime | None = None
    host: str | None = Field(default=None, description="A participant id or a name.")
    country: str | None = Field(default=None, description="A mission's country (participant id).")
    starts_on: datetime | None = None
    ends_on: datetime | None = None
    sections: dict[str, list[str]] = Field(
        default_factory=dict, description="A mission's section titles, by language."
    )
    brief: str | None = Field(default=None, description="What a mission's experts are asked.")
    participant: str | None = Field(default=None, description="Who broke the silence (id).")
    answered: int | None = None
    invited: int | None = None
    draft_titles: dict[str, str] = Field(
        default_factory=dict, description="The draft's title in its other language versions."
    )
    route: Route | None = Field(default=None, description="How a decision was taken.")
    drafts: list[DigestItem] = Field(default_factory=list, description="Digest, by draft.")
    registration_id: str | None = Field(
        default=None, description="A knowledge base registration (its links are made from it)."
    )
    registrant: str | None = Field(default=None, description="Who registered (name).")
    organisation: str | None = None
    edition: int | None = Field(default=None, description="A migration profile's edition.")


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
    link_purpose: LinkPurpose | None = Field(
        default=None, description="What the links answer (kept in each grant)."
    )
    context: NoticeContext = Field(default_factory=NoticeContext)
    attach: ArtifactKind | None = Field(
        default=None,
        description="The draft's file this notice carries (of context.version): the notice "
        "waits a little for it to be rendered, in each language the draft has.",
    )
    languages: dict[str, Language] = Field(
        default_factory=dict, description="The language of an address outside the registry."
    )


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
    experts: list[Expert] = Field(
        default_factory=list, description="A profile's mission experts: findings name them."
    )
    names: dict[str, str] = Field(
        default_factory=dict,
        description="Participants' names in the document's language, by id (the registry's; "
        "filled in where the document is rendered, the seed registry otherwise).",
    )
    generated_at: datetime

    @property
    def doc_language(self) -> Language:
        return self.language or self.meta.language


class MeetingDocumentRequest(Model):
    kind: ArtifactKind
    meeting: MeetingStatus
    generated_at: datetime
    language: Language = Language.EN
    names: dict[str, str] = Field(
        default_factory=dict, description="Participants' names in `language`, by id."
    )


class DigestRequest(Model):
    """Send the digests that are due at `now` (daily, or weekly on Mondays)."""

    now: datetime


class DigestReport(Model):
    sent: int
    skipped: int
