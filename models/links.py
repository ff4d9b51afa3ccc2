"""Personal reviewer links and the other signed tokens in mails and pages (itsdangerous).

A link is scoped to one contact of one participant and one workflow (a round, a procedure, a
mission of one draft), expires at the deadline plus a grace period, and carries the generation
of its grant (`link_grants`): re-issuing a link raises the generation and the old one stops
working. Each purpose has its own salt, so no token can stand in for another kind.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer
from pydantic import BaseModel

from models.settings import Settings

SALT = "ppflow.review-link.v1"
CSRF_SALT = "ppflow.csrf.v1"
REPLY_SALT = "ppflow.reply.v1"
CONFIRM_SALT = "ppflow.confirm.v1"
DOCUMENT_SALT = "ppflow.document.v1"
UNSUBSCRIBE_SALT = "ppflow.unsubscribe.v1"
READER_SALT = "ppflow.kb-reader.v1"  # a knowledge base reader's access link
READER_CONFIRM_SALT = "ppflow.kb-confirm.v1"  # a registrant confirms the e-mail address
CSRF_MAX_AGE = 24 * 3600


class ReviewerLink(BaseModel):
    """What a personal link grants: answering one workflow as one contact of one participant."""

    workflow_id: str
    participant_id: str
    email: str
    expires_at: datetime | None = None
    generation: int = 0
    handed_by: str | None = None


class LinkError(ValueError):
    """The link is tampered with, foreign, expired or revoked; the message says which, plainly."""


def _serializer(settings: Settings, salt: str = SALT) -> URLSafeSerializer:
    return URLSafeSerializer(settings.secret_key, salt=salt)


def make_token(settings: Settings, link: ReviewerLink) -> str:
    return str(_serializer(settings).dumps(link.model_dump(mode="json", exclude_defaults=True)))


def link_url(settings: Settings, token: str) -> str:
    return f"{settings.public_base_url.rstrip('/')}/review/{token}"


def _canonical(serializer: URLSafeSerializer, token: str) -> object:
    """The signed value, only from its one canonical spelling: base64 leaves spare bits in a
    token's last character, and a token with them changed is not the token that was issued."""
    data = serializer.loads(token)
    if serializer.dumps(data) != token:
        raise BadSignature("not the canonical encoding")
    return data


def read_token(settings: Settings, token: str, now: datetime | None = None) -> ReviewerLink:
    try:
        data = _canonical(_serializer(settings), token)
        link = ReviewerLink.model_validate(data)
    except (BadSignature, ValueError) as e:
        raise LinkError("this link is not valid: it was altered or not issued by ppflow") from e
    if link.expires_at and (now or datetime.now(UTC)) > link.expires_at:
        raise LinkError("this link has expired: the round it belongs to is closed")
    return link


# ---------------------------------------------------------------- other signed values


def sign(settings: Settings, salt: str, value: object) -> str:
    return str(_serializer(settings, salt).dumps(value))


def unsign(settings: Settings, salt: str, token: str, what: str) -> object:
    try:
        return _canonical(_serializer(settings, salt), token)
    except BadSignature as e:
        raise LinkError(f"this {what} is not valid: it was altered or not issued by ppflow") from e


def csrf_token(settings: Settings, token: str) -> str:
    """The hidden field of a link's form: bound to that link, valid for a day."""
    digest = hashlib.sha256(token.encode()).hexdigest()[:32]
    return str(URLSafeTimedSerializer(settings.secret_key, salt=CSRF_SALT).dumps(digest))


def check_csrf(settings: Settings, token: str, csrf: str | None) -> None:
    digest = hashlib.sha256(token.encode()).hexdigest()[:32]
    try:
        value = URLSafeTimedSerializer(settings.secret_key, salt=CSRF_SALT).loads(
            csrf or "", max_age=CSRF_MAX_AGE
        )
    except BadSignature as e:
        raise LinkError(
            "this form has expired or did not come from this page: open the link again"
        ) from e
    if value != digest:
        raise LinkError("this form belongs to another link: open your own link again")


def reply_address(settings: Settings, grant_id: int, generation: int) -> str:
    """Reply-To of an invitation: short enough for a local part (64 octets)."""
    return f"reply+{sign(settings, REPLY_SALT, [grant_id, generation])}@{settings.reply_domain}"


def read_reply_address(settings: Settings, address: str) -> tuple[int, int]:
    local, _, domain = address.strip("<> ").partition("@")
    if domain.lower() != settings.reply_domain.lower() or not local.startswith("reply+"):
        raise LinkError("this is not a reply address of ppflow")
    value = unsign(settings, REPLY_SALT, local.removeprefix("reply+"), "reply address")
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
        raise LinkError("this reply address is not valid")
    return value[0], value[1]


def base_url(settings: Settings, path: str) -> str:
    return f"{settings.public_base_url.rstrip('/')}{path}"
