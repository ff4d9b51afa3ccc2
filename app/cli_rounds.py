"""`ppflow round …`, `ppflow procedure …` and `ppflow comment …`: a draft's comment rounds (open,
status, extend, remind, close), its written procedure (status, extend) and its comments (list,
resolve, from the command line or a CSV file). What the API does at /api/drafts/{id}/rounds…,
/endorsement/procedure… and /resolutions (app/cli.py adds these apps)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cli_common import fail, user_errors, with_client
from models.api import (
    CloseRequest,
    CommentResolutions,
    DeadlineExtension,
    InviteeSelection,
    RoundOpen,
)
from models.contracts.comment_round import RoundStatus
from models.db import Participant
from models.domain import Disposition, ParticipantGroup
from ppflow import procedures, service
from ppflow.registry import RegistryError

round_app = typer.Typer(
    no_args_is_help=True, help="Comment rounds: open, status, extend, remind, close."
)
procedure_app = typer.Typer(
    no_args_is_help=True, help="A draft's written (silence) procedure: status, extend."
)
comment_app = typer.Typer(no_args_is_help=True, help="A draft's comments: list, resolve.")

NAMES_HELP = "Participant id or name in English or Russian (GE, Georgia, Грузия); repeatable."


def moment(value: str, what: str) -> datetime:
    """A day (2026-12-20, the end of that day) or a day and time (2026-12-20T17:00), UTC unless
    a zone is given; never repeats what was typed."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        fail(f"{what}: give a date like 2026-12-20 or a date and time like 2026-12-20T17:00")
        raise
    if len(value.strip()) <= 10:  # a day alone: its end, as a person means "by the 20th"
        parsed = parsed.replace(hour=23, minute=59)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def participant_ids(session: Session, given: list[str]) -> list[str]:
    """Each participant by its id or its name (English or Russian, any case)."""
    by_name: dict[str, str] = {}
    for p in session.scalars(select(Participant)):
        for name in (p.id, p.name, p.name_ru):
            if name:
                by_name[name.casefold()] = p.id
    found = []
    for one in given:
        pid = by_name.get(one.strip().casefold())
        if pid is None:  # what was typed is not repeated
            raise RegistryError(
                "unknown participant: give an id or a name in English or Russian "
                "(for example GE, Georgia or Грузия)"
            )
        found.append(pid)
    return list(dict.fromkeys(found))


def selection(
    session: Session,
    everyone: bool,
    groups: list[ParticipantGroup] | None,
    bodies: list[str] | None,
    participants: list[str] | None,
) -> InviteeSelection:
    return service.parse(
        InviteeSelection,
        {
            "everyone": everyone,
            "groups": groups or [],
            "bodies": bodies or [],
            "participants": participant_ids(session, participants or []),
        },
    )


def round_lines(status: RoundStatus) -> list[str]:
    state = "open" if status.open else f"closed ({status.outcome.value if status.outcome else '-'})"
    waiting = status.not_answered
    lines = [
        f"{status.draft_id}: round {status.number} on version {status.version}, {state}, "
        f"deadline {status.deadline:%Y-%m-%d %H:%M} UTC",
        f"  {len(status.answers)} of {len(status.invitees)} answered",
    ]
    if waiting:
        lines.append(f"  not answered: {', '.join(waiting)}")
    return lines


def echo(lines: list[str]) -> None:
    for line in lines:
        typer.echo(line)


# ---------------------------------------------------------------- rounds


@round_app.command("open")
def round_open(
    draft_id: str,
    deadline: Annotated[str, typer.Option(help="e.g. 2026-12-20 (its end) or 2026-12-20T17:00.")],
    everyone: Annotated[bool, typer.Option("--everyone", help="Invite every participant.")] = False,
    group: Annotated[
        list[ParticipantGroup] | None, typer.Option(help="Invite a group; repeatable.")
    ] = None,
    body: Annotated[
        list[str] | None,
        typer.Option(help="Invite a body's members (strategic_group, core_group, ncp_network)."),
    ] = None,
    participant: Annotated[list[str] | None, typer.Option(help=NAMES_HELP)] = None,
    reminder_days: Annotated[
        int, typer.Option(min=0, max=60, help="Remind who has not answered, days before.")
    ] = 3,
) -> None:
    """Open a comment round on the current version; each invitee gets a personal link by mail."""
    due = moment(deadline, "--deadline")

    async def work(client: Any, db: Session, settings: Any) -> Any:
        request = service.parse(
            RoundOpen,
            {
                "invitees": selection(db, everyone, group, body, participant),
                "deadline": due,
                "reminder_before": [timedelta(days=reminder_days)] if reminder_days else [],
            },
        )
        return await service.open_round(client, db, draft_id, request)

    summary = with_client(work)
    typer.echo(
        f"{draft_id}: round {summary.number} open until {summary.deadline:%Y-%m-%d %H:%M} UTC, "
        f"{len(summary.invitees)} invited: {', '.join(summary.invitees)}"
    )


@round_app.command("status")
def round_status(draft_id: str) -> None:
    """The open round: deadline, who answered, who has not."""
    echo(round_lines(with_client(lambda c, db, s: service.current_round(c, draft_id))))


@round_app.command("extend")
def round_extend(
    draft_id: str,
    deadline: Annotated[str, typer.Option(help="The new deadline, later than the current one.")],
) -> None:
    """Move the open round's deadline; every invitee is mailed the new one with their link."""
    request = DeadlineExtension(deadline=moment(deadline, "--deadline"))
    echo(round_lines(with_client(lambda c, db, s: service.extend_round(c, draft_id, request))))


@round_app.command("remind")
def round_remind(draft_id: str) -> None:
    """Remind, now, everyone invited who has not answered."""
    status = with_client(lambda c, db, s: service.remind_now(c, draft_id))
    typer.echo(f"{draft_id}: reminded {len(status.not_answered)} participant(s)")
    echo(round_lines(status)[1:])


@round_app.command("close")
def round_close(
    draft_id: str,
    reason: Annotated[
        str, typer.Option(help="Said on the timeline.")
    ] = "closed by the Secretariat",
) -> None:
    """Close the open round now (before its deadline); the invitees are told by mail."""
    with user_errors():
        request = service.parse(CloseRequest, {"reason": reason})
    status = with_client(lambda c, db, s: service.close_round(c, draft_id, request))
    typer.echo(f"{draft_id}: round {status.number} closing ({len(status.answers)} answer(s))")


# ---------------------------------------------------------------- the written procedure


@procedure_app.command("status")
def procedure_status(draft_id: str) -> None:
    """The written procedure under way: its deadline and invitees, or who broke the silence."""
    s = with_client(lambda c, db, _: procedures.procedure_status(c, draft_id))
    state = "open" if s.open else f"closed ({s.outcome.value if s.outcome else '-'})"
    typer.echo(
        f"{draft_id}: written procedure on version {s.version}, {state}, silence until "
        f"{s.deadline:%Y-%m-%d %H:%M} UTC, {len(s.invitees)} invited"
    )
    if s.broken_by:
        typer.echo(f"  silence broken by {s.broken_by}: {s.reason or ''}")


@procedure_app.command("extend")
def procedure_extend(
    draft_id: str,
    deadline: Annotated[str, typer.Option(help="The new deadline, later than the current one.")],
) -> None:
    """Move the silence deadline later; every invitee is mailed the new one with their link."""
    request = DeadlineExtension(deadline=moment(deadline, "--deadline"))
    s = with_client(lambda c, db, _: procedures.extend(c, draft_id, request))
    typer.echo(f"{draft_id}: silence until {s.deadline:%Y-%m-%d %H:%M} UTC")


# ---------------------------------------------------------------- comments


@comment_app.command("list")
def comment_list(
    draft_id: str,
    open_only: Annotated[bool, typer.Option("--open", help="Only those without one.")] = False,
) -> None:
    """The draft's comments with their ids (for `ppflow comment resolve`) and dispositions."""
    status = with_client(lambda c, db, s: service.draft_status(c, draft_id))
    shown = 0
    for c in status.state.comments:
        if open_only and c.disposition:
            continue
        shown += 1
        where = c.section_id or "general"
        done = c.disposition.value if c.disposition else "open"
        typer.echo(f"{c.comment_id}  {c.participant_id}  {where}  {done}  {c.text[:80]}")
    typer.echo(f"{shown} comment(s)")


def _from_csv(path: Path) -> list[dict[str, str]]:
    """Rows of comment_id,disposition[,justification] (a header row with these names)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        fail(f"cannot read {path.name}: {getattr(e, 'strerror', None) or 'not UTF-8 text'}")
        raise
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or "comment_id" not in rows[0] or "disposition" not in rows[0]:
        fail("the CSV needs a header row: comment_id,disposition,justification")
    return [
        {
            "comment_id": (r.get("comment_id") or "").strip(),
            "disposition": (r.get("disposition") or "").strip(),
            "justification": (r.get("justification") or "").strip(),
        }
        for r in rows
    ]


@comment_app.command("resolve")
def comment_resolve(
    draft_id: str,
    comment: Annotated[
        list[str] | None, typer.Option(help="A comment id (see `comment list`); repeatable.")
    ] = None,
    disposition: Annotated[Disposition | None, typer.Option(help="For every --comment.")] = None,
    justification: Annotated[
        str, typer.Option(help="Why (needed for rejected and partly_accepted).")
    ] = "",
    from_csv: Annotated[
        Path | None,
        typer.Option("--csv", help="A CSV file: comment_id,disposition,justification."),
    ] = None,
) -> None:
    """Give comments their disposition: by id, or many from a CSV file.

    By id: --comment ID (repeatable) --disposition accepted [--justification …]. From a file:
    --csv FILE with the columns comment_id,disposition,justification."""
    chosen: list[dict[str, str]] = []
    if from_csv is not None:
        chosen += _from_csv(from_csv)
    if comment:
        if disposition is None:
            fail("--comment needs --disposition (accepted, partly_accepted, rejected or noted)")
        assert disposition is not None
        chosen += [
            {"comment_id": c, "disposition": disposition.value, "justification": justification}
            for c in comment
        ]
    if not chosen:
        fail("name the comments: --comment ID --disposition accepted, or --csv FILE")
    with user_errors():
        request = service.parse(CommentResolutions, {"resolutions": chosen})
    report = with_client(lambda c, db, s: service.resolve_comments(c, draft_id, request))
    typer.echo(f"{draft_id}: {report.resolved} resolved, {report.unresolved} still open")
