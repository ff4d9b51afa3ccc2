"""The words of the draft's text in the page: sections with their comments, the editor, the start
form.
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {}
