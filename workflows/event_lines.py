"""The parameters of a timeline line (version, round, deadline...), stored with the event so the
pages word each line in the reader's language (web/timeline.py); the English `summary` stays as
the line of record."""

from __future__ import annotations

from datetime import datetime

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from models.contracts.comment_round import RoundResult, RoundStart
    from models.contracts.draft import EndorsementRecord, EndorsementStart, RoundSummary

Details = dict[str, object] | None


def as_text(details: Details) -> dict[str, str]:
    """The parameters as text (a moment as ISO 8601, None left out)."""
    out: dict[str, str] = {}
    for key, value in (details or {}).items():
        if value is None:
            continue
        out[key] = value.isoformat() if isinstance(value, datetime) else str(value)
    return out


def round_opened(summary: RoundSummary, request: RoundStart) -> dict[str, object]:
    return {
        "round": summary.number,
        "version": summary.version,
        "invited": len(request.invitees),
        "deadline": request.deadline,
    }


def round_closed(result: RoundResult, reservations: list[str]) -> dict[str, object]:
    return {
        "round": result.number,
        "outcome": result.outcome.value,
        "answered": len(result.answers),
        "invited": len(result.invitees),
        "reservations": ",".join(reservations),
    }


def endorsement_requested(
    record: EndorsementRecord, request: EndorsementStart
) -> dict[str, object]:
    return {
        "version": record.version,
        "route": request.route.value,
        "meeting": request.meeting_id,
        "deadline": request.deadline,
    }
