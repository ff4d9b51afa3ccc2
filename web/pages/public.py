"""The public repository of endorsed texts (no sign-in) and its Atom feed (pages)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
