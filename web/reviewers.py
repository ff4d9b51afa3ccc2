"""Routes around links and mail: hand-off, re-issue, answers by mail confirmed, the outbox, the
digest and its unsubscribe link, the draft's download link. Pages record nothing on GET; their
forms carry a CSRF token bound to the link."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from models.domain import DigestFrequency, Language
from models.labels import label
from models.links import DOCUMENT_SALT, LinkError, check_csrf, csrf_token, unsign
from ppflow import replies, reviewers, service
from ppflow.answers import ReviewerContext
from ppflow.reviewers import DigestChoice, HandOff, LinkReissue
from web.deps import ClientDep, Reviewer, Secretariat, SessionDep, SettingsDep
from web.review import form_page, link_form_page
from web.templating import page
from word.store import load_artifact

router = APIRouter()


async def _form(request: Request) -> dict[str, str]:
    raw = await request.form()
    return {k: str(v).strip() for k, v in raw.items() if str(v).strip()}


# ---------------------------------------------------------------- hand-off


@router.post("/api/review/{token}/handoff", tags=["reviewers"])
async def hand_off(
    token: str,
    body: HandOff,
    client: ClientDep,
    db: SessionDep,
    settings: SettingsDep,
    reviewer: Reviewer,
) -> Any:
    return await reviewers.hand_off(client, db, settings, reviewer, body)


@router.post("/review/{token}/handoff", response_class=HTMLResponse, include_in_schema=False)
async def hand_off_form(
    token: str, request: Request, client: ClientDep, db: SessionDep, settings: SettingsDep
) -> Any:
    async def act(reviewer: ReviewerContext, form: dict[str, str]) -> str:
        body = HandOff(name=form.get("name", ""), email=form.get("email", ""))
        await reviewers.hand_off(client, db, settings, reviewer, body)
        return f"{body.name} <{body.email}> gets a personal link by mail. Your link still works."

    return await link_form_page(request, "review.html", db, settings, token, act)


# ---------------------------------------------------------------- the Secretariat


@router.post("/api/links/reissue", tags=["links"])
async def reissue(
    body: LinkReissue, client: ClientDep, db: SessionDep, settings: SettingsDep, role: Secretariat
) -> Any:
    return await reviewers.reissue_link(client, db, settings, body)


@router.get("/api/outbox", tags=["mail"])
def outbox(
    db: SessionDep,
    role: Secretariat,
    status: str | None = None,
    draft_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Any:
    return reviewers.outbox(db, status=status, draft_id=draft_id, limit=limit, offset=offset)


@router.put("/api/digest", tags=["mail"])
def set_digest(body: DigestChoice, db: SessionDep, role: Secretariat) -> Any:
    return reviewers.set_digest(db, body)


# ---------------------------------------------------------------- digest unsubscribe


@router.get("/unsubscribe/{token}", response_class=HTMLResponse, include_in_schema=False)
def unsubscribe_page(token: str, request: Request, settings: SettingsDep) -> Any:
    try:
        address = reviewers.unsubscribe_email(settings, token)
    except service.ServiceError as e:
        return page(request, "unsubscribe.html", {"error": e.message}, e.status_code)
    context = {"email": address, "csrf": csrf_token(settings, token)}
    return page(request, "unsubscribe.html", context)


@router.post("/unsubscribe/{token}", response_class=HTMLResponse, include_in_schema=False)
async def unsubscribe(token: str, request: Request, db: SessionDep, settings: SettingsDep) -> Any:
    """The page's button (CSRF) or a mail client's one-click POST (RFC 8058)."""
    form = await _form(request)
    try:
        address = reviewers.unsubscribe_email(settings, token)
        if form.get("List-Unsubscribe") != "One-Click":
            check_csrf(settings, token, form.get("csrf"))
    except service.ServiceError as e:
        return page(request, "unsubscribe.html", {"error": e.message}, e.status_code)
    except LinkError as e:
        return page(request, "unsubscribe.html", {"error": str(e)}, 403)
    reviewers.set_digest(db, DigestChoice(email=address, frequency=DigestFrequency.NONE))
    return page(request, "unsubscribe.html", {"done": f"No more digests to {address}."})


# ---------------------------------------------------------------- the draft's download link


@router.get("/documents/{token}", include_in_schema=False)
def document(token: str, db: SessionDep, settings: SettingsDep) -> Response:
    try:
        artifact_id = unsign(settings, DOCUMENT_SALT, token, "download link")
    except LinkError as e:
        raise service.Forbidden(str(e)) from e
    found = load_artifact(db, str(artifact_id))
    if found is None:
        raise service.NotFound("this file is no longer available")
    content, media_type, filename = found
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# ---------------------------------------------------------------- answers by mail


@router.get("/confirm/{token}", response_class=HTMLResponse, include_in_schema=False)
def confirm_page(token: str, request: Request, db: SessionDep, settings: SettingsDep) -> Any:
    """Shows the answer that came by mail; opening it records nothing."""
    try:
        pending, grant = replies.pending_answer(db, settings, token)
    except service.ServiceError as e:
        return page(request, "confirm.html", {"error": e.message}, e.status_code)
    context = {"pending": replies.pending_view(pending, grant), "csrf": csrf_token(settings, token)}
    return page(request, "confirm.html", context)


@router.post("/confirm/{token}", response_class=HTMLResponse, include_in_schema=False)
async def confirm(
    token: str, request: Request, client: ClientDep, db: SessionDep, settings: SettingsDep
) -> Any:
    async def act(form: dict[str, str]) -> str:
        receipt = await replies.confirm(client, db, settings, token, form.get("position"))
        return (
            f"Your answer ({label(receipt.position, Language.EN)}) is recorded. "
            "You can change it through your link until the round closes."
        )

    return await form_page(request, "confirm.html", settings, token, act)
