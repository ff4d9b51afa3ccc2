"""Who acts, for the timeline: the web layer sets it from the signed-in principal (a page or an
API token), the service writes it on every command it sends to a workflow. A value sent in a
request's body is never trusted: the service overwrites it with this one (None: a command from
the CLI or a test; the workflow then names the lead state, as before)."""

from __future__ import annotations

from contextvars import ContextVar

from ppflow.accounts import Principal, Role

SECRETARIAT = "secretariat"  # the actor of the Secretariat: "secretariat" or "secretariat:<user>"

_ACTING: ContextVar[str | None] = ContextVar("ppflow_acting", default=None)


def actor_of(principal: Principal) -> str | None:
    """A drafting state's participant id; the Secretariat with its user name; else None."""
    if principal.role == Role.DRAFTING_STATE:
        return principal.participant_id
    if principal.role == Role.SECRETARIAT:
        return f"{SECRETARIAT}:{principal.username}" if principal.username else SECRETARIAT
    return None


def acting_as(principal: Principal | None) -> None:
    """The principal of this request (the context is the request's own task)."""
    _ACTING.set(actor_of(principal) if principal is not None else None)


def acting() -> str | None:
    return _ACTING.get()
