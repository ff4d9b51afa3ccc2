"""Participants' names as the registry holds them, for a document in one language."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import Participant
from models.domain import Language
from models.registry import SEED_PARTICIPANTS

_SEED_RU = {p.id: p.name_ru for p in SEED_PARTICIPANTS}


def registry_names(session: Session, language: Language) -> dict[str, str]:
    """Every participant's name in `language` by id (a Russian name missing from the registry:
    the seed's, else the English one)."""
    rows = session.execute(select(Participant.id, Participant.name, Participant.name_ru)).all()
    if language == Language.RU:
        return {pid: ru or _SEED_RU.get(pid) or name for pid, name, ru in rows}
    return {pid: name for pid, name, _ in rows}
