"""Migration profiles by country and edition, with their status (seeded from the seeds' list)."""

from __future__ import annotations
