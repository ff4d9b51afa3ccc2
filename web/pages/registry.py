"""The registry: participants and their contacts, and the CSV import of contacts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import Contact
from ppflow import registry
from web.deps import SessionDep
from web.pages.common import Page, form_of, page_for, secretariat
from web.word import read_upload

router = APIRouter(include_in_schema=False)


def _registry_page(page: Page, db: Session, status_code: int = 200, **values: Any) -> Response:
    contacts: dict[str, list[Contact]] = {}
    for contact in db.scalars(select(Contact).order_by(Contact.participant_id, Contact.rank)):
        contacts.setdefault(contact.participant_id, []).append(contact)
    return page.render(
        "registry.html",
        status_code,
        participants=registry.list_participants(db),
        contacts=contacts,
        **values,
    )


@router.get("/registry", response_class=HTMLResponse)
def registry_page(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    secretariat(page)
    return _registry_page(page, db)


@router.post("/registry", response_class=HTMLResponse)
async def registry_import(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    secretariat(page)
    form = await form_of(request)
    upload = form.get("file")
    text = str(form.get("csv", ""))
    if getattr(upload, "filename", ""):
        text = (await read_upload(upload)).decode("utf-8-sig", errors="replace")
    try:
        report = registry.import_contacts_csv(db, text)
        db.commit()
    except registry.RegistryError as e:
        db.rollback()
        return _registry_page(page, db, 422, error=str(e), csv=text)
    return page.done("/registry", page.t("msg_imported", n=report.imported))
