"""The restricted knowledge base: reader registrations, approved readers, access log (JSON API)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
