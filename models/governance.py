"""What the API takes and gives about governance bodies and the Presidency of the Council of the
EU (the tables are models/db_governance.py)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from models.base import Model

PARTICIPANT_ID = r"^[A-Za-z0-9_-]{1,40}$"


class MemberAdd(Model):
    """A participant joins a body (from `since`, today by default)."""

    participant_id: str = Field(pattern=PARTICIPANT_ID)
    since: date | None = None


class ChairSet(Model):
    """A member chairs the body from `since` (today by default)."""

    participant_id: str = Field(pattern=PARTICIPANT_ID)
    since: date | None = None


class PresidencyTermSet(Model):
    """A state holds the Presidency from `starts_on` to `ends_on` (by default the end of that
    half-year)."""

    holder_id: str = Field(pattern=PARTICIPANT_ID)
    starts_on: date
    ends_on: date | None = None


class MembershipRead(Model):
    participant_id: str
    since: date
    until: date | None = None
    added_by: str = ""
    removed_by: str | None = None


class ChairRead(Model):
    participant_id: str
    since: date
    set_by: str = ""


class BodyRead(Model):
    id: str
    name: str
    name_ru: str
    description: str = ""
    description_ru: str = ""
    on: date
    members: list[str] = Field(default_factory=list, description="Members on the day `on`.")
    chair: str | None = Field(default=None, description="The chair on the day `on` (None: none).")
    history: list[MembershipRead] = Field(default_factory=list)
    chairs: list[ChairRead] = Field(default_factory=list)


class PresidencyTermRead(Model):
    holder_id: str
    starts_on: date
    ends_on: date
    set_by: str = ""


class PresidencyRead(Model):
    on: date
    holder_id: str | None = None
    terms: list[PresidencyTermRead] = Field(default_factory=list)
