"""Long lists, a page at a time: the outbox and the registry with counts, a search and pages;
and who a notice would reach (what a confirmation page tells before an irreversible action)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from models.db import Contact, Notice, Participant

PER_PAGE = 50
STATUSES = ("pending", "sent", "failed")


class ListQuery(BaseModel):
    """What a list page takes from its address (all optional)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    q: str = Field(default="", max_length=200)
    status: Literal["pending", "sent", "failed"] | None = None
    page: int = Field(default=1, ge=1, le=100_000)


def read_query(params: dict[str, str]) -> tuple[ListQuery, list[str]]:
    """The query, with each field that does not fit dropped (its name is returned, never its
    value): a bad page number gives the first page, a bad status every status."""
    raw = {k: v for k, v in params.items() if k in ListQuery.model_fields and v}
    try:
        return ListQuery.model_validate(raw), []
    except ValidationError as e:
        bad = sorted({str(err["loc"][0]) for err in e.errors() if err["loc"]})
        return ListQuery.model_validate({k: v for k, v in raw.items() if k not in bad}), bad


@dataclass
class Listing:
    """One page of a list."""

    rows: list[Any]
    total: int  # matching the search and filter
    page: int
    pages: int
    counts: dict[str, int] = field(default_factory=dict)  # the outbox: all notices by status
    out_of_range: bool = False  # the page asked for was past the last: the first is shown


def _like(q: str) -> str:
    escaped = q.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _page(session: Session, query: Select[Any], count: Select[Any], page: int) -> Listing:
    total = session.scalar(count) or 0
    pages = max(1, math.ceil(total / PER_PAGE))
    out_of_range = page > pages
    page = 1 if out_of_range else page
    rows = list(session.scalars(query.offset((page - 1) * PER_PAGE).limit(PER_PAGE)))
    return Listing(rows, total, page, pages, out_of_range=out_of_range)


def outbox(session: Session, query: ListQuery) -> Listing:
    """Notices, the latest first: matching recipient, subject or participant (id or name)."""
    where: list[Any] = []
    if query.status:
        where.append(Notice.status == query.status)
    if query.q:
        like = _like(query.q)
        named = select(Participant.id).where(
            or_(
                func.lower(Participant.name).like(like, escape="\\"),
                func.lower(Participant.name_ru).like(like, escape="\\"),
            )
        )
        where.append(
            or_(
                func.lower(Notice.email).like(like, escape="\\"),
                func.lower(Notice.subject).like(like, escape="\\"),
                func.lower(Notice.participant_id).like(like, escape="\\"),
                Notice.participant_id.in_(named),
            )
        )
    rows = select(Notice).where(*where).order_by(Notice.created_at.desc(), Notice.id.desc())
    listing = _page(session, rows, select(func.count(Notice.id)).where(*where), query.page)
    by_status = session.execute(
        select(Notice.status, func.count(Notice.id)).group_by(Notice.status)
    )
    listing.counts = {str(status): int(n) for status, n in by_status}
    return listing


def registry(session: Session, query: ListQuery) -> Listing:
    """Participants by id: matching the id, the name (either language) or a contact."""
    where: list[Any] = []
    if query.q:
        like = _like(query.q)
        contacts = select(Contact.participant_id).where(
            or_(
                func.lower(Contact.email).like(like, escape="\\"),
                func.lower(Contact.name).like(like, escape="\\"),
            )
        )
        where.append(
            or_(
                func.lower(Participant.id).like(like, escape="\\"),
                func.lower(Participant.name).like(like, escape="\\"),
                func.lower(Participant.name_ru).like(like, escape="\\"),
                Participant.id.in_(contacts),
            )
        )
    rows = select(Participant).where(*where).order_by(Participant.id)
    return _page(session, rows, select(func.count(Participant.id)).where(*where), query.page)


def contacts_of(session: Session, participant_ids: list[str]) -> dict[str, list[Contact]]:
    """The contacts of these participants, by rank."""
    found: dict[str, list[Contact]] = {}
    for contact in session.scalars(
        select(Contact)
        .where(Contact.participant_id.in_(participant_ids))
        .order_by(Contact.participant_id, Contact.rank, Contact.id)
    ):
        found.setdefault(contact.participant_id, []).append(contact)
    return found


@dataclass
class Reach:
    """Who a notice to some participants reaches: the first contact (by rank) of each."""

    emails: list[str]
    without_contact: list[str]  # participants the registry has no address for


def reach(session: Session, participant_ids: list[str]) -> Reach:
    contacts = contacts_of(session, participant_ids)
    emails = [contacts[p][0].email for p in participant_ids if contacts.get(p)]
    return Reach(emails, [p for p in participant_ids if not contacts.get(p)])
