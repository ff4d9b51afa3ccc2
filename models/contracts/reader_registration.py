"""What the reader registration workflow takes and gives (workflows/reader_registration.py), and
the activity it calls to keep the knowledge base's read model (activities/knowledge.py)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum

from pydantic import Field, field_validator, model_validator
from temporalio import activity

from models.base import Ack, Model
from models.domain import Language


class ReaderStatus(StrEnum):
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    EXPIRED = "expired"
    REVOKED = "revoked"


# Once here, a registration never changes again (revoked only follows approved).
DECIDED = frozenset(
    {ReaderStatus.APPROVED, ReaderStatus.REFUSED, ReaderStatus.EXPIRED, ReaderStatus.REVOKED}
)


class ReaderDecisionKind(StrEnum):
    APPROVE = "approve"
    REFUSE = "refuse"


def _text(value: str, what: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValueError(f"{what} is required")
    if any(ord(c) < 32 for c in value):
        raise ValueError(f"{what} has control characters")
    return value


class RegistrationForm(Model):
    """What a person sends to register (the public form and POST /api/knowledge/registrations)."""

    name: str = Field(max_length=200)
    email: str = Field(max_length=320)
    organisation: str = Field(max_length=200)
    country: str = Field(max_length=100)
    reason: str = Field(max_length=2000, description="Why the knowledge base is needed.")
    language: Language = Language.EN

    @field_validator("name", "organisation", "country")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return _text(value, "this field")

    @field_validator("email")
    @classmethod
    def _address(cls, value: str) -> str:
        value = value.strip().lower()
        name, _, domain = value.rpartition("@")
        if (
            not name
            or "." not in domain.strip(".")
            or any(c.isspace() or c in '<>,;"()[]\\' for c in value)
            or "@" in name
        ):
            raise ValueError("give an e-mail address like name@example.org")
        return value

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        value = value.strip()
        if len(value) < 10:
            raise ValueError("say in a sentence why you need the knowledge base (10 characters)")
        return value


def reader_workflow_id(email: str) -> str:
    """One registration per address at a time: a second start while one runs is refused."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:20]
    return f"kb-reader-{digest}"


class RegistrationInput(Model):
    registration_id: str
    form: RegistrationForm
    secretariat_email: str
    confirm_days: int = 2
    decide_days: int = 30


class ReaderDecision(Model):
    """The Secretariat's decision on one registration (a refusal says why)."""

    decision: ReaderDecisionKind
    reason: str | None = Field(default=None, max_length=2000)
    decided_by: str = ""

    @model_validator(mode="after")
    def _refusal_reason(self) -> ReaderDecision:
        if self.reason is not None:
            self.reason = self.reason.strip() or None
        if self.decision == ReaderDecisionKind.REFUSE and not self.reason:
            raise ValueError("a refusal needs a reason (the registrant reads it)")
        if self.decision == ReaderDecisionKind.APPROVE:
            self.reason = None  # only a refusal has a reason (the registrant is told it)
        return self


class RegistrationState(Model):
    """The registration as the workflow holds it: the projection's input and the query's answer."""

    registration_id: str
    workflow_id: str
    form: RegistrationForm
    status: ReaderStatus
    seq: int
    registered_at: datetime
    confirmed_at: datetime | None = None
    decide_by: datetime | None = None
    decided_at: datetime | None = None
    decided_by: str | None = None
    decision_reason: str | None = None


class RegistrationResult(Model):
    registration_id: str
    status: ReaderStatus


class Readers:
    """The knowledge base's read model (activities/knowledge.py)."""

    @activity.defn(name="project_registration")
    def project_registration(self, state: RegistrationState) -> Ack:
        """Idempotent and ordered by `seq`; never brings a revoked reader back."""
        raise NotImplementedError
