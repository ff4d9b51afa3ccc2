"""Irreversible actions ask first. A form posts its action; unless it carries `confirmed=yes`
the server answers with a page that says what will happen (who can no longer answer, who gets
mail), holding the posted fields to send again with `confirmed=yes` (and the CSRF token, checked
by `form_of` as for any post), or a link back that does nothing. No JavaScript needed."""

from __future__ import annotations

from typing import Any, NoReturn

from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from models.contracts.meeting import MeetingStatus
from models.db import Meeting
from ppflow import lists, service
from web.pages.common import Page, Posted
from workflows.draft_state import participants

ASKED_FIELDS_SKIPPED = ("csrf", "confirmed")


class Asked(Exception):
    """Not done yet: the page that asks (the route returns it)."""

    def __init__(self, response: HTMLResponse) -> None:
        super().__init__("confirmation asked")
        self.response = response


def confirmed(form: Posted) -> bool:
    return form.get("confirmed") == "yes"


def names(page: Page, ids: list[str], most: int = 12) -> str:
    """Participants by name in the page's language, the first `most` of them then "…"."""
    pname = page.values.get("pname")
    return _some(page, [pname(i) if callable(pname) else i for i in ids], most)


def _some(page: Page, items: list[str], most: int) -> str:
    """The first `most` items, then how many more ("A, B and 7 more")."""
    shown = ", ".join(items[:most])
    return shown + (page.t("ls_and_more", n=len(items) - most) if len(items) > most else "")


def ask(
    page: Page,
    form: Posted,
    *,
    title: str,
    consequences: list[str],
    button: str,
    back: str,
    subject: str = "",
) -> NoReturn:
    """Stop here with the confirmation page, unless the form is already confirmed."""
    fields = [
        (key, value)
        for key, values in form.lists.items()
        if key not in ASKED_FIELDS_SKIPPED
        for value in values
        if isinstance(value, str)
    ]
    raise Asked(
        page.render(
            "confirm_action.html",
            title=title,
            subject=subject,
            consequences=consequences,
            fields=fields,
            button=button,
            back=back,
        )
    )


def mail_lines(page: Page, db: Session, participant_ids: list[str]) -> list[str]:
    """Who a notice to these participants reaches (the first contact of each), and who not."""
    reach = lists.reach(db, participant_ids)
    if not reach.emails:
        return [page.t("ls_no_mail")]
    shown = _some(page, reach.emails, 8)
    lines = [page.t("ls_mail_to", n=len(reach.emails), who=shown)]
    if reach.without_contact:
        lines.append(page.t("ls_no_contact", who=names(page, reach.without_contact)))
    return lines


async def close_round(page: Page, db: Session, client: Any, draft_id: str, form: Posted) -> None:
    """Ask before closing the open round now: who has not answered, who gets mail."""
    if confirmed(form):
        return
    status = await service.current_round(client, draft_id)
    draft = await service.draft_status(client, draft_id)
    missing = status.not_answered
    t = page.t
    first = (
        t("ls_close_missing", n=status.number, count=len(missing), who=names(page, missing))
        if missing
        else t("ls_close_all", n=status.number)
    )
    ask(
        page,
        form,
        title=t("ls_close_title", n=status.number),
        consequences=[first, t("ls_close_after"), *mail_lines(page, db, status.invitees)],
        button=t("ls_close_button"),
        back=f"/drafts/{draft_id}#round",
        subject=draft.state.meta.title,
    )


def reissue(page: Page, db: Session, form: Posted, draft_id: str, participant_id: str) -> None:
    """Ask before sending a participant a new link (the old one stops working)."""
    if confirmed(form):
        return
    contacts = lists.contacts_of(db, [participant_id]).get(participant_id)
    if not contacts:
        raise service.Invalid("this participant has no contact in the registry")
    who = names(page, [participant_id])
    ask(
        page,
        form,
        title=page.t("ls_reissue_title", who=who),
        consequences=[
            page.t("ls_reissue_old", who=who),
            page.t("ls_reissue_mail", email=contacts[0].email),
        ],
        button=page.t("ls_reissue_button"),
        back=f"/drafts/{draft_id}#round",
    )


async def withdraw_draft(
    page: Page, db: Session, client: Any, draft_id: str, form: Posted, reason: str
) -> None:
    """Ask before withdrawing a draft: what ends, and who is told."""
    if confirmed(form):
        return
    status = await service.draft_status(client, draft_id)
    t = page.t
    lines = [t("ls_withdraw_ends")]
    if status.open_round is not None:
        live = await service.current_round(client, draft_id)
        lines.append(t("ls_withdraw_round", n=live.number, count=len(live.not_answered)))
    lines.append(t("ls_withdraw_reason_line", reason=reason))
    lines += mail_lines(page, db, participants(status.state))
    ask(
        page,
        form,
        title=t("ls_withdraw_title", title=status.state.meta.title),
        consequences=lines,
        button=t("ls_withdraw_button"),
        back=f"/drafts/{draft_id}#withdraw",
    )


async def decide(
    page: Page, db: Session, client: Any, meeting: MeetingStatus, form: Posted, decision: Any
) -> None:
    """Ask before recording a meeting's decision on a draft: it is for good, and told."""
    if confirmed(form):
        return
    item = next((i for i in meeting.agenda if i.draft.draft_id == decision.draft_id), None)
    if item is None:
        raise service.Invalid("that draft is not on the agenda of this meeting")
    told: list[str] = []
    try:
        told = participants((await service.draft_status(client, decision.draft_id)).state)
    except service.ServiceError:
        pass
    t = page.t
    ask(
        page,
        form,
        title=t("ls_decide_title", decision=t.enum(decision.decision), title=item.draft.title),
        consequences=[t("ls_decide_final"), t("ls_decide_told"), *mail_lines(page, db, told)],
        button=t("ls_decide_button"),
        back=f"/meetings/{meeting.meeting_id}#agenda",
    )


def close_meeting(page: Page, db: Session, meeting: MeetingStatus, form: Posted) -> None:
    """Ask before closing a meeting: the items deferred, the conclusions and who gets them."""
    if confirmed(form):
        return
    t = page.t
    open_items = [i.draft.title for i in meeting.agenda if i.decision is None]
    first = (
        t("ls_meeting_undecided", count=len(open_items), which="; ".join(open_items))
        if open_items
        else t("ls_meeting_all_decided")
    )
    ask(
        page,
        form,
        title=t("ls_meeting_close_title", title=meeting.title),
        consequences=[first, t("ls_meeting_conclusions"), *mail_lines(page, db, meeting.invitees)],
        button=t("ls_meeting_close_button"),
        back=f"/meetings/{meeting.meeting_id}",
    )


def withdraw_plan(page: Page, db: Session, view: Any, form: Posted, reason: str) -> None:
    """Ask before withdrawing an Action Plan: what ends, which parts go on alone."""
    if confirmed(form):
        return
    t = page.t
    lines = [t("ls_plan_withdraw_ends")]
    ready = [p.title for p in view.parts if p.ready and not p.withdrawn]
    if ready:
        lines.append(t("ls_plan_withdraw_parts", which="; ".join(ready)))
    meeting = db.get(Meeting, view.pending_meeting_id) if view.pending_meeting_id else None
    if meeting is not None:
        lines.append(t("ls_plan_withdraw_agenda", meeting=meeting.title))
    lines += [t("ls_withdraw_reason_line", reason=reason), t("ls_no_mail")]
    ask(
        page,
        form,
        title=t("ls_plan_withdraw_title", title=view.title),
        consequences=lines,
        button=t("ls_plan_withdraw_button"),
        back=f"/plans/{view.plan_id}",
    )
