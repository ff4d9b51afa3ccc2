"""The one Jinja environment of every HTML page, and the helper that renders a page of the
reviewers' side (no account) with the common context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request, Response
from fastapi.templating import Jinja2Templates

from models.designations import designation_notes
from models.domain import Language
from web.i18n import UI
from web.section_html import section_html

TEMPLATES = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=[TEMPLATES / "pages", TEMPLATES])
templates.env.globals["designation_notes"] = designation_notes  # Kosovo*, under any page
templates.env.filters["section_html"] = section_html  # a section's blocks as HTML
RETRY_AFTER = "30"  # seconds: what a 503 asks a browser or a client to wait


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """An HTML page of the reviewers' side; errors show as a plain message, never a trace.
    No account: the language is the link holder's (or the one chosen with ?lang=)."""
    asked = request.query_params.get("lang") or context.get("language")
    language = Language(asked) if asked in ("en", "ru") else Language.EN
    base = {"t": UI(language), "user": None, "csrf": context.get("csrf", "")}
    response = templates.TemplateResponse(request, name, {**base, **context}, status_code=status)
    if status == 503:
        response.headers["Retry-After"] = RETRY_AFTER
    return response


def wants_json(request: Request) -> bool:
    """The API and clients that do not ask for HTML get JSON; people get a page."""
    return request.url.path.startswith("/api") or "text/html" not in request.headers.get(
        "accept", ""
    )


def error_page(request: Request, message: Any, status: int) -> Response:
    """The page shown for an HTTP error to a person (the API answers JSON)."""
    context = {"t": UI(Language.EN), "user": None, "message": message, "code": status}
    response = templates.TemplateResponse(request, "error.html", context, status_code=status)
    if status == 503:
        response.headers["Retry-After"] = RETRY_AFTER
    return response
