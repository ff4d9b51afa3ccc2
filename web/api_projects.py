"""Projects and their outputs (work items), and the link from an output to its draft."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from models.api import DraftStart, DraftStarted
from ppflow import projects
from ppflow.projects import OutputLink, OutputRead, OutputStatusChange, ProjectRead
from ppflow.service import ServiceError
from web.deps import AnyRole, ClientDep, SessionDep, SettingsDep, require_own_lead

router = APIRouter(prefix="/api/projects", tags=["projects"])

Number = Annotated[int, Path(ge=1, le=1000, description="the output's number in its project")]


@router.get("", response_model=list[ProjectRead])
def list_projects(db: SessionDep, role: AnyRole, programme: str | None = None) -> list[ProjectRead]:
    """Every project (PP TI pilot projects, BMP phases): leads, period, outputs and their drafts."""
    return projects.list_projects(db, programme)


@router.get("/{project_id}", response_model=ProjectRead)
def project(project_id: str, db: SessionDep, role: AnyRole) -> ProjectRead:
    return projects.get_project(db, project_id)


@router.post("/{project_id}/outputs/{number}/link", response_model=OutputRead)
def link_output(
    project_id: str, number: Number, link: OutputLink, db: SessionDep, role: AnyRole
) -> OutputRead:
    """Name the draft that produces the output (`{"draft_id": null}` unlinks): the Secretariat
    or the project's lead states."""
    try:
        read = projects.link_output(db, role, project_id, number, link)
    except ServiceError:
        db.rollback()
        raise
    db.commit()
    return read


@router.patch("/{project_id}/outputs/{number}", response_model=OutputRead)
def set_status(
    project_id: str, number: Number, change: OutputStatusChange, db: SessionDep, role: AnyRole
) -> OutputRead:
    """Record where an output stands (planned, in progress, delivered)."""
    try:
        read = projects.set_output_status(db, role, project_id, number, change)
    except ServiceError:
        db.rollback()
        raise
    db.commit()
    return read


@router.post("/{project_id}/outputs/{number}/draft", status_code=201, response_model=DraftStarted)
async def start_draft(
    project_id: str,
    number: Number,
    start: DraftStart,
    client: ClientDep,
    db: SessionDep,
    settings: SettingsDep,
    role: AnyRole,
) -> DraftStarted:
    """Start the draft that produces the output, linked to it from the start."""
    require_own_lead(role, start.lead_state)
    try:
        started = await projects.start_draft_for_output(
            client, db, settings, role, project_id, number, start
        )
    except ServiceError:
        db.rollback()
        raise
    db.commit()
    return started
