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
