"""A draft's text in the page (helper: text): the current text by section with the comments on
each beside it (filterable; a comment on a section changed since is marked outdated), the editor
of the next version (GET/POST /drafts/{id}/edit), and the sections of the start form.

The editor and the start form work without JavaScript: adding, removing and moving a section,
and the preview, post the form back and the page comes again with the change; the sections keep
their ids in hidden fields, so comments stay attached to them. A version submitted by someone
else meanwhile is caught (`RevisionSubmit.base_version`): the editor comes back with the text
kept (409), and the next submit, made knowingly, goes through.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from models.api import RevisionSubmit
from models.base import MAX_COMMENT, MAX_SECTIONS, Section
from models.contracts.draft import DraftComment, DraftState
from models.domain import Phase
from ppflow import service
from web.deps import ClientDep, SessionDep
from web.pages.common import Page, Posted, failure, form_of, page_for, writer

router = APIRouter(include_in_schema=False)

SHOWS = ("all", "open", "resolved")
OPEN_PHASES = (Phase.DRAFTING, Phase.REVISION)
MEANWHILE = "submitted meanwhile"  # the workflow's words for a version that came in between


# ---------------------------------------------------------------- the text with its comments


@dataclass
class CommentView:
    comment: DraftComment
    version: int | None  # the version the comment's round was on
    made_on: Section | None = None  # the section as it was then, if it has changed since

    @property
    def outdated(self) -> bool:
        return self.made_on is not None


@dataclass
class SectionView:
    number: int
    section: Section
    comments: list[CommentView] = field(default_factory=list)


@dataclass
class TextView:
    version: int
    sections: list[SectionView]
    general: list[CommentView]
    removed: list[CommentView]  # on sections no longer in the text
    authors: list[str]  # everyone who commented (the filter's choices)
    show: str
    by: str
    total: int
    shown: int

    @property
    def filtered(self) -> bool:
        return self.show != "all" or bool(self.by)


def text_view(state: DraftState, query: Mapping[str, str]) -> TextView:
    """The current text by section, each with its comments (those the query asks for: `show`
    all / open / resolved, `by` one participant); unknown query values mean "all"."""
    show = query.get("show", "all")
    show = show if show in SHOWS else "all"
    authors = sorted({c.participant_id for c in state.comments})
    by = query.get("by", "")
    by = by if by in authors else ""
    on_version = {r.number: r.version for r in state.rounds}
    texts = {(v.number, s.id): s for v in state.versions for s in v.sections}
    current = {s.id: s for s in state.current_sections}
    views = [SectionView(i, s) for i, s in enumerate(state.current_sections, start=1)]
    by_id = {v.section.id: v for v in views}
    general: list[CommentView] = []
    removed: list[CommentView] = []
    shown = 0
    for c in state.comments:
        if (show == "open" and c.disposition) or (show == "resolved" and not c.disposition):
            continue
        if by and c.participant_id != by:
            continue
        shown += 1
        version = on_version.get(c.round_number)
        view = CommentView(c, version)
        if not c.section_id:
            general.append(view)
            continue
        then = texts.get((version, c.section_id)) if version else None
        now = current.get(c.section_id)
        if now is None:  # the section was removed: the text it was made on stays readable
            view.made_on = then or _last_seen(state, c.section_id)
            removed.append(view)
            continue
        if then is not None and then.text.strip() != now.text.strip():
            view.made_on = then
        by_id[c.section_id].comments.append(view)
    return TextView(
        version=state.version,
        sections=views,
        general=general,
        removed=removed,
        authors=authors,
        show=show,
        by=by,
        total=len(state.comments),
        shown=shown,
    )


def _last_seen(state: DraftState, section_id: str) -> Section | None:
    for version in reversed(state.versions):
        for s in version.sections:
            if s.id == section_id:
                return s
    return None


# ---------------------------------------------------------------- the sections of a form


def sections_from(form: Mapping[str, Any]) -> list[dict[str, str]]:
    """The sections a form carries (`section_title_N`, `section_text_N`, `section_id_N`), in the
    order of N."""
    numbers = sorted(
        {
            int(number)
            for key in form
            if key.startswith(("section_title_", "section_text_"))
            and (number := key.rsplit("_", 1)[1]).isdigit()
            and len(number) < 6
        }
    )
    return [
        {
            "id": str(form.get(f"section_id_{n}", "") or ""),
            "title": str(form.get(f"section_title_{n}", "") or ""),
            "text": _lines(form.get(f"section_text_{n}", "")),
        }
        for n in numbers[: MAX_SECTIONS + 1]
    ]


def _lines(value: Any) -> str:
    """A text area's text with the newlines a browser sends (CR LF) as plain ones."""
    return str(value or "").replace("\r\n", "\n").replace("\r", "\n")


def apply_op(op: str, sections: list[dict[str, str]]) -> tuple[list[dict[str, str]], int | None]:
    """The sections after one button of the editor (add, remove:i, up:i, down:i; anything else
    changes nothing), and the index of the section to show."""
    name, _, arg = op.partition(":")
    if name == "add":
        if len(sections) < MAX_SECTIONS:
            sections.append({"id": "", "title": "", "text": ""})
        return sections, len(sections) - 1
    if not arg.isdigit() or int(arg) >= len(sections):
        return sections, None
    i = int(arg)
    if name == "remove":
        del sections[i]
        return sections, min(i, len(sections) - 1) if sections else None
    if name == "up" and i > 0:
        sections[i - 1], sections[i] = sections[i], sections[i - 1]
        return sections, i - 1
    if name == "down" and i < len(sections) - 1:
        sections[i + 1], sections[i] = sections[i], sections[i + 1]
        return sections, i + 1
    return sections, i


def filled(t: Any, sections: list[dict[str, str]]) -> list[dict[str, str]]:
    """The sections to send: empty ones left out; a section with text but no title refused."""
    out = []
    for number, s in enumerate(sections, start=1):
        if not s["title"] and not s["text"]:
            continue
        if not s["title"]:
            raise service.Invalid(t("tx_needs_title", n=number))
        out.append(s)
    return out


# ---------------------------------------------------------------- the editor


def _may_edit(state: DraftState) -> bool:
    return state.phase in OPEN_PHASES


def _editor(
    page: Page,
    state: DraftState,
    sections: list[dict[str, str]],
    *,
    base: int,
    note: str = "",
    status_code: int = 200,
    preview: bool = False,
    focus: int | None = None,
    conflict: int | None = None,
    **values: Any,
) -> Response:
    from web.pages import compare as comparing  # another part's page, if it is there

    routes = {getattr(r, "path", "") for r in comparing.router.routes}
    return page.render(
        "draft_edit.html",
        status_code,
        state=state,
        meta=state.meta,
        sections=sections,
        base_version=base,
        note=note,
        preview=preview,
        focus=focus,
        conflict=conflict,
        may_edit=_may_edit(state),
        comment_counts=Counter(c.section_id for c in state.comments if c.section_id),
        compare=conflict is not None and "/drafts/{draft_id}/compare" in routes,
        **values,
    )


def _not_now(page: Page, state: DraftState) -> str:
    return page.t("tx_not_now", phase=page.t.enum(state.phase))


def _current(state: DraftState) -> list[dict[str, str]]:
    return [{"id": s.id, "title": s.title, "text": s.text} for s in state.current_sections]


@router.get("/drafts/{draft_id}/edit", response_class=HTMLResponse)
async def edit(draft_id: str, request: Request, db: SessionDep, client: ClientDep) -> Response:
    from web.pages.drafts import _own_draft

    page = page_for(request, db)
    writer(page)
    state = (await _own_draft(page, client, draft_id)).state
    if not _may_edit(state):
        return _editor(
            page, state, [], base=state.version, status_code=409, error=_not_now(page, state)
        )
    return _editor(page, state, _current(state), base=state.version)


def _base(form: Posted, state: DraftState) -> int:
    given = str(form.get("base_version", ""))
    return int(given) if given.isdigit() and len(given) < 7 else state.version


@router.post("/drafts/{draft_id}/edit", response_class=HTMLResponse)
async def save(draft_id: str, request: Request, db: SessionDep, client: ClientDep) -> Response:
    from web.pages.drafts import _own_draft

    page = page_for(request, db)
    form = await form_of(request)
    writer(page)
    state = (await _own_draft(page, client, draft_id)).state
    sections = sections_from(form)
    note = _lines(form.get("note", ""))[:MAX_COMMENT]
    base = _base(form, state)
    op = str(form.get("op", "") or "submit")
    if op != "submit":
        sections, focus = apply_op(op, sections)
        more = {} if _may_edit(state) else {"error": _not_now(page, state)}  # the text stays
        return _editor(
            page,
            state,
            sections,
            base=base,
            note=note,
            preview=op == "preview",
            focus=focus,
            **more,
        )
    try:
        chosen = filled(page.t, sections)
        if not chosen:
            raise service.Invalid(page.t("tx_no_sections"))
        known = {s.id for v in state.versions for s in v.sections}
        ids = [s["id"] for s in chosen if s["id"]]
        if any(i not in known for i in ids) or len(ids) != len(set(ids)):
            raise service.Invalid(page.t("tx_bad_ids"))
        if not _may_edit(state):
            raise service.Conflict(_not_now(page, state))
        if base != state.version:
            return _conflict(page, state, sections, note, base)
        revision = service.parse(
            RevisionSubmit,
            {
                "sections": [{**s, "id": s["id"] or None} for s in chosen],
                "note": note,
                "base_version": base,
            },
        )
        info = await service.submit_revision(client, draft_id, revision)
    except service.Conflict as e:
        if MEANWHILE in e.message:  # another version came in between the check and the submit
            state = (await _own_draft(page, client, draft_id)).state
            return _conflict(page, state, sections, note, base)
        return _editor(
            page, state, sections, base=base, note=note, status_code=409, error=e.message
        )
    except Exception as e:  # noqa: BLE001 - every failure is shown on the form
        message, code = failure(e, page)
        return _editor(page, state, sections, base=base, note=note, status_code=code, error=message)
    return page.done(f"/drafts/{draft_id}#text", page.t("tx_submitted", v=info.version))


def _conflict(
    page: Page, state: DraftState, sections: list[dict[str, str]], note: str, base: int
) -> Response:
    """Someone submitted a version since this editor opened: the text comes back as it was
    typed, the editor now counts from the new version (a second submit is made knowingly)."""
    message = page.t("tx_conflict", v=state.version, base=base)
    return _editor(
        page,
        state,
        sections,
        base=state.version,
        note=note,
        status_code=409,
        conflict=base,
        error=message,
    )
