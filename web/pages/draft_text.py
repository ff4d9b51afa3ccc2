"""A draft's text in the page: sections with their comments, the editor (helper: text)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
