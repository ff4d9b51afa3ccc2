"""Calendars: a meeting's .ics, personal calendar feeds (secret, revocable URLs) (pages)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
