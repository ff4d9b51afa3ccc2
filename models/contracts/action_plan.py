"""The Action Plan as one document: a parent draft whose parts are drafts of their own.

`PlanActivitiesRecord` is what the plan's workflow hands to the read model when the whole plan
is endorsed (activities/plan_records.py): one row per activity, numbered across the parts.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, field_validator
from temporalio import activity

from models.base import (
    MAX_TITLE,
    SLUG_RE,
    ArtifactRef,
    DraftMeta,
    Model,
    draft_workflow_id,
    slugify,
)
from models.contracts.draft import EndorsementRecord
from models.domain import DocumentType, Language, Phase, ThematicArea


class PlanActivity(Model):
    """One activity of the plan: a section of one part, numbered across the whole plan."""

    number: int = Field(ge=1)
    part_draft_id: str
    section_id: str
    title: str
    lead: str = Field(description="The part's lead state (participant id).")
    thematic_area: ThematicArea | None = None


class PlanActivitiesRecord(Model):
    plan_id: str = Field(description="The parent draft's id (draft-<slug>).")
    endorsed_at: datetime
    source_id: str = Field(description="The meeting (or procedure) that endorsed the plan.")
    activities: list[PlanActivity]


# ---------------------------------------------------------------- the plan's workflow


class PlanStart(Model):
    """The Secretariat (or the chairing state) starts an Action Plan: its parts come later."""

    title: str = Field(min_length=3, max_length=MAX_TITLE)
    lead_state: str = Field(
        min_length=1, max_length=40, description="Who presents the whole plan (the chair)."
    )
    co_lead_states: list[str] = Field(default_factory=list, max_length=20)
    slug: str | None = Field(default=None, max_length=60)
    language: Language = Language.EN

    @field_validator("slug")
    @classmethod
    def _slug_shape(cls, v: str | None) -> str | None:
        if v is not None and not SLUG_RE.match(v):
            raise ValueError("slug must be lowercase letters, digits and single dashes")
        return v

    def meta(self) -> DraftMeta:
        slug = self.slug or slugify(self.title)
        return DraftMeta(
            draft_id=draft_workflow_id(slug),
            slug=slug,
            title=self.title,
            reference=f"PP/ACTION-PLAN/{slug}",
            document_type=DocumentType.ACTION_PLAN,
            lead_state=self.lead_state,
            co_lead_states=self.co_lead_states,
            language=self.language,
        )


class PlanSection(Model):
    """A section of a part as the plan knows it: one activity of the compiled plan."""

    id: str
    title: str


class PlanPart(Model):
    """A part (a draft of its own) as the plan keeps it: who leads it, and whether it is ready."""

    draft_id: str
    title: str
    lead_state: str
    thematic_area: ThematicArea | None = None
    language: Language = Language.EN
    added_at: datetime
    ready_version: int | None = Field(
        default=None, description="The version its lead state put forward with the plan."
    )
    sections: list[PlanSection] = Field(default_factory=list)
    withdrawn: bool = False

    @property
    def ready(self) -> bool:
        return self.ready_version is not None and not self.withdrawn


class PartAdd(Model):
    """Sent when a part's draft is started: the plan lists it."""

    part: DraftMeta


class PartReady(Model):
    """A part's lead state asks for endorsement with the plan: this version, these sections."""

    draft_id: str
    version: int
    sections: list[PlanSection] = Field(default_factory=list)


class PartWithdrawn(Model):
    draft_id: str
    reason: str = ""


class PlanEndorsementStart(Model):
    """The Secretariat asks for the whole plan's endorsement at a meeting."""

    meeting_id: str = Field(min_length=1, max_length=120)


class CompiledPart(Model):
    draft_id: str
    version: int


class Compilation(Model):
    """One compiled document of the plan: every part's version in it, and its Word files."""

    number: int
    compiled_at: datetime
    parts: list[CompiledPart]
    artifacts: list[ArtifactRef] = Field(default_factory=list)


class PlanState(Model):
    """Everything the plan's workflow knows; carried across continue-as-new."""

    meta: DraftMeta
    phase: Phase = Phase.DRAFTING
    started_at: datetime
    updated_at: datetime
    parts: list[PlanPart] = Field(default_factory=list)
    compilations: list[Compilation] = Field(default_factory=list)
    endorsements: list[EndorsementRecord] = Field(default_factory=list)
    withdrawn_reason: str | None = None
    event_counter: int = 0

    @property
    def live_parts(self) -> list[PlanPart]:
        return [p for p in self.parts if not p.withdrawn]

    @property
    def version(self) -> int:
        return self.compilations[-1].number if self.compilations else 1


class PlanWorkflowInput(Model):
    start: PlanStart
    state: PlanState | None = None


class PlanStatus(Model):
    """What the plan's page shows (the plan workflow's query)."""

    state: PlanState
    pending_endorsement: EndorsementRecord | None = None
    not_ready: list[str] = Field(default_factory=list, description="Draft ids of live parts.")


class PlanDocumentRequest(Model):
    """Render the compiled plan: the parts' texts are read from the read model (claim check)."""

    meta: DraftMeta
    number: int
    parts: list[PlanPart]
    generated_at: datetime
    endorsement: EndorsementRecord | None = None


class CompiledPlan(Model):
    artifacts: list[ArtifactRef] = Field(default_factory=list, description="One per language.")


class PlanDocuments:
    """The compiled plan as Word files (activities/plan_documents.py)."""

    @activity.defn(name="render_compiled_plan")
    async def render_compiled_plan(self, request: PlanDocumentRequest) -> CompiledPlan:
        raise NotImplementedError
