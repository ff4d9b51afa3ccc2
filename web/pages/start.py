"""What needs me: each role's start page (helper: start)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
