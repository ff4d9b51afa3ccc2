"""The words of comparing versions; reviewers' proposals as diffs, quotes, deadlines in the
reader's time.
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {}
