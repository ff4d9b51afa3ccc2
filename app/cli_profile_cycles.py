"""`ppflow profile cycle`: a profile's update cycle (a Temporal Schedule per profile). The
command line acts as the Secretariat (whoever runs it runs ppflow)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from sqlalchemy.orm import Session
from temporalio.client import Client

from app.cli_common import sessions, show, user_errors, with_client
from models.settings import Settings
from ppflow import profile_cycles as cycles
from ppflow.accounts import Principal, Role
from ppflow.acting import acting_as
from ppflow.profile_cycles import CycleRead

app = typer.Typer(
    no_args_is_help=True, help="A profile's update cycle (a Temporal Schedule per profile)."
)

Country = Annotated[str, typer.Argument(help="The country: its id (UA) or name (Ukraine).")]
AsJson = Annotated[bool, typer.Option("--json", help="JSON instead of lines.")]


def _line(c: CycleRead) -> str:
    every = (
        f"every {c.months} months" + (" (paused)" if c.paused else "") if c.months else "no cycle"
    )
    due = f", due {c.due:%Y-%m-%d %H:%M} UTC" if c.due else ""
    board = f"  [{c.board.replace('_', ' ')}]" if c.board else ""
    live = f"  draft {c.live_draft}" if c.live_draft else ""
    edition = f"edition {c.edition}" if c.edition else "no endorsed profile"
    return f"{c.country:<3} {c.country_name:<20} {edition}  {every}{due}{board}{live}"


def _out(value: CycleRead, as_json: bool) -> None:
    if as_json:
        show(value)
    else:
        typer.echo(_line(value))
        if value.last_fired_at:
            typer.echo(f"    last firing {value.last_fired_at:%Y-%m-%d %H:%M}: {value.last_note}")


@app.command("list")
def cycle_list(as_json: AsJson = False) -> None:
    """Every country with a final and endorsed profile, with its cycle."""
    settings = Settings()
    with user_errors(), sessions(settings)() as session:
        found = cycles.list_cycles(session, settings)
    if as_json:
        show([c.model_dump(mode="json") for c in found])
        return
    for c in found:
        typer.echo(_line(c))


@app.command("show")
def cycle_show(country: Country, as_json: AsJson = False) -> None:
    """A country's cycle: months, paused, due, what the board shows, the last firing."""
    settings = Settings()
    with user_errors(), sessions(settings)() as session:
        read = cycles.read_cycle(session, settings, country)
    _out(read, as_json)


def _as_secretariat(work: Any) -> Any:
    async def go(client: Client, session: Session, settings: Settings) -> Any:
        acting_as(Principal(Role.SECRETARIAT, username="cli"))
        return await work(client, session, settings)

    return with_client(go)


@app.command("set")
def cycle_set(
    country: Country,
    months: Annotated[str, typer.Argument(help="Every how many months (1..120).")],
    as_json: AsJson = False,
) -> None:
    """Set or change the cycle: due its months after the last endorsement (or in a week)."""
    with user_errors():
        change = cycles.clean_months(months)
    _out(_as_secretariat(lambda c, s, st: cycles.set_cycle(c, s, st, country, change)), as_json)


@app.command("pause")
def cycle_pause(country: Country, as_json: AsJson = False) -> None:
    """Pause the cycle: it opens no edition by itself until resumed."""
    _out(_as_secretariat(lambda c, s, st: cycles.pause_cycle(c, s, st, country)), as_json)


@app.command("resume")
def cycle_resume(country: Country, as_json: AsJson = False) -> None:
    """Resume the cycle (a due moment passed meanwhile becomes a week from now)."""
    _out(_as_secretariat(lambda c, s, st: cycles.resume_cycle(c, s, st, country)), as_json)


@app.command("trigger")
def cycle_trigger(country: Country, as_json: AsJson = False) -> None:
    """Open the next edition now, seeded with the endorsed text."""
    done = _as_secretariat(lambda c, s, st: cycles.trigger_cycle(c, s, st, country))
    if as_json:
        show(done)
        return
    typer.echo(f"opened draft {done.draft_id}" if done.draft_id else f"nothing opened: {done.note}")
    typer.echo(_line(done.cycle))
