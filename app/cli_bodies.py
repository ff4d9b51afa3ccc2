"""`ppflow body ...` and `ppflow presidency ...`: governance bodies (members with their history,
chairs) and the Presidency of the Council of the EU (added to `ppflow` by app/cli.py)."""

from __future__ import annotations

import getpass
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from app.cli_common import fail, sessions, show, user_errors
from models.settings import Settings
from ppflow import bodies

body_app = typer.Typer(no_args_is_help=True, help="Governance bodies: members, history, chairs.")
presidency_app = typer.Typer(
    no_args_is_help=True, help="The Presidency of the Council of the EU: who holds it when."
)

DAY_HELP = "A date like 2026-12-01 (today by default)."


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise bodies.BodyError("give a date like 2026-12-01") from e


def _by() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@body_app.command("list")
def body_list(on: Annotated[str | None, typer.Option(help=DAY_HELP)] = None) -> None:
    """Every body with its members and chair on a day."""
    with user_errors(), sessions(Settings())() as session:
        day = _day(on)
        for b in bodies.list_bodies(session):
            read = bodies.body_read(session, b.id, day, full=False)
            chair = read.chair or "no chair recorded"
            typer.echo(f"{b.id}  {b.name}  chair: {chair}  members: {', '.join(read.members)}")


@body_app.command("show")
def body_show(body_id: str, on: Annotated[str | None, typer.Option(help=DAY_HELP)] = None) -> None:
    """A body's members and chair on a day, with its membership and chair history (JSON)."""
    with user_errors(), sessions(Settings())() as session:
        show(bodies.body_read(session, body_id, _day(on)))


@body_app.command("add")
def body_add(
    body_id: str,
    participant_id: str,
    since: Annotated[str | None, typer.Option(help=DAY_HELP)] = None,
) -> None:
    """A participant joins a body from a day."""
    with user_errors(), sessions(Settings()).begin() as session:
        row = bodies.add_member(session, body_id, participant_id, _by(), _day(since))
        typer.echo(f"{participant_id}: a member of {body_id} from {row.since}")


@body_app.command("remove")
def body_remove(
    body_id: str,
    participant_id: str,
    until: Annotated[str | None, typer.Option(help=DAY_HELP)] = None,
) -> None:
    """End a membership on a day (the row stays, as history)."""
    with user_errors(), sessions(Settings()).begin() as session:
        row = bodies.remove_member(session, body_id, participant_id, _by(), _day(until))
        typer.echo(f"{participant_id}: a member of {body_id} until {row.until}")


@body_app.command("chair")
def body_chair(
    body_id: str,
    participant_id: str,
    since: Annotated[str | None, typer.Option(help=DAY_HELP)] = None,
) -> None:
    """A member chairs the body from a day (the chair before stays in the history)."""
    with user_errors(), sessions(Settings()).begin() as session:
        row = bodies.set_chair(session, body_id, participant_id, _by(), _day(since))
        typer.echo(f"{participant_id} chairs {body_id} from {row.since}")


@body_app.command("export")
def body_export(file: Annotated[Path | None, typer.Argument()] = None) -> None:
    """Every membership row as CSV (body_id,participant_id,since,until,added_by,removed_by)."""
    with user_errors(), sessions(Settings())() as session:
        text = bodies.export_members_csv(session)
    if file is None:
        sys.stdout.write(text)
    else:
        file.write_text(text, encoding="utf-8")


@body_app.command("import")
def body_import(file: Path) -> None:
    """Import memberships from CSV: missing rows added, current ones given an end closed; one bad
    row and nothing changes."""
    with user_errors():
        if not file.exists():
            fail(f"no such file: {file}")
        with sessions(Settings()).begin() as session:
            report = bodies.import_members_csv(session, file.read_text(encoding="utf-8"), _by())
    typer.echo(f"{report.added} added, {report.closed} closed, {report.unchanged} unchanged")


@presidency_app.command("list")
def presidency_list(on: Annotated[str | None, typer.Option(help=DAY_HELP)] = None) -> None:
    """Every term recorded, the one of the day marked."""
    with user_errors(), sessions(Settings())() as session:
        read = bodies.presidency_read(session, _day(on))
    for term in read.terms:
        mark = "  <- " + str(read.on) if term.starts_on <= read.on <= term.ends_on else ""
        typer.echo(f"{term.starts_on}  {term.ends_on}  {term.holder_id}{mark}")
    if read.holder_id is None:
        typer.echo(f"no state recorded as holding the Presidency on {read.on}")


@presidency_app.command("set")
def presidency_set(
    holder_id: str,
    starts_on: Annotated[str, typer.Argument(help="The term's first day, like 2031-01-01.")],
    ends_on: Annotated[
        str | None, typer.Option(help="The last day (by default 30 June or 31 December).")
    ] = None,
) -> None:
    """Record or correct a term: a state holds the Presidency from one day to another."""
    with user_errors(), sessions(Settings()).begin() as session:
        start = _day(starts_on)
        assert start is not None
        term = bodies.set_presidency(session, holder_id, start, _by(), _day(ends_on))
        typer.echo(f"{term.holder_id} holds the Presidency from {term.starts_on} to {term.ends_on}")
