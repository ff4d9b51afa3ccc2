"""`ppflow calendar`: Calendars: meetings' .ics and personal calendar feeds. The command line
acts as the Secretariat, on the read model."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from sqlalchemy.orm import Session

from app.cli_common import fail, sessions, show, user_errors
from models.settings import Settings
from ppflow import calendars
from ppflow.calendars import Owner

app = typer.Typer(
    no_args_is_help=True, help="Calendars: meetings' .ics and personal calendar feeds."
)
feed = typer.Typer(
    no_args_is_help=True,
    help="A personal calendar feed (a secret URL) of a contact or an account.",
)
app.add_typer(feed, name="feed")

T = TypeVar("T")
Out = Annotated[Path | None, typer.Option("--out", help="Write to this file (else stdout).")]
ContactOpt = Annotated[int | None, typer.Option("--contact", help="The contact's id.", min=1)]
UserOpt = Annotated[str | None, typer.Option("--user", help="The account's user name.")]


def _in_session(work: Callable[[Session, Settings], T]) -> T:
    """Run on the read model, committed; a mistake is one line and exit code 1."""
    settings = Settings()
    with user_errors(), sessions(settings)() as session:
        result = work(session, settings)
        session.commit()
        return result
    raise AssertionError("unreachable")


def _owner(session: Session, contact: int | None, user: str | None) -> Owner:
    if (contact is None) == (user is None):
        fail("name one owner: --contact ID or --user NAME")
    if contact is not None:
        return calendars.owner_of_contact(session, contact)
    return calendars.owner_of_user(session, user)


def _write(content: bytes, out: Path | None) -> None:
    if out is None:
        sys.stdout.buffer.write(content)
        return
    try:
        out.write_bytes(content)
    except OSError as e:
        fail(f"cannot write {out}: {e.strerror}")
    typer.echo(f"wrote {out} ({len(content)} bytes)")


@app.command("meeting")
def meeting(meeting_id: str, out: Out = None) -> None:
    """One meeting as a calendar file (.ics), the one its agenda mail carries."""
    _write(_in_session(lambda db, s: calendars.meeting_calendar(db, s, meeting_id)), out)


@feed.command("status")
def feed_status(contact: ContactOpt = None, user: UserOpt = None) -> None:
    """Whether the feed is on (its URL is shown only when issued)."""
    show(_in_session(lambda db, s: calendars.state(db, _owner(db, contact, user))))


@feed.command("issue")
def feed_issue(contact: ContactOpt = None, user: UserOpt = None) -> None:
    """A new feed URL (https and webcal://); the earlier one stops working. Shown once."""
    show(_in_session(lambda db, s: calendars.issue(db, s, _owner(db, contact, user), "cli")))


@feed.command("revoke")
def feed_revoke(contact: ContactOpt = None, user: UserOpt = None) -> None:
    """Stop the feed: its URL answers 404 from now on."""
    show(_in_session(lambda db, s: calendars.revoke(db, _owner(db, contact, user))))


@feed.command("preview")
def feed_preview(contact: ContactOpt = None, user: UserOpt = None, out: Out = None) -> None:
    """What the feed holds now (the .ics its URL gives), whether or not it is on."""
    _write(
        _in_session(
            lambda db, s: calendars.build_feed(db, s, _owner(db, contact, user), datetime.now(UTC))
        ),
        out,
    )
