"""The restricted knowledge base: reader registrations, approved readers, access log (pages).

Public: the registration form, the confirmation link's page. A reader: the personal link's page
and its downloads (each logged). The Secretariat: registrations, decisions, revocations, log."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from models.contracts.reader_registration import ReaderStatus, RegistrationForm
from models.db_knowledge import ReaderRow
from models.domain import Language
from models.settings import Settings
from ppflow import knowledge, service
from web.deps import ClientDep, SessionDep, SettingsDep
from web.i18n import UI
from web.pages.common import Page, failure, form_of, page_for, secretariat

router = APIRouter(include_in_schema=False)

FIELDS = ("name", "email", "organisation", "country", "reason", "language")
NO_REFERRER = {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def _error(page: Page, e: Exception) -> Response:
    message, code = failure(e, page)
    return page.render("error.html", code, message=message, code=code)


def _no_access(page: Page, e: Exception) -> Response:
    """A reader's link that does not work says what to do (never which part failed)."""
    if isinstance(e, service.Forbidden):
        return page.render("error.html", 403, message=page.t("kb_no_access"), code=403)
    return _error(page, e)


# ---------------------------------------------------------------- registering (public)


@router.get("/knowledge/register", response_class=HTMLResponse)
def register_page(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db, login=False)
    return page.render("knowledge_register.html", values={"language": page.t.language.value})


@router.post("/knowledge/register", response_class=HTMLResponse)
async def register(
    request: Request, db: SessionDep, client: ClientDep, settings: SettingsDep
) -> Response:
    page = page_for(request, db, login=False)
    posted = await form_of(request)
    values = {k: str(posted.get(k, ""))[:2000] for k in FIELDS}
    try:
        form = service.parse(
            RegistrationForm, {k: v for k, v in values.items() if v or k != "language"}
        )
        await knowledge.register(client, db, settings, form)
    except Exception as e:  # noqa: BLE001 - the form again, with the reason
        message, code = failure(e, page)
        return page.render("knowledge_register.html", code, values=values, error=message)
    return page.render("knowledge_register.html", sent=True)


@router.get("/knowledge/confirm/{token}", response_class=HTMLResponse)
def confirm_page(token: str, request: Request, db: SessionDep, settings: SettingsDep) -> Response:
    page = page_for(request, db, login=False)
    try:
        read = knowledge.confirming(db, settings, token)
    except Exception as e:  # noqa: BLE001 - a link that is not ours says so
        return _error(page, e)
    return page.render("knowledge_confirm.html", reg=read, token=token)


@router.post("/knowledge/confirm/{token}", response_class=HTMLResponse)
async def confirm(
    token: str, request: Request, db: SessionDep, client: ClientDep, settings: SettingsDep
) -> Response:
    page = page_for(request, db, login=False)
    await form_of(request)
    try:
        read = await knowledge.confirm(client, db, settings, token)
    except Exception as e:  # noqa: BLE001 - expired, busy, not ours: said on the page
        return _error(page, e)
    return page.render("knowledge_confirm.html", reg=read, token=token, confirmed=True)


# ---------------------------------------------------------------- the reader


def _reader_page(page: Page, reader: ReaderRow) -> Page:
    """The reader's language unless the page was asked in another."""
    if "lang" not in page.request.query_params and not page.request.session.get("lang"):
        page.t = UI(Language(reader.language))
    return page


def _shelf(db: Session, settings: Settings, token: str) -> tuple[ReaderRow, Any]:
    reader = knowledge.reader_of(db, settings, token)
    shelf = knowledge.library(db)
    knowledge.log_access(db, reader, "view", "knowledge base")
    db.commit()
    return reader, shelf


@router.get("/knowledge/r/{token}", response_class=HTMLResponse)
async def reader_page(
    token: str, request: Request, db: SessionDep, settings: SettingsDep
) -> Response:
    page = page_for(request, db, login=False)
    try:
        reader, shelf = await run_in_threadpool(_shelf, db, settings, token)
    except Exception as e:  # noqa: BLE001 - a revoked or foreign link: 403
        db.rollback()
        return _no_access(page, e)
    page = _reader_page(page, reader)
    response = page.render("knowledge_reader.html", reader=reader, shelf=shelf, token=token)
    response.headers.update(NO_REFERRER)
    return response


def _download(db: Session, settings: Settings, token: str, artifact_id: str) -> Response:
    reader = knowledge.reader_of(db, settings, token)
    file = knowledge.reader_file(db, artifact_id)
    from word.store import load_artifact

    found = load_artifact(db, artifact_id)
    if found is None:
        raise service.NotFound("no such file in the knowledge base")
    content, media_type, _ = found
    knowledge.log_access(db, reader, "download", file.filename, artifact_id)
    db.commit()
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(file.filename)}",
            **NO_REFERRER,
        },
    )


@router.get("/knowledge/r/{token}/files/{artifact_id}")
async def reader_download(
    token: str, artifact_id: str, request: Request, db: SessionDep, settings: SettingsDep
) -> Response:
    try:
        return await run_in_threadpool(_download, db, settings, token, artifact_id)
    except Exception as e:  # noqa: BLE001 - revoked (403), not on the shelf (404)
        db.rollback()
        return _no_access(page_for(request, db, login=False), e)


# ---------------------------------------------------------------- the Secretariat


def _registrations_page(page: Page, db: Session, status_code: int = 200, **values: Any) -> Response:
    every = knowledge.list_registrations(db)
    groups = {s: [r for r in every if r.status == s] for s in ReaderStatus}
    order = [
        ReaderStatus.PENDING,
        ReaderStatus.APPROVED,
        ReaderStatus.AWAITING_CONFIRMATION,
        ReaderStatus.REFUSED,
        ReaderStatus.EXPIRED,
        ReaderStatus.REVOKED,
    ]
    return page.render(
        "knowledge_registrations.html",
        status_code,
        groups=groups,
        order=order,
        log=knowledge.access_log(db),
        **values,
    )


@router.get("/knowledge/registrations", response_class=HTMLResponse)
def registrations_page(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    secretariat(page)
    return _registrations_page(page, db)


@router.post("/knowledge/registrations/{registration_id}/decision", response_class=HTMLResponse)
async def decide(
    registration_id: str, request: Request, db: SessionDep, client: ClientDep
) -> Response:
    page = page_for(request, db)
    principal = secretariat(page)
    form = await form_of(request)
    try:
        decision = knowledge.decision_of(
            str(form.get("decision", "")),
            str(form.get("reason", "")) or None,
            principal.username or "secretariat",
        )
        read = await knowledge.decide(client, db, registration_id, decision)
    except Exception as e:  # noqa: BLE001 - the page again, with the reason
        db.rollback()
        message, code = failure(e, page)
        return _registrations_page(page, db, code, error=message)
    key = "kb_msg_approved" if read.status == ReaderStatus.APPROVED else "kb_msg_refused"
    return page.done("/knowledge/registrations", page.t(key, name=read.name))


@router.post("/knowledge/readers/{reader_id}/revoke", response_class=HTMLResponse)
async def revoke(reader_id: str, request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    principal = secretariat(page)
    await form_of(request)
    try:
        read = knowledge.revoke(db, reader_id, principal.username or "secretariat")
        db.commit()
    except Exception as e:  # noqa: BLE001 - the page again, with the reason
        db.rollback()
        message, code = failure(e, page)
        return _registrations_page(page, db, code, error=message)
    return page.done("/knowledge/registrations", page.t("kb_msg_revoked", name=read.name))
