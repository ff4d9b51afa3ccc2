"""`ppflow project …`: the projects (PP TI pilot projects, BMP phases), their outputs and the
drafts that produce them. The command line acts as the Secretariat, on the read model."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import typer
from sqlalchemy.orm import Session

from app.cli_common import sessions, show, user_errors
from models.domain import Language, OutputStatus
from models.labels import label
from models.settings import Settings
from ppflow import projects
from ppflow.accounts import Principal, Role
from ppflow.projects import OutputLink, OutputRead, OutputStatusChange, ProjectRead

app = typer.Typer(no_args_is_help=True, help="Projects and their outputs (linked to drafts).")

SECRETARIAT = Principal(Role.SECRETARIAT, username="cli")
T = TypeVar("T")


def _in_session(work: Callable[[Session], T]) -> T:
    """Run on the read model, committed; a mistake is one line and exit code 1."""
    with user_errors(), sessions(Settings())() as session:
        result = work(session)
        session.commit()
        return result
    raise AssertionError("unreachable")


def _output_line(o: OutputRead) -> str:
    draft = ""
    if o.draft:
        phase = label(o.draft.phase, Language.EN) if o.draft.phase else "starting"
        draft = f"  <- {o.draft.id} ({phase})"
    return f"  {o.number}. [{label(o.status, Language.EN)}] {o.title}{draft}"


def _project_text(p: ProjectRead, outputs: bool = True) -> str:
    leads = p.lead_state.name + (
        f" with {', '.join(s.name for s in p.supporting_states)}" if p.supporting_states else ""
    )
    area = f", {label(p.thematic_area, Language.EN)}" if p.thematic_area else ""
    lines = [f"{p.id:8} {p.title}", f"         {p.programme} {p.period}{area}; lead: {leads}"]
    if outputs:
        lines += [_output_line(o) for o in p.outputs]
    return "\n".join(lines)


@app.command("list")
def project_list(
    programme: Annotated[str | None, typer.Option(help='"PP TI" or "BMP".')] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The API's JSON.")] = False,
) -> None:
    """Every project with its leads, period and outputs (and the draft of each)."""
    found = _in_session(lambda db: projects.list_projects(db, programme))
    if as_json:
        show([p.model_dump(mode="json") for p in found])
        return
    for p in found:
        typer.echo(_project_text(p))
    typer.echo(f"{len(found)} project(s)")


@app.command("show")
def project_show(project_id: str) -> None:
    """One project, as the API gives it (JSON)."""
    show(_in_session(lambda db: projects.get_project(db, project_id)))


@app.command("link")
def project_link(
    project_id: str,
    number: Annotated[int, typer.Argument(min=1, help="The output's number.")],
    draft_id: Annotated[str | None, typer.Argument(help="Leave out to unlink.")] = None,
) -> None:
    """Name the draft that produces an output (of the output's document type)."""
    read = _in_session(
        lambda db: projects.link_output(
            db, SECRETARIAT, project_id, number, OutputLink(draft_id=draft_id)
        )
    )
    typer.echo(_output_line(read))


@app.command("status")
def project_status(
    project_id: str,
    number: Annotated[int, typer.Argument(min=1, help="The output's number.")],
    status: OutputStatus,
) -> None:
    """Record where an output stands (one with a draft follows its draft)."""
    read = _in_session(
        lambda db: projects.set_output_status(
            db, SECRETARIAT, project_id, number, OutputStatusChange(status=status)
        )
    )
    typer.echo(_output_line(read))
