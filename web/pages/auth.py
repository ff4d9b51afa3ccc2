"""Signing in and out."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from ppflow import accounts
from web.deps import SessionDep
from web.pages.common import form_of, page_for

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db, login=False)
    return page.render("login.html", next=request.query_params.get("next", "/start"))


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db, login=False)
    form = await form_of(request)
    target = str(form.get("next") or "/start")
    if not target.startswith("/") or target.startswith("//"):
        target = "/start"
    try:
        user = accounts.authenticate(
            db, str(form.get("username", "")), str(form.get("password", ""))
        )
    except accounts.AccountError as e:
        return page.render(
            "login.html", 401, error=str(e), next=target, username=form.get("username", "")
        )
    request.session.clear()
    request.session["user_id"] = user.id
    request.session["csrf"] = secrets.token_urlsafe(24)  # a new session after sign-in
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
async def logout(request: Request, db: SessionDep) -> Response:
    await form_of(request)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def home() -> Response:
    return RedirectResponse("/start", status_code=303)  # what needs the one signed in
