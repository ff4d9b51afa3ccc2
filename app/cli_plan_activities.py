"""`ppflow plan-activity list|set|report`: an endorsed Action Plan's activities, kept up to date
by the Secretariat, and the implementation report (added to `ppflow` by app/cli.py)."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

from app.cli_common import fail, sessions, user_errors
from models.domain import ActivityStatus, Language
from models.settings import Settings
from ppflow import plan_activities
from ppflow.plan_activities import PlanActivityUpdate
from word.implementation_report import period_text

app = typer.Typer(
    no_args_is_help=True, help="The activities of an endorsed Action Plan and their report."
)


@app.command("list")
def activity_list(
    plan_id: str,
    status: Annotated[ActivityStatus | None, typer.Option(help="Only this status.")] = None,
    lead: Annotated[str | None, typer.Option(help="Only this lead (participant id).")] = None,
) -> None:
    """The plan's activities by number: lead, period, status, title."""
    with user_errors(), sessions(Settings())() as session:
        rows = plan_activities.list_activities(
            session, plan_id, status=status.value if status else None, lead=lead
        )
        for r in rows:
            period = period_text(r.start_month, r.end_month, Language.EN) or "-"
            typer.echo(f"{r.number:>3}  {r.lead:<8} {period:<22} {r.status:<12} {r.title}")


@app.command("set")
def activity_set(
    plan_id: str,
    number: Annotated[int, typer.Argument(min=1)],
    status: Annotated[ActivityStatus | None, typer.Option(help="The new status.")] = None,
    lead: Annotated[str | None, typer.Option(help="The new lead (participant id).")] = None,
    start: Annotated[
        str | None, typer.Option("--from", help="First month, YYYY-MM ('' clears it).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last month, YYYY-MM ('' clears it).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="A note on the activity.")] = None,
) -> None:
    """Change one activity; what is not given stays as it is. The change is kept with its date."""
    with user_errors():
        update = PlanActivityUpdate(status=status, lead=lead, start=start, end=end, note=note)
        with sessions(Settings()).begin() as session:
            row = plan_activities.update_activity(
                session, plan_id, number, update, f"{getpass.getuser()} (cli)"
            )
            period = period_text(row.start_month, row.end_month, Language.EN) or "no period"
            typer.echo(f"activity {row.number}: {row.status}, lead {row.lead}, {period}")


@app.command("report")
def activity_report(
    plan_id: str,
    language: Annotated[Language, typer.Option(help="en or ru.")] = Language.EN,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="The .docx to write.")
    ] = None,
) -> None:
    """Write the implementation report (.docx) as the activities stand now."""
    with user_errors(), sessions(Settings())() as session:
        content, filename = plan_activities.render_report(session, plan_id, language)
        target = output or Path(filename)
        if target.is_dir():
            fail(f"{target} is a directory: give a file name")
        target.write_bytes(content)
        typer.echo(f"wrote {target} ({len(content):,} bytes)")
