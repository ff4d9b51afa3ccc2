"""Who is looking at an error page: the signed-in user (for the navigation), the language, the
names of participants. An error page never fails for it: without a session or a database it is
the English page without navigation."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from fastapi import Request
from sqlalchemy.exc import SQLAlchemyError

from models.domain import Language
from web.deps import session_user
from web.i18n import UI
from web.names import participant_names


def participants_named(request: Request, language: Language) -> Callable[[str | None], str]:
    """`pname` of a page without an account (a reviewer's link): the names, or the codes when
    the database does not answer (the page still shows)."""
    sessions = getattr(request.app.state, "sessions", None)
    if sessions is not None:
        db = sessions()
        try:
            return participant_names(db, language)
        except SQLAlchemyError:
            pass
        finally:
            db.close()
    return lambda participant_id: participant_id or ""


def looking(request: Request) -> dict[str, Any]:
    if "session" not in request.scope:
        return {}
    asked = request.query_params.get("lang")
    chosen = asked if asked in ("en", "ru") else request.session.get("lang")
    sessions = getattr(request.app.state, "sessions", None)
    if sessions is None:
        return {"t": UI(Language(chosen))} if chosen in ("en", "ru") else {}
    db = sessions()
    try:
        user = session_user(request, db)
        chosen = chosen or (user.language if user else None)
        language = Language(chosen) if chosen in ("en", "ru") else Language.EN
        context: dict[str, Any] = {"t": UI(language), "user": user}
        if user is not None:
            context["pname"] = participant_names(db, language)
            csrf = request.session.get("csrf") or secrets.token_urlsafe(24)
            request.session["csrf"] = csrf  # the sign-out form of the navigation
            context["csrf"] = csrf
            db.expunge(user)
        return context
    except SQLAlchemyError:
        return {}
    finally:
        db.close()
