"""Personal reviewer links: signed, scoped to one contact and one workflow, with an expiry."""

from __future__ import annotations

from datetime import UTC, datetime

from itsdangerous import BadSignature, URLSafeSerializer
from pydantic import BaseModel

from models.settings import Settings

SALT = "ppflow.review-link.v1"


class ReviewerLink(BaseModel):
    """What a personal link grants: answering one workflow as one contact of one participant."""

    workflow_id: str
    participant_id: str
    email: str
    expires_at: datetime | None = None


class LinkError(ValueError):
    """The link is tampered with, foreign or expired; the message says which, plainly."""


def _serializer(settings: Settings) -> URLSafeSerializer:
    return URLSafeSerializer(settings.secret_key, salt=SALT)


def make_token(settings: Settings, link: ReviewerLink) -> str:
    return str(_serializer(settings).dumps(link.model_dump(mode="json")))


def link_url(settings: Settings, token: str) -> str:
    return f"{settings.public_base_url.rstrip('/')}/review/{token}"


def read_token(settings: Settings, token: str, now: datetime | None = None) -> ReviewerLink:
    try:
        data = _serializer(settings).loads(token)
    except BadSignature as e:
        raise LinkError("this link is not valid: it was altered or not issued by ppflow") from e
    link = ReviewerLink.model_validate(data)
    if link.expires_at and (now or datetime.now(UTC)) > link.expires_at:
        raise LinkError("this link has expired: the round it belongs to is closed")
    return link
