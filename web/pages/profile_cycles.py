"""Profile update cycles: a Temporal Schedule per endorsed profile (pages). Everyone signed in
sees the cycles; the Secretariat sets, pauses, resumes and triggers them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from ppflow import profile_cycles as cycles
from ppflow.accounts import Role
from web.deps import ClientDep, SessionDep, SettingsDep
from web.pages.common import Page, failure, form_of, page_for, secretariat

router = APIRouter(include_in_schema=False)


@router.get("/profiles/cycles", response_class=HTMLResponse)
def cycles_page(request: Request, db: SessionDep, settings: SettingsDep) -> Response:
    page = page_for(request, db)
    return page.render("profile_cycles.html", cycles=cycles.list_cycles(db, settings))


def _cycle_page(
    page: Page, db: Session, settings: Any, country: str, status_code: int = 200, **values: Any
) -> Response:
    read = cycles.read_cycle(db, settings, country)
    name = read.country_name_ru if page.t.language.value == "ru" else read.country_name
    may_change = page.principal is not None and page.principal.role == Role.SECRETARIAT
    return page.render(
        "profile_cycle.html", status_code, c=read, name=name, may_change=may_change, **values
    )


@router.get("/profiles/{country}/cycle", response_class=HTMLResponse)
def cycle_page(country: str, request: Request, db: SessionDep, settings: SettingsDep) -> Response:
    page = page_for(request, db)
    try:
        return _cycle_page(page, db, settings, country)
    except Exception as e:  # noqa: BLE001 - an unknown country is a page that says so
        message, code = failure(e, page)
        return page.render("error.html", code, message=message, code=code)


@router.post("/profiles/{country}/cycle", response_class=HTMLResponse)
async def change_cycle(
    country: str, request: Request, db: SessionDep, settings: SettingsDep, client: ClientDep
) -> Response:
    """One change (action=set with months, pause, resume, trigger): the Secretariat's."""
    page = page_for(request, db)
    form = await form_of(request)
    try:
        secretariat(page)
        action = form.get("action")
        if action == "set":
            change = cycles.clean_months(form.get("months", ""))
            read = await cycles.set_cycle(client, db, settings, country, change)
            message = page.t("cy_msg_set", n=change.months)
        elif action == "pause":
            read = await cycles.pause_cycle(client, db, settings, country)
            message = page.t("cy_msg_paused")
        elif action == "resume":
            read = await cycles.resume_cycle(client, db, settings, country)
            message = page.t("cy_msg_resumed")
        elif action == "trigger":
            done = await cycles.trigger_cycle(client, db, settings, country)
            read = done.cycle
            message = (
                page.t("cy_msg_opened", draft=done.draft_id)
                if done.draft_id
                else page.t("cy_msg_nothing", note=done.note)
            )
        else:
            raise cycles.Invalid(page.t("cy_unknown_action"))
    except Exception as e:  # noqa: BLE001 - every failure is shown on the page
        db.rollback()
        text, code = failure(e, page)
        try:
            return _cycle_page(page, db, settings, country, code, error=text)
        except Exception:  # noqa: BLE001 - the country itself is unknown
            return page.render("error.html", code, message=text, code=code)
    return page.done(f"/profiles/{read.country}/cycle", message)
