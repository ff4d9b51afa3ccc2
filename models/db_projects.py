"""Work items: PP TI pilot projects and their outputs (linked to drafts); missions' members."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.db import Base

# ---------------------------------------------------------------- projects and their outputs


class Project(Base):
    """A project of the Process (a PP TI pilot project, a BMP phase): its leads and period."""

    __tablename__ = "projects"
    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    programme: Mapped[str] = mapped_column(String(40), doc="PP TI, BMP")
    position: Mapped[int] = mapped_column(Integer, default=0, doc="order in lists")
    title: Mapped[str] = mapped_column(String(300))
    title_ru: Mapped[str] = mapped_column(String(300), default="")
    thematic_area: Mapped[str | None] = mapped_column(String(40), nullable=True)
    lead_state: Mapped[str] = mapped_column(String(40))
    supporting_states: Mapped[str] = mapped_column(String(400), default="", doc="ids, commas")
    # A period known only by its years runs from 1 January to 31 December.
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    description_ru: Mapped[str] = mapped_column(Text, default="")


class ProjectOutput(Base):
    """What a project set out to deliver; a document output is produced by one draft."""

    __tablename__ = "project_outputs"
    __table_args__ = (UniqueConstraint("project_id", "number"), UniqueConstraint("draft_id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500))
    title_ru: Mapped[str] = mapped_column(String(500), default="")
    kind: Mapped[str] = mapped_column(String(20), doc="models.domain.OutputKind")
    document_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="planned", doc="OutputStatus")
    # No foreign key: a draft just started has no row yet, and a rebuilt read model refills it.
    draft_id: Mapped[str | None] = mapped_column(String(80), nullable=True)


# ---------------------------------------------------------------- missions' members (helper E1)


class MissionMember(Base):
    """One member of a mission (an expert, its head, the Secretariat) and where they come from;
    written with the mission's row from the workflow's status."""

    __tablename__ = "mission_members"
    __table_args__ = (UniqueConstraint("mission_id", "position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mission_id: Mapped[str] = mapped_column(ForeignKey("missions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, doc="order as given")
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(100), default="expert")
    participant_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email: Mapped[str] = mapped_column(String(320), doc="where the findings link went")
