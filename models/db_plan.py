"""The activities of an endorsed Action Plan: number, lead, period, status."""

from __future__ import annotations
