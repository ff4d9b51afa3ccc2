"""More of `ppflow draft …` and `ppflow meeting …`, as the API has them: request endorsement
(at a meeting or by written procedure), withdraw, the timeline, a file by its id; a meeting's
status, its agenda sent now, closing it. app/cli.py adds these commands to its `draft` and
`meeting` apps."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.orm import Session

from app.cli_common import fail, sessions, user_errors, with_client
from app.cli_rounds import NAMES_HELP, moment, participant_ids, selection
from models.api import EndorsementRequest, Withdrawal
from models.contracts.meeting import MeetingClose, MeetingStatus
from models.domain import ParticipantGroup, Route
from models.settings import Settings
from ppflow import service
from word.store import load_artifact

draft_app = typer.Typer(help="Drafts: endorsement, withdrawal, timeline, files.")
meeting_app = typer.Typer(help="Meetings: status, agenda, closing.")


@draft_app.command("endorse")
def draft_endorse(
    draft_id: str,
    meeting: Annotated[
        str | None, typer.Option(help="At this meeting (its id, see `meeting list`).")
    ] = None,
    written: Annotated[
        bool, typer.Option("--written", help="By written (silence) procedure.")
    ] = False,
    deadline: Annotated[
        str | None, typer.Option(help="Written procedure: silence until, e.g. 2026-12-20T17:00.")
    ] = None,
    everyone: Annotated[bool, typer.Option("--everyone", help="Written: ask everyone.")] = False,
    group: Annotated[list[ParticipantGroup] | None, typer.Option(help="Written: a group.")] = None,
    body: Annotated[list[str] | None, typer.Option(help="Written: a body's members.")] = None,
    participant: Annotated[list[str] | None, typer.Option(help=NAMES_HELP)] = None,
    objection: Annotated[
        list[str] | None,
        typer.Option(help="A participant whose objection in the last round stands; repeatable."),
    ] = None,
) -> None:
    """Request endorsement: at a meeting or by written (silence) procedure.

    At a meeting: --meeting ID. By written procedure: --written --deadline DATE; everyone is
    asked unless --participant, --group or --body is given."""
    if bool(meeting) == written:
        fail("choose one way: --meeting ID, or --written --deadline DATE")
    due = moment(deadline, "--deadline") if deadline else None
    if written and due is None:
        fail("a written procedure needs --deadline (e.g. 2026-12-20T17:00)")

    async def work(client: Any, db: Session, settings: Any) -> Any:
        body_: dict[str, Any] = {
            "route": Route.WRITTEN_PROCEDURE if written else Route.MEETING,
            "meeting_id": meeting,
            "objections_standing": participant_ids(db, objection or []),
        }
        if written:
            body_["deadline"] = due
            if everyone or group or body or participant:
                body_["invitees"] = selection(db, everyone, group, body, participant)
        request = service.parse(EndorsementRequest, body_)
        return await service.request_endorsement(client, db, draft_id, request)

    record = with_client(work)
    if record.route == Route.MEETING:
        where = f"at {record.meeting_title or record.meeting_id}"
    else:
        where = f"by written procedure {record.procedure_id}"
    typer.echo(f"{draft_id}: version {record.version} goes for endorsement {where}")


@draft_app.command("withdraw")
def draft_withdraw(
    draft_id: str,
    reason: Annotated[str, typer.Option(help="Why (on the timeline and in the mail).")],
) -> None:
    """Withdraw the draft (it cannot be undone); everyone invited is told by mail.

    Its open round, missions and written procedure end with it."""
    with user_errors():
        request = service.parse(Withdrawal, {"reason": reason})
    with_client(lambda c, db, s: service.withdraw(c, draft_id, request))
    typer.echo(f"{draft_id}: withdrawn")


@draft_app.command("events")
def draft_events(
    draft_id: str,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="The latest this many.")] = 50,
) -> None:
    """The draft's timeline (from the read model), oldest first."""
    with user_errors(), sessions(Settings())() as session:
        events = service.draft_events(session, draft_id)
    for e in events[-limit:]:
        who = f" [{e.actor}]" if e.actor else ""
        typer.echo(f"{e.at:%Y-%m-%d %H:%M}  {e.kind}{who}  {e.summary}")
    typer.echo(f"{len(events)} event(s)")


@draft_app.command("file")
def draft_file(
    artifact_id: str,
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
) -> None:
    """Save a stored file by its id (as `draft status` lists them) here or to --output."""
    with user_errors(), sessions(Settings())() as session:
        found = load_artifact(session, artifact_id)
    if found is None:
        fail("no file with this id (see `ppflow draft status DRAFT`)")
    assert found is not None
    content, _, filename = found
    target = output or Path(filename)
    try:
        target.write_bytes(content)
    except OSError as e:
        fail(f"cannot write {target.name}: {e.strerror}")
    typer.echo(f"{target} ({len(content) // 1024} KB)")


# ---------------------------------------------------------------- meetings


def meeting_lines(m: MeetingStatus) -> list[str]:
    state = f"closed {m.closed_at:%Y-%m-%d %H:%M}" if m.closed_at else "open"
    sent = f"agenda sent {m.agenda_sent_at:%Y-%m-%d %H:%M}" if m.agenda_sent_at else "agenda due"
    lines = [
        f"{m.meeting_id}: {m.title}, {m.place}, {m.starts_at:%Y-%m-%d %H:%M} UTC, {state}, {sent}",
        f"  {len(m.invitees)} invited, {len(m.agenda)} draft(s) on the agenda",
    ]
    lines += [f"  - {i.draft.draft_id}: {i.draft.title}" for i in m.agenda]
    return lines


@meeting_app.command("show")
def meeting_show(meeting_id: str) -> None:
    """One meeting as its workflow holds it: agenda, invitees, whether it is closed."""
    for line in meeting_lines(with_client(lambda c, db, s: service.meeting_status(c, meeting_id))):
        typer.echo(line)


@meeting_app.command("send-agenda")
def meeting_send_agenda(meeting_id: str) -> None:
    """Send the agenda now (before its day, or again as it stands) to every invitee."""
    m = with_client(lambda c, db, s: service.send_agenda_now(c, meeting_id))
    typer.echo(f"{meeting_id}: agenda sent to {len(m.invitees)} invitee(s)")


@meeting_app.command("close")
def meeting_close(
    meeting_id: str,
    summary: Annotated[str, typer.Option(help="The meeting's conclusions in a few lines.")] = "",
) -> None:
    """Close the meeting (from its day on; it cannot be undone).

    Its conclusions are filed with the decisions recorded."""
    with user_errors():
        request = service.parse(MeetingClose, {"summary": summary})
    m = with_client(lambda c, db, s: service.close_meeting(c, meeting_id, request))
    typer.echo(f"{meeting_id}: closed" if m.closed_at else f"{meeting_id}: closing")
