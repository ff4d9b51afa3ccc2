"""The restricted knowledge base: registrations (a workflow each: workflows/reader_registration),
the Secretariat's decisions and revocations, what an approved reader sees (endorsed migration
profiles and their documents, nothing else) and the access log of every view and download."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client, WorkflowHandle
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from mail.knowledge import read_confirm_token, read_reader_token
from models.base import Empty
from models.contracts import WORKFLOW_TASK_TIMEOUT
from models.contracts.reader_registration import (
    ReaderDecision,
    ReaderDecisionKind,
    ReaderStatus,
    RegistrationForm,
    RegistrationInput,
    reader_workflow_id,
)
from models.db import ArtifactLink, Draft, Participant
from models.db_knowledge import AccessRow, ReaderRow
from models.db_profiles import ProfileRow
from models.domain import ArtifactKind, Language, ProfileStatus
from models.links import LinkError
from models.settings import Settings
from ppflow import service
from ppflow.service import START_WAIT_SECONDS, Conflict, Forbidden, NotFound, run_update
from workflows.reader_registration import ReaderRegistrationWorkflow

# What a reader may download: the endorsed text and the missions' reports (the findings).
READER_FILES = (ArtifactKind.FINAL_TEXT.value, ArtifactKind.MISSION_REPORT.value)
LOG_PAGE = 500  # access log rows shown at once (newest first)


class RegistrationStarted(BaseModel):
    registration_id: str
    status: ReaderStatus
    message: str


class RegistrationRead(BaseModel):
    registration_id: str
    name: str
    email: str
    organisation: str
    country: str
    reason: str
    language: Language
    status: ReaderStatus
    registered_at: datetime
    confirmed_at: datetime | None = None
    decide_by: datetime | None = None
    decided_at: datetime | None = None
    decided_by: str | None = None
    decision_reason: str | None = None
    revoked_at: datetime | None = None
    revoked_by: str | None = None


class AccessRead(BaseModel):
    reader_id: str
    name: str
    email: str
    at: datetime
    action: str
    what: str
    artifact_id: str | None = None


def _read(row: ReaderRow) -> RegistrationRead:
    return RegistrationRead(
        registration_id=row.id,
        name=row.name,
        email=row.email,
        organisation=row.organisation,
        country=row.country,
        reason=row.reason,
        language=Language(row.language),
        status=ReaderStatus(row.status),
        registered_at=row.registered_at,
        confirmed_at=row.confirmed_at,
        decide_by=row.decide_by,
        decided_at=row.decided_at,
        decided_by=row.decided_by,
        decision_reason=row.decision_reason,
        revoked_at=row.revoked_at,
        revoked_by=row.revoked_by,
    )


# ---------------------------------------------------------------- registering


async def register(
    client: Client, session: Session, settings: Settings, form: RegistrationForm
) -> RegistrationStarted:
    """Start a registration's workflow; one at a time per address, none for a current reader."""
    reader = session.scalars(
        select(ReaderRow).where(
            ReaderRow.email == form.email.lower(),
            ReaderRow.status == ReaderStatus.APPROVED.value,
        )
    ).first()
    session.rollback()
    if reader is not None:
        raise Conflict(
            "this address is a reader of the knowledge base already: use the link in the "
            "approval mail, or ask the Secretariat for help"
        )
    registration_id = f"kbr-{uuid.uuid4().hex[:12]}"
    try:
        await client.start_workflow(
            ReaderRegistrationWorkflow.run,
            RegistrationInput(
                registration_id=registration_id,
                form=form,
                secretariat_email=settings.secretariat_email,
            ),
            id=reader_workflow_id(form.email),
            task_queue=settings.task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
            rpc_timeout=timedelta(seconds=START_WAIT_SECONDS),
            task_timeout=WORKFLOW_TASK_TIMEOUT,
        )
    except WorkflowAlreadyStartedError as e:
        raise Conflict(
            "a registration for this address is open already (waiting for the address to be "
            "confirmed or for the Secretariat's decision): please wait for its mail"
        ) from e
    except RPCError as e:
        raise service.Unavailable(service.BUSY) from e
    return RegistrationStarted(
        registration_id=registration_id,
        status=ReaderStatus.AWAITING_CONFIRMATION,
        message="check your mail: open the link in it to confirm your address",
    )


def _row(session: Session, registration_id: str) -> ReaderRow:
    row = session.get(ReaderRow, registration_id)
    if row is None:
        raise NotFound(f"no registration {registration_id}")
    return row


def _handle(client: Client, row: ReaderRow) -> WorkflowHandle:
    return client.get_workflow_handle_for(ReaderRegistrationWorkflow.run, row.workflow_id)


def confirming(session: Session, settings: Settings, token: str) -> RegistrationRead:
    """The registration a confirmation link names (Forbidden when the link is not ours)."""
    try:
        registration_id = read_confirm_token(settings, token)
    except LinkError as e:
        raise Forbidden(str(e)) from e
    return _read(_row(session, registration_id))


async def confirm(
    client: Client, session: Session, settings: Settings, token: str
) -> RegistrationRead:
    """The registrant confirms the address (twice is harmless; an expired one says so)."""
    read = confirming(session, settings, token)
    session.rollback()
    if read.status == ReaderStatus.AWAITING_CONFIRMATION:
        row = _row(session, read.registration_id)
        session.rollback()
        await run_update(_handle(client, row), ReaderRegistrationWorkflow.confirm, Empty())
        session.expire_all()
        return _read(_row(session, read.registration_id))
    if read.status == ReaderStatus.EXPIRED and read.confirmed_at is None:
        raise Conflict("this registration has expired: please register again")
    return read


# ---------------------------------------------------------------- the Secretariat


def list_registrations(
    session: Session, status: ReaderStatus | None = None
) -> list[RegistrationRead]:
    """Every registration (of one status), the newest first."""
    query = select(ReaderRow).order_by(ReaderRow.registered_at.desc(), ReaderRow.id)
    if status is not None:
        query = query.where(ReaderRow.status == status.value)
    return [_read(r) for r in session.scalars(query)]


def _earlier(row: ReaderRow) -> str:
    when = f"{row.decided_at:%Y-%m-%d %H:%M} UTC" if row.decided_at else "earlier"
    by = f" by {row.decided_by}" if row.decided_by else ""
    if row.status == ReaderStatus.APPROVED.value:
        return f"this registration was already approved on {when}{by}: one decision each"
    if row.status == ReaderStatus.REFUSED.value:
        return f"this registration was already refused on {when}{by}: one decision each"
    if row.status == ReaderStatus.REVOKED.value:
        return f"this registration was approved on {when}{by} and the reader since revoked"
    return "this registration has expired: nothing is left to decide"


async def decide(
    client: Client, session: Session, registration_id: str, decision: ReaderDecision
) -> RegistrationRead:
    """Approve or refuse (with a reason) once; a second decision names the first."""
    row = _row(session, registration_id)
    session.rollback()
    if row.status not in (ReaderStatus.PENDING.value, ReaderStatus.AWAITING_CONFIRMATION.value):
        raise Conflict(_earlier(row))
    await run_update(_handle(client, row), ReaderRegistrationWorkflow.decide, decision)
    session.expire_all()
    return _read(_row(session, registration_id))


def revoke(session: Session, reader_id: str, by: str) -> RegistrationRead:
    """The reader's link stops working at once (checked against this row on every request)."""
    row = session.get(ReaderRow, reader_id, with_for_update=True)
    if row is None:
        raise NotFound(f"no reader {reader_id}")
    if row.status == ReaderStatus.REVOKED.value:
        when = f"{row.revoked_at:%Y-%m-%d %H:%M} UTC" if row.revoked_at else "earlier"
        raise Conflict(f"this reader was revoked already on {when}")
    if row.status != ReaderStatus.APPROVED.value:
        status = row.status.replace("_", " ")
        raise Conflict(f"only an approved reader can be revoked: this registration is {status}")
    row.status = ReaderStatus.REVOKED.value
    row.generation += 1
    row.revoked_at = datetime.now(UTC)
    row.revoked_by = by or None
    row.updated_at = row.revoked_at
    session.flush()
    return _read(row)


def access_log(session: Session, reader_id: str | None = None) -> list[AccessRead]:
    query = (
        select(AccessRow, ReaderRow)
        .join(ReaderRow, ReaderRow.id == AccessRow.reader_id)
        .order_by(AccessRow.at.desc(), AccessRow.id.desc())
        .limit(LOG_PAGE)
    )
    if reader_id:
        query = query.where(AccessRow.reader_id == reader_id)
    return [
        AccessRead(
            reader_id=a.reader_id,
            name=r.name,
            email=r.email,
            at=a.at,
            action=a.action,
            what=a.what,
            artifact_id=a.artifact_id,
        )
        for a, r in session.execute(query).tuples()
    ]


# ---------------------------------------------------------------- the reader


NO_ACCESS = "this access link does not work: it was revoked, or it is not a link of ppflow"


def reader_of(session: Session, settings: Settings, token: str) -> ReaderRow:
    """The approved reader a link belongs to; Forbidden for any other link, at once."""
    try:
        reader_id, generation = read_reader_token(settings, token)
    except LinkError as e:
        raise Forbidden(NO_ACCESS) from e
    row = session.get(ReaderRow, reader_id)
    if row is None or row.status != ReaderStatus.APPROVED.value or row.generation != generation:
        raise Forbidden(NO_ACCESS)
    return row


def log_access(
    session: Session, reader: ReaderRow, action: str, what: str, artifact_id: str | None = None
) -> None:
    session.add(
        AccessRow(
            reader_id=reader.id,
            at=datetime.now(UTC),
            action=action,
            what=what[:300],
            artifact_id=artifact_id,
        )
    )


@dataclass
class ShelfFile:
    artifact_id: str
    kind: str
    language: str
    filename: str


@dataclass
class ShelfProfile:
    country: str
    name: str
    name_ru: str
    edition: int
    title: str
    endorsed_on: date | None
    files: list[ShelfFile] = field(default_factory=list)

    def country_name(self, language: str) -> str:
        return self.name_ru if language == Language.RU.value and self.name_ru else self.name


def library(session: Session) -> list[ShelfProfile]:
    """Every final and endorsed migration profile, by country name, with its endorsed text and
    its missions' reports; nothing under preparation, nothing superseded."""
    rows = session.execute(
        select(ProfileRow, Participant)
        .join(Participant, Participant.id == ProfileRow.country)
        .where(ProfileRow.status == ProfileStatus.FINAL_AND_ENDORSED.value)
        .order_by(Participant.name, ProfileRow.edition)
    ).tuples()
    shelf = []
    for profile, country in rows:
        draft = session.get(Draft, profile.draft_id) if profile.draft_id else None
        entry = ShelfProfile(
            country=country.id,
            name=country.name,
            name_ru=country.name_ru,
            edition=profile.edition,
            title=draft.title if draft else "",
            endorsed_on=profile.endorsed_on,
        )
        if profile.draft_id:
            entry.files = _files(session, profile.draft_id)
        shelf.append(entry)
    return shelf


def _files(session: Session, draft_id: str) -> list[ShelfFile]:
    """The endorsed text (its latest version in each language) and every mission report."""
    links = session.scalars(
        select(ArtifactLink)
        .where(ArtifactLink.draft_id == draft_id, ArtifactLink.kind.in_(READER_FILES))
        .order_by(ArtifactLink.kind, ArtifactLink.language, ArtifactLink.version.desc())
    )
    files: list[ShelfFile] = []
    finals: set[str] = set()
    for link in links:
        if link.kind == ArtifactKind.FINAL_TEXT.value:
            if link.language in finals:
                continue
            finals.add(link.language)
        files.append(ShelfFile(link.artifact_id, link.kind, link.language, link.filename))
    return files


def reader_file(session: Session, artifact_id: str) -> ShelfFile:
    """A file a reader may download: on the shelf of an endorsed profile (else NotFound)."""
    for profile in library(session):
        for f in profile.files:
            if f.artifact_id == artifact_id:
                return f
    raise NotFound("no such file in the knowledge base")


def decision_of(decision: str, reason: str | None, by: str) -> ReaderDecision:
    """The Secretariat's decision from a form, the API or the command line (validated)."""
    if decision not in {d.value for d in ReaderDecisionKind}:
        raise service.Invalid('decision: "approve" or "refuse"')
    return service.parse(ReaderDecision, {"decision": decision, "reason": reason, "decided_by": by})
