"""The registry: participants and their contacts, fifty a page with a search (participant,
contact name or address), and the CSV import of contacts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from ppflow import lists, registry
from web.deps import SessionDep
from web.pages.common import Page, form_of, page_for, secretariat
from web.pages.outbox import list_page, pager
from web.word import read_upload

router = APIRouter(include_in_schema=False)


def _registry_page(
    page: Page,
    db: Session,
    params: dict[str, str],
    status_code: int = 200,
    **values: Any,
) -> Response:
    query, problems = list_page(page, {k: v for k, v in params.items() if k != "status"})
    page.values.update(problems)
    listing = lists.registry(db, query)
    return page.render(
        "registry.html",
        status_code,
        **pager(page, query, listing),
        contacts=lists.contacts_of(db, [p.id for p in listing.rows]),
        **values,
    )


@router.get("/registry", response_class=HTMLResponse)
def registry_page(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    secretariat(page)
    return _registry_page(page, db, dict(request.query_params))


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
        return _registry_page(page, db, {}, 422, error=str(e), csv=text)
    return page.done("/registry", page.t("msg_imported", n=report.imported))
