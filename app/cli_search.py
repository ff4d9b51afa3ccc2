"""`ppflow search TEXT`: full-text search, as the page and the API."""

from __future__ import annotations


def search(text: str) -> None:
    """Search drafts, comments, proposals, dispositions and meeting notes."""
    raise SystemExit("not yet")
