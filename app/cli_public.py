"""`ppflow public`: The public repository of endorsed texts."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, help="The public repository of endorsed texts.")
