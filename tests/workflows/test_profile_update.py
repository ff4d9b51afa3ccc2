"""A profile update cycle's firing (workflows/profile_update.py) on the time-skipping server,
with the real worker and a database of its own (seeded as `ppflow db upgrade` leaves it).

The time-skipping test server implements no Schedules (temporalio/sdk-java#1954, closed as not
planned): the first test shows it, so the Schedule itself fires for real on the dev server
(tests/web/test_profile_cycles.py); here the workflow a Schedule starts is run directly, as
the Schedule would start it, and the days between firings are skipped.

Countries: UA (a seeded final profile), RS (an edition endorsed with its text in ppflow).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Schedule, ScheduleActionStartWorkflow, ScheduleSpec
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from models.api import DraftStart, TranslationSubmit, Withdrawal
from models.base import SectionText
from models.contracts.profile_cycles import Firing, ProfileUpdateInput, Verdict
from models.db import Draft
from models.db_profiles import ProfileRow
from models.db_translations import SectionTranslation
from models.domain import DocumentType, Language, Phase, ProfileStatus
from models.settings import Settings
from ppflow import service
from ppflow.documents import submit_translation
from ppflow.profile_cycles import add_months, first_due
from tests.conftest import Mailbox, until
from tests.ppflow import test_profiles as on_a_fresh_database
from workflows.profile_update import ProfileUpdateWorkflow

fresh = on_a_fresh_database.fresh
fresh_settings = on_a_fresh_database.fresh_settings


async def test_the_time_skipping_server_has_no_schedules(ts_env: WorkflowEnvironment) -> None:
    with pytest.raises(RPCError, match="unimplemented"):
        await ts_env.client.create_schedule(
            f"s-{uuid.uuid4().hex[:6]}",
            Schedule(
                action=ScheduleActionStartWorkflow("W", id="w", task_queue="q"),
                spec=ScheduleSpec(),
            ),
        )


def set_cycle(sessions: sessionmaker[Session], country: str, **values: object) -> ProfileRow:
    with sessions.begin() as session:
        row = session.scalars(
            select(ProfileRow).filter_by(
                country=country, status=ProfileStatus.FINAL_AND_ENDORSED.value
            )
        ).one()
        for key, value in values.items():
            setattr(row, key, value)
        session.flush()
        session.expunge(row)
        return row


def editions(sessions: sessionmaker[Session], country: str) -> list[tuple[int, str]]:
    with sessions() as session:
        return [
            (r.edition, r.status)
            for r in session.scalars(
                select(ProfileRow).filter_by(country=country).order_by(ProfileRow.edition)
            )
        ]


async def fire(env: WorkflowEnvironment, settings: Settings, request: ProfileUpdateInput):  # type: ignore[no-untyped-def]
    return await env.client.execute_workflow(
        ProfileUpdateWorkflow.run,
        request,
        id=f"profile-update-{uuid.uuid4().hex[:8]}",
        task_queue=settings.task_queue,
    )


def test_due_moments() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 11, 15), 24) == date(2026, 11, 15)
    now = datetime(2026, 12, 2, 14, tzinfo=UTC)
    row = ProfileRow(country="UA", edition=1, endorsed_on=date(2026, 1, 10))
    assert first_due(row, 24, now) == datetime(2028, 1, 10, 6, tzinfo=UTC)
    # past (or a seeded profile, with no endorsement day): a week from now, at 06:00 UTC
    assert first_due(row, 6, now) == datetime(2026, 12, 9, 6, tzinfo=UTC)
    assert first_due(ProfileRow(country="UA", edition=1), 24, now) == first_due(row, 6, now)


async def test_a_due_cycle_opens_one_edition_and_tells_the_lead_state_and_the_secretariat(
    ts_env: WorkflowEnvironment,
    fresh: sessionmaker[Session],
    fresh_settings: Settings,
    activity_executor: ThreadPoolExecutor,
    mailbox: Mailbox,
) -> None:
    from worker import build_worker

    settings = fresh_settings
    due = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
    set_cycle(fresh, "UA", cycle_months=24, cycle_due=due)
    firing = ProfileUpdateInput(country="UA", due=due, firing=Firing.SCHEDULE)
    # Time moves only where the test says (a waiting client would otherwise let the server
    # skip to the new draft's own far timers)
    async with contextlib.AsyncExitStack() as stack:
        stack.enter_context(ts_env.auto_time_skipping_disabled())
        await stack.enter_async_context(build_worker(ts_env.client, settings, activity_executor))
        # paused: nothing, whatever the Schedule does
        set_cycle(fresh, "UA", cycle_paused=True)
        assert (await fire(ts_env, settings, firing)).plan.verdict == Verdict.PAUSED
        set_cycle(fresh, "UA", cycle_paused=False)
        # a firing for a due moment the cycle has left (a newer endorsement): nothing
        moved = firing.model_copy(update={"due": due - timedelta(days=30)})
        assert (await fire(ts_env, settings, moved)).plan.verdict == Verdict.NOT_DUE

        opened = await fire(ts_env, settings, firing)
        assert opened.plan.verdict == Verdict.OPEN and opened.draft_id
        assert opened.plan.edition == 2 and opened.draft_id.endswith("-edition-2")
        status = await service.draft_status(ts_env.client, opened.draft_id)
        meta = status.state.meta
        assert meta.country == "UA" and meta.lead_state == "UA" and meta.edition == 2
        assert meta.title == "Extended Migration Profile of Ukraine — edition 2"
        assert status.state.current_sections[0].id == "emp-summary"  # a seed: the template

        async def projected() -> bool:
            return editions(fresh, "UA") == [(1, "final_and_endorsed"), (2, "under_preparation")]

        await until(projected)

        def told() -> list[str]:
            return [
                str(m["To"])
                for m in mailbox.about("Migration profile due for update: Ukraine, edition 2")
                if opened.draft_id in m.as_string() or "edition 2" in str(m["Subject"])
            ]

        async def both() -> bool:
            got = " ".join(told())
            return "ncp@ua.pragueprocess.local" in got and settings.secretariat_email in got

        await until(both)

        # the Schedule fires again the next day (skipped): the edition is live, nothing opens
        await ts_env.sleep(timedelta(days=1))
        again = await fire(ts_env, settings, firing)
        assert again.plan.verdict == Verdict.LIVE and again.plan.live_draft == opened.draft_id
        assert again.draft_id is None

        # withdrawn: the same due moment opens nothing by itself ("update due" on the board);
        # a trigger opens another edition
        async def withdrawn() -> bool:
            # (the test server may lose an update that ends its workflow: sent until it lands)
            with contextlib.suppress(RPCError, service.ServiceError):
                await service.withdraw(ts_env.client, opened.draft_id, Withdrawal(reason="not now"))
            await asyncio.sleep(0.5)
            return editions(fresh, "UA") == [(1, "final_and_endorsed")]

        await until(withdrawn, timeout=60)
        assert (await fire(ts_env, settings, firing)).plan.verdict == Verdict.DONE
        trigger = ProfileUpdateInput(country="UA", firing=Firing.TRIGGER, key="t1")
        retriggered = await fire(ts_env, settings, trigger)
        assert retriggered.plan.verdict == Verdict.OPEN and retriggered.plan.edition == 2
        assert retriggered.draft_id and retriggered.draft_id != opened.draft_id
        with fresh() as session:
            row = session.scalars(select(ProfileRow).filter_by(country="UA", edition=1)).one()
            assert row.cycle_note and retriggered.draft_id in row.cycle_note


async def test_the_next_edition_is_seeded_with_the_endorsed_text_in_both_languages(
    ts_env: WorkflowEnvironment,
    fresh: sessionmaker[Session],
    fresh_settings: Settings,
    activity_executor: ThreadPoolExecutor,
) -> None:
    """RS's edition 1 is prepared in ppflow (English, then Russian), and recorded endorsed;
    its update starts from that text, with the same lead state, in both languages."""
    from worker import build_worker

    settings = fresh_settings
    title = f"Migration profile of Serbia {uuid.uuid4().hex[:6]}"
    text = [
        SectionText(id=None, title="Executive summary", text="Emigration fell by 4 %."),
        SectionText(id=None, title="Labour migration", text="Work permits: 12 000."),
    ]
    async with contextlib.AsyncExitStack() as stack:
        stack.enter_context(ts_env.auto_time_skipping_disabled())
        await stack.enter_async_context(build_worker(ts_env.client, settings, activity_executor))
        with fresh() as session:
            started = await service.start_draft(
                ts_env.client,
                session,
                settings,
                DraftStart(
                    title=title,
                    document_type=DocumentType.MIGRATION_PROFILE,
                    lead_state="RS",
                    co_lead_states=["MK"],
                    country="RS",
                    sections=text,
                ),
            )
        first = started.draft_id
        state = (await service.draft_status(ts_env.client, first)).state
        ids = [s.id for s in state.current_sections]
        await submit_translation(
            ts_env.client,
            first,
            TranslationSubmit(
                language=Language.RU,
                sections=[
                    SectionText(id=ids[0], title="Резюме", text="Эмиграция снизилась на 4 %."),
                    SectionText(id=ids[1], title="Трудовая миграция", text="Разрешений: 12 000."),
                ],
            ),
        )

        async def projected() -> bool:  # the translation too: no projection still to come
            with fresh() as session:
                return (
                    session.scalars(
                        select(SectionTranslation).filter_by(draft_id=first, language="ru")
                    ).first()
                    is not None
                )

        await until(projected)
        # recorded endorsed (the meeting's path is the dev-server test's): the draft's workflow
        # ended first (an activity already running finishes), then the read model's row final
        await service.draft_handle(ts_env.client, first).terminate("recorded endorsed (test)")
        await asyncio.sleep(1.0)
        with fresh.begin() as session:
            row = session.scalars(select(ProfileRow).filter_by(draft_id=first)).one()
            row.status = ProfileStatus.FINAL_AND_ENDORSED.value
            row.endorsed_on = date(2024, 6, 1)
            session.get(Draft, first).phase = Phase.FINAL.value  # type: ignore[union-attr]

        outcome = await fire(
            ts_env, settings, ProfileUpdateInput(country="RS", firing=Firing.TRIGGER, key="k1")
        )
        assert outcome.plan.verdict == Verdict.OPEN and outcome.draft_id
        status = await service.draft_status(ts_env.client, outcome.draft_id)
        new = status.state
        assert new.meta.title == f"{title} — edition 2"
        assert (new.meta.lead_state, new.meta.co_lead_states, new.meta.edition) == ("RS", ["MK"], 2)
        assert [(s.id, s.text) for s in new.current_sections] == [
            (s.id, s.text) for s in state.current_sections
        ]
        russian = next(t for t in new.translations if t.language == Language.RU)
        assert [s.text for s in russian.sections] == [
            "Эмиграция снизилась на 4 %.",
            "Разрешений: 12 000.",
        ]
