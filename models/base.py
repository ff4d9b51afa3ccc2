"""Shared building blocks of every payload: the base model, sections, a draft's metadata, limits.

Fields are only ever added (with defaults), so running workflows keep decoding their history.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from models.domain import (
    ArtifactKind,
    DocumentType,
    Language,
    ThematicArea,
)

MAX_TITLE = 300
MAX_TEXT = 200_000  # one section
MAX_COMMENT = 20_000
MAX_COMMENTS_PER_ANSWER = 500
MAX_SECTIONS = 500
# All sections of one version together: about 700 pages, over three times the longest migration
# profile. Larger texts are split into drafts of their own (an Action Plan's parts).
MAX_DRAFT_TEXT = 2_000_000


SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str, max_length: int = 60) -> str:
    """A lowercase ascii slug for business ids (`draft-<slug>`)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "untitled"


class Model(BaseModel):
    # Payloads live in workflow history: a worker one release older or newer must decode them,
    # so unknown fields are ignored (never "forbid").
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


def check_draft_size(sections: list[SectionText]) -> None:
    """One version's text may not exceed MAX_DRAFT_TEXT characters."""
    total = sum(len(s.title) + len(s.text) for s in sections)
    if total > MAX_DRAFT_TEXT:
        raise ValueError(
            f"the text is {total:,} characters long; a draft holds at most {MAX_DRAFT_TEXT:,}"
        )


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
    parent_id: str | None = None  # a part of an Action Plan: the plan's draft id
    edition: int | None = None  # a migration profile: its edition (ppflow/profiles.py)


def draft_workflow_id(slug: str) -> str:
    return f"draft-{slug}"


def meeting_workflow_id(slug: str) -> str:
    return f"meeting-{slug}"


class ArtifactRef(Model):
    artifact_id: str
    kind: ArtifactKind
    filename: str
    size: int
    version: int | None = None
    language: Language = Language.EN


class Empty(Model):
    """For queries and updates that need no argument."""


class Ack(Model):
    ok: bool = True
    message: str = ""
