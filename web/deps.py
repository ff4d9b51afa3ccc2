"""Dependencies shared by the routers: settings, Temporal client, DB session, roles."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from temporalio.client import Client

from models.settings import Settings


class Role(StrEnum):
    SECRETARIAT = "secretariat"
    DRAFTING_STATE = "drafting_state"


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
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Role:
    """Which role the bearer token grants; 401 without a valid token."""
    token = credentials.credentials if credentials else ""
    if token and secrets.compare_digest(token, settings.secretariat_token):
        return Role.SECRETARIAT
    if token and secrets.compare_digest(token, settings.drafting_token):
        return Role.DRAFTING_STATE
    raise HTTPException(
        401,
        "a valid bearer token is needed (Authorization: Bearer <token>)",
        headers={"WWW-Authenticate": "Bearer"},
    )


def secretariat_only(role: Annotated[Role, Depends(role_of)]) -> Role:
    if role != Role.SECRETARIAT:
        raise HTTPException(403, "only the Secretariat may do this")
    return role


AnyRole = Annotated[Role, Depends(role_of)]
Secretariat = Annotated[Role, Depends(secretariat_only)]
