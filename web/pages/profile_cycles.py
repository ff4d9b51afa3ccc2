"""Profile update cycles: a Temporal Schedule per endorsed profile (pages)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
