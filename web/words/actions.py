"""The words of actions that exist in the pages as in the API: missions, written-procedure
extensions, confirmations.
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {}
