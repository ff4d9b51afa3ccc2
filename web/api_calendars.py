"""Calendars: a meeting's .ics, personal calendar feeds (secret, revocable URLs) (JSON API)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
