"""The deadline a draft's row shows (the dashboard's column, its sort, GET /api/drafts): the open
comment round's, else the open written procedure's. Both projections (the draft's and the
procedure's) write it from what the database holds, so it is right whichever lands last."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.db import Draft, Round
from models.domain import Route


def open_procedure_deadline(session: Session, draft_id: str) -> datetime | None:
    return session.scalar(
        select(Round.deadline)
        .where(
            Round.draft_id == draft_id,
            Round.kind == Route.WRITTEN_PROCEDURE.value,
            Round.closed_at.is_(None),
        )
        .order_by(Round.opened_at.desc())
        .limit(1)
    )


def refresh_draft_deadline(session: Session, draft_id: str) -> None:
    """After a procedure's projection: the draft's row shows its deadline while it is open."""
    draft = session.get(Draft, draft_id)
    if draft is not None and draft.open_round_id is None:
        draft.deadline = open_procedure_deadline(session, draft_id)
