"""A draft's timeline as people read it: each event once, worded in the page's language from its
kind and parameters (`Event.details`), who acted by name, newest first, searchable and in pages.

Events written before the parameters were stored show their English summary. A round's opening
and closing are written by both the draft and the round workflows: the two lines are one here
(the early close by the Secretariat and the close that follows it too)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from models.db import Event
from ppflow import service
from ppflow.acting import SECRETARIAT
from web.i18n import UI

if TYPE_CHECKING:
    from web.pages.common import Page

PER_PAGE = 50
_ROUND = re.compile(r"\b(?:round|Round) (\d+)\b")
_MERGED = ("round_opened", "round_closed")  # written by the draft and by the round


@dataclass
class Line:
    at: datetime
    kind: str
    summary: str
    actor: str | None
    details: dict[str, str] = field(default_factory=dict)
    text: str = ""
    who: str = ""


@dataclass
class Timeline:
    lines: list[Line]  # this page's lines, newest first
    total: int  # lines found (after the search)
    all: int  # lines in all
    page: int
    pages: int
    q: str

    def link(self, page: int) -> str:
        from urllib.parse import urlencode

        query = {"tl_q": self.q} if self.q else {}
        return "?" + urlencode({**query, "tl_page": page}) + "#timeline"


def _round_of(event: Event) -> str | None:
    details = event.details or {}
    if "round" in details:
        return details["round"]
    found = _ROUND.search(event.summary)
    return found.group(1) if found else None


def once(events: list[Event]) -> list[Line]:
    """The events in order, each said once (a round's opening and closing merged)."""
    lines: list[Line] = []
    merged: dict[tuple[str, str], Line] = {}
    closing: Line | None = None  # an early close, shown with the close that follows
    for e in events:
        line = Line(e.at, e.kind, e.summary, e.actor, dict(e.details or {}))
        number = _round_of(e)
        if e.kind in _MERGED and number is not None:
            key = (e.kind, number)
            if key in merged:  # the second writer: its parameters and actor fill the gaps
                first = merged[key]
                first.details = {**line.details, **first.details}
                first.actor = first.actor or line.actor
                if len(line.summary) > len(first.summary):  # the fuller one (reservations)
                    first.summary = line.summary
                continue
            merged[key] = line
        if e.kind == "round_closing":
            closing = line
        elif e.kind == "round_closed" and closing is not None:
            lines.remove(closing)
            line.actor = line.actor or closing.actor
            closing = None
        lines.append(line)
    return lines


def who(actor: str | None, t: UI, pname: Callable[[str | None], str]) -> str:
    """The one who acted, by name: a participant's name, or "Secretariat (user)"."""
    if not actor:
        return ""
    if actor == SECRETARIAT or actor == "secretariat-token":
        return t("lg_secretariat")
    if actor.startswith(SECRETARIAT + ":"):
        user = actor.split(":", 1)[1]
        if user in ("", "secretariat-token"):
            return t("lg_secretariat")
        return f"{t('lg_secretariat')} ({user})"
    return pname(actor)


def _moment(value: str) -> str:
    try:
        return f"{datetime.fromisoformat(value):%Y-%m-%d %H:%M} UTC"
    except ValueError:
        return value


def words(line: Line, t: UI, pname: Callable[[str | None], str]) -> str:
    """The line in the page's language; the stored summary when its kind or parameters are
    not known here (an older event)."""
    d = line.details
    try:
        if line.kind == "draft_started":
            return t("lg_ev_draft_started", type=t.enum(d["type"]))
        if line.kind == "round_opened":
            text = t("lg_ev_round_opened", round=d["round"], version=d["version"])
            if "invited" in d:
                text += t("lg_ev_invited", n=d["invited"])
            if "deadline" in d:
                text += t("lg_ev_deadline", d=_moment(d["deadline"]))
            return text
        if line.kind == "round_closed":
            text = t(
                "lg_ev_round_closed",
                round=d["round"],
                outcome=t.enum(d["outcome"]),
                answered=d["answered"],
                invited=d["invited"],
            )
            names = [pname(p) for p in d.get("reservations", "").split(",") if p]
            if names:
                text += t("lg_ev_reservations", names=", ".join(names))
            return text
        if line.kind == "round_closing":
            return t("lg_ev_round_closing", round=d["round"])
        if line.kind == "answer_received":
            key = "lg_ev_answer_changed" if d.get("changed") else "lg_ev_answer"
            return t(key, position=t.enum(d["position"]), n=d["comments"])
        if line.kind == "reminder_sent":
            return t("lg_ev_reminder", round=d["round"], n=d["waiting"])
        if line.kind == "deadline_extended" and "procedure" in d:
            return t("lg_ev_silence_extended", d=_moment(d["deadline"]))
        if line.kind == "deadline_extended":
            return t("lg_ev_extended", round=d["round"], d=_moment(d["deadline"]))
        if line.kind == "silence_opened":
            return t("lg_ev_silence_opened", version=d["procedure"], d=_moment(d["deadline"]))
        if line.kind == "silence_closed":
            return t("lg_ev_silence_closed", outcome=t(f"lg_silence_{d['outcome']}"))
        if line.kind == "silence_broken":
            return t("lg_ev_silence_broken", reason=d["reason"])
        if line.kind == "comments_resolved":
            return t("lg_ev_resolved", done=d["resolved"], open=d["open"])
        if line.kind == "revision_submitted":
            return t("lg_ev_revision", version=d["version"], n=d["sections"])
        if line.kind == "endorsement_requested":
            text = t("lg_ev_endorsement", version=d["version"], route=t.enum(d["route"]))
            if "deadline" in d:
                text += t("lg_ev_until", d=_moment(d["deadline"]))
            return text
        if line.kind == "decision":
            text = t("lg_ev_decision", version=d["version"], decision=t.enum(d["decision"]))
            return text + (f" ({d['notes']})" if d.get("notes") else "")
        if line.kind == "draft_withdrawn":
            return t("lg_ev_withdrawn", reason=d["reason"])
    except KeyError:  # an older event, without its parameters
        pass
    return line.summary


def draft_timeline(page: Page, db: Session, draft_id: str) -> Timeline:
    """The draft page's timeline: the page and the search its GET parameters ask for."""
    params = page.request.query_params
    pname = page.values["pname"]
    number = page_number(params.get("tl_page"))
    return timeline_of(db, draft_id, page.t, pname, params.get("tl_q", ""), number)


def timeline_of(
    db: Session,
    draft_id: str,
    t: UI,
    pname: Callable[[str | None], str],
    q: str = "",
    page: int = 1,
) -> Timeline:
    """One page of the draft's timeline, newest first, the lines that contain `q` (any case;
    the words as shown, who acted included)."""
    lines = once(service.draft_events(db, draft_id))
    for line in lines:
        line.text = words(line, t, pname)
        line.who = who(line.actor, t, pname)
    lines.reverse()
    everything = len(lines)
    q = q.strip()[:200]
    if q:
        needle = q.casefold()
        lines = [x for x in lines if needle in f"{x.text} {x.who}".casefold()]
    pages = max(1, math.ceil(len(lines) / PER_PAGE))
    page = min(max(1, page), pages)
    shown = lines[(page - 1) * PER_PAGE : page * PER_PAGE]
    return Timeline(shown, len(lines), everything, page, pages, q)


def page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 100_000))
    except ValueError:
        return 1
