"""`ppflow profile list`: the Extended Migration Profiles by country and edition, as the status
board shows them (added to `ppflow` by app/cli.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli_common import sessions, show, user_errors
from models.domain import Language
from models.labels import label
from models.settings import Settings
from ppflow import profiles

app = typer.Typer(no_args_is_help=True, help="Extended Migration Profiles by country and edition.")


@app.command("list")
def profile_list(
    country: Annotated[
        str | None, typer.Option(help="One country: its id (GE) or name (Georgia).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of lines.")] = False,
) -> None:
    """Every edition of every country's profile: status, endorsement day, draft."""
    with user_errors(), sessions(Settings())() as session:
        found = profiles.list_profiles(session, country)
    if as_json:
        show([p.model_dump(mode="json") for p in found])
        return
    if not found:
        typer.echo("no migration profiles recorded")
    for p in found:
        endorsed = f", endorsed {p.endorsed_on:%Y-%m-%d}" if p.endorsed_on else ""
        draft = p.draft_id or "prepared before ppflow"
        typer.echo(
            f"{p.country:<3} {p.country_name:<20} edition {p.edition}  "
            f"{label(p.status, Language.EN)}{endorsed}  {draft}"
        )
