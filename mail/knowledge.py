"""The knowledge base's links in mails and pages: the registrant's confirmation link and an
approved reader's personal access link (signed, each with its own salt; no secret is kept in
workflow history: the outbox makes them from the registration's id when it writes the mail)."""

from __future__ import annotations

from models.activity_io import NoticeRequest
from models.domain import NoticeKind
from models.links import READER_CONFIRM_SALT, READER_SALT, LinkError, base_url, sign, unsign
from models.settings import Settings


def confirm_path(settings: Settings, registration_id: str) -> str:
    return f"/knowledge/confirm/{sign(settings, READER_CONFIRM_SALT, registration_id)}"


def reader_path(settings: Settings, registration_id: str, generation: int = 0) -> str:
    return f"/knowledge/r/{sign(settings, READER_SALT, [registration_id, generation])}"


def read_confirm_token(settings: Settings, token: str) -> str:
    value = unsign(settings, READER_CONFIRM_SALT, token, "confirmation link")
    if not isinstance(value, str):
        raise LinkError("this confirmation link is not valid")
    return value


def read_reader_token(settings: Settings, token: str) -> tuple[str, int]:
    value = unsign(settings, READER_SALT, token, "access link")
    if not (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str)
        and isinstance(value[1], int)
    ):
        raise LinkError("this access link is not valid")
    return value[0], value[1]


def knowledge_link(settings: Settings, request: NoticeRequest) -> str | None:
    """The link a knowledge base mail carries (None: the mail has none)."""
    registration = request.context.registration_id
    if not registration:
        return None
    if request.kind == NoticeKind.KB_CONFIRM:
        return base_url(settings, confirm_path(settings, registration))
    if request.kind == NoticeKind.KB_APPROVED:
        return base_url(settings, reader_path(settings, registration))
    if request.kind == NoticeKind.KB_PENDING:
        return base_url(settings, "/knowledge/registrations")
    return None
