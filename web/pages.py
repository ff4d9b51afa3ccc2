"""Server-rendered pages for the Secretariat, drafting states and observers (login).

Plain HTML forms that work without JavaScript; every form carries a CSRF token bound to the
session; every mistake comes back as the page again with the reason (never a 500). The pages
call the same `ppflow.service` functions as the JSON API.
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.api import (
    CommentResolutions,
    DeadlineExtension,
    DecisionInput,
    DraftStart,
    EndorsementRequest,
    MeetingCreate,
    RoundOpen,
)
from models.contracts.draft import DraftStatus
from models.contracts.meeting import MeetingClose
from models.db import Contact, Draft, Meeting, Notice, User
from models.domain import (
    Decision,
    Disposition,
    DocumentType,
    Language,
    MeetingKind,
    ParticipantGroup,
    Phase,
    ThematicArea,
)
from models.settings import Settings
from ppflow import accounts, board, documents, registry, reviewers, service
from ppflow.accounts import Principal, Role
from web.api import templates  # one Jinja environment for every page
from web.deps import ClientDep, SessionDep, SettingsDep, session_user
from web.i18n import UI
from web.word import read_upload
from word.kinds import register_grid
from word.store import list_artifacts

pages = APIRouter(include_in_schema=False)


class LoginRequired(Exception):
    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


@dataclass
class Page:
    """Who is looking, in which language, with the session's CSRF token."""

    request: Request
    user: User | None
    principal: Principal | None
    t: UI
    csrf: str
    values: dict[str, Any] = field(default_factory=dict)

    def render(self, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        flash = self.request.session.pop("flash", None)
        context = {
            "user": self.user,
            "principal": self.principal,
            "t": self.t,
            "csrf": self.csrf,
            "notice": flash,
            **self.values,
            **values,
        }
        return templates.TemplateResponse(self.request, template, context, status_code=status_code)

    def done(self, url: str, message: str) -> RedirectResponse:
        """After a successful POST: back to a page that says so (post/redirect/get)."""
        self.request.session["flash"] = message
        return RedirectResponse(url, status_code=303)


def _language(request: Request, user: User | None) -> Language:
    asked = request.query_params.get("lang")
    if asked in ("en", "ru"):
        request.session["lang"] = asked
    chosen = request.session.get("lang") or (user.language if user else None)
    return Language(chosen) if chosen in ("en", "ru") else Language.EN


def page_for(request: Request, db: Session, *, login: bool = True) -> Page:
    user = session_user(request, db)
    if login and user is None:
        raise LoginRequired(str(request.url.path))
    csrf = request.session.get("csrf") or secrets.token_urlsafe(24)
    request.session["csrf"] = csrf
    principal = accounts.principal_of(user) if user else None
    return Page(request, user, principal, UI(_language(request, user)), csrf)


class Posted(dict[str, Any]):
    """A posted form: one value per field, and `getlist` for fields sent several times
    (checkboxes, multiple selects)."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__()
        self.lists: dict[str, list[Any]] = {}
        for key, value in pairs:
            value = value.strip() if isinstance(value, str) else value
            self.lists.setdefault(key, []).append(value)
            self.setdefault(key, value)

    def getlist(self, key: str) -> list[Any]:
        return [v for v in self.lists.get(key, []) if v != ""]


async def form_of(request: Request) -> Posted:
    """The posted form, after checking its CSRF token against the session's."""
    form = await request.form()
    token = str(form.get("csrf", ""))
    expected = request.session.get("csrf", "")
    if not expected or not secrets.compare_digest(token, expected):
        raise HTTPException(403, "this form has expired: reload the page and send it again")
    return Posted(list(form.multi_items()))


def _writer(page: Page) -> Principal:
    assert page.principal is not None
    if not page.principal.may_write:
        raise HTTPException(403, page.t("read_only"))
    return page.principal


def _secretariat(page: Page) -> Principal:
    assert page.principal is not None
    if page.principal.role != Role.SECRETARIAT:
        raise HTTPException(403, "only the Secretariat may do this")
    return page.principal


def _when(value: str, what: str) -> datetime:
    """A `datetime-local` field, read as UTC."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as e:
        raise service.Invalid(f"{what}: give a date and time like 2026-12-01T10:00") from e
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _failure(e: Exception) -> tuple[str, int]:
    if isinstance(e, service.ServiceError):
        return e.message, e.status_code
    if isinstance(e, ValidationError):
        return service.validation_message(e), 422
    if isinstance(e, HTTPException):
        return str(e.detail), e.status_code
    raise e


# ---------------------------------------------------------------- sign in


@pages.get("/login", response_class=HTMLResponse)
def login_page(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db, login=False)
    return page.render("login.html", next=request.query_params.get("next", "/drafts"))


@pages.post("/login", response_class=HTMLResponse)
async def login(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db, login=False)
    form = await form_of(request)
    target = str(form.get("next") or "/drafts")
    if not target.startswith("/") or target.startswith("//"):
        target = "/drafts"
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


@pages.post("/logout")
async def logout(request: Request, db: SessionDep) -> Response:
    await form_of(request)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@pages.get("/")
def home() -> Response:
    return RedirectResponse("/drafts", status_code=303)


# ---------------------------------------------------------------- dashboard


@pages.get("/drafts", response_class=HTMLResponse)
def dashboard(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    assert page.principal is not None
    raw = {k: v for k, v in request.query_params.items() if v and k != "lang"}
    try:
        query = board.DashboardQuery.model_validate(raw)
    except ValidationError as e:
        query = board.DashboardQuery()
        page.values["error"] = service.validation_message(e)
    total, rows = board.dashboard(db, query, page.principal)
    pages_count = max(1, math.ceil(total / query.per_page))
    base = {k: v for k, v in raw.items() if k != "page"}
    return page.render(
        "dashboard.html",
        query=query,
        rows=rows,
        total=total,
        pages=pages_count,
        base=base,
        types=list(DocumentType),
        areas=list(ThematicArea),
        phases=list(Phase),
        states=registry.list_participants(db),
        sorts=list(board.SORTS),
    )


# ---------------------------------------------------------------- a new draft


def _new_draft_page(page: Page, db: Session, status_code: int = 200, **values: Any) -> Response:
    return page.render(
        "new_draft.html",
        status_code,
        types=list(DocumentType),
        areas=list(ThematicArea),
        states=registry.list_participants(db),
        languages=list(Language),
        form=values.pop("form", {}),
        **values,
    )


@pages.get("/drafts/new", response_class=HTMLResponse)
def new_draft(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    _writer(page)
    return _new_draft_page(page, db)


@pages.post("/drafts/new", response_class=HTMLResponse)
async def start_draft(
    request: Request, db: SessionDep, client: ClientDep, settings: SettingsDep
) -> Response:
    page = page_for(request, db)
    principal = _writer(page)
    form = await form_of(request)
    fields: dict[str, Any] = {
        "title": form.get("title", ""),
        "document_type": form.get("document_type") or None,
        "thematic_area": form.get("thematic_area") or None,
        "lead_state": principal.participant_id or form.get("lead_state", ""),
        "co_lead_states": [
            x.strip() for x in str(form.get("co_lead_states", "")).split(",") if x.strip()
        ],
        "country": form.get("country") or None,
        "language": form.get("language") or "en",
    }
    upload = form.get("file")
    try:
        content = await read_upload(upload) if getattr(upload, "filename", "") else b""
        if content:
            started = await documents.start_draft_from_word(client, db, settings, fields, content)
        else:
            sections = [
                {"title": title, "text": form.get(f"section_text_{key.rsplit('_', 1)[1]}", "")}
                for key, title in form.items()
                if key.startswith("section_title_") and title
            ]
            start = service.parse(DraftStart, {**fields, "sections": sections})
            started = await service.start_draft(client, db, settings, start)
    except Exception as e:  # noqa: BLE001 - every failure is shown on the form
        message, code = _failure(e)
        form.pop("file", None)
        return _new_draft_page(page, db, code, error=message, form=form)
    return page.done(f"/drafts/{started.draft_id}", page.t("msg_started", id=started.draft_id))


# ---------------------------------------------------------------- one draft


async def _own_draft(page: Page, client: Any, draft_id: str) -> DraftStatus:
    """The draft's status, if it exists and this user may see it (else 404, the same answer)."""
    assert page.principal is not None
    try:
        status = await service.draft_status(client, draft_id)
    except service.NotFound:
        raise HTTPException(404, f"no draft {draft_id}") from None
    meta = status.state.meta
    if not page.principal.owns(meta.lead_state, meta.co_lead_states):
        raise HTTPException(404, f"no draft {draft_id}")
    return status


async def _draft_page(
    page: Page,
    db: Session,
    client: Any,
    settings: Settings,
    draft_id: str,
    status_code: int = 200,
    **values: Any,
) -> Response:
    status = await _own_draft(page, client, draft_id)
    state, meta = status.state, status.state.meta
    round_status = None
    if status.open_round is not None:
        try:
            round_status = await service.current_round(client, draft_id)
        except service.ServiceError:
            round_status = None
    last = state.rounds[-1] if state.rounds else None
    grid = (
        register_grid(
            last,
            [c for c in state.comments if c.round_number == last.number],
            state.current_sections,
        )
        if last
        else []
    )
    ui = settings.temporal_ui_url or f"http://127.0.0.1:{settings.temporal_ui_port}"
    meetings = db.scalars(
        select(Meeting).where(Meeting.closed_at.is_(None)).order_by(Meeting.starts_at)
    ).all()
    return page.render(
        "draft.html",
        status_code,
        status=status,
        state=state,
        meta=meta,
        round_status=round_status,
        last_round=last,
        grid=grid,
        events=service.draft_events(db, draft_id),
        artifacts=list_artifacts(db, draft_id=draft_id),
        temporal_url=f"{ui}/namespaces/{settings.temporal_namespace}/workflows/{draft_id}",
        groups=list(ParticipantGroup),
        states=registry.list_participants(db),
        dispositions=list(Disposition),
        meetings=meetings,
        default_deadline=(datetime.now(UTC) + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
        may_change=page.principal.may_write,
        is_secretariat=page.principal.role == Role.SECRETARIAT,
        **values,
    )


@pages.get("/drafts/{draft_id}", response_class=HTMLResponse)
async def draft_page(
    draft_id: str, request: Request, db: SessionDep, client: ClientDep, settings: SettingsDep
) -> Response:
    return await _draft_page(page_for(request, db), db, client, settings, draft_id)


def _resolutions(form: dict[str, Any]) -> CommentResolutions:
    bulk = form.get("bulk") or ""
    chosen = []
    for key, value in form.items():
        if not key.startswith("disposition__"):
            continue
        comment_id = key.removeprefix("disposition__")
        disposition = value or bulk
        if disposition:
            chosen.append(
                {
                    "comment_id": comment_id,
                    "disposition": disposition,
                    "justification": form.get(f"justification__{comment_id}", ""),
                }
            )
    if not chosen:
        raise service.Invalid("choose a disposition for at least one comment")
    return service.parse(CommentResolutions, {"resolutions": chosen})


async def _act(
    page: Page, db: Session, client: Any, settings: Settings, draft_id: str, form: Posted
) -> str:
    """Do what the form asks; return what to tell the user."""
    action = form.get("action")
    if action == "open_round":
        groups = form.getlist("groups")
        picked = form.getlist("participants")
        days = int(form.get("reminder_days") or 0)
        request = service.parse(
            RoundOpen,
            {
                "invitees": {
                    "everyone": form.get("everyone") == "on",
                    "groups": groups,
                    "participants": picked,
                },
                "deadline": _when(str(form.get("deadline", "")), "deadline"),
                "reminder_before": [timedelta(days=days)] if days > 0 else [],
            },
        )
        summary = await service.open_round(client, db, draft_id, request)
        return page.t("msg_round_opened", n=summary.number, count=len(summary.invitees))
    if action == "resolve":
        report = await service.resolve_comments(client, draft_id, _resolutions(form))
        return page.t("msg_resolved", done=report.resolved, open=report.unresolved)
    if action == "revise":
        upload = form.get("file")
        if not getattr(upload, "filename", ""):
            raise service.Invalid("choose a .docx file to upload")
        info = await documents.revise_from_word(
            client, draft_id, await read_upload(upload), str(form.get("note", ""))
        )
        return page.t("msg_revised", v=info.version)
    if action == "endorse":
        route = form.get("route")
        body: dict[str, Any] = {"route": route}
        if route == "meeting":
            body["meeting_id"] = form.get("meeting_id") or None
        else:
            body["deadline"] = _when(str(form.get("silence_deadline", "")), "silence deadline")
        record = await service.request_endorsement(
            client, db, draft_id, service.parse(EndorsementRequest, body)
        )
        return page.t("msg_endorsement", route=page.t.enum(record.route))
    _secretariat(page)
    if action == "remind":
        status = await service.remind_now(client, draft_id)
        return page.t("msg_reminded", n=len(status.invitees) - len(status.answers))
    if action == "extend":
        extension = DeadlineExtension(deadline=_when(str(form.get("deadline", "")), "deadline"))
        status = await service.extend_round(client, draft_id, extension)
        return page.t("msg_extended", d=f"{status.deadline:%Y-%m-%d %H:%M}")
    if action == "reissue":
        status = await service.current_round(client, draft_id)
        body = {"workflow_id": status.round_id, "participant_id": form.get("participant_id", "")}
        await reviewers.reissue_link(
            client, db, settings, service.parse(reviewers.LinkReissue, body)
        )
        return page.t("msg_reissued", p=body["participant_id"])
    if action == "close":
        await service.close_round(client, draft_id, service.CloseRequest())
        return page.t("msg_closing")
    raise service.Invalid("unknown action")


@pages.post("/drafts/{draft_id}", response_class=HTMLResponse)
async def draft_action(
    draft_id: str, request: Request, db: SessionDep, client: ClientDep, settings: SettingsDep
) -> Response:
    page = page_for(request, db)
    form = await form_of(request)
    try:
        _writer(page)
        await _own_draft(page, client, draft_id)
        message = await _act(page, db, client, settings, draft_id, form)
    except Exception as e:  # noqa: BLE001 - every failure is shown on the page
        error, code = _failure(e)
        if code == 404:
            raise
        return await _draft_page(page, db, client, settings, draft_id, code, error=error)
    return page.done(f"/drafts/{draft_id}", message)


# ---------------------------------------------------------------- boards


@pages.get("/board", response_class=HTMLResponse)
def status_board(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    return page.render(
        "board.html", entries=board.status_board(db), profiles=board.profile_board(db)
    )


# ---------------------------------------------------------------- meetings


def _meetings_page(page: Page, db: Session, status_code: int = 200, **values: Any) -> Response:
    meetings = db.scalars(select(Meeting).order_by(Meeting.starts_at.desc())).all()
    return page.render(
        "meetings.html",
        status_code,
        meetings=meetings,
        kinds=list(MeetingKind),
        form=values.pop("form", {}),
        **values,
    )


@pages.get("/meetings", response_class=HTMLResponse)
def meetings(request: Request, db: SessionDep) -> Response:
    return _meetings_page(page_for(request, db), db)


@pages.post("/meetings", response_class=HTMLResponse)
async def create_meeting(
    request: Request, db: SessionDep, client: ClientDep, settings: SettingsDep
) -> Response:
    page = page_for(request, db)
    form = await form_of(request)
    try:
        _secretariat(page)
        body = {
            "kind": form.get("kind"),
            "title": form.get("title", ""),
            "place": form.get("place", ""),
            "starts_at": _when(str(form.get("starts_at", "")), "start"),
        }
        status = await service.create_meeting(
            client, db, settings, service.parse(MeetingCreate, body)
        )
    except Exception as e:  # noqa: BLE001
        error, code = _failure(e)
        return _meetings_page(page, db, code, error=error, form=form)
    return page.done(
        f"/meetings/{status.meeting_id}", page.t("msg_meeting_created", title=status.title)
    )


async def _meeting_page(
    page: Page, db: Session, client: Any, meeting_id: str, status_code: int = 200, **values: Any
) -> Response:
    status = await service.meeting_status(client, meeting_id)
    on_agenda = {item.draft.draft_id for item in status.agenda}
    ready = [
        d
        for d in db.scalars(
            select(Draft).where(Draft.phase == Phase.REVISION.value).order_by(Draft.title)
        )
        if d.id not in on_agenda
    ]
    return page.render(
        "meeting.html",
        status_code,
        meeting=status,
        ready=ready,
        decisions=list(Decision),
        artifacts=list_artifacts(db, meeting_id=meeting_id),
        is_secretariat=page.principal is not None and page.principal.role == Role.SECRETARIAT,
        **values,
    )


@pages.get("/meetings/{meeting_id}", response_class=HTMLResponse)
async def meeting_page(
    meeting_id: str, request: Request, db: SessionDep, client: ClientDep
) -> Response:
    page = page_for(request, db)
    try:
        return await _meeting_page(page, db, client, meeting_id)
    except service.NotFound:
        raise HTTPException(404, f"no meeting {meeting_id}") from None


@pages.post("/meetings/{meeting_id}", response_class=HTMLResponse)
async def meeting_action(
    meeting_id: str, request: Request, db: SessionDep, client: ClientDep
) -> Response:
    page = page_for(request, db)
    form = await form_of(request)
    try:
        _secretariat(page)
        action = form.get("action")
        if action == "agenda":
            await service.request_endorsement(
                client,
                db,
                str(form.get("draft_id", "")),
                EndorsementRequest(route="meeting", meeting_id=meeting_id),  # type: ignore[arg-type]
            )
            message = page.t("msg_on_agenda")
        elif action == "decide":
            decision = service.parse(
                DecisionInput,
                {
                    "draft_id": form.get("draft_id"),
                    "decision": form.get("decision"),
                    "notes": form.get("notes", ""),
                    "reservations": [
                        x.strip() for x in str(form.get("reservations", "")).split(",") if x.strip()
                    ],
                },
            )
            await service.record_decision(client, meeting_id, decision)
            message = page.t("msg_decided", decision=page.t.enum(decision.decision))
        elif action == "close":
            await service.close_meeting(
                client, meeting_id, MeetingClose(summary=str(form.get("summary", "")))
            )
            message = page.t("msg_meeting_closed")
        else:
            raise service.Invalid("unknown action")
    except Exception as e:  # noqa: BLE001
        error, code = _failure(e)
        if isinstance(e, service.NotFound) and meeting_id in str(e):
            raise HTTPException(404, f"no meeting {meeting_id}") from None
        return await _meeting_page(page, db, client, meeting_id, code, error=error)
    return page.done(f"/meetings/{meeting_id}", message)


# ---------------------------------------------------------------- registry and outbox


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


@pages.get("/registry", response_class=HTMLResponse)
def registry_page(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    _secretariat(page)
    return _registry_page(page, db)


@pages.post("/registry", response_class=HTMLResponse)
async def registry_import(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    _secretariat(page)
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


@pages.get("/outbox", response_class=HTMLResponse)
def outbox(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    _secretariat(page)
    status = request.query_params.get("status") or None
    query = select(Notice).order_by(Notice.created_at.desc(), Notice.id.desc()).limit(200)
    if status in ("pending", "sent", "failed"):
        query = query.where(Notice.status == status)
    return page.render("outbox.html", notices=db.scalars(query).all(), status=status)
