"""`ppflow calendar`: Calendars: meetings' .ics and personal calendar feeds."""

from __future__ import annotations

import typer

app = typer.Typer(
    no_args_is_help=True, help="Calendars: meetings' .ics and personal calendar feeds."
)
