"""`ppflow analytics`: Participation analytics (figures, CSV, annex .docx). The command line reads
the read model as the Secretariat does."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.cli_common import sessions, show, user_errors
from models.analytics import Analytics
from models.domain import Language
from models.settings import Settings
from ppflow import analytics
from word import analytics_annex

app = typer.Typer(no_args_is_help=True, help="Participation analytics (figures, CSV, annex .docx).")

From = Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")]
To = Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")]
Type = Annotated[str | None, typer.Option("--type", help="A document type, e.g. guidelines.")]
Area = Annotated[str | None, typer.Option("--area", help="A thematic area, e.g. integration.")]
Lang = Annotated[Language, typer.Option("--language", help="Names and labels in en or ru.")]


def _figures(
    date_from: str | None,
    date_to: str | None,
    document_type: str | None,
    area: str | None,
    language: Language,
) -> Analytics:
    with user_errors(), sessions(Settings())() as db:
        values = {"from": date_from, "to": date_to, "type": document_type, "area": area}
        return analytics.figures(db, analytics.filters_of(values), language)
    raise AssertionError("unreachable")


@app.command("show")
def analytics_show(
    date_from: From = None,
    date_to: To = None,
    document_type: Type = None,
    area: Area = None,
    language: Lang = Language.EN,
    as_json: Annotated[bool, typer.Option("--json", help="The API's JSON.")] = False,
) -> None:
    """Every figure (as GET /api/analytics), one table per figure."""
    a = _figures(date_from, date_to, document_type, area, language)
    if as_json:
        show(a)
        return
    typer.echo(f"{analytics_annex.period(a)}: {analytics_annex.summary(a)}")
    for view in analytics_annex.views(a):
        typer.echo(f"\n{view.chart.title}")
        if not view.rows:
            typer.echo("  —")
            continue
        widths = [
            max(len(r[i]) for r in [view.headers, *view.rows]) for i in range(len(view.headers))
        ]
        for row in [view.headers, *view.rows]:
            first, *rest = row
            typer.echo("  " + first.ljust(widths[0]) + "  " + "  ".join(
                c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)))  # fmt: skip


@app.command("export")
def analytics_export(
    csv_file: Annotated[
        Path | None, typer.Option("--csv", help="Write the figures as CSV.")
    ] = None,
    docx_file: Annotated[
        Path | None, typer.Option("--docx", help="Write the annex .docx (charts and tables).")
    ] = None,
    date_from: From = None,
    date_to: To = None,
    document_type: Type = None,
    area: Area = None,
    language: Lang = Language.EN,
) -> None:
    """The figures as a CSV file and/or the annex as a Word file."""
    if csv_file is None and docx_file is None:
        typer.echo("ppflow: give --csv FILE, --docx FILE or both", err=True)
        raise typer.Exit(1)
    a = _figures(date_from, date_to, document_type, area, language)
    with user_errors():
        if csv_file is not None:
            csv_file.write_text(analytics.to_csv(a), encoding="utf-8")
            typer.echo(f"wrote {csv_file}")
        if docx_file is not None:
            docx_file.write_bytes(analytics_annex.annex(a)[0])
            typer.echo(f"wrote {docx_file}")
