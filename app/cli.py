"""The `ppflow` command: run the stack, the demo, and the Secretariat's and drafting states'
commands through the same service functions as the API. User errors print one line."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from sqlalchemy.orm import Session
from temporalio.client import Client

from app import (
    cli_analytics,
    cli_bodies,
    cli_calendar,
    cli_drafts,
    cli_meetings,
    cli_missions,
    cli_plan,
    cli_plan_activities,
    cli_profile_cycles,
    cli_profiles,
    cli_projects,
    cli_public,
    cli_reader,
    cli_rounds,
    cli_search,
)
from app.cli_common import (
    fail,
    forget_client,
    run_then_collect,
    sessions,
    show,
    user_errors,
    with_client,
)
from models.api import DecisionInput, DraftStart, InviteeSelection, MeetingCreate
from models.base import SectionText
from models.connection import connect
from models.db import make_engine, make_sessionmaker
from models.domain import ArtifactKind, Decision, DocumentType, Language, MeetingKind, ThematicArea
from models.settings import Settings
from ppflow import accounts, documents, registry, service
from ppflow.accounts import Role

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="ppflow: drafts of the Prague Process, from first text to endorsement.",
)
draft_app = typer.Typer(no_args_is_help=True, help="Start drafts and see where they stand.")
meeting_app = typer.Typer(no_args_is_help=True, help="Meetings and their decisions.")
registry_app = typer.Typer(no_args_is_help=True, help="Participants and contacts (CSV).")
db_app = typer.Typer(no_args_is_help=True, help="The read-model database.")
user_app = typer.Typer(no_args_is_help=True, help="Accounts for the web pages and API tokens.")
link_app = typer.Typer(no_args_is_help=True, help="Reviewers' personal links.")
digest_app = typer.Typer(no_args_is_help=True, help="The daily / weekly digest.")

for sub, name in (
    (user_app, "user"),
    (draft_app, "draft"),
    (meeting_app, "meeting"),
    (registry_app, "registry"),
    (db_app, "db"),
    (link_app, "link"),
    (digest_app, "digest"),
    (cli_profiles.app, "profile"),
    (cli_plan.app, "plan"),
    (cli_plan_activities.app, "plan-activity"),
    (cli_projects.app, "project"),
    (cli_missions.app, "mission"),
    (cli_bodies.body_app, "body"),
    (cli_bodies.presidency_app, "presidency"),
    (cli_rounds.round_app, "round"),
    (cli_rounds.procedure_app, "procedure"),
    (cli_rounds.comment_app, "comment"),
    (cli_analytics.app, "analytics"),
    (cli_calendar.app, "calendar"),
    (cli_public.app, "public"),
    (cli_reader.app, "reader"),
):
    app.add_typer(sub, name=name)
meeting_app.add_typer(cli_meetings.app)  # `ppflow meeting list`, `ppflow meeting attendance`
meeting_app.add_typer(cli_drafts.meeting_app)  # `ppflow meeting show|send-agenda|close`
cli_profiles.app.add_typer(cli_profile_cycles.app, name="cycle")  # `ppflow profile cycle …`
app.command(name="search")(cli_search.search)  # `ppflow search TEXT`
draft_app.add_typer(cli_drafts.draft_app)  # `ppflow draft endorse|withdraw|events|file`

# ---------------------------------------------------------------- the stack


@app.command()
def run() -> None:
    """Start Temporal, the SMTP capture, the worker and the web app (embedded defaults)."""
    from app.embedded import StackError, run_embedded

    try:
        asyncio.run(run_embedded(Settings()))
    except StackError as e:
        fail(str(e))


@app.command()
def demo(
    histories: Annotated[
        Path | None,
        typer.Option(help="Also keep every finished workflow's history here (replay tests)."),
    ] = None,
) -> None:
    """Run the whole story on a private embedded stack and print where the files are."""
    from app.demo import run_demo
    from app.embedded import StackError

    try:
        asyncio.run(run_demo(Settings(), histories))
    except StackError as e:
        fail(str(e))


@app.command()
def web() -> None:
    """Run only the web app (pages and API) against the configured Temporal and database."""
    from app.embedded import StackError, run_web

    try:
        asyncio.run(run_web(Settings()))
    except StackError as e:
        fail(str(e))


@app.command()
def worker() -> None:
    """Run only the worker against the configured Temporal."""
    import worker as worker_module

    asyncio.run(worker_module.main())
    # Stopped cleanly and said so. Leave without the interpreter's finalization: a native thread
    # of the Temporal SDK can still take the GIL while it is torn down ("PyGILState_Release …
    # finalizing"), and the process would end in SIGABRT after a clean stop.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the read model to the newest schema and seed the registry (idempotent; two
    processes at once take turns: an advisory lock on PostgreSQL, a file lock on SQLite)."""
    from models.migrate import migration_lock, upgrade

    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.effective_database_url)
    with user_errors(), database_errors(), migration_lock(engine):
        upgrade(engine)
        with make_sessionmaker(engine).begin() as session:
            added = registry.seed_registry(session)
            from ppflow.projects import seed_projects

            seed_projects(session)
            from ppflow.profiles import seed_profiles

            seed_profiles(session)
    typer.echo(f"database at the newest schema; {added} participant(s) added to the registry")


@contextmanager
def database_errors() -> Iterator[None]:
    from sqlalchemy.exc import OperationalError

    try:
        yield
    except OperationalError as e:
        fail(f"cannot reach the database: {str(e.orig).strip().splitlines()[0]}")


@db_app.command("rebuild")
def db_rebuild() -> None:
    """Make the read model again from the workflows (after a database loss); a worker must run."""
    from ppflow.rebuild import RebuildError, rebuild_read_model

    db_upgrade()
    settings = Settings()

    async def go() -> Any:
        client = await connect(settings)
        try:
            return await rebuild_read_model(
                client, sessions(settings), settings, progress=typer.echo
            )
        except BaseException as e:
            forget_client(e)
            raise
        finally:
            del client

    with user_errors(), database_errors():
        try:
            report = run_then_collect(go())
        except RebuildError as e:
            fail(str(e))
    for line in report.lines():
        typer.echo(line)
    if report.failed:
        raise typer.Exit(1)


# ---------------------------------------------------------------- accounts


@user_app.command("add")
def user_add(
    username: str,
    role: Annotated[Role, typer.Option(help="secretariat, drafting_state or observer")],
    participant: Annotated[
        str | None, typer.Option(help="The state a drafting_state account acts for, e.g. PL.")
    ] = None,
    language: Annotated[Language, typer.Option(help="Language of the pages.")] = Language.EN,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create a local account (the password is asked for, or read from stdin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = Settings()
    with user_errors(), sessions(settings).begin() as session:
        try:
            user = accounts.add_user(session, username, password, role, participant, language)
        except accounts.AccountError as e:
            fail(str(e))
        typer.echo(
            f"user {user.username} added ({user.role}"
            + (f" for {user.participant_id})" if user.participant_id else ")")
        )


@user_app.command("token")
def user_token(
    username: str, name: Annotated[str, typer.Option(help="What the token is for.")] = ""
) -> None:
    """Issue a personal API token (shown once; use it as `Authorization: Bearer <token>`)."""
    settings = Settings()
    with user_errors(), sessions(settings).begin() as session:
        user = accounts.find_user(session, username)
        if user is None:
            fail(f"no user {username}")
        typer.echo(accounts.create_token(session, user, name))  # type: ignore[arg-type]


@user_app.command("list")
def user_list() -> None:
    """The accounts, their roles and states."""
    settings = Settings()
    with user_errors(), sessions(settings)() as session:
        for u in accounts.list_users(session):
            typer.echo(
                f"{u.username:30} {u.role:15} {u.participant_id or '':5} "
                f"{'active' if u.active else 'inactive'}"
            )


# ---------------------------------------------------------------- drafts


@draft_app.command("start")
def draft_start(
    file: Annotated[Path | None, typer.Option(help="A DraftStart as JSON.")] = None,
    title: Annotated[str | None, typer.Option()] = None,
    document_type: Annotated[DocumentType | None, typer.Option("--type")] = None,
    area: Annotated[ThematicArea | None, typer.Option()] = None,
    lead: Annotated[str | None, typer.Option(help="Lead state, e.g. PL.")] = None,
    country: Annotated[str | None, typer.Option(help="For a migration profile.")] = None,
    section: Annotated[list[str] | None, typer.Option(help='"Title=Text", repeatable.')] = None,
    word: Annotated[
        Path | None, typer.Option(help="A .docx: each Heading 1 becomes a section.")
    ] = None,
    language: Annotated[Language, typer.Option()] = Language.EN,
    parent: Annotated[
        str | None, typer.Option(help="A part of this Action Plan (its id, draft-...).")
    ] = None,
) -> None:
    """Start a draft from a JSON file, from a Word file or from options."""
    if word is not None:
        if not (title and document_type and lead):
            fail("with --word, give --title, --type and --lead too")
        content = read_file(word)
        fields = {
            "title": title,
            "document_type": document_type,
            "thematic_area": area,
            "lead_state": lead,
            "country": country,
            "language": language,
            "parent_id": parent,
        }
        show(
            with_client(lambda c, db, s: documents.start_draft_from_word(c, db, s, fields, content))
        )
        return
    with user_errors():
        if file is not None:
            try:
                start = DraftStart.model_validate_json(file.read_text())
            except FileNotFoundError:
                fail(f"no such file: {file}")
        else:
            if not (title and document_type and lead and section):
                fail("give --file, or --title, --type, --lead and at least one --section")
            sections = [
                SectionText(title=t.strip(), text=x.strip())
                for t, _, x in (s.partition("=") for s in section or [])
            ]
            start = DraftStart(
                title=title or "",
                document_type=document_type,  # type: ignore[arg-type]
                thematic_area=area,
                lead_state=lead or "",
                country=country,
                sections=sections,
                parent_id=parent,
            )
    show(with_client(lambda c, db, s: service.start_draft(c, db, s, start)))


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        fail(f"cannot read {path}: {e.strerror}")
    raise AssertionError("unreachable")


@draft_app.command("revise")
def draft_revise(
    draft_id: str,
    word: Annotated[Path, typer.Option(help="The draft edited in Word (.docx).")],
    note: Annotated[str, typer.Option(help="What changed.")] = "",
) -> None:
    """Submit a revision from a Word file; headings are matched to the existing sections."""
    content = read_file(word)
    show(with_client(lambda c, db, s: documents.revise_from_word(c, draft_id, content, note)))


@draft_app.command("translate")
def draft_translate(
    draft_id: str,
    language: Annotated[Language, typer.Option()],
    word: Annotated[Path, typer.Option(help="The exported draft, translated in Word.")],
) -> None:
    """Submit the other language version of the current text from a Word file."""
    content = read_file(word)
    show(
        with_client(lambda c, db, s: documents.translate_from_word(c, draft_id, language, content))
    )


@draft_app.command("document")
def draft_document(
    draft_id: str,
    kind: Annotated[
        ArtifactKind,
        typer.Argument(
            help="draft_version, comment_compilation, "
            "position_register, redline, final_text, "
            "migration_profile or procedural_record"
        ),
    ],
    language: Annotated[Language | None, typer.Option()] = None,
    round_number: Annotated[int | None, typer.Option("--round", min=1)] = None,
    version: Annotated[int | None, typer.Option(min=1)] = None,
    from_version: Annotated[int | None, typer.Option(min=1, help="For a redline.")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
) -> None:
    """Build a Word document of a draft now and save it (default: its file name here)."""
    ref, content = with_client(
        lambda c, db, s: documents.draft_document(
            c,
            db,
            draft_id,
            kind,
            language=language,
            version=version,
            round_number=round_number,
            from_version=from_version,
        )
    )
    target = output or Path(ref.filename)
    try:
        target.write_bytes(content)
    except OSError as e:
        fail(f"cannot write {target}: {e.strerror}")
    typer.echo(f"{target} ({len(content) // 1024} KB, {ref.kind.value}, {ref.language.value})")


@draft_app.command("status")
def draft_status(draft_id: str) -> None:
    """Where one draft stands (from its workflow)."""
    status = with_client(lambda c, db, s: service.draft_status(c, draft_id))
    st = status.state
    typer.echo(
        f"{st.meta.draft_id}: {st.meta.title}\n  phase {st.phase.value}, version "
        f"{st.version}, {len(st.rounds)} round(s), {status.unresolved_comments} "
        "unresolved comment(s)"
    )
    if status.open_round:
        typer.echo(
            f"  round {status.open_round.number} open until "
            f"{status.open_round.deadline:%Y-%m-%d %H:%M} UTC"
        )
    for a in st.artifacts:
        typer.echo(f"  file {a.filename} ({a.kind.value}) /api/artifacts/{a.artifact_id}")


@draft_app.command("list")
def draft_list(phase: str | None = None, lead: str | None = None) -> None:
    """Drafts from the read model, newest first."""
    settings = Settings()
    with user_errors(), sessions(settings)() as session:
        total, rows = service.list_drafts(session, phase=phase, lead_state=lead, limit=200)
    for r in rows:
        typer.echo(f"{r.id:45} {r.phase:13} v{r.version:<3} {r.lead_state:4} {r.title}")
    typer.echo(f"{total} draft(s)")


# ---------------------------------------------------------------- meetings


@meeting_app.command("create")
def meeting_create(
    kind: Annotated[MeetingKind, typer.Option()],
    title: Annotated[str, typer.Option()],
    place: Annotated[str, typer.Option()],
    starts_at: Annotated[
        datetime, typer.Option(help="ISO time with zone, e.g. 2026-12-01T09:00:00+00:00")
    ],
    participant: Annotated[list[str] | None, typer.Option(help="Invite only these.")] = None,
    body: Annotated[
        list[str] | None,
        typer.Option(help="Invite a body's members (strategic_group, core_group, ncp_network)."),
    ] = None,
    ends_at: Annotated[datetime | None, typer.Option(help="The last day and hour.")] = None,
    host: Annotated[str, typer.Option(help="Participant id, or the host's name.")] = "",
    co_chair: Annotated[list[str] | None, typer.Option(help="Participant id (repeat).")] = None,
) -> None:
    """Create a meeting (everyone invited unless --participant or --body is given)."""
    with user_errors():
        invitees = (
            InviteeSelection(participants=participant or [], bodies=body or [])
            if participant or body
            else InviteeSelection(everyone=True)
        )
        request = MeetingCreate(
            kind=kind,
            title=title,
            place=place,
            starts_at=starts_at,
            invitees=invitees,
            ends_at=ends_at,
            host=host,
            co_chairs=co_chair or [],
        )
    show(with_client(lambda c, db, s: service.create_meeting(c, db, s, request)))


@meeting_app.command("decide")
def meeting_decide(
    meeting_id: str,
    draft_id: str,
    decision: Decision,
    notes: str = "",
    reservation: list[str] | None = None,
) -> None:
    """Record the meeting's decision on one draft of its agenda."""
    request = DecisionInput(
        draft_id=draft_id, decision=decision, notes=notes, reservations=reservation or []
    )
    show(with_client(lambda c, db, s: service.record_decision(c, meeting_id, request)))


# ---------------------------------------------------------------- registry


@registry_app.command("import")
def registry_import(file: Path) -> None:
    """Import contacts from CSV (participant_id,name,email,language,rank); all or nothing."""
    settings = Settings()
    with user_errors():
        if not file.exists():
            fail(f"no such file: {file}")
        with sessions(settings).begin() as session:
            report = registry.import_contacts_csv(session, file.read_text(encoding="utf-8"))
    typer.echo(f"imported {report.imported} contact(s) of {report.participants} participant(s)")


@registry_app.command("export")
def registry_export(file: Annotated[Path | None, typer.Argument()] = None) -> None:
    """Export contacts as CSV, to a file or standard output."""
    settings = Settings()
    with user_errors(), sessions(settings)() as session:
        text = registry.export_contacts_csv(session)
    if file is None:
        sys.stdout.write(text)
    else:
        file.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {file}")


# ---------------------------------------------------------------- links, outbox, digest


@link_app.command("reissue")
def link_reissue(
    workflow_id: str,
    participant: str,
    email: Annotated[str | None, typer.Option(help="the contact (default: first by rank)")] = None,
) -> None:
    """Send a contact a new link to a round, procedure or mission; the old one stops working."""
    from ppflow import reviewers

    async def work(client: Client, session: Session, settings: Settings) -> Any:
        request = reviewers.LinkReissue(
            workflow_id=workflow_id, participant_id=participant, email=email
        )
        return await reviewers.reissue_link(client, session, settings, request)

    show(with_client(work))


@app.command()
def outbox(
    status: Annotated[str | None, typer.Option(help="pending, sent or failed")] = None,
    limit: int = 50,
) -> None:
    """The outbox: how many notices are pending, sent, failed; the latest rows."""
    from ppflow import reviewers

    settings = Settings()
    with user_errors(), sessions(settings)() as session:
        show(reviewers.outbox(session, status=status, limit=limit))


@digest_app.command("set")
def digest_set(email: str, frequency: str) -> None:
    """How often EMAIL gets the digest: daily, weekly or none."""
    from models.domain import DigestFrequency
    from ppflow import reviewers

    settings = Settings()
    with user_errors(), sessions(settings)() as session:
        if frequency not in {f.value for f in DigestFrequency}:
            fail("the frequency is daily, weekly or none")
        choice = reviewers.DigestChoice(email=email, frequency=DigestFrequency(frequency))
        show(reviewers.set_digest(session, choice))


@digest_app.command("run")
def digest_run() -> None:
    """Send the digests that are due now (triggers the digest Schedule)."""
    from ppflow.schedules import digest_schedule_id, ensure_digest_schedule

    async def work(client: Client, session: Session, settings: Settings) -> str:
        await ensure_digest_schedule(client, settings)
        await client.get_schedule_handle(digest_schedule_id(settings)).trigger()
        return "digest triggered"

    typer.echo(with_client(work))


def main() -> None:
    try:  # a wrong PPFLOW_* value is one line that names it, never a traceback
        Settings()
    except ValidationError as e:
        problems = [
            f"PPFLOW_{'_'.join(map(str, x['loc'])).upper()}: "
            + str(x["msg"]).removeprefix("Value error, ")
            for x in e.errors()
        ]
        typer.echo(f"ppflow: {'; '.join(problems)}", err=True)
        sys.exit(1)
    app()
