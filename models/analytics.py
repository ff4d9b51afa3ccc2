"""The figures of the participation analytics (ppflow/analytics.py computes them; the page, the
API, the CLI, the CSV and the annex show them)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.domain import DocumentType, Language, Phase, Position, ThematicArea

EARLIEST = date(2009, 1, 1)
PIPELINE = [Phase.DRAFTING, Phase.CONSULTATION, Phase.REVISION, Phase.ENDORSEMENT, Phase.FINAL]


class Filters(BaseModel):
    """What the figures cover: rounds opened (and decisions taken) from `from` to `to` (both days
    included), drafts of one document type and one thematic area."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    date_from: date | None = Field(None, alias="from", description="first day (YYYY-MM-DD)")
    date_to: date | None = Field(None, alias="to", description="last day (YYYY-MM-DD)")
    document_type: DocumentType | None = Field(None, alias="type")
    thematic_area: ThematicArea | None = Field(None, alias="area")

    @model_validator(mode="after")
    def _ordered(self) -> Filters:
        for day in (self.date_from, self.date_to):
            if day is not None and not EARLIEST <= day <= date(2100, 12, 31):
                raise ValueError("a day between 2009-01-01 and 2100-12-31, please")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("the period ends before it starts ('from' is after 'to')")
        return self

    def query(self) -> dict[str, str]:
        """The filters as query parameters (for links to the CSV and the annex)."""
        pairs = {
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "type": self.document_type.value if self.document_type else "",
            "area": self.thematic_area.value if self.thematic_area else "",
        }
        return {k: v for k, v in pairs.items() if v}


class Rate(BaseModel):
    id: str
    name: str
    invited: int
    answered: int

    @property
    def rate(self) -> float:
        return self.answered / self.invited if self.invited else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.rate)


class GroupRate(Rate):
    kind: str  # "group" (the regional group of the registry) or "body" (its members today)


class AnswerTime(BaseModel):
    id: str
    name: str
    answers: int
    median_days: float


class RoundPositions(BaseModel):
    number: int
    counts: dict[Position, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class PipelinePoint(BaseModel):
    day: date  # the last day of the step
    label: str
    counts: dict[Phase, int]


class SectionComments(BaseModel):
    draft_id: str
    draft_title: str
    section_id: str
    section_title: str
    comments: int


class Endorsement(BaseModel):
    draft_id: str
    title: str
    first_round: datetime
    endorsed_at: datetime
    days: float


class Analytics(BaseModel):
    filters: Filters
    language: Language
    generated_at: datetime
    drafts: int
    rounds: int
    invitations: int
    answers: int
    by_participant: list[Rate]
    by_group: list[GroupRate]
    median_answer_days: float | None
    answer_times: list[AnswerTime]
    positions: list[RoundPositions]
    pipeline: list[PipelinePoint]
    sections: list[SectionComments]
    general_comments: int
    endorsements: list[Endorsement]
    endorsed_drafts: int
    median_endorsement_days: float | None

    @property
    def answer_rate(self) -> float | None:
        return self.answers / self.invitations if self.invitations else None
