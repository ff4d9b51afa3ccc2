"""`ppflow profile-cycles`: A profile's update cycle (a Temporal Schedule per profile)."""

from __future__ import annotations

import typer

app = typer.Typer(
    no_args_is_help=True, help="A profile's update cycle (a Temporal Schedule per profile)."
)
