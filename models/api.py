"""What the API, the pages and the command line take from people (and updates take as input).

Fields are only ever added (with defaults), so running workflows keep decoding their history.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from pydantic import Field, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from models.base import (
    MAX_COMMENT,
    MAX_COMMENTS_PER_ANSWER,
    MAX_SECTIONS,
    MAX_TEXT,
    MAX_TITLE,
    SLUG_RE,
    DraftMeta,
    Model,
    SectionText,
    check_draft_size,
    draft_workflow_id,
    slugify,
)
from models.domain import (
    Decision,
    Disposition,
    DocumentType,
    Language,
    MeetingKind,
    MissionKind,
    ParticipantGroup,
    Position,
    Route,
    ThematicArea,
)
from models.profile import PROFILE_SECTIONS

MAX_QUOTE = 1000  # a quoted passage of a section, as a comment's context


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
    parent_id: str | None = Field(
        default=None, max_length=80, description="A part of an Action Plan: the plan's id."
    )
    edition: SkipJsonSchema[int | None] = Field(
        default=None, description="Set by ppflow: a migration profile's edition."
    )
    sections: list[SectionText] = Field(
        default_factory=list,
        max_length=MAX_SECTIONS,
        description="Required, except for a migration profile: empty means the EMP template.",
    )
    acted_by: SkipJsonSchema[str | None] = Field(
        default=None, max_length=120, description="Set by ppflow: who acted, for the timeline."
    )

    @field_validator("slug")
    @classmethod
    def _slug_shape(cls, v: str | None) -> str | None:
        if v is not None and not SLUG_RE.match(v):
            raise ValueError("slug must be lowercase letters, digits and single dashes")
        return v

    @model_validator(mode="after")
    def _profile_needs_country(self) -> DraftStart:
        check_draft_size(self.sections)
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
            parent_id=self.parent_id,
            edition=self.edition,
        )


class TranslationSubmit(Model):
    """The other language version of the current version's sections (ids as in the version)."""

    language: Language
    title: str | None = Field(default=None, max_length=MAX_TITLE, description="The title.")
    sections: list[SectionText] = Field(min_length=1, max_length=MAX_SECTIONS)

    @model_validator(mode="after")
    def _size(self) -> TranslationSubmit:
        check_draft_size(self.sections)
        return self


class InviteeSelection(Model):
    """Who is invited: everyone, some groups, and/or named participants."""

    everyone: bool = False
    groups: list[ParticipantGroup] = Field(default_factory=list)
    participants: list[str] = Field(default_factory=list, max_length=200)
    bodies: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Governance bodies by id (strategic_group, core_group, ncp_network): their "
        "members on the day the invitation goes out.",
    )

    @model_validator(mode="after")
    def _not_empty(self) -> InviteeSelection:
        if not (self.everyone or self.groups or self.participants or self.bodies):
            raise ValueError(
                "choose everyone, one or more groups or bodies, or participants to invite"
            )
        return self


class RoundOpen(Model):
    """The drafting state opens a comment round on the current version (API input)."""

    invitees: InviteeSelection
    deadline: datetime
    reminder_before: list[timedelta] = Field(
        default_factory=lambda: [timedelta(days=3)], max_length=10
    )
    acted_by: SkipJsonSchema[str | None] = Field(
        default=None, max_length=120, description="Set by ppflow: who acted, for the timeline."
    )


class CommentInput(Model):
    section_id: str | None = Field(default=None, description="Empty for a general comment.")
    text: str = Field(min_length=1, max_length=MAX_COMMENT)
    proposed_text: str | None = Field(default=None, max_length=MAX_COMMENT)
    quote: str | None = Field(
        default=None, max_length=MAX_QUOTE, description="A passage of the section commented on."
    )


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


class DeadlineExtension(Model):
    deadline: datetime


class CloseRequest(Model):
    reason: str = Field(default="closed by the Secretariat", max_length=1000)
    acted_by: SkipJsonSchema[str | None] = Field(
        default=None, max_length=120, description="Set by ppflow: who acted, for the timeline."
    )


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
    acted_by: SkipJsonSchema[str | None] = Field(
        default=None, max_length=120, description="Set by ppflow: who acted, for the timeline."
    )


class RevisionSubmit(Model):
    sections: list[SectionText] = Field(min_length=1, max_length=MAX_SECTIONS)
    note: str = Field(default="", max_length=MAX_COMMENT)
    acted_by: SkipJsonSchema[str | None] = Field(
        default=None, max_length=120, description="Set by ppflow: who acted, for the timeline."
    )
    base_version: int | None = Field(
        default=None,
        ge=1,
        description="The version the text was edited from: refused if another came meanwhile.",
    )

    @model_validator(mode="after")
    def _size(self) -> RevisionSubmit:
        check_draft_size(self.sections)
        return self


class EndorsementRequest(Model):
    route: Route
    meeting_id: str | None = None
    deadline: datetime | None = Field(
        default=None, description="Written procedure: when silence is deemed kept."
    )
    invitees: InviteeSelection | None = None
    objections_standing: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="Participants whose objection in the last round stands: the request says "
        "so, and the endorsement record keeps it.",
    )
    acted_by: SkipJsonSchema[str | None] = Field(
        default=None, max_length=120, description="Set by ppflow: who acted, for the timeline."
    )

    @model_validator(mode="after")
    def _route_needs(self) -> EndorsementRequest:
        if self.route == Route.MEETING and not self.meeting_id:
            raise ValueError("endorsement at a meeting needs meeting_id")
        if self.route == Route.WRITTEN_PROCEDURE and not self.deadline:
            raise ValueError("a written procedure needs a deadline")
        return self


class DecisionInput(Model):
    """The Secretariat records the meeting's decision on one agenda item."""

    draft_id: str
    decision: Decision
    notes: str = Field(default="", max_length=MAX_COMMENT)
    reservations: list[str] = Field(default_factory=list, max_length=100)
    amendments: str = Field(
        default="",
        max_length=MAX_COMMENT,
        description="Endorsed with amendments: what the meeting amended.",
    )
    amended_sections: list[SectionText] = Field(
        default_factory=list,
        max_length=MAX_SECTIONS,
        description="Endorsed with amendments: the amended text (ids as in the draft); the final "
        "text is this version.",
    )

    @model_validator(mode="after")
    def _amendments_recorded(self) -> DecisionInput:
        if self.decision == Decision.ENDORSED_WITH_AMENDMENTS and not self.amendments.strip():
            raise ValueError(
                "endorsed with amendments: say what was amended (amendments), and give the "
                "amended text (amended_sections) when the wording changed"
            )
        if self.amended_sections and self.decision != Decision.ENDORSED_WITH_AMENDMENTS:
            raise ValueError("an amended text goes with the decision 'endorsed with amendments'")
        check_draft_size(self.amended_sections)
        return self


class Expert(Model):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=320)
    language: Language | None = Field(
        default=None, description="The language of the expert's mails (else the country's)."
    )
    role: str = Field(
        default="expert",
        min_length=1,
        max_length=100,
        description='The member\'s role: "head of mission", "expert", "Secretariat", ...',
    )
    participant_id: str | None = Field(
        default=None,
        max_length=40,
        description="The state or organisation the member comes from (participant id).",
    )

    @field_validator("email")
    @classmethod
    def _an_address(cls, value: str) -> str:
        name, _, domain = value.rpartition("@")
        if not name or "." not in domain or " " in value:
            raise ValueError("give an e-mail address like name@example.org")
        return value


class MissionRequest(Model):
    """A migration profile's drafting state asks for an expert mission (API input)."""

    kind: MissionKind = MissionKind.EXPERT_MISSION
    country: str | None = Field(
        default=None,
        max_length=40,
        description="The host country (participant id); empty: the profile's country.",
    )
    experts: list[Expert] = Field(
        min_length=1, max_length=20, description="The members: name, e-mail, role."
    )
    starts_on: datetime
    ends_on: datetime
    findings_due: datetime
    reminder_before: list[timedelta] = Field(default_factory=lambda: [timedelta(days=3)])
    sections: list[str] = Field(
        default_factory=list,
        max_length=MAX_SECTIONS,
        description="The ids of the sections the findings feed (empty: any section).",
    )
    brief: str = Field(
        default="", max_length=MAX_COMMENT, description="What the experts are asked to find out."
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> MissionRequest:
        if not (self.starts_on <= self.ends_on <= self.findings_due):
            raise ValueError("the mission must start, end, then have its findings due, in order")
        emails = [e.email.lower() for e in self.experts]
        if len(set(emails)) < len(emails):
            raise ValueError("each member of a mission needs an e-mail address of their own")
        return self


class Finding(Model):
    section_id: str | None = None
    text: str = Field(min_length=1, max_length=MAX_TEXT)


class FindingsSubmit(Model):
    """What an expert sends from the personal link."""

    findings: list[Finding] = Field(min_length=1, max_length=MAX_SECTIONS)


class MeetingCreate(Model):
    kind: MeetingKind
    title: str = Field(min_length=3, max_length=MAX_TITLE)
    place: str = Field(min_length=1, max_length=200)
    starts_at: datetime
    slug: str | None = Field(default=None, max_length=60)
    invitees: InviteeSelection = Field(default_factory=lambda: InviteeSelection(everyone=True))
    agenda_before: timedelta = Field(default=timedelta(days=7))
    ends_at: datetime | None = Field(default=None, description="The last day and hour, if known.")
    host: str = Field(
        default="", max_length=200, description="The host: a participant id (CZ) or a name."
    )
    co_chairs: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=list, max_length=10, description="Participant ids (or names)."
    )

    @model_validator(mode="after")
    def _ends_after_start(self) -> MeetingCreate:
        if self.ends_at is not None and (self.ends_at.tzinfo is None) != (
            self.starts_at.tzinfo is None
        ):  # one with a time zone, one without: not comparable
            raise ValueError("give the start and the end both with a time zone (e.g. +00:00)")
        if self.ends_at is not None and self.ends_at < self.starts_at:
            raise ValueError("the meeting must end after it starts")
        return self

    @field_validator("slug")
    @classmethod
    def _slug_shape(cls, v: str | None) -> str | None:
        if v is not None and not SLUG_RE.match(v):
            raise ValueError("slug must be lowercase letters, digits and single dashes")
        return v

    def effective_slug(self) -> str:
        """The title and the day: the Process holds a Senior Officials' Meeting twice a year
        under the same title."""
        return self.slug or f"{slugify(self.title, 48)}-{self.starts_at:%Y-%m-%d}"


class Withdrawal(Model):
    reason: str = Field(min_length=3, max_length=MAX_COMMENT)
    acted_by: SkipJsonSchema[str | None] = Field(
        default=None, max_length=120, description="Set by ppflow: who acted, for the timeline."
    )
