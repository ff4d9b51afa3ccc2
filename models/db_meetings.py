"""Who attended a meeting (recorded after it)."""

from __future__ import annotations
