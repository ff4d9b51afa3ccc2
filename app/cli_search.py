"""`ppflow search TEXT`: full-text search, as the page and the API (ppflow/search.py). The
command line searches as the Secretariat (everything), or as a user with `--as-user NAME`
(what that user's pages would find)."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli_common import fail, sessions, show, user_errors
from models.settings import Settings
from ppflow import accounts
from ppflow import search as fts
from ppflow.accounts import Principal, Role
from ppflow.search import Kind, SearchPage

SECRETARIAT = Principal(Role.SECRETARIAT, username="cli")
LABELS = {
    "draft": "draft",
    "section": "section",
    "comment": "comment",
    "disposition": "disposition",
    "decision": "decision",
    "meeting": "meeting",
}


def _run(text: str, kind: str | None, limit: int, offset: int, as_user: str | None) -> SearchPage:
    with user_errors(), sessions(Settings())() as session:
        principal = SECRETARIAT
        if as_user:
            user = accounts.find_user(session, as_user)
            if user is None or not user.active:
                fail(f"no active user {as_user}")
                raise AssertionError("unreachable")
            principal = accounts.principal_of(user)
        return fts.search(
            session, principal, text, limit=limit, offset=offset, kinds=[kind] if kind else None
        )
    raise AssertionError("unreachable")


def _starred(passage_html: str) -> str:
    """The passage for a terminal: hits between *stars*, entities back to characters."""
    import html

    return html.unescape(passage_html.replace("<mark>", "*").replace("</mark>", "*"))


def search(
    text: Annotated[str, typer.Argument(help="Words to find (all must match).")],
    kind: Annotated[
        Kind | None, typer.Option(help="Only this kind: draft, section, comment, ...")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=fts.MAX_LIMIT)] = 20,
    offset: Annotated[int, typer.Option(min=0, max=fts.MAX_OFFSET)] = 0,
    as_user: Annotated[
        str | None, typer.Option("--as-user", help="Search as this user (what they may see).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The API's JSON.")] = False,
) -> None:
    """Search drafts, comments, proposals, dispositions and meeting notes."""
    found = _run(text, kind, limit, offset, as_user)
    if as_json:
        show(found.model_dump(mode="json"))
        return
    for n, hit in enumerate(found.hits, start=found.offset + 1):
        where = f" v{hit.version}" if hit.version else ""
        where += f" {hit.language.upper()} translation" if hit.language else ""
        by = f" by {hit.participant_id}" if hit.participant_id else ""
        heading = f" — {hit.heading}" if hit.kind == "section" or hit.language else ""
        typer.echo(f"{n:3}. [{LABELS[hit.kind]}{where}{by}] {hit.title}{heading}")
        typer.echo(f"     {hit.url}")
        if hit.passage_html:
            typer.echo(f"     {_starred(hit.passage_html)}")
    more = "+" if found.more else ""
    typer.echo(f"{found.total}{more} found" + (f", {len(found.hits)} shown" if found.hits else ""))
