"""`ppflow public`: the public repository of endorsed texts, as anyone may read it (the same rule
as the public page and /api/public: endorsed texts only)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.cli_common import fail, sessions, show, user_errors
from models.domain import DocumentType, Language, ThematicArea
from models.labels import label
from models.settings import Settings
from ppflow import public, service
from ppflow.public import PublicQuery

app = typer.Typer(no_args_is_help=True, help="The public repository of endorsed texts.")


@app.command("list")
def public_list(
    document_type: Annotated[
        DocumentType | None, typer.Option("--type", help="One document type.")
    ] = None,
    area: Annotated[ThematicArea | None, typer.Option("--area", help="One thematic area.")] = None,
    year: Annotated[int | None, typer.Option(help="The year it was endorsed.")] = None,
    page: Annotated[int, typer.Option(help="Which page (100 texts a page).")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of lines.")] = False,
) -> None:
    """Every endorsed text, newest endorsement first, with how and when it was endorsed."""
    with user_errors(), sessions(Settings())() as session:
        query = service.parse(
            PublicQuery,
            {
                "document_type": document_type,
                "thematic_area": area,
                "year": year,
                "page": page,
                "per_page": 100,
            },
        )
        found = public.list_texts(session, query)
    if as_json:
        show(found.model_dump(mode="json"))
        return
    for text in found.texts:
        languages = "+".join(x.value.upper() for x in text.languages) or "no file yet"
        superseded = (
            f"  [superseded by edition {text.superseded_by.edition}]" if text.superseded_by else ""
        )
        typer.echo(f"{text.draft_id}  {text.title}  ({languages}){superseded}")
        typer.echo(f"    {public.summary(text)}")
    typer.echo(
        f"{found.total} endorsed text(s)"
        + (f", page {found.page} of {found.pages}" if found.pages > 1 else "")
    )


@app.command("show")
def public_show(
    draft_id: Annotated[str, typer.Argument(help="The text's id (from `ppflow public list`).")],
    language: Annotated[Language | None, typer.Option(help="en or ru.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of text.")] = False,
) -> None:
    """One endorsed text: its record and its sections in one language."""
    with user_errors(), sessions(Settings())() as session:
        text = public.get_text(session, draft_id)
        shown = public.text_in(session, draft_id, language or text.language)
    if as_json:
        show(shown.model_dump(mode="json"))
        return
    typer.echo(shown.title)
    typer.echo(f"{label(text.document_type, Language.EN)} · {text.reference}")
    typer.echo(public.summary(text))
    if not shown.sections:
        typer.echo(f"(no {shown.language.value.upper()} text yet)")
    for n, section in enumerate(shown.sections, start=1):
        typer.echo(f"\n{n}. {section.title}\n{section.text}")


@app.command("export")
def public_export(
    draft_id: Annotated[str, typer.Argument(help="The text's id (from `ppflow public list`).")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the .docx.")],
    language: Annotated[
        Language | None, typer.Option(help="en or ru (default: drafted in).")
    ] = None,
) -> None:
    """The endorsed text's final Word document, as the public page gives it."""
    with user_errors(), sessions(Settings())() as session:
        text = public.get_text(session, draft_id)
        content, filename = public.final_document(session, draft_id, language or text.language)
    try:
        out.write_bytes(content)
    except OSError as e:
        fail(f"cannot write {out}: {e.strerror}")
    typer.echo(f"{out}: {filename}, {len(content):,} bytes")
