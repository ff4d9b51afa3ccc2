"""Full-text search over drafts, comments, proposals, dispositions and meeting notes (pages)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
