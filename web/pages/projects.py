"""Projects: the PP TI pilot projects (and the BMP phases) with their outputs, each output's
draft and its phase; the Secretariat and a project's lead states link outputs to drafts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import Draft
from models.db_projects import ProjectOutput
from models.domain import OutputKind, OutputStatus, Phase
from ppflow import projects
from ppflow.accounts import Principal
from ppflow.projects import OutputLink, OutputStatusChange, ProjectRead
from web.deps import SessionDep
from web.pages.common import Page, failure, form_of, page_for, writer

router = APIRouter(include_in_schema=False)

MAX_CHOICES = 200  # drafts offered for one output (the newest)


@router.get("/projects", response_class=HTMLResponse)
def projects_page(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    return page.render("projects.html", projects=projects.list_projects(db))


def _may_change(principal: Principal | None, project: ProjectRead) -> bool:
    if principal is None or not principal.may_write:
        return False
    return principal.owns(project.lead_state.id, [s.id for s in project.supporting_states])


def _choices(db: Session, principal: Principal, project: ProjectRead) -> dict[int, list[Draft]]:
    """For each document output, the drafts it could be linked to: of its type, not withdrawn or
    rejected, producing no other output, and (for a drafting state) the state's own."""
    taken = set(
        db.scalars(select(ProjectOutput.draft_id).where(ProjectOutput.draft_id.is_not(None)))
    )
    query = (
        select(Draft)
        .where(Draft.phase.not_in([Phase.WITHDRAWN.value, Phase.REJECTED.value]))
        .order_by(Draft.updated_at.desc())
        .limit(MAX_CHOICES * 5)
    )
    drafts = [
        d
        for d in db.scalars(query)
        if principal.owns(d.lead_state, [x for x in (d.co_lead_states or "").split(",") if x])
    ]
    choices: dict[int, list[Draft]] = {}
    for output in project.outputs:
        if output.kind != OutputKind.DOCUMENT:
            continue
        mine = output.draft.id if output.draft else None
        choices[output.number] = [
            d
            for d in drafts
            if (d.id not in taken or d.id == mine)
            and (output.document_type is None or d.document_type == output.document_type.value)
        ][:MAX_CHOICES]
    return choices


def _project_page(
    page: Page, db: Session, project_id: str, status_code: int = 200, **values: Any
) -> Response:
    project = projects.get_project(db, project_id)
    editable = _may_change(page.principal, project)
    return page.render(
        "project.html",
        status_code,
        project=project,
        editable=editable,
        choices=_choices(db, page.principal, project) if editable and page.principal else {},
        statuses=list(OutputStatus),
        **values,
    )


@router.get("/projects/{project_id}", response_class=HTMLResponse)
def project_page(project_id: str, request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    try:
        return _project_page(page, db, project_id)
    except Exception as e:  # noqa: BLE001 - an unknown project is a page that says so
        message, code = failure(e, page)
        return page.render("error.html", code, message=message, code=code)


@router.post("/projects/{project_id}/outputs/{number}", response_class=HTMLResponse)
async def change_output(project_id: str, number: int, request: Request, db: SessionDep) -> Response:
    """One output's link (action=link) or status (action=status)."""
    page = page_for(request, db)
    form = await form_of(request)
    try:
        principal = writer(page)
        if form.get("action") == "status":
            change = OutputStatusChange.model_validate({"status": form.get("status")})
            read = projects.set_output_status(db, principal, project_id, number, change)
            message = page.t("msg_output_status", n=number, status=page.t.enum(read.status))
        else:
            link = OutputLink.model_validate({"draft_id": form.get("draft_id") or None})
            read = projects.link_output(db, principal, project_id, number, link)
            message = (
                page.t("msg_linked", n=number, draft=read.draft.title or read.draft.id)
                if read.draft
                else page.t("msg_unlinked", n=number)
            )
        db.commit()
    except Exception as e:  # noqa: BLE001 - every failure is shown on the page
        db.rollback()
        text, code = failure(e, page)
        try:
            return _project_page(page, db, project_id, code, error=text)
        except Exception:  # noqa: BLE001 - the project itself is unknown
            return page.render("error.html", code, message=text, code=code)
    return page.done(f"/projects/{project_id}", message)
