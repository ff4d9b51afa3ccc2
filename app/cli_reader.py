"""`ppflow reader`: The knowledge base's readers: registrations, approval, access log."""

from __future__ import annotations

import typer

app = typer.Typer(
    no_args_is_help=True, help="The knowledge base's readers: registrations, approval, access log."
)
