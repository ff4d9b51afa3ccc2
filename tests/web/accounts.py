"""Accounts the web tests sign in with."""

from __future__ import annotations

import re
import uuid

import httpx
from sqlalchemy.orm import Session, sessionmaker

from ppflow import accounts
from ppflow.accounts import Role

PASSWORD = "correct horse battery"


def make_user(sessions: sessionmaker[Session], role: Role, participant: str | None = None) -> str:
    name = f"{role.value[:3]}-{participant or 'x'}-{uuid.uuid4().hex[:6]}".lower()
    with sessions.begin() as session:
        accounts.add_user(session, name, PASSWORD, role, participant)
    return name


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


async def sign_in(client: httpx.AsyncClient, username: str) -> str:
    """Sign in through the login form; returns the CSRF token of the new session."""
    page = await client.get("/login")
    r = await client.post(
        "/login",
        data={
            "csrf": csrf_of(page.text),
            "username": username,
            "password": PASSWORD,
            "next": "/drafts",
        },
    )
    assert r.status_code == 303, r.text
    return csrf_of((await client.get("/drafts")).text)
