"""The one Jinja environment of every HTML page, and the helper that renders a page of the
reviewers' side (no account) with the common context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request, Response
from fastapi.templating import Jinja2Templates

from models.designations import designation_notes
from models.domain import Language
from web.countdown import countdown
from web.diff_html import proposal_diff
from web.explain import say
from web.i18n import UI
from web.section_html import section_html

TEMPLATES = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=[TEMPLATES / "pages", TEMPLATES])
templates.env.globals["designation_notes"] = designation_notes  # Kosovo*, under any page
templates.env.filters["section_html"] = section_html  # a section's blocks as HTML
templates.env.globals["proposal_diff_html"] = proposal_diff  # _proposal.html
templates.env.globals["countdown"] = countdown  # _time.html
RETRY_AFTER = "30"  # seconds: what a 503 asks a browser or a client to wait


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """An HTML page of the reviewers' side; errors show as a plain message, never a trace.
    No account: the language is the link holder's (or the one chosen with ?lang=)."""
    t = ui_of(request, context)
    base = {"t": t, "user": None, "csrf": context.get("csrf", "")}
    if "pname" not in context:  # a 503 (the database away) asks it nothing: codes then
        base["pname"] = names_for(request, t) if status != 503 else (lambda p: p or "")
    response = templates.TemplateResponse(request, name, {**base, **context}, status_code=status)
    if status == 503:
        response.headers["Retry-After"] = RETRY_AFTER
    return response


def names_for(request: Request, t: UI) -> Any:
    """`pname` for a reviewers' page: participants by name in its language (codes if the
    database does not answer)."""
    from web.errors import participants_named

    return participants_named(request, t.language)


def ui_of(request: Request, context: dict[str, Any]) -> UI:
    """A reviewers' page's language: the one chosen with ?lang=, else the link holder's."""
    asked = request.query_params.get("lang") or context.get("language")
    return UI(Language(asked) if asked in ("en", "ru") else Language.EN)


def wants_json(request: Request) -> bool:
    """The API and clients that do not ask for HTML get JSON; people get a page."""
    return request.url.path.startswith("/api") or "text/html" not in request.headers.get(
        "accept", ""
    )


def error_page(request: Request, message: Any, status: int) -> Response:
    """The page shown for an HTTP error to a person (the API answers JSON): in the language of
    the one looking, with the navigation of the signed-in pages when someone is signed in (a
    503 — the database away — asks the database nothing)."""
    from web.errors import looking  # it reads the database (web.deps imports this module)

    context: dict[str, Any] = {"t": UI(Language.EN), "user": None, "csrf": ""}
    if status != 503:
        context.update(looking(request))
    context.update(message=say(str(message), context["t"]), code=status)
    response = templates.TemplateResponse(request, "error.html", context, status_code=status)
    if status == 503:
        response.headers["Retry-After"] = RETRY_AFTER
    return response
