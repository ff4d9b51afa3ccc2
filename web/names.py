"""Participants by name, in the page's language, instead of their codes: `pname("GE")` gives
"Georgia" on an English page and "Грузия" on a Russian one; an unknown code stays as it is
(a participant removed from the registry still shows in old records)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import Participant
from models.domain import Language


def participant_names(db: Session, language: Language) -> Callable[[str | None], str]:
    rows = db.execute(select(Participant.id, Participant.name, Participant.name_ru)).all()
    russian = language == Language.RU
    names = {pid: (name_ru if russian and name_ru else name) for pid, name, name_ru in rows}

    def pname(participant_id: str | None) -> str:
        if not participant_id:
            return ""
        return names.get(participant_id, participant_id)

    return pname
