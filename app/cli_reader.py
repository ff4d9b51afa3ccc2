"""`ppflow reader`: The knowledge base's readers: registrations, approval, access log.

The command line acts as the Secretariat: list, approve, refuse (with a reason), revoke, and the
access log. Registering is the public form's (/knowledge/register) or the API's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import typer
from sqlalchemy.orm import Session
from temporalio.client import Client

from app.cli_common import sessions, show, user_errors, with_client
from models.contracts.reader_registration import ReaderStatus
from models.settings import Settings
from ppflow import knowledge
from ppflow.knowledge import RegistrationRead

app = typer.Typer(
    no_args_is_help=True, help="The knowledge base's readers: registrations, approval, access log."
)

BY = "cli"
T = TypeVar("T")


def _in_session(work: Callable[[Session], T]) -> T:
    with user_errors(), sessions(Settings())() as session:
        result = work(session)
        session.commit()
        return result
    raise AssertionError("unreachable")


def _line(r: RegistrationRead) -> str:
    return (
        f"{r.registration_id:18} {r.status.value:22} {r.registered_at:%Y-%m-%d} "
        f"{r.name} <{r.email}>, {r.organisation}, {r.country}"
    )


@app.command("list")
def reader_list(
    status: Annotated[ReaderStatus | None, typer.Option(help="Only this status.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The API's JSON.")] = False,
) -> None:
    """Every registration, the newest first (of one status with --status)."""
    found = _in_session(lambda db: knowledge.list_registrations(db, status))
    if as_json:
        show([r.model_dump(mode="json") for r in found])
        return
    for r in found:
        typer.echo(_line(r))
    typer.echo(f"{len(found)} registration(s)")


def _decide(registration_id: str, decision: str, reason: str | None) -> None:
    async def work(client: Client, session: Session, settings: Settings) -> RegistrationRead:
        return await knowledge.decide(
            client, session, registration_id, knowledge.decision_of(decision, reason, BY)
        )

    read = with_client(work)
    typer.echo(_line(read))


@app.command("approve")
def reader_approve(registration_id: str) -> None:
    """Approve a confirmed registration: the registrant is mailed a personal access link."""
    _decide(registration_id, "approve", None)


@app.command("refuse")
def reader_refuse(
    registration_id: str,
    reason: Annotated[str, typer.Option(help="Why (the registrant reads it).")],
) -> None:
    """Refuse a confirmed registration, with the reason the registrant is mailed."""
    _decide(registration_id, "refuse", reason)


@app.command("revoke")
def reader_revoke(reader_id: str) -> None:
    """Revoke an approved reader: the link stops working at once."""
    typer.echo(_line(_in_session(lambda db: knowledge.revoke(db, reader_id, BY))))


@app.command("log")
def reader_log(
    reader: Annotated[str | None, typer.Option(help="Only this reader (registration id).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The API's JSON.")] = False,
) -> None:
    """Every page view and download by a reader, the newest first (500 at most)."""
    found = _in_session(lambda db: knowledge.access_log(db, reader))
    if as_json:
        show([a.model_dump(mode="json") for a in found])
        return
    for a in found:
        typer.echo(f"{a.at:%Y-%m-%d %H:%M:%S} {a.reader_id:18} {a.action:8} {a.what}  ({a.email})")
    typer.echo(f"{len(found)} access(es)")
