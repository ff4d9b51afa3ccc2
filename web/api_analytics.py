"""Participation analytics: charts (SVG), annex .docx and CSV (JSON API)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
