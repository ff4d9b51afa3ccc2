"""A profile update cycle's firing, as the worker's activities run it (activities/
profile_cycles.py hands these the work): decide from the read model, start the next edition on
the path a user's start takes (`service.start_draft` → `profiles.prepare_start`), seeded with
the endorsed text in both languages, and record what happened. The rules: ppflow/profile_cycles.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from models.api import DraftStart, TranslationSubmit
from models.base import SectionText, slugify
from models.contracts.profile_cycles import (
    Firing,
    ProfileUpdateInput,
    ProfileUpdateOutcome,
    ProfileUpdatePlan,
    Verdict,
)
from models.db import Draft, Participant, SectionRow
from models.db_profiles import ProfileRow
from models.domain import DocumentType, Language
from models.settings import Settings
from ppflow import service
from ppflow.acting import acting_as
from ppflow.profile_cycles import (
    CYCLE_ACTOR,
    EDITION_SUFFIX,
    NoSchedules,
    _now,
    endorsed_row,
    log,
    sync_schedule,
)
from ppflow.profiles import live_profile, prepare_start
from ppflow.service import Conflict
from workflows.draft import DraftWorkflow


def _sections(session: Session, draft_id: str) -> list[SectionText]:
    """The endorsed text as the read model has it (the draft's history gone)."""
    draft = session.get(Draft, draft_id)
    if draft is None:
        return []
    rows = session.scalars(
        select(SectionRow)
        .filter_by(draft_id=draft_id, version=draft.version)
        .order_by(SectionRow.position)
    )
    return [SectionText(id=r.section_id, title=r.title, text=r.text) for r in rows]


class CycleWork:
    """What activities/profile_cycles.py runs, with the worker's Temporal client."""

    def __init__(self, client: Client, sessions: sessionmaker[Session], settings: Settings) -> None:
        self.client, self.sessions, self.settings = client, sessions, settings

    async def plan(self, request: ProfileUpdateInput) -> ProfileUpdatePlan:
        now = _now()
        with self.sessions() as session:
            row = endorsed_row(session, request.country)

            def verdict(v: Verdict, note: str, **more: Any) -> ProfileUpdatePlan:
                return ProfileUpdatePlan(request=request, verdict=v, note=note, **more)

            if row is None:
                return verdict(Verdict.NO_PROFILE, "no final and endorsed profile to update")
            scheduled = request.firing == Firing.SCHEDULE
            if scheduled:
                if not row.cycle_months:
                    return verdict(Verdict.NO_PROFILE, "no update cycle set")
                if row.cycle_paused:
                    return verdict(Verdict.PAUSED, "the cycle is paused: nothing opened")
                if row.cycle_due is None or request.due != row.cycle_due or row.cycle_due > now:
                    return verdict(Verdict.NOT_DUE, "not due: the cycle moved", due=row.cycle_due)
            live = live_profile(session, request.country)
            if live is not None:
                return verdict(
                    Verdict.LIVE,
                    f"an edition is under preparation already (draft {live}): nothing opened",
                    live_draft=live,
                )
            if scheduled and row.cycle_opened_due == row.cycle_due:
                return verdict(
                    Verdict.DONE,
                    "an edition was opened for this due date already: trigger to open another",
                )
            due = row.cycle_due if scheduled else now
            assert due is not None
            start, translation = await self._seed(session, row, due, request.key)
            try:
                start = prepare_start(session, start)
            except Conflict as e:
                return verdict(
                    Verdict.LIVE, e.message, live_draft=live_profile(session, row.country)
                )
            return verdict(
                Verdict.OPEN,
                f"edition {start.edition} opened",
                due=due,
                start=start,
                translation=translation,
                edition=start.edition,
                secretariat=self.settings.secretariat_email,
            )

    async def _seed(
        self, session: Session, row: ProfileRow, due: datetime, key: str | None
    ) -> tuple[DraftStart, TranslationSubmit | None]:
        """The next edition's start: the endorsed edition's text (both languages), lead state,
        language and title; a seeded profile (no text in ppflow) starts from the template."""
        who = session.get(Participant, row.country)
        name = who.name if who else row.country
        title, lead, language = f"Extended Migration Profile of {name}", row.country, Language.EN
        sections: list[SectionText] = []
        translation: TranslationSubmit | None = None
        co_leads: list[str] = []
        if row.draft_id:
            try:
                state = (await service.draft_status(self.client, row.draft_id)).state
            except service.ServiceError:
                state = None
            if state is not None:
                title, lead, language = state.meta.title, state.meta.lead_state, state.meta.language
                co_leads = list(state.meta.co_lead_states)
                sections = [
                    SectionText(id=s.id, title=s.title, text=s.text) for s in state.current_sections
                ]
                other = next((t for t in state.translations if t.language != language), None)
                if other is not None and other.sections:
                    translation = TranslationSubmit(
                        language=other.language,
                        title=EDITION_SUFFIX.sub("", other.title) if other.title else None,
                        sections=[
                            SectionText(id=s.id, title=s.title, text=s.text) for s in other.sections
                        ],
                    )
            else:
                draft = session.get(Draft, row.draft_id)
                if draft is not None:
                    title, lead = draft.title, draft.lead_state
                    language = Language(draft.language)
                sections = _sections(session, row.draft_id)
        title = EDITION_SUFFIX.sub("", title)
        base = slugify(title, 36)
        start = DraftStart(
            title=title,
            document_type=DocumentType.MIGRATION_PROFILE,
            lead_state=lead,
            co_lead_states=co_leads,
            country=row.country,
            language=language,
            slug=f"{base}-{key or f'{due:%Y%m%d}'}",
            sections=sections,
        )
        return start, translation

    async def open(self, plan: ProfileUpdatePlan) -> ProfileUpdateOutcome:
        """Start the edition's draft as a user's start would (idempotent: a retry finds its own
        draft), then give it the endorsed text's other language."""
        assert plan.start is not None
        start = plan.start
        expected = start.meta().draft_id
        acting_as(CYCLE_ACTOR)
        with self.sessions() as session:
            try:
                started = await service.start_draft(self.client, session, self.settings, start)
                draft_id, reference = started.draft_id, started.reference
            except Conflict as e:  # a retry of this very start, or another edition live
                live = live_profile(session, start.country or "")
                if not (live == expected or (live is None and expected in e.message)):
                    refused = plan.model_copy(
                        update={"verdict": Verdict.LIVE, "live_draft": live, "note": e.message}
                    )
                    return ProfileUpdateOutcome(plan=refused, at=_now())
                draft_id, reference = expected, start.meta().reference
            session.commit()
        if plan.translation is not None:
            status = await service.draft_status(self.client, draft_id)
            if not any(t.language == plan.translation.language for t in status.state.translations):
                try:
                    await service.run_update(
                        service.draft_handle(self.client, draft_id),
                        DraftWorkflow.submit_translation,
                        plan.translation,
                    )
                except Conflict as e:  # a text the check refuses: the draft opens without it
                    plan = plan.model_copy(update={"note": f"{plan.note}; translation: {e}"})
        return ProfileUpdateOutcome(plan=plan, draft_id=draft_id, reference=reference, at=_now())

    async def record(self, outcome: ProfileUpdateOutcome) -> None:
        plan = outcome.plan
        with self.sessions() as session:
            row = endorsed_row(session, plan.request.country)
            if row is None:
                return
            if plan.verdict != Verdict.NOT_DUE or plan.request.firing == Firing.TRIGGER:
                row.cycle_fired_at = outcome.at
                note = (
                    plan.note if not outcome.draft_id else f"{plan.note}: draft {outcome.draft_id}"
                )
                row.cycle_note = note[:300]
            if outcome.draft_id and row.cycle_due is not None:
                row.cycle_opened_due = row.cycle_due  # a triggered edition answers this due too
            session.commit()
            if plan.verdict == Verdict.NOT_DUE:  # the cycle moved (a newer endorsement)
                try:
                    await sync_schedule(self.client, self.settings, row.country, row)
                except NoSchedules:
                    log.warning("no Schedules on this Temporal: %s's cycle not moved", row.country)
