"""What every signed-in page shares: who is looking and in which language (`Page`), the posted
form checked against the session's CSRF token, the role checks and the shape of a failure."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from models.db import User
from models.domain import Language
from ppflow import accounts, service
from ppflow.accounts import Principal, Role
from ppflow.acting import acting_as
from web.deps import session_user
from web.explain import message_of
from web.i18n import UI
from web.names import participant_names
from web.templating import templates


class LoginRequired(Exception):
    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


@dataclass
class Page:
    """Who is looking, in which language, with the session's CSRF token."""

    request: Request
    user: User | None
    principal: Principal | None
    t: UI
    csrf: str
    values: dict[str, Any] = field(default_factory=dict)

    def render(self, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        flash = self.request.session.pop("flash", None)
        context = {
            "user": self.user,
            "principal": self.principal,
            "t": self.t,
            "csrf": self.csrf,
            "notice": flash,
            **self.values,
            **values,
        }
        return templates.TemplateResponse(self.request, template, context, status_code=status_code)

    def done(self, url: str, message: str) -> RedirectResponse:
        """After a successful POST: back to a page that says so (post/redirect/get)."""
        self.request.session["flash"] = message
        return RedirectResponse(url, status_code=303)


def _language(request: Request, user: User | None) -> Language:
    asked = request.query_params.get("lang")
    if asked in ("en", "ru"):
        request.session["lang"] = asked
    chosen = request.session.get("lang") or (user.language if user else None)
    return Language(chosen) if chosen in ("en", "ru") else Language.EN


def page_for(request: Request, db: Session, *, login: bool = True) -> Page:
    user = session_user(request, db)
    if login and user is None:
        raise LoginRequired(str(request.url.path))
    csrf = request.session.get("csrf") or secrets.token_urlsafe(24)
    request.session["csrf"] = csrf
    principal = accounts.principal_of(user) if user else None
    acting_as(principal)  # who acts, for the timeline (ppflow/acting.py)
    ui = UI(_language(request, user))
    page = Page(request, user, principal, ui, csrf)
    page.values["pname"] = participant_names(db, ui.language)  # names, not codes
    return page


class Posted(dict[str, Any]):
    """A posted form: one value per field, and `getlist` for fields sent several times
    (checkboxes, multiple selects)."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__()
        self.lists: dict[str, list[Any]] = {}
        for key, value in pairs:
            value = value.strip() if isinstance(value, str) else value
            self.lists.setdefault(key, []).append(value)
            self.setdefault(key, value)

    def getlist(self, key: str) -> list[Any]:
        return [v for v in self.lists.get(key, []) if v != ""]


async def form_of(request: Request) -> Posted:
    """The posted form, after checking its CSRF token against the session's."""
    form = await request.form()
    token = str(form.get("csrf", ""))
    expected = request.session.get("csrf", "")
    if not expected or not secrets.compare_digest(token, expected):
        raise HTTPException(403, "this form has expired: reload the page and send it again")
    return Posted(list(form.multi_items()))


def writer(page: Page) -> Principal:
    """The one looking, if it may change things (else 403)."""
    assert page.principal is not None
    if not page.principal.may_write:
        raise HTTPException(403, page.t("read_only"))
    return page.principal


def secretariat(page: Page) -> Principal:
    """The one looking, if it is the Secretariat (else 403)."""
    assert page.principal is not None
    if page.principal.role != Role.SECRETARIAT:
        raise HTTPException(403, "only the Secretariat may do this")
    return page.principal


def when(value: str, what: str) -> datetime:
    """A `datetime-local` field, read as UTC."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as e:
        raise service.Invalid(f"{what}: give a date and time like 2026-12-01T10:00") from e
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def failure(e: Exception, page: Page | UI | None = None) -> tuple[str, int]:
    """What to tell the user of a failed action, in the page's language (fields by their
    label: web/explain.py), and the status of the page that says it."""
    t = page.t if isinstance(page, Page) else page or UI(Language.EN)
    message = message_of(e, t)
    if message is None:
        raise e
    if isinstance(e, service.ServiceError):
        return message, e.status_code
    if isinstance(e, HTTPException):
        return message, e.status_code
    return message, 422
