"""Governance bodies (Strategic Group, Core Group, NCP network) and their members over time;
the holders of the Presidency of the Council of the EU."""

from __future__ import annotations
