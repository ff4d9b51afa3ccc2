"""Dependencies shared by the routers: settings, Temporal client, DB session, roles."""

from __future__ import annotations

import contextlib
import json
import re
import secrets
from collections.abc import AsyncIterator, Iterator
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from temporalio.client import Client

from models.db import ArtifactLink, Draft, User
from models.settings import Settings
from ppflow import accounts, answers
from ppflow.accounts import Principal, Role
from ppflow.acting import acting_as
from ppflow.answers import ReviewerContext

# The dependencies are `async def` where they do no I/O: FastAPI runs a plain `def` dependency
# in its thread pool, a hop (and a wait for a thread under load) that a request paid four to
# seven times before it reached Temporal. Whatever talks to the database still runs in a thread.


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


async def get_client(request: Request) -> Client:
    return request.app.state.client  # type: ignore[no-any-return]


async def get_db(request: Request) -> AsyncIterator[Session]:
    session = request.app.state.sessions()  # no connection yet: taken when first used
    try:
        yield session
    finally:
        if session.in_transaction():  # holds a connection: handing it back talks to the database
            await run_in_threadpool(_close, session)
        else:  # never used, or its reads ended (`done_reading`): nothing to tell the database
            _close(session)


def _close(session: Session) -> None:
    try:
        session.close()
    except SQLAlchemyError:
        # The answer is out already; a connection the database dropped is thrown away
        # (never a second response, never a trace in the log for it).
        with contextlib.suppress(SQLAlchemyError):
            session.invalidate()


def done_reading(db: Session) -> None:
    """End the read transaction of a check that only read: its connection goes back to the pool
    while the request waits on Temporal (the session takes one again when next used), so slow
    workflows never use up the pool."""
    db.rollback()


SettingsDep = Annotated[Settings, Depends(get_settings)]
ClientDep = Annotated[Client, Depends(get_client)]
SessionDep = Annotated[Session, Depends(get_db)]

bearer = HTTPBearer(auto_error=False)


async def role_of(
    request: Request,
    settings: SettingsDep,
    db: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """Who is asking: a bearer token (the configured tokens or a personal API token), or the
    signed-in user of the web pages; 401 otherwise."""
    token = credentials.credentials if credentials else ""
    if token and secrets.compare_digest(token, settings.secretariat_token):
        principal: Principal | None = Principal(Role.SECRETARIAT, username="secretariat-token")
    elif token and secrets.compare_digest(token, settings.drafting_token):
        principal = Principal(Role.DRAFTING_STATE, username="drafting-token")
    else:
        principal = await run_in_threadpool(_principal_of, request, db, token)
    acting_as(principal)  # who acts, for the timeline: never what a body says (ppflow/acting.py)
    if principal is not None:
        return principal
    raise HTTPException(
        401,
        "a valid bearer token is needed (Authorization: Bearer <token>)",
        headers={"WWW-Authenticate": "Bearer"},
    )


def _principal_of(request: Request, db: Session, token: str) -> Principal | None:
    """A personal API token's or the signed-in user's principal (reads the database)."""
    user = accounts.user_of_token(db, token) if token else session_user(request, db)
    principal = accounts.principal_of(user) if user is not None else None
    done_reading(db)
    return principal


def session_user(request: Request, db: Session) -> User | None:
    """The user signed in to the web pages (session cookie), if any."""
    user_id = request.session.get("user_id") if "session" in request.scope else None
    user = db.get(User, user_id) if user_id else None
    return user if user is not None and user.active else None


async def secretariat_only(principal: Annotated[Principal, Depends(role_of)]) -> Principal:
    if principal.role != Role.SECRETARIAT:
        raise HTTPException(403, "only the Secretariat may do this")
    return principal


async def guard_drafts(
    request: Request, db: SessionDep, principal: Annotated[Principal, Depends(role_of)]
) -> Principal:
    """Observers only read; a drafting state reaches only its own drafts, whatever id it types."""
    if request.method not in ("GET", "HEAD") and not principal.may_write:
        raise HTTPException(403, "an observer may read but not change anything")
    draft_id = request.path_params.get("draft_id")
    if draft_id and principal.role == Role.DRAFTING_STATE and principal.participant_id:
        await run_in_threadpool(_own_draft, db, principal, draft_id)
    elif db.in_transaction():
        await run_in_threadpool(done_reading, db)
    return principal


def _own_draft(db: Session, principal: Principal, draft_id: str) -> None:
    try:
        draft = db.get(Draft, draft_id)
        if draft is None or not principal.owns(draft.lead_state, draft_co_leads(draft)):
            raise HTTPException(404, f"{draft_id} does not exist or is not one of your drafts")
    finally:
        done_reading(db)


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
    context = answers.reviewer(db, settings, token)
    done_reading(db)
    return context


Reviewer = Annotated[ReviewerContext, Depends(reviewer_of)]


# ---------------------------------------------------------------- text no store keeps

# A NUL (PostgreSQL's text cannot hold it) or half of a surrogate pair (not UTF-8 at all).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_TEXT = (
    "the text contains a NUL character or a broken Unicode character, which cannot be stored: "
    "remove it and send again"
)


def _strings(value: Any) -> Iterator[str]:
    """Every string of a JSON document, keys too (no recursion: any depth)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


async def refuse_unstorable_text(request: Request) -> None:
    """Every request's text (JSON, a form's fields, a CSV body) at the door: one that no store
    keeps is refused with a 422 that says why, never the text back, before anything is stored
    or sent on to a workflow (whose records and documents would then fail)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    kind = request.headers.get("content-type", "")
    texts: list[str]
    if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()  # parsed once: the route gets the same form
        texts = [v for _, v in form.multi_items() if isinstance(v, str)]
    else:
        body = await request.body()
        if "json" in kind:
            try:
                texts = list(_strings(json.loads(body))) if body else []
            except (ValueError, RecursionError):
                return  # not JSON (or too deep for it): the route's validation says so
        else:
            texts = [body.decode("utf-8", errors="replace")]
    if any(UNSTORABLE.search(text) for text in texts):
        raise HTTPException(422, UNSTORABLE_TEXT)
