"""The restricted knowledge base: reader registrations, approved readers, access log (JSON API).

Registering is public (the registrant confirms the address from the mail); everything else is
the Secretariat's. An approved reader uses the personal link of the approval mail (pages)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from models.contracts.reader_registration import ReaderStatus, RegistrationForm
from ppflow import knowledge
from ppflow.knowledge import AccessRead, RegistrationRead, RegistrationStarted
from ppflow.service import ServiceError
from web.deps import ClientDep, Secretariat, SessionDep, SettingsDep

router = APIRouter(prefix="/api/knowledge", tags=["knowledge base"])

RegistrationId = Annotated[str, Path(max_length=40, pattern=r"^[a-z0-9-]+$")]


class DecisionBody(BaseModel):
    decision: str = Field(description='"approve" or "refuse"', max_length=20)
    reason: str | None = Field(
        default=None, max_length=2000, description="Required with a refusal."
    )


@router.post("/registrations", status_code=202, response_model=RegistrationStarted)
async def register(
    form: RegistrationForm, db: SessionDep, client: ClientDep, settings: SettingsDep
) -> RegistrationStarted:
    """Public (no sign-in): ask to read the knowledge base. A mail asks to confirm the address;
    the Secretariat decides after that. One open registration per address."""
    return await knowledge.register(client, db, settings, form)


@router.get("/registrations", response_model=list[RegistrationRead])
def registrations(
    db: SessionDep, role: Secretariat, status: ReaderStatus | None = None
) -> list[RegistrationRead]:
    """Every registration (of one status), the newest first."""
    return knowledge.list_registrations(db, status)


@router.post("/registrations/{registration_id}/decision", response_model=RegistrationRead)
async def decide(
    registration_id: RegistrationId,
    body: DecisionBody,
    db: SessionDep,
    client: ClientDep,
    role: Secretariat,
) -> RegistrationRead:
    """Approve (the registrant gets a personal link) or refuse (with a reason, told to the
    registrant); once per registration: a second decision is a conflict naming the first."""
    decision = knowledge.decision_of(body.decision, body.reason, role.username or "secretariat")
    return await knowledge.decide(client, db, registration_id, decision)


@router.post("/readers/{reader_id}/revoke", response_model=RegistrationRead)
async def revoke(reader_id: RegistrationId, db: SessionDep, role: Secretariat) -> RegistrationRead:
    """The reader's link stops working at once."""

    def work() -> RegistrationRead:
        try:
            read = knowledge.revoke(db, reader_id, role.username or "secretariat")
        except ServiceError:
            db.rollback()
            raise
        db.commit()
        return read

    return await run_in_threadpool(work)


@router.get("/access-log", response_model=list[AccessRead])
def access_log(db: SessionDep, role: Secretariat, reader: str | None = None) -> list[AccessRead]:
    """Every page view and download by a reader (who, what, when), the newest first (500)."""
    return knowledge.access_log(db, reader)
