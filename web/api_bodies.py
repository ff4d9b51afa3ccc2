"""Governance bodies and the Presidency of the Council of the EU over the JSON API: anyone signed
in reads, only the Secretariat edits (history kept: a membership is closed, never deleted)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Body, HTTPException, Query, Response
from sqlalchemy.orm import Session

from models.governance import (
    BodyRead,
    ChairSet,
    MemberAdd,
    MembershipRead,
    PresidencyRead,
    PresidencyTermRead,
    PresidencyTermSet,
)
from ppflow import bodies
from ppflow.accounts import Principal
from ppflow.registry import RegistryError
from web.deps import AnyRole, Secretariat, SessionDep

router = APIRouter(prefix="/api", tags=["bodies"])
T = TypeVar("T")


def by(principal: Principal) -> str:
    return principal.username or principal.role.value


def _edit(db: Session, change: Callable[[], T]) -> T:
    """One edit, committed; a refusal is a 422 with the reason, and nothing stored changes."""
    try:
        result = change()
    except RegistryError as e:
        db.rollback()
        raise HTTPException(422, str(e)) from e
    db.commit()
    return result


def _body(db: Session, body_id: str, on: date | None = None, full: bool = True) -> BodyRead:
    try:
        return bodies.body_read(db, body_id, on, full)
    except bodies.BodyError as e:
        raise HTTPException(404, str(e)) from e


@router.get("/bodies")
def list_bodies(db: SessionDep, role: AnyRole, on: date | None = None) -> list[BodyRead]:
    """Every body with its members and chair on a day (today by default)."""
    return [_body(db, b.id, on, full=False) for b in bodies.list_bodies(db)]


@router.get("/bodies/members.csv")
def export_members(db: SessionDep, role: AnyRole) -> Response:
    """Every membership row, current and past (body_id,participant_id,since,until,...)."""
    return Response(bodies.export_members_csv(db), media_type="text/csv")


@router.post("/bodies/members")
def import_members(
    db: SessionDep, role: Secretariat, csv_text: Annotated[str, Body(media_type="text/csv")]
) -> bodies.MembersImport:
    """Rows the database lacks are added, current memberships given an end are closed; one bad
    row and nothing changes."""
    return _edit(db, lambda: bodies.import_members_csv(db, csv_text, by(role)))


@router.get("/bodies/{body_id}")
def get_body(body_id: str, db: SessionDep, role: AnyRole, on: date | None = None) -> BodyRead:
    """A body's members and chair on a day (today by default), its membership and chair
    history."""
    return _body(db, body_id, on)


@router.post("/bodies/{body_id}/members", status_code=201)
def add_member(
    body_id: str, request: MemberAdd, db: SessionDep, role: Secretariat
) -> MembershipRead:
    _body(db, body_id, full=False)
    row = _edit(
        db, lambda: bodies.add_member(db, body_id, request.participant_id, by(role), request.since)
    )
    return MembershipRead.model_validate(row, from_attributes=True)


@router.delete("/bodies/{body_id}/members/{participant_id}")
def remove_member(
    body_id: str,
    participant_id: str,
    db: SessionDep,
    role: Secretariat,
    until: Annotated[date | None, Query(description="The last day; today by default.")] = None,
) -> MembershipRead:
    """End a membership (the row stays, with its end and who ended it)."""
    _body(db, body_id, full=False)
    row = _edit(db, lambda: bodies.remove_member(db, body_id, participant_id, by(role), until))
    return MembershipRead.model_validate(row, from_attributes=True)


@router.put("/bodies/{body_id}/chair")
def set_chair(body_id: str, request: ChairSet, db: SessionDep, role: Secretariat) -> Any:
    _body(db, body_id, full=False)
    _edit(
        db, lambda: bodies.set_chair(db, body_id, request.participant_id, by(role), request.since)
    )
    return _body(db, body_id)


@router.get("/presidency")
def presidency(db: SessionDep, role: AnyRole, on: date | None = None) -> PresidencyRead:
    """The state holding the Presidency on a day (today by default) and every term recorded."""
    return bodies.presidency_read(db, on)


@router.put("/presidency")
def set_presidency(
    request: PresidencyTermSet, db: SessionDep, role: Secretariat
) -> PresidencyTermRead:
    """Record or correct a term (a term starting that day is replaced)."""
    term = _edit(
        db,
        lambda: bodies.set_presidency(
            db, request.holder_id, request.starts_on, by(role), request.ends_on
        ),
    )
    return PresidencyTermRead.model_validate(term, from_attributes=True)
