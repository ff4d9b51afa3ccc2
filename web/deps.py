"""Dependencies shared by the routers: settings, Temporal client, DB session, roles."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import Client

from models.db import ArtifactLink, Draft, User
from models.settings import Settings
from ppflow import accounts, answers
from ppflow.accounts import Principal, Role
from ppflow.answers import ReviewerContext


def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def get_client(request: Request) -> Client:
    return request.app.state.client  # type: ignore[no-any-return]


def get_db(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
ClientDep = Annotated[Client, Depends(get_client)]
SessionDep = Annotated[Session, Depends(get_db)]

bearer = HTTPBearer(auto_error=False)


def role_of(
    request: Request,
    settings: SettingsDep,
    db: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """Who is asking: a bearer token (the configured tokens or a personal API token), or the
    signed-in user of the web pages; 401 otherwise."""
    token = credentials.credentials if credentials else ""
    if token and secrets.compare_digest(token, settings.secretariat_token):
        return Principal(Role.SECRETARIAT, username="secretariat-token")
    if token and secrets.compare_digest(token, settings.drafting_token):
        return Principal(Role.DRAFTING_STATE, username="drafting-token")
    user = accounts.user_of_token(db, token) if token else session_user(request, db)
    if user is not None:
        return accounts.principal_of(user)
    raise HTTPException(
        401,
        "a valid bearer token is needed (Authorization: Bearer <token>)",
        headers={"WWW-Authenticate": "Bearer"},
    )


def session_user(request: Request, db: Session) -> User | None:
    """The user signed in to the web pages (session cookie), if any."""
    user_id = request.session.get("user_id") if "session" in request.scope else None
    user = db.get(User, user_id) if user_id else None
    return user if user is not None and user.active else None


def secretariat_only(principal: Annotated[Principal, Depends(role_of)]) -> Principal:
    if principal.role != Role.SECRETARIAT:
        raise HTTPException(403, "only the Secretariat may do this")
    return principal


def guard_drafts(
    request: Request, db: SessionDep, principal: Annotated[Principal, Depends(role_of)]
) -> Principal:
    """Observers only read; a drafting state reaches only its own drafts, whatever id it types."""
    if request.method not in ("GET", "HEAD") and not principal.may_write:
        raise HTTPException(403, "an observer may read but not change anything")
    draft_id = request.path_params.get("draft_id")
    if draft_id and principal.role == Role.DRAFTING_STATE and principal.participant_id:
        draft = db.get(Draft, draft_id)
        if draft is None or not principal.owns(draft.lead_state, draft_co_leads(draft)):
            raise HTTPException(404, f"{draft_id} does not exist or is not one of your drafts")
    return principal


def require_own_lead(principal: Principal, lead_state: str) -> None:
    """A drafting state starts drafts only as their lead state; observers start nothing."""
    if not principal.may_write:
        raise HTTPException(403, "an observer may read but not change anything")
    if principal.role == Role.DRAFTING_STATE and principal.participant_id not in (
        None,
        lead_state,
    ):
        raise HTTPException(
            403, f"you act for {principal.participant_id}: start drafts with it as lead state"
        )


def may_see_artifact(db: Session, principal: Principal, artifact_id: str) -> bool:
    """A drafting state sees the files of its own drafts and every meeting's papers."""
    if principal.role != Role.DRAFTING_STATE or principal.participant_id is None:
        return True
    links = db.scalars(select(ArtifactLink).filter_by(artifact_id=artifact_id)).all()
    for link in links:
        if link.draft_id is None:
            return True
        draft = db.get(Draft, link.draft_id)
        if draft is not None and principal.owns(draft.lead_state, draft_co_leads(draft)):
            return True
    return False


def draft_co_leads(draft: Draft) -> list[str]:
    return [x for x in (draft.co_lead_states or "").split(",") if x]


AnyRole = Annotated[Principal, Depends(role_of)]
Secretariat = Annotated[Principal, Depends(secretariat_only)]


def reviewer_of(token: str, db: SessionDep, settings: SettingsDep) -> ReviewerContext:
    """The personal link in the path, checked once for the whole request (403 otherwise)."""
    return answers.reviewer(db, settings, token)


Reviewer = Annotated[ReviewerContext, Depends(reviewer_of)]
