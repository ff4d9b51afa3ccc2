"""What a draft's projection sends, and the marks the draft keeps of what the read model has:
versions and comments (workflows/draft_state.py projection_changes) and translations (here: the
latest one per language, sent again only when replaced)."""

from __future__ import annotations

from models.contracts.draft import DraftChanges, DraftState, RoundSummary, Translation
from workflows.draft_state import projection_changes

Marks = tuple[dict[int, str], dict[str, str], dict[str, str]]


def translation_mark(translation: Translation) -> str:
    """What tells a translation into a language from the one that replaces it."""
    return f"{translation.based_on}:{translation.updated_at.isoformat()}"


def changes_and_marks(
    state: DraftState, open_round: RoundSummary | None, translated: bool
) -> tuple[DraftChanges, Marks]:
    """What changed since the last projection, and every mark to keep once it is written.
    Translations only when `translated` (runs from before the `translations-projected` patch
    send none and keep their marks as they are)."""
    changes, versions, comments = projection_changes(state, open_round)
    texts = dict(state.projected_translations)
    if translated:
        texts = {t.language.value: translation_mark(t) for t in state.translations}
        changes.translations = [
            t
            for t in state.translations
            if state.projected_translations.get(t.language.value) != texts[t.language.value]
        ]
    return changes, (versions, comments, texts)


def keep_marks(state: DraftState, marks: Marks) -> None:
    """The marks of a projection written."""
    state.projected_versions, state.projected_comments, state.projected_translations = marks
