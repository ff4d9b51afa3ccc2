"""`ppflow meeting list` and `ppflow meeting attendance`: the meetings with their days, host and
co-chairs, and who was represented (added to `ppflow meeting` by app/cli.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from app.cli_common import sessions, show, user_errors, with_client
from models.contracts.meeting import AttendanceInput
from models.settings import Settings
from ppflow import meetings

app = typer.Typer(help="Meetings: the list, attendance.")


@app.command("list")
def meeting_list(
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many.")] = 50,
) -> None:
    """The meetings, the latest first: kind, days, place, host, co-chairs, attendance."""
    with user_errors(), sessions(Settings())() as session:
        for m in meetings.list_meetings(session, limit=limit):
            end = f" – {m.ends_at:%Y-%m-%d %H:%M}" if m.ends_at else ""
            who = f"; host {m.host}" if m.host else ""
            who += f"; co-chairs {', '.join(m.co_chairs)}" if m.co_chairs else ""
            present = f"; {len(m.attendance)} represented" if m.attendance else ""
            closed = " (closed)" if m.closed else ""
            typer.echo(
                f"{m.meeting_id}  {m.kind.value}  {m.starts_at:%Y-%m-%d %H:%M}{end}  "
                f"{m.place}{who}{present}{closed}"
            )


@app.command("attendance")
def meeting_attendance(
    meeting_id: str,
    participants: Annotated[list[str], typer.Argument(help="Participant ids represented.")],
) -> None:
    """Record who was represented (the whole list), from the meeting's day until it closes."""
    with user_errors():
        request = AttendanceInput(participants=participants)
    show(with_client(lambda c, db, s: meetings.record_attendance(c, db, meeting_id, request)))
