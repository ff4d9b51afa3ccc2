"""The public repository of endorsed texts (no sign-in) and its Atom feed (JSON API)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
