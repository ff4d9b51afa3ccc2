"""`ppflow mission start` and `ppflow mission list`: a draft's expert missions, high-level
introductory missions and study visits, their members and roles, and their reports."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from app.cli_common import fail, sessions, show, user_errors, with_client
from models.domain import MissionKind
from models.settings import Settings
from ppflow import missions

app = typer.Typer(no_args_is_help=True, help="Missions of a draft: start one, list them.")


def moment(value: str, what: str) -> datetime:
    """A day (2026-03-09) or a day and time (2026-03-09T17:00), read as UTC when no zone is
    given."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        fail(f"{what}: give a date like 2026-03-09 or a date and time like 2026-03-09T17:00")
        raise
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@app.command("start")
def mission_start(
    draft_id: str,
    member: Annotated[
        list[str],
        typer.Option(
            help='"Name,email,role" or "Name,email,role,PARTICIPANT" (where they come from); '
            "repeat for each member."
        ),
    ],
    starts: Annotated[str, typer.Option("--from", help="First day, e.g. 2026-03-09.")],
    ends: Annotated[str, typer.Option("--to", help="Last day, e.g. 2026-03-12.")],
    findings_due: Annotated[str, typer.Option(help="e.g. 2026-04-01T17:00 (UTC).")],
    kind: Annotated[MissionKind, typer.Option()] = MissionKind.EXPERT_MISSION,
    country: Annotated[
        str | None, typer.Option(help="The host country (default: the profile's country).")
    ] = None,
    brief: Annotated[str, typer.Option(help="What the members are asked to find out.")] = "",
    section: Annotated[
        list[str] | None, typer.Option(help="A section id the findings feed; repeatable.")
    ] = None,
) -> None:
    """Start a mission of a draft; each member gets a personal link by e-mail for the findings."""
    with user_errors():
        body: dict[str, Any] = {
            "kind": kind,
            "country": country.upper() if country else None,
            "experts": [missions.member_line(m) for m in member],
            "starts_on": moment(starts, "--from"),
            "ends_on": moment(ends, "--to"),
            "findings_due": moment(findings_due, "--findings-due"),
            "brief": brief,
            "sections": section or [],
        }
    show(with_client(lambda c, db, s: missions.start(c, db, draft_id, body)))


@app.command("list")
def mission_list(draft_id: str) -> None:
    """The draft's missions: kind, host country, days, status, members with roles, reports."""
    with user_errors(), sessions(Settings())() as session:
        found = missions.list_missions(session, draft_id)
    if not found:
        typer.echo(f"{draft_id}: no mission")
    for m in found:
        status = m.outcome.value if m.outcome else f"findings due {m.findings_due:%Y-%m-%d %H:%M}"
        typer.echo(
            f"{m.mission_id}  {m.kind.value}  host {m.country}  "
            f"{m.starts_on:%Y-%m-%d} – {m.ends_on:%Y-%m-%d}  {status}"
        )
        for p in m.members:
            origin = f", {p.participant_id}" if p.participant_id else ""
            typer.echo(f"    {p.name} <{p.email}> ({p.role}{origin})")
        for r in m.reports:
            typer.echo(f"    report ({r.language}): {r.url}  {r.filename}")
