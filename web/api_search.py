"""Full-text search over drafts, comments, proposals, dispositions and meeting notes (JSON API)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
