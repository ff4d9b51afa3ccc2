"""Two versions of a draft compared in the page, word by word (helper: compare)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
