"""Translations of drafts in the read model: the latest translation of each draft into each
language (its title, its sections), as the draft workflow holds it (DraftState.translations), so
that full-text search finds a draft in both languages (models/db_search.py).

A translation replaces the language's earlier one whole: its rows for the draft are written
again and the sections it no longer has are deleted.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.contracts.draft import Translation
from models.db import Base


class DraftTranslation(Base):
    """A draft's translation into one language: what version it translates, its title."""

    __tablename__ = "draft_translations"
    __table_args__ = (UniqueConstraint("draft_id", "language"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), index=True)
    language: Mapped[str] = mapped_column(String(5))
    based_on: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300), default="")


class SectionTranslation(Base):
    """One section of a draft's translation into one language."""

    __tablename__ = "section_translations"
    __table_args__ = (UniqueConstraint("draft_id", "language", "section_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("drafts.id"), index=True)
    language: Mapped[str] = mapped_column(String(5))
    based_on: Mapped[int] = mapped_column(Integer)
    section_id: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")


def project_translations(
    session: Session, draft_id: str, translations: Iterable[Translation]
) -> None:
    """Each translation given as the draft's one in its language (idempotent: a retry writes the
    same rows); languages not given are left as they are."""
    for t in translations:
        language = t.language.value
        head = session.scalars(
            select(DraftTranslation).filter_by(draft_id=draft_id, language=language)
        ).one_or_none()
        if head is None:
            session.add(
                DraftTranslation(
                    draft_id=draft_id, language=language, based_on=t.based_on, title=t.title or ""
                )
            )
        else:
            head.based_on, head.title = t.based_on, t.title or ""
        ids = [s.id for s in t.sections]
        session.execute(
            delete(SectionTranslation).where(
                SectionTranslation.draft_id == draft_id,
                SectionTranslation.language == language,
                SectionTranslation.section_id.not_in(ids),
            )
        )
        rows = {
            r.section_id: r
            for r in session.scalars(
                select(SectionTranslation).filter_by(draft_id=draft_id, language=language)
            )
        }
        for position, s in enumerate(t.sections):
            row = rows.get(s.id)
            if row is None:
                session.add(
                    SectionTranslation(
                        draft_id=draft_id,
                        language=language,
                        based_on=t.based_on,
                        section_id=s.id,
                        position=position,
                        title=s.title,
                        text=s.text,
                    )
                )
            elif (row.based_on, row.position, row.title, row.text) != (
                t.based_on,
                position,
                s.title,
                s.text,
            ):
                row.based_on, row.position, row.title, row.text = (
                    t.based_on,
                    position,
                    s.title,
                    s.text,
                )
    session.flush()
