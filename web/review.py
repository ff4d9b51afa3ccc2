"""The pages a personal link opens (no account): the draft by section, what changed since the
last round, the answer form with save-and-come-back, an annotated .docx instead, the receipt.

Opening a page records nothing (mail scanners open links); every form is a POST with a CSRF
field signed for that one link.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, UploadFile
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.activity_io import NoticeContext, NoticeRequest
from models.api import CommentInput, Finding, FindingsSubmit, ReviewerAnswer
from models.contracts.comment_round import AnswerReceipt
from models.contracts.draft import DraftState
from models.db import SavedAnswer
from models.domain import ArtifactKind, CommentKind, Language, NoticeKind, Position
from models.links import DOCUMENT_SALT, LinkError, check_csrf, csrf_token, sign
from models.settings import Settings
from ppflow import answers, documents, reviewers, service
from ppflow.answers import ReviewerContext
from web.deps import ClientDep, SessionDep, SettingsDep
from web.explain import message_of, say
from web.i18n import UI
from web.templating import page, ui_of
from web.word import read_upload
from word import diff

router = APIRouter(include_in_schema=False)


def _changes(state: DraftState) -> tuple[int | None, dict[str, str | None]]:
    """Since the version the previous round was on: changed sections (their old text) and new
    ones (None)."""
    earlier = [r.version for r in state.rounds if r.version < state.version]
    if not earlier:
        return None, {}
    before = next(v for v in state.versions if v.number == earlier[-1])
    old = {s.id: s for s in before.sections}
    changed: dict[str, str | None] = {}
    for s in state.current_sections:
        if s.id not in old:
            changed[s.id] = None
        elif (old[s.id].title, old[s.id].text) != (s.title, s.text):
            changed[s.id] = old[s.id].text
    return earlier[-1], changed


def _download(settings: Settings, state: DraftState, language: Language) -> str | None:
    """A signed link to the current draft's .docx, in the reader's language when there is one."""
    files = [
        a
        for a in state.artifacts
        if a.kind == ArtifactKind.DRAFT_VERSION and a.version == state.version
    ]
    chosen = next((a for a in files if a.language == language), files[0] if files else None)
    return f"/documents/{sign(settings, DOCUMENT_SALT, chosen.artifact_id)}" if chosen else None


def _prefill(answer: ReviewerAnswer | None) -> dict[str, str]:
    """Form fields from an answer (the recorded one, a saved one, or one read from a file)."""
    if answer is None:
        return {}
    fields = {"position": answer.position.value, "reason": answer.reason or ""}
    for c in answer.comments:
        key = c.section_id or ""
        name = f"comment_{key}" if key else "comment"
        fields[name] = (fields.get(name, "") + "\n\n" + c.text).strip()
        if c.proposed_text and key:
            fields[f"proposed_{key}"] = c.proposed_text
        if c.quote and key:
            fields[f"quote_{key}"] = c.quote
    return fields


def _form_answer(
    form: dict[str, str], sections: dict[str, str], t: UI | None = None
) -> ReviewerAnswer:
    """The answer a form holds (`sections`: each section's text by id, as the page shows it);
    a proposed text sent without a comment is kept, with a comment saying so; a proposed text
    left as the section's text is no proposal; a quote must be a passage of its section."""
    t = t or UI(Language.EN)
    comments = []
    for n, (sid, text) in enumerate(sections.items(), start=1):
        proposed = form.get(f"proposed_{sid}") or None
        if proposed is not None and diff.same_text(proposed, text):
            proposed = None
        quote = " ".join(form.get(f"quote_{sid}", "").split()) or None
        if not (form.get(f"comment_{sid}") or proposed):
            if quote is not None:
                raise service.Invalid(t("cp_quote_alone", n=n))
            continue
        if quote is not None and not diff.quote_in(quote, text):
            raise service.Invalid(t("cp_quote_not_found", n=n))
        comments.append(
            CommentInput(
                section_id=sid,
                text=form.get(f"comment_{sid}") or t("proposal_only"),
                proposed_text=proposed,
                quote=quote,
            )
        )
    if form.get("comment"):
        comments.append(CommentInput(text=form["comment"]))
    try:
        position = Position(form.get("position", ""))
    except ValueError:
        raise service.Invalid("choose a position") from None
    return ReviewerAnswer(position=position, reason=form.get("reason") or None, comments=comments)


def _saved(db: Session, workflow_id: str, email: str) -> SavedAnswer | None:
    return db.scalar(select(SavedAnswer).filter_by(workflow_id=workflow_id, email=email))


async def _context(
    client: Any, db: Session, settings: Settings, reviewer: ReviewerContext, request: Request
) -> dict[str, Any]:
    """Everything the link's page shows, for a link checked already."""
    context = await answers.review(client, reviewer)
    state: DraftState = context["state"]
    token = reviewer.token
    language = reviewer.language
    asked = request.query_params.get("lang")
    keep = ""  # a language the reader chose stays chosen after each form
    if asked in ("en", "ru"):
        language = Language(asked)
        keep = f"?lang={asked}"
    previous, changed = _changes(state)
    saved = _saved(db, context["workflow_id"], context["email"])
    fields = json.loads(saved.form) if saved else _prefill(context["my_answer"])
    sections, _ = state.sections_in(language)
    if context["closed"]:  # the version this round was on, not a later one
        sections = context["sections"]
    return {
        **context,
        "language": language.value,
        "sections": sections,
        "previous_version": previous,
        "changed": changed,
        "fields": fields,
        "saved_at": saved.saved_at if saved else None,
        "download_url": _download(settings, state, language),
        "csrf": csrf_token(settings, token),
        "handoff_url": f"/review/{token}/handoff{keep}",
        "word_url": f"/review/{token}/word{keep}",
        "form_url": f"/review/{token}{keep}",
        "positions": list(Position),
        # This showing of the form: sending it twice records one answer, a new showing a new one.
        "submission": uuid.uuid4().hex,
    }


def _submission(form: dict[str, str]) -> str | None:
    """The form's submission key, when it is one this page made (32 hex digits)."""
    key = form.get("submission", "")
    return key if re.fullmatch(r"[0-9a-f]{32}", key) else None


@router.get("/review/{token}", response_class=HTMLResponse)
async def review_page(
    token: str, request: Request, client: ClientDep, db: SessionDep, settings: SettingsDep
) -> Any:
    """The page a personal link opens. Opening it records nothing (mail scanners open links)."""
    try:
        reviewer = answers.reviewer(db, settings, token)
        context = await _context(client, db, settings, reviewer, request)
    except service.ServiceError as e:
        return page(request, "review.html", {"error": e.message}, e.status_code)
    return page(request, "review.html", context)


async def form_page(
    request: Request,
    name: str,
    settings: Settings,
    token: str,
    act: Callable[[dict[str, str]], Awaitable[str | dict[str, Any]]],
    context: Callable[[], Awaitable[dict[str, Any]]] | None = None,
) -> Response:
    """A link page's form: the CSRF field first, then `act`; any refusal is the page (with the
    form again when `context` can rebuild it) and its reason (403 for the link, 422 for the
    input, the service's status otherwise)."""
    raw = await request.form()
    form = {k: str(v).strip() for k, v in raw.items() if isinstance(v, str) and v.strip()}
    try:
        check_csrf(settings, token, form.get("csrf"))
        done = await act(form)
    except LinkError as e:
        return page(request, name, {"error": str(e)}, 403)
    except (ValidationError, ValueError, service.ServiceError) as e:
        code = e.status_code if isinstance(e, service.ServiceError) else 422
        again: dict[str, Any] = {}
        if context is not None and code in (409, 422):
            try:
                again = await context()
                again["fields"] = form
            except service.ServiceError:
                again = {}
        t = ui_of(request, again)  # the link holder's language: fields by their label
        message = message_of(e, t) or say(str(e), t)
        return page(request, name, {**again, "error": message}, code)
    if isinstance(done, dict):
        return page(request, name, done)
    return page(request, name, {"done": done})


Act = Callable[[ReviewerContext, dict[str, str]], Awaitable[str | dict[str, Any]]]


async def link_form_page(
    request: Request,
    name: str,
    db: Session,
    settings: Settings,
    token: str,
    act: Act,
    context: Callable[[ReviewerContext], Awaitable[dict[str, Any]]] | None = None,
) -> Response:
    """A form of a personal link's page (`form_page`): after its CSRF field, the link is checked
    once and `act` (and `context`, to show the form again) get what the check found."""
    checked: list[ReviewerContext] = []

    async def act_checked(form: dict[str, str]) -> str | dict[str, Any]:
        checked.append(answers.reviewer(db, settings, token))
        return await act(checked[0], form)

    async def again() -> dict[str, Any]:
        if context is None or not checked:  # a refusal before the check shows no form
            raise service.Forbidden("this link was not checked")
        return await context(checked[0])

    rebuild = again if context is not None else None
    return await form_page(request, name, settings, token, act_checked, rebuild)


async def _send_receipt(
    client: Any,
    settings: Settings,
    reviewer: ReviewerContext,
    context: dict[str, Any],
    receipt: AnswerReceipt,
    answer: ReviewerAnswer,
) -> None:
    """A receipt mail to the one who answered (once per revision of the answer), in the words
    of the language it is read in."""
    t = UI(reviewer.language)
    general = t.enum(CommentKind.GENERAL)
    titles = {s.id: f"{i}. {s.title}" for i, s in enumerate(context["sections"], start=1)}
    lines = [
        f"{titles.get(c.section_id, general) if c.section_id else general}: {c.text}"
        for c in answer.comments
    ]
    draft = context["draft"]
    status = context["status"]
    await reviewers.send_notice(
        client,
        settings,
        NoticeRequest(
            notice_key=f"receipt:{receipt.round_id}:{context['email']}:{receipt.revision}",
            kind=NoticeKind.ANSWER_RECEIPT,
            recipients=[],
            addresses=[context["email"]],
            link_participant_id=context["participant_id"],
            draft_id=draft.draft_id,
            context=NoticeContext(
                draft_title=draft.title,
                reference=draft.reference,
                version=context["version"],
                round_number=status.number,
                deadline=status.deadline,
                summary=t("receipt_summary", position=t.enum(receipt.position), n=receipt.comments),
                reason=answer.reason,
                changes=lines,
            ),
        ),
    )


@router.post("/review/{token}", response_class=HTMLResponse)
async def review_form(
    token: str, request: Request, client: ClientDep, db: SessionDep, settings: SettingsDep
) -> Any:
    """Save for later, or send: what the JSON API takes, from the link page's plain form."""

    async def rebuild(reviewer: ReviewerContext) -> dict[str, Any]:
        return await _context(client, db, settings, reviewer, request)

    async def act(reviewer: ReviewerContext, form: dict[str, str]) -> str | dict[str, Any]:
        context = await rebuild(reviewer)
        sections = [s.id for s in context["sections"]]
        if reviewer.kind == "round":
            if form.get("intent") == "save":
                return _save(db, context, form)
            t = UI(Language(context["language"]))
            answer = _form_answer(form, {s.id: s.text for s in context["sections"]}, t)
            receipt = await answers.answer(client, reviewer, answer, _submission(form))
            saved = _saved(db, context["workflow_id"], context["email"])
            if saved is not None:
                db.delete(saved)
                db.commit()
            await _send_receipt(client, settings, reviewer, context, receipt, answer)
            return {**context, "receipt": receipt, "answer": answer, "fields": _prefill(answer)}
        if reviewer.kind == "silence":
            if form.get("confirmed") != "yes" and form.get("reason"):  # asks first: for good
                return {**context, "confirm_break": True, "fields": form}
            await answers.break_silence(client, reviewer, form.get("reason", ""), _submission(form))
            return "You broke the silence; the draft goes back to its drafting state."
        findings = FindingsSubmit(
            findings=[
                Finding(section_id=sid, text=form[f"finding_{sid}"])
                for sid in sections
                if form.get(f"finding_{sid}")
            ]
        )
        await answers.submit_findings(client, reviewer, findings, _submission(form))
        return f"Your {len(findings.findings)} finding(s) are recorded. Thank you."

    return await link_form_page(request, "review.html", db, settings, token, act, rebuild)


def _save(db: Session, context: dict[str, Any], form: dict[str, str]) -> dict[str, Any]:
    """Keep the form as it is, to finish later with the same link; nothing is sent."""
    if not context["status"].open:
        raise service.Conflict("the round is closed")
    fields = {k: v[:20_000] for k, v in form.items() if k != "csrf" and k != "intent"}
    saved = _saved(db, context["workflow_id"], context["email"])
    if saved is None:
        saved = SavedAnswer(workflow_id=context["workflow_id"], email=context["email"], form="")
        db.add(saved)
    saved.form = json.dumps(fields)
    saved.saved_at = datetime.now(UTC)
    db.commit()
    note = UI(Language(context["language"]))("saved_answer")
    return {**context, "fields": fields, "saved_at": saved.saved_at, "notice": note}


@router.post("/review/{token}/word", response_class=HTMLResponse)
async def review_from_word(
    token: str,
    request: Request,
    file: UploadFile,
    client: ClientDep,
    db: SessionDep,
    settings: SettingsDep,
) -> Any:
    """An annotated draft read into the form, for the reviewer to check and send."""

    async def rebuild(reviewer: ReviewerContext) -> dict[str, Any]:
        return await _context(client, db, settings, reviewer, request)

    async def act(reviewer: ReviewerContext, form: dict[str, str]) -> dict[str, Any]:
        try:
            content = await read_upload(file)
        except HTTPException as e:
            raise service.Invalid(str(e.detail)) from e
        if reviewer.kind != "round":
            raise service.Invalid("an annotated Word file answers a comment round only")
        context = await rebuild(reviewer)
        proposal = await asyncio.to_thread(
            documents.proposal_from_word, content, context["sections"]
        )
        note = UI(Language(context["language"]))("from_word", n=len(proposal.comments))
        return {**context, "fields": _prefill(proposal), "notice": note}

    return await link_form_page(request, "review.html", db, settings, token, act, rebuild)
