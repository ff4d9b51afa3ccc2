"""Local accounts: roles, argon2 password hashes, a login rate limit, personal API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import ApiToken, Participant, User
from models.domain import Language

HASHER = PasswordHasher()
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 10
USERNAME = re.compile(r"[\w.@-]{1,80}")
# A hash to verify against when the user does not exist, so a wrong name costs the same time.
_DUMMY_HASH = HASHER.hash("not a password of anyone")


class Role(StrEnum):
    SECRETARIAT = "secretariat"
    DRAFTING_STATE = "drafting_state"
    OBSERVER = "observer"


@dataclass(frozen=True)
class Principal:
    """Who is asking: a role, and for a drafting state the participant it acts for (None only
    for the development token, which may act for any state)."""

    role: Role
    participant_id: str | None = None
    username: str | None = None
    language: Language = Language.EN

    @property
    def may_write(self) -> bool:
        return self.role != Role.OBSERVER

    def owns(self, lead_state: str, co_lead_states: list[str] | tuple[str, ...] = ()) -> bool:
        """May this principal change a draft of these states (and see it, if a state)?"""
        if self.role != Role.DRAFTING_STATE or self.participant_id is None:
            return True
        return self.participant_id == lead_state or self.participant_id in co_lead_states


class AccountError(ValueError):
    """Shown to the user as is."""


def _now() -> datetime:
    return datetime.now(UTC)


def principal_of(user: User) -> Principal:
    return Principal(Role(user.role), user.participant_id, user.username, Language(user.language))


def add_user(
    session: Session,
    username: str,
    password: str,
    role: Role,
    participant_id: str | None = None,
    language: Language = Language.EN,
) -> User:
    username = username.strip().lower()
    if not USERNAME.fullmatch(username):
        raise AccountError("a user name is 1–80 letters, digits, dots, dashes or @")
    if find_user(session, username) is not None:
        raise AccountError(f"the user {username} exists already")
    if role == Role.DRAFTING_STATE:
        if not participant_id:
            raise AccountError("a drafting state account needs the participant it acts for")
        if session.get(Participant, participant_id) is None:
            raise AccountError(f"unknown participant: {participant_id}")
    elif participant_id:
        raise AccountError("only a drafting state account is bound to a participant")
    check_password(password)
    user = User(
        username=username,
        password_hash=HASHER.hash(password),
        role=role.value,
        participant_id=participant_id,
        language=language.value,
        active=True,
        failed_logins=0,
    )
    session.add(user)
    session.flush()
    return user


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")


def find_user(session: Session, username: str) -> User | None:
    return session.scalar(select(User).filter_by(username=username.strip().lower()))


def authenticate(session: Session, username: str, password: str) -> User:
    """The user if the password is right; counts failures and locks the account for a while
    after MAX_FAILURES in a row (the same answer for every failure, whatever the cause)."""
    user = find_user(session, username)
    refused = AccountError("wrong user name or password")
    if user is None or not user.active:
        _verify(_DUMMY_HASH, password)
        raise refused
    if user.locked_until and user.locked_until > _now():
        minutes = int((user.locked_until - _now()).total_seconds() // 60) + 1
        raise AccountError(f"too many failed logins: try again in {minutes} minute(s)")
    if not _verify(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = _now() + LOCKOUT
            user.failed_logins = 0
        session.commit()
        raise refused
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = HASHER.hash(password)
    user.failed_logins, user.locked_until = 0, None
    session.commit()
    return user


def _verify(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User, name: str = "") -> str:
    """A new personal API token; shown once, only its hash is stored."""
    token = "ppf_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=_digest(token), name=name[:80]))
    session.flush()
    return token


def user_of_token(session: Session, token: str) -> User | None:
    row = session.scalar(select(ApiToken).filter_by(token_hash=_digest(token), revoked=False))
    if row is None:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def ensure_first_user(session: Session, password_file: Path) -> str | None:
    """On a fresh install: a Secretariat account `admin` with a random password written to
    `password_file` (readable by the owner only). Returns the user name when it made one."""
    if session.scalar(select(User.id).limit(1)) is not None:
        return None
    password = secrets.token_urlsafe(15)
    add_user(session, "admin", password, Role.SECRETARIAT)
    password_file.parent.mkdir(parents=True, exist_ok=True)
    password_file.write_text(password + "\n")
    password_file.chmod(0o600)
    return "admin"
