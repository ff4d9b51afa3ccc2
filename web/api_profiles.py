"""Extended Migration Profiles by country and edition (the board's list, as JSON)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ppflow import profiles
from ppflow.profiles import ProfileRead
from ppflow.registry import RegistryError
from ppflow.service import Invalid
from web.deps import AnyRole, SessionDep

router = APIRouter(prefix="/api/profiles", tags=["profiles"])

Country = Annotated[
    str | None,
    Query(max_length=200, description="One country: its participant id (GE) or name (Georgia)."),
]


@router.get("", response_model=list[ProfileRead])
def list_profiles(db: SessionDep, role: AnyRole, country: Country = None) -> list[ProfileRead]:
    """Every edition of every country's profile (or one country's): status (under_preparation,
    final_and_endorsed, superseded), the draft when ppflow prepares it, the endorsement day."""
    try:
        return profiles.list_profiles(db, country)
    except RegistryError as e:
        raise Invalid(str(e)) from e
