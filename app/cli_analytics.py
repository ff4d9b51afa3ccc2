"""`ppflow analytics`: Participation analytics (figures, CSV, annex .docx)."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, help="Participation analytics (figures, CSV, annex .docx).")
