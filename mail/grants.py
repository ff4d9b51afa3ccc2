"""Link grants: the row behind each contact's personal link to one workflow, and the link itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import LinkGrant
from models.links import ReviewerLink, link_url, make_token
from models.settings import Settings


def ensure_grant(
    session: Session,
    workflow_id: str,
    participant_id: str,
    email: str,
    *,
    name: str = "",
    handed_by: str | None = None,
) -> LinkGrant:
    """The grant behind a contact's link to one workflow (created once, kept across retries)."""
    grant = session.scalars(
        select(LinkGrant).filter_by(workflow_id=workflow_id, email=email)
    ).first()
    if grant is None:
        # A hand-off or a link for another contact answers what the workflow's links answer.
        purpose = session.scalar(
            select(LinkGrant.purpose).filter_by(workflow_id=workflow_id).limit(1)
        )
        grant = LinkGrant(
            workflow_id=workflow_id,
            participant_id=participant_id,
            email=email,
            name=name,
            generation=0,
            handed_by=handed_by,
            issued_at=datetime.now(UTC),
            purpose=purpose,
        )
        session.add(grant)
        session.flush()
    return grant


def personal_link(
    settings: Settings, grant: LinkGrant, expires_at: datetime | None
) -> tuple[str, str]:
    """The link's URL and its token for a grant's current generation."""
    grace = timedelta(days=settings.link_grace_days)
    token = make_token(
        settings,
        ReviewerLink(
            workflow_id=grant.workflow_id,
            participant_id=grant.participant_id,
            email=grant.email,
            expires_at=expires_at + grace if expires_at else None,
            generation=grant.generation,
            handed_by=grant.handed_by,
        ),
    )
    return link_url(settings, token), token
