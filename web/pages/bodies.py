"""Governance bodies (members, history, chairs) and the Presidency of the Council of the EU: every
signed-in user reads, the Secretariat edits (a membership is closed, never deleted)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from models.db_governance import Body
from models.domain import Language, ParticipantGroup, ParticipantKind
from ppflow import bodies, registry
from ppflow.accounts import Role
from web.deps import SessionDep
from web.pages.common import Page, Posted, form_of, page_for, secretariat
from web.word import read_upload

router = APIRouter(include_in_schema=False)


def names_of(db: Session, language: Language) -> dict[str, str]:
    """Every participant's name in the page's language, by id."""
    return {
        p.id: (p.name_ru or p.name) if language == Language.RU else p.name
        for p in registry.list_participants(db)
    }


def body_choices(db: Session, language: Language) -> list[tuple[str, str]]:
    """The bodies an invitation form offers (the `bodies` checkboxes): id and name in the
    page's language."""
    return [(b.id, bodies.body_name(b, language)) for b in bodies.list_bodies(db)]


def chosen_bodies(form: Posted) -> list[str]:
    """The bodies ticked in an invitation form."""
    return list(dict.fromkeys(str(b) for b in form.getlist("bodies")))


def _common(page: Page, db: Session) -> dict[str, Any]:
    today = bodies.today()
    return {
        "names": names_of(db, page.t.language),
        "today": today,
        "is_secretariat": page.principal is not None and page.principal.role == Role.SECRETARIAT,
        "body_name": lambda b: bodies.body_name(b, page.t.language),
    }


def _bodies_page(page: Page, db: Session, status_code: int = 200, **values: Any) -> Response:
    common = _common(page, db)
    today = common["today"]
    rows = [
        (b, bodies.members_on(db, b.id, today), bodies.chair_on(db, b.id, today))
        for b in bodies.list_bodies(db)
    ]
    states = [  # who may hold the Presidency: the EU's member states (in the EU/Schengen group)
        p
        for p in registry.list_participants(db)
        if p.kind == ParticipantKind.STATE.value and p.group == ParticipantGroup.EU_SCHENGEN.value
    ]
    return page.render(
        "bodies.html",
        status_code,
        rows=rows,
        holder=bodies.presidency_holder(db, today),
        terms=bodies.presidency_terms(db),
        states=states,
        form=values.pop("form", {}),
        **common,
        **values,
    )


def _body_page(
    page: Page, db: Session, body_id: str, status_code: int = 200, **values: Any
) -> Response:
    body = _known(db, body_id)
    common = _common(page, db)
    names = common["names"]
    members = sorted(bodies.members_on(db, body_id, common["today"]), key=lambda p: names.get(p, p))
    return page.render(
        "body.html",
        status_code,
        body=body,
        members=members,
        chair=bodies.chair_on(db, body_id, common["today"]),
        history=bodies.history(db, body_id),
        chairs=bodies.chairs(db, body_id),
        holder=bodies.presidency_holder(db, common["today"]),
        others=sorted((p for p in names if p not in members), key=names.__getitem__),
        form=values.pop("form", {}),
        **common,
        **values,
    )


@router.get("/bodies", response_class=HTMLResponse)
def bodies_page(request: Request, db: SessionDep) -> Response:
    return _bodies_page(page_for(request, db), db)


@router.post("/bodies", response_class=HTMLResponse)
async def bodies_action(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    form = await form_of(request)
    principal = secretariat(page)
    who = principal.username or principal.role.value
    try:
        if form.get("action") == "presidency":
            holder = str(form.get("holder_id", ""))
            starts = _day(form, "starts_on", required=True) or bodies.today()
            bodies.set_presidency(db, holder, starts, who, _day(form, "ends_on"))
            message = page.t("msg_term_set", p=names_of(db, page.t.language)[holder], d=starts)
        elif form.get("action") == "import":
            upload = form.get("file")
            text = str(form.get("csv", ""))
            if getattr(upload, "filename", ""):
                text = (await read_upload(upload)).decode("utf-8-sig", errors="replace")
            report = bodies.import_members_csv(db, text, who)
            message = page.t("msg_members_imported", **report.model_dump())
        else:
            raise bodies.BodyError("unknown action")
        db.commit()
    except registry.RegistryError as e:
        db.rollback()
        return _bodies_page(page, db, 422, error=str(e), form=form)
    return page.done("/bodies", message)


@router.get("/bodies/{body_id}", response_class=HTMLResponse)
def body_page(body_id: str, request: Request, db: SessionDep) -> Response:
    return _body_page(page_for(request, db), db, body_id)


@router.post("/bodies/{body_id}", response_class=HTMLResponse)
async def body_action(body_id: str, request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    form = await form_of(request)
    principal = secretariat(page)
    who = principal.username or principal.role.value
    _known(db, body_id)
    action = form.get("action")
    participant = str(form.get("participant_id", ""))
    try:
        day = _day(form, "day")
        if action == "add":
            row = bodies.add_member(db, body_id, participant, who, day)
            message = page.t("msg_member_added", p=_name(db, page, participant), d=row.since)
        elif action == "remove":
            row = bodies.remove_member(db, body_id, participant, who, day)
            message = page.t("msg_member_removed", p=_name(db, page, participant), d=row.until)
        elif action == "chair":
            chair = bodies.set_chair(db, body_id, participant, who, day)
            message = page.t("msg_chair_set", p=_name(db, page, participant), d=chair.since)
        else:
            raise bodies.BodyError("unknown action")
        db.commit()
    except registry.RegistryError as e:
        db.rollback()
        return _body_page(page, db, body_id, 422, error=str(e), form=form)
    return page.done(f"/bodies/{body_id}", message)


def _known(db: Session, body_id: str) -> Body:
    try:
        return bodies.get_body(db, body_id)
    except bodies.BodyError as e:
        raise HTTPException(404, str(e)) from e


def _name(db: Session, page: Page, participant_id: str) -> str:
    return names_of(db, page.t.language).get(participant_id, participant_id)


def _day(form: Posted, field: str, required: bool = False) -> date | None:
    """A date field (empty: None, unless required)."""
    value = str(form.get(field, "") or "")
    if not value and not required:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise bodies.BodyError("give a date like 2026-12-01") from e
