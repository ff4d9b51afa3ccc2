"""What the outbox asks the read model about its readers: participants' names in each language,
who already heard of a decision, a meeting's calendar entry."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from mail.calendar import meeting_ics
from mail.render import ICS, MAIL_DOMAIN, SEED_NAMES, Attachment
from models.activity_io import NoticeRequest
from models.db import AgendaItemRow, Draft, Invitation, Meeting, Notice, Participant, Round
from models.domain import Language, NoticeKind


def participant_names(session: Session) -> dict[Language, dict[str, str]]:
    """Every participant's name by id, in English and Russian (the seed's when a row has none)."""
    names = {lang: dict(SEED_NAMES[lang]) for lang in Language}
    for p in session.scalars(select(Participant)):
        names[Language.EN][p.id] = p.name or names[Language.EN].get(p.id, p.id)
        names[Language.RU][p.id] = p.name_ru or p.name or names[Language.RU].get(p.id, p.id)
    return names


def draft_participants(session: Session, draft_id: str) -> set[str]:
    """Lead, co-leads and everyone invited to a comment round of the draft: those the draft
    itself tells of a meeting's decision (workflows/draft_notices.py)."""
    draft = session.get(Draft, draft_id)
    if draft is None:
        return set()
    found = {draft.lead_state, *filter(None, draft.co_lead_states.split(","))}
    found |= set(
        session.scalars(
            select(Invitation.participant_id)
            .join(Round, Round.id == Invitation.round_id)
            .where(Round.draft_id == draft_id, Round.kind == "comment_round")
        )
    )
    return {p.strip() for p in found}


def already_told(session: Session, request: NoticeRequest) -> set[str]:
    """Participants a meeting's conclusions would only repeat decisions to: each draft decided
    there mails its own participants its decision, so one decision is one mail per reader.
    Whoever took part in every decided draft is left out of the conclusions mail."""
    if request.kind != NoticeKind.DECISION or request.draft_id or not request.meeting_id:
        return set()
    decided = [i.draft_id for i in request.context.items if i.decision and i.draft_id]
    if not decided or len(decided) < len(request.context.items):
        return set()
    told: set[str] | None = None
    for draft_id in decided:
        these = draft_participants(session, draft_id)
        told = these if told is None else told & these
    return told or set()


def calendar_entry(session: Session, row: Notice, url: str | None = None) -> list[Attachment]:
    """The meeting of an agenda mail as an .ics (its SEQUENCE: the how-many-th agenda sent; its
    URL: the meeting's page)."""
    meeting = session.get(Meeting, row.meeting_id)
    if meeting is None:
        return []
    sends = re.search(r":agenda-(\d+)-", row.notice_key)
    titles = list(
        session.scalars(
            select(Draft.title)
            .join(AgendaItemRow, AgendaItemRow.draft_id == Draft.id)
            .where(AgendaItemRow.meeting_id == meeting.id)
            .order_by(AgendaItemRow.requested_at, AgendaItemRow.id)
        )
    )
    content = meeting_ics(
        uid=f"{meeting.id}@{MAIL_DOMAIN}",
        title=meeting.title,
        place=meeting.place,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        items=titles,
        sequence=int(sends.group(1)) if sends else 0,
        now=row.created_at,
        url=url,
    )
    return [(content, f"{meeting.id}.ics", ICS)]
