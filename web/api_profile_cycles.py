"""Profile update cycles: a Temporal Schedule per endorsed profile (JSON API). Everyone signed in
reads; only the Secretariat sets, pauses, resumes or triggers (ppflow/profile_cycles.py)."""

from __future__ import annotations

from fastapi import APIRouter

from ppflow import profile_cycles as cycles
from ppflow.profile_cycles import CycleRead, CycleSet, TriggerResult
from web.deps import AnyRole, ClientDep, Secretariat, SessionDep, SettingsDep

router = APIRouter(prefix="/api/profiles", tags=["profiles"])


@router.get("/cycles", response_model=list[CycleRead])
def list_cycles(db: SessionDep, settings: SettingsDep, role: AnyRole) -> list[CycleRead]:
    """The update cycle of every country with a final and endorsed profile."""
    return cycles.list_cycles(db, settings)


@router.get("/{country}/cycle", response_model=CycleRead)
def show_cycle(country: str, db: SessionDep, settings: SettingsDep, role: AnyRole) -> CycleRead:
    """A country's cycle (by id or name): months, paused, the due moment, what the board shows
    ("update_due", "under_update"), the edition under preparation, the last firing."""
    return cycles.read_cycle(db, settings, country)


@router.put("/{country}/cycle", response_model=CycleRead)
async def set_cycle(
    country: str,
    change: CycleSet,
    client: ClientDep,
    db: SessionDep,
    settings: SettingsDep,
    role: Secretariat,
) -> CycleRead:
    """Set or change the cycle (`{"months": 24}`, 1..120): due its months after the last
    endorsement, or a week from now when that is past."""
    return await cycles.set_cycle(client, db, settings, country, change)


@router.post("/{country}/cycle/pause", response_model=CycleRead)
async def pause_cycle(
    country: str, client: ClientDep, db: SessionDep, settings: SettingsDep, role: Secretariat
) -> CycleRead:
    """Pause the cycle: it opens no edition by itself until resumed."""
    return await cycles.pause_cycle(client, db, settings, country)


@router.post("/{country}/cycle/resume", response_model=CycleRead)
async def resume_cycle(
    country: str, client: ClientDep, db: SessionDep, settings: SettingsDep, role: Secretariat
) -> CycleRead:
    """Resume a paused cycle (a due moment passed meanwhile becomes a week from now)."""
    return await cycles.resume_cycle(client, db, settings, country)


@router.post("/{country}/cycle/trigger", response_model=TriggerResult)
async def trigger_cycle(
    country: str, client: ClientDep, db: SessionDep, settings: SettingsDep, role: Secretariat
) -> TriggerResult:
    """Open the next edition now, seeded with the endorsed text; 409 (naming the draft) while
    an edition is under preparation."""
    return await cycles.trigger_cycle(client, db, settings, country)
