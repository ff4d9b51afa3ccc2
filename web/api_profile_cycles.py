"""Profile update cycles: a Temporal Schedule per endorsed profile (JSON API)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
