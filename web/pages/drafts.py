"""Drafts: the dashboard, a new draft, and one draft's page with everything done on it
(rounds, dispositions, revisions, endorsement; reminders, extensions, links for the
Secretariat)."""

from __future__ import annotations

import math
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
    DraftStart,
    EndorsementRequest,
    RoundOpen,
    Withdrawal,
)
from models.contracts.draft import DraftStatus
from models.db import Meeting
from models.domain import (
    Disposition,
    DocumentType,
    Language,
    ParticipantGroup,
    Phase,
    ThematicArea,
)
from models.settings import Settings
from ppflow import board, documents, procedures, projects, registry, reviewers, service
from ppflow.accounts import Role
from web.deps import ClientDep, SessionDep, SettingsDep
from web.explain import explain
from web.pages import confirm
from web.pages.bodies import body_choices, chosen_bodies
from web.pages.common import Page, Posted, failure, form_of, page_for, secretariat, when, writer
from web.timeline import draft_timeline
from web.word import read_upload
from word.store import list_artifacts
from workflows.draft_checks import standing_objections

router = APIRouter(include_in_schema=False)


@router.get("/drafts", response_class=HTMLResponse)
def dashboard(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    assert page.principal is not None
    raw = {k: v for k, v in request.query_params.items() if v and k != "lang"}
    try:
        query = board.DashboardQuery.model_validate(raw)
    except ValidationError as e:
        query = board.DashboardQuery()
        page.values["error"] = explain(e, page.t)
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
        outputs=projects.open_outputs(db, page.principal, page.t.language)
        if page.principal
        else [],
        form=values.pop("form", {}),
        sections=values.pop("sections", None) or [{"id": "", "title": "", "text": ""}],
        **values,
    )


@router.get("/drafts/new", response_class=HTMLResponse)
def new_draft(request: Request, db: SessionDep) -> Response:
    page = page_for(request, db)
    writer(page)
    return _new_draft_page(page, db)


@router.post("/drafts/new", response_class=HTMLResponse)
async def start_draft(
    request: Request, db: SessionDep, client: ClientDep, settings: SettingsDep
) -> Response:
    page = page_for(request, db)
    principal = writer(page)
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
    from web.pages import draft_text  # the sections: any number, added, removed, moved

    listed = draft_text.sections_from(form)
    op = str(form.get("op", "") or "start")
    if op != "start":  # a button of the sections editor: the form again, with the change
        listed, focus = draft_text.apply_op(op, listed)
        form.pop("file", None)
        return _new_draft_page(
            page, db, form=form, sections=listed, focus=focus, preview=op == "preview"
        )
    try:
        target = projects.output_for_new_draft(  # the pilot-project output it produces, if named
            db, principal, str(form.get("output", "")), fields["document_type"]
        )
        content = await read_upload(upload) if getattr(upload, "filename", "") else b""
        if content:
            started = await documents.start_draft_from_word(client, db, settings, fields, content)
        else:
            sections = [
                {"title": s["title"], "text": s["text"]} for s in draft_text.filled(page.t, listed)
            ]
            start = service.parse(DraftStart, {**fields, "sections": sections})
            started = await service.start_draft(client, db, settings, start)
    except Exception as e:  # noqa: BLE001 - every failure is shown on the form
        message, code = failure(e, page)
        form.pop("file", None)
        return _new_draft_page(page, db, code, error=message, form=form, sections=listed)
    if target:
        projects.attach(db, target, started.draft_id)
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
    view = board.rounds_view(state, round_status)
    from web.pages.draft_text import text_view  # the text by section, with its comments

    values.setdefault("text", text_view(state, page.request.query_params))
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
        procedure=await procedures.current(client, status),  # a written procedure under way
        rounds=view.rounds,
        objections=standing_objections(state),
        last_round=view.last,
        grid=view.grid,
        register_sections=view.sections,
        timeline=draft_timeline(page, db, draft_id),
        artifacts=list_artifacts(db, draft_id=draft_id),
        temporal_url=f"{ui}/namespaces/{settings.temporal_namespace}/workflows/{draft_id}",
        groups=list(ParticipantGroup),
        body_choices=body_choices(db, page.t.language),
        states=registry.list_participants(db),
        dispositions=list(Disposition),
        meetings=meetings,
        default_deadline=(datetime.now(UTC) + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
        may_change=page.principal.may_write,
        is_secretariat=page.principal.role == Role.SECRETARIAT,
        **values,
    )


@router.get("/drafts/{draft_id}", response_class=HTMLResponse)
async def draft_page(
    draft_id: str, request: Request, db: SessionDep, client: ClientDep, settings: SettingsDep
) -> Response:
    from web.pages.plans import is_plan

    if is_plan(db, draft_id):  # an Action Plan has a page of its own (web/pages/plans.py)
        return RedirectResponse(f"/plans/{draft_id}", status_code=303)
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
                    "bodies": chosen_bodies(form),
                },
                "deadline": when(str(form.get("deadline", "")), "deadline"),
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
        body["objections_standing"] = form.getlist("objections_standing")
        if route == "meeting":
            body["meeting_id"] = form.get("meeting_id") or None
        elif route == "with_plan":  # a part of an Action Plan: endorsed with the whole plan
            pass
        else:
            body["deadline"] = when(str(form.get("silence_deadline", "")), "silence deadline")
            if chosen_bodies(form):  # else everyone
                body["invitees"] = {"bodies": chosen_bodies(form)}
        record = await service.request_endorsement(
            client, db, draft_id, service.parse(EndorsementRequest, body)
        )
        return page.t("msg_endorsement", route=page.t.enum(record.route))
    if action == "withdraw":  # the lead state or the Secretariat; asks first (web/pages/confirm.py)
        withdrawal = service.parse(Withdrawal, {"reason": form.get("reason", "")})
        await confirm.withdraw_draft(page, db, client, draft_id, form, withdrawal.reason)
        await service.withdraw(client, draft_id, withdrawal)
        return page.t("ls_withdrawn")
    secretariat(page)
    if action == "remind":
        status = await service.remind_now(client, draft_id)
        return page.t("msg_reminded", n=len(status.invitees) - len(status.answers))
    if action == "extend":
        extension = DeadlineExtension(deadline=when(str(form.get("deadline", "")), "deadline"))
        status = await service.extend_round(client, draft_id, extension)
        return page.t("msg_extended", d=f"{status.deadline:%Y-%m-%d %H:%M}")
    if action == "extend_procedure":  # the written procedure's silence deadline
        extension = DeadlineExtension(deadline=when(str(form.get("deadline", "")), "deadline"))
        silence = await procedures.extend(client, draft_id, extension)
        return page.t("ac_msg_procedure_extended", d=f"{silence.deadline:%Y-%m-%d %H:%M}")
    if action == "reissue":
        status = await service.current_round(client, draft_id)
        body = {"workflow_id": status.round_id, "participant_id": form.get("participant_id", "")}
        confirm.reissue(page, db, form, draft_id, body["participant_id"])
        await reviewers.reissue_link(
            client, db, settings, service.parse(reviewers.LinkReissue, body)
        )
        return page.t("msg_reissued", p=page.values["pname"](body["participant_id"]))
    if action == "close":
        await confirm.close_round(page, db, client, draft_id, form)
        await service.close_round(client, draft_id, service.CloseRequest())
        return page.t("msg_closing")
    raise service.Invalid("unknown action")


@router.post("/drafts/{draft_id}", response_class=HTMLResponse)
async def draft_action(
    draft_id: str, request: Request, db: SessionDep, client: ClientDep, settings: SettingsDep
) -> Response:
    page = page_for(request, db)
    form = await form_of(request)
    try:
        writer(page)
        await _own_draft(page, client, draft_id)
        message = await _act(page, db, client, settings, draft_id, form)
    except confirm.Asked as asked:  # an irreversible action: the page that asks first
        return asked.response
    except Exception as e:  # noqa: BLE001 - every failure is shown on the page
        error, code = failure(e, page)
        if code == 404:
            raise
        return await _draft_page(page, db, client, settings, draft_id, code, error=error)
    return page.done(f"/drafts/{draft_id}", message)
