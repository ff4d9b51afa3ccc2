"""Profile update cycles: a country's final and endorsed migration profile is due for update every
so many months; a Temporal Schedule per country re-opens it as the next edition.

The rules (tested in tests/workflows/test_profile_update.py and tests/web/test_profile_cycles.py):

- The cycle lives on the country's final and endorsed edition (`ProfileRow.cycle_*`); the read
  model is the truth, the Schedule (`ppflow-profile-cycle-{task_queue}-{country}`) follows it:
  a cycle set ⇔ a Schedule exists; a paused cycle ⇔ a paused Schedule.
- No profile has a cycle until the Secretariat sets one: the seeds' ten endorsed profiles (endorsed
  years before ppflow) never fire by themselves when a worker starts.
- Due: the endorsement day + the cycle's months, at 06:00 UTC. A due moment already past when the
  cycle is set (a seeded profile has no endorsement day: always) or resumed becomes 06:00 UTC a
  week later: the board shows "update due" at once and the Secretariat has a week to pause,
  change or trigger it.
- The Schedule fires at the due moment and then daily (each firing decides from the read model):
  a paused cycle, an edition under preparation, an edition opened for this due moment already,
  or a due moment that moved (the cycle restarted) make it do nothing but record that (a moved
  one also brings the Schedule in step). So at most one live edition per country, a paused
  cycle never opens an edition by itself, and a double firing opens one edition.
- A new edition endorsed through ppflow takes the cycle over (activities/profiles.py): due again
  its months after that endorsement.
- The board: "under update" while a newer edition is being prepared; "update due" when a cycle's
  due moment is within DUE_SOON_DAYS or past and no newer edition is live (paused, or the
  opened edition was withdrawn).
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session
from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
    ScheduleState,
    ScheduleUpdate,
    WorkflowFailureError,
)
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from activities.profiles import next_edition
from models.contracts.profile_cycles import (
    Firing,
    ProfileUpdateInput,
    ProfileUpdateOutcome,
    Verdict,
)
from models.db import Participant
from models.db_profiles import ProfileRow
from models.domain import ProfileStatus
from models.settings import Settings
from ppflow import service
from ppflow.accounts import Principal, Role
from ppflow.profiles import live_profile, resolve_country
from ppflow.registry import RegistryError
from ppflow.schedules import profile_cycle_schedule_id
from ppflow.service import Conflict, Invalid, NotFound, Unavailable
from workflows.profile_update import ProfileUpdateWorkflow

log = logging.getLogger("ppflow.profile_cycles")
MONTHS_MIN, MONTHS_MAX = 1, 120
DUE_SOON_DAYS = 60  # the board says "update due" this long before the due moment
GRACE_DAYS = 7  # a cycle set or resumed past its due moment fires this much later
FIRE_HOUR_UTC = 6
EVERY_DAY = ScheduleIntervalSpec(every=timedelta(days=1), offset=timedelta(hours=FIRE_HOUR_UTC))
TRIGGER_WAIT_SECONDS = 60.0
UPDATE_DUE, UNDER_UPDATE = "update_due", "under_update"
# Tests only: every Schedule fires on this spec instead (a few seconds apart), still deciding
# from the read model (tests/web/test_profile_cycles.py). None in a running ppflow.
FIRING_SPEC: ScheduleSpec | None = None
EDITION_SUFFIX = re.compile(r"\s+—\s+(edition|издание)\s+\d+\s*$", re.I)
CYCLE_ACTOR = Principal(Role.SECRETARIAT, username="update-cycle")


class NoSchedules(Unavailable):
    """A Temporal server without Schedules (the time-skipping test server)."""


class CycleSet(BaseModel):
    """A cycle's length (it starts again from the last endorsement)."""

    months: int = Field(ge=MONTHS_MIN, le=MONTHS_MAX, description="Every how many months.")


class CycleRead(BaseModel):
    """A country's profile update cycle, as the board, the API and the CLI show it."""

    country: str
    country_name: str
    country_name_ru: str
    edition: int | None = Field(description="The final and endorsed edition (none: no profile).")
    endorsed_on: date | None
    months: int | None = Field(description="None: no cycle set.")
    paused: bool
    due: datetime | None
    board: str | None = Field(description='"update_due", "under_update" or none.')
    live_draft: str | None = Field(description="The edition under preparation, if any.")
    last_fired_at: datetime | None
    last_note: str | None
    schedule_id: str


class TriggerResult(BaseModel):
    cycle: CycleRead
    draft_id: str | None
    note: str


# ---------------------------------------------------------------- due moments and the board


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def at_fire_hour(day: date) -> datetime:
    return datetime.combine(day, time(FIRE_HOUR_UTC), tzinfo=UTC)


def first_due(row: ProfileRow, months: int, now: datetime) -> datetime:
    """The due moment of a cycle set now: its months after the endorsement, or (past, or no
    endorsement day known) a week from now."""
    if row.endorsed_on is not None:
        due = at_fire_hour(add_months(row.endorsed_on, months))
        if due > now:
            return due
    return at_fire_hour((now + timedelta(days=GRACE_DAYS)).date())


def endorsed_row(session: Session, country: str) -> ProfileRow | None:
    return session.scalars(
        select(ProfileRow)
        .filter_by(country=country, status=ProfileStatus.FINAL_AND_ENDORSED.value)
        .order_by(ProfileRow.edition.desc())
    ).first()


def board_state(session: Session, row: ProfileRow, now: datetime) -> str | None:
    """ "under_update", "update_due" or None for a country's final and endorsed edition."""
    if live_profile(session, row.country) is not None:
        return UNDER_UPDATE
    if row.cycle_months and row.cycle_due and row.cycle_due <= now + timedelta(DUE_SOON_DAYS):
        return UPDATE_DUE
    return None


def _now() -> datetime:
    return datetime.now(UTC)


def country_of(session: Session, given: str) -> str:
    """A participant id from what a person typed; unknown → 404 (what was typed is not echoed)."""
    if len(given) > 200:
        raise NotFound("unknown country")
    try:
        return resolve_country(session, given)
    except RegistryError as e:
        raise NotFound("unknown country: give a participant's id (UA) or its name") from e


def read_cycle(session: Session, settings: Settings, country: str) -> CycleRead:
    cid = country_of(session, country)
    who = session.get(Participant, cid)
    assert who is not None
    row = endorsed_row(session, cid)
    return CycleRead(
        country=cid,
        country_name=who.name,
        country_name_ru=who.name_ru or who.name,
        edition=row.edition if row else None,
        endorsed_on=row.endorsed_on if row else None,
        months=row.cycle_months if row else None,
        paused=bool(row and row.cycle_paused),
        due=row.cycle_due if row and row.cycle_months else None,
        board=board_state(session, row, _now()) if row else None,
        live_draft=live_profile(session, cid),
        last_fired_at=row.cycle_fired_at if row else None,
        last_note=row.cycle_note if row else None,
        schedule_id=profile_cycle_schedule_id(settings, cid),
    )


def list_cycles(session: Session, settings: Settings) -> list[CycleRead]:
    countries = session.scalars(
        select(ProfileRow.country)
        .where(ProfileRow.status == ProfileStatus.FINAL_AND_ENDORSED.value)
        .distinct()
    )
    return sorted(
        (read_cycle(session, settings, c) for c in countries), key=lambda c: c.country_name
    )


# ---------------------------------------------------------------- the Schedule


def _schedule(settings: Settings, row: ProfileRow, spec: ScheduleSpec | None) -> Schedule:
    assert row.cycle_due is not None
    schedule_id = profile_cycle_schedule_id(settings, row.country)
    return Schedule(
        action=ScheduleActionStartWorkflow(
            ProfileUpdateWorkflow.run,
            ProfileUpdateInput(country=row.country, due=row.cycle_due, schedule_id=schedule_id),
            id=f"ppflow-profile-update-{settings.task_queue}-{row.country}-{row.cycle_due:%Y%m%d}",
            task_queue=settings.task_queue,
        ),
        spec=spec or FIRING_SPEC or ScheduleSpec(intervals=[EVERY_DAY], start_at=row.cycle_due),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
        state=ScheduleState(
            paused=row.cycle_paused, note=f"every {row.cycle_months} months (ppflow)"
        ),
    )


async def sync_schedule(
    client: Client,
    settings: Settings,
    country: str,
    row: ProfileRow | None,
    spec: ScheduleSpec | None = None,
) -> None:
    """Make the country's Schedule what its cycle says (idempotent): none without a cycle; the
    due moment, the paused state. `spec`: a test's own (a firing every few seconds)."""
    handle = client.get_schedule_handle(profile_cycle_schedule_id(settings, country))
    try:
        if row is None or not row.cycle_months or row.cycle_due is None:
            try:
                await handle.delete()
            except RPCError as e:
                if e.status != RPCStatusCode.NOT_FOUND:
                    raise
            return
        schedule = _schedule(settings, row, spec)
        try:
            await client.create_schedule(handle.id, schedule)
            return
        except ScheduleAlreadyRunningError:
            pass
        await handle.update(lambda _: ScheduleUpdate(schedule=schedule))
        described = await handle.describe()
        if described.schedule.state.paused != row.cycle_paused:
            if row.cycle_paused:
                await handle.pause(note="paused in ppflow")
            else:
                await handle.unpause(note="resumed in ppflow")
    except RPCError as e:
        if e.status == RPCStatusCode.UNIMPLEMENTED:  # the time-skipping test server
            raise NoSchedules("this Temporal server keeps no Schedules") from e
        raise Unavailable(service.BUSY) from e


async def schedule_state(client: Client, settings: Settings, country: str) -> dict[str, Any]:
    """What Temporal holds for the country: {"exists", "paused", "due"} (tests, the CLI)."""
    handle = client.get_schedule_handle(profile_cycle_schedule_id(settings, country))
    try:
        described = await handle.describe()
    except RPCError as e:
        if e.status == RPCStatusCode.NOT_FOUND:
            return {"exists": False, "paused": False, "due": None}
        raise
    action = described.schedule.action
    assert isinstance(action, ScheduleActionStartWorkflow)
    return {
        "exists": True,
        "paused": described.schedule.state.paused,
        "start_at": described.schedule.spec.start_at,
        "workflow_id": action.id,
    }


# ---------------------------------------------------------------- what the Secretariat does


def _endorsed(session: Session, country: str) -> ProfileRow:
    row = endorsed_row(session, country)
    if row is None:
        who = session.get(Participant, country)
        raise Conflict(
            f"{who.name if who else country} has no final and endorsed migration profile: "
            "there is nothing to update yet"
        )
    return row


def _with_cycle(session: Session, country: str) -> ProfileRow:
    row = _endorsed(session, country)
    if not row.cycle_months:
        raise Conflict("this profile has no update cycle: set one first (every how many months)")
    return row


async def _save(client: Client, session: Session, settings: Settings, row: ProfileRow) -> None:
    """Schedule first, then the row: a refused Schedule changes nothing."""
    session.flush()
    try:
        await sync_schedule(client, settings, row.country, row)
    except BaseException:
        session.rollback()
        raise
    session.commit()


async def set_cycle(
    client: Client, session: Session, settings: Settings, country: str, change: CycleSet
) -> CycleRead:
    cid = country_of(session, country)
    row = _endorsed(session, cid)
    row.cycle_months = change.months
    row.cycle_due = first_due(row, change.months, _now())
    await _save(client, session, settings, row)
    return read_cycle(session, settings, cid)


async def pause_cycle(
    client: Client, session: Session, settings: Settings, country: str
) -> CycleRead:
    cid = country_of(session, country)
    row = _with_cycle(session, cid)
    row.cycle_paused = True
    await _save(client, session, settings, row)
    return read_cycle(session, settings, cid)


async def resume_cycle(
    client: Client, session: Session, settings: Settings, country: str
) -> CycleRead:
    cid = country_of(session, country)
    row = _with_cycle(session, cid)
    row.cycle_paused = False
    now = _now()
    if row.cycle_due is None or row.cycle_due <= now:
        row.cycle_due = at_fire_hour((now + timedelta(days=GRACE_DAYS)).date())
    await _save(client, session, settings, row)
    return read_cycle(session, settings, cid)


async def trigger_cycle(
    client: Client, session: Session, settings: Settings, country: str
) -> TriggerResult:
    """Open the next edition now (paused or not, with or without a cycle); 409 while an edition
    is under preparation (naming its draft)."""
    cid = country_of(session, country)
    _endorsed(session, cid)
    live = live_profile(session, cid)
    if live is not None:
        raise Conflict(f"an edition of this profile is under preparation already: draft {live}")
    edition = next_edition(session, cid)
    session.rollback()  # nothing held while the workflow runs
    try:
        handle = await client.start_workflow(
            ProfileUpdateWorkflow.run,
            ProfileUpdateInput(country=cid, firing=Firing.TRIGGER, key=uuid.uuid4().hex[:8]),
            id=f"ppflow-profile-update-{settings.task_queue}-{cid}-now-e{edition}",
            task_queue=settings.task_queue,
        )
        outcome: ProfileUpdateOutcome = await asyncio.wait_for(
            handle.result(), TRIGGER_WAIT_SECONDS
        )
    except WorkflowAlreadyStartedError as e:
        raise Conflict("the next edition of this profile is being opened already") from e
    except (TimeoutError, RPCError, WorkflowFailureError) as e:
        raise Unavailable(service.BUSY) from e
    session.expire_all()
    if outcome.plan.verdict == Verdict.LIVE:
        raise Conflict(
            "an edition of this profile is under preparation already: "
            f"draft {outcome.plan.live_draft}"
        )
    return TriggerResult(
        cycle=read_cycle(session, settings, cid),
        draft_id=outcome.draft_id,
        note=outcome.plan.note,
    )


def clean_months(value: Any) -> CycleSet:
    """Months from a form or the command line, or a clear reason."""
    try:
        months = int(str(value).strip())
    except ValueError as e:
        raise Invalid(f"months: give a whole number from {MONTHS_MIN} to {MONTHS_MAX}") from e
    if not MONTHS_MIN <= months <= MONTHS_MAX:
        raise Invalid(f"months: give a whole number from {MONTHS_MIN} to {MONTHS_MAX}")
    return CycleSet(months=months)
