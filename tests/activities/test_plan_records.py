"""An endorsed plan's activities reach the read model through the real worker: delivered twice
(a retry, or the plan endorsed again), each activity is one row, and what the Secretariat changed
in between stays as the Secretariat left it."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

from models.base import Ack
from models.contracts.action_plan import PlanActivitiesRecord, PlanActivity
from models.contracts.activities import PlanRecords
from models.db import Event
from models.db_plan import PlanActivityChange, PlanActivityRow
from models.domain import ActivityStatus, ThematicArea
from models.settings import Settings
from ppflow.plan_activities import PlanActivityUpdate, update_activity


@workflow.defn(sandboxed=False)
class RecordTwice:
    """Stands in for the plan's workflow: hands the record to the worker's activity."""

    @workflow.run
    async def run(self, record: PlanActivitiesRecord) -> Ack:
        return await workflow.execute_activity_method(
            PlanRecords.record_plan_activities,
            record,
            task_queue=workflow.memo_value("queue", type_hint=str),  # the real worker's
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=RetryPolicy(maximum_attempts=3),
        )


def plan_record(plan_id: str, source_id: str = "meeting-som-2012") -> PlanActivitiesRecord:
    """A plan of three activities in two thematic areas, the last with none."""
    return PlanActivitiesRecord(
        plan_id=plan_id,
        endorsed_at=datetime(2026, 11, 5, 11, 0, tzinfo=UTC),
        source_id=source_id,
        activities=[
            PlanActivity(
                number=1,
                part_draft_id=f"{plan_id}-part-1",
                section_id="s1",
                title="Training of border guards on document fraud",
                lead="PL",
                thematic_area=ThematicArea.ILLEGAL_MIGRATION,
            ),
            PlanActivity(
                number=2,
                part_draft_id=f"{plan_id}-part-1",
                section_id="s2",
                title="Exchange of risk analyses",
                lead="PL",
                thematic_area=ThematicArea.ILLEGAL_MIGRATION,
            ),
            PlanActivity(
                number=3,
                part_draft_id=f"{plan_id}-part-2",
                section_id="s1",
                title="Pilot project on circular migration",
                lead="CZ",
                thematic_area=ThematicArea.LEGAL_LABOUR_MIGRATION,
            ),
        ],
    )


async def test_twice_delivered_is_one_row_each_and_edits_survive(
    dev_env: WorkflowEnvironment,
    settings: Settings,
    sessions: sessionmaker[Session],
    run_worker,  # type: ignore[no-untyped-def]
    activity_executor: ThreadPoolExecutor,
) -> None:
    client = dev_env.client
    plan_id = f"draft-action-plan-{uuid.uuid4().hex[:8]}"
    record = plan_record(plan_id)
    own_queue = f"{settings.task_queue}-plan"

    async def deliver(what: PlanActivitiesRecord) -> Ack:
        return await client.execute_workflow(
            RecordTwice.run,
            what,
            id=f"{plan_id}-record-{uuid.uuid4().hex[:6]}",
            task_queue=own_queue,
            memo={"queue": settings.task_queue},
        )

    async with (
        run_worker(client),
        Worker(
            client,
            task_queue=own_queue,
            workflows=[RecordTwice],
            workflow_runner=UnsandboxedWorkflowRunner(),
            activity_executor=activity_executor,
        ),
    ):
        first = await deliver(record)
        assert first.message == "3 activities added, 0 known"
        with sessions.begin() as session:  # the Secretariat's change in between
            update_activity(
                session,
                plan_id,
                1,
                PlanActivityUpdate(
                    status=ActivityStatus.ONGOING, lead="HU", start="2026-12", end="2027-06"
                ),
                "secretariat-test",
            )
        # The plan's part 2 was renamed and its lead changed before the second delivery.
        again = record.model_copy(deep=True)
        again.activities[2].title = "Pilot projects on circular migration"
        again.activities[2].lead = "SK"
        again.activities[0].lead = "DE"
        second = await deliver(again)
        assert second.message == "0 activities added, 3 known"

    with sessions() as session:
        rows = {
            r.number: r for r in session.scalars(select(PlanActivityRow).filter_by(plan_id=plan_id))
        }
        assert sorted(rows) == [1, 2, 3]
        edited = rows[1]
        assert (edited.status, edited.lead) == ("ongoing", "HU")  # the Secretariat's, kept
        assert (edited.start_month, edited.end_month) == ("2026-12", "2027-06")
        assert edited.updated_by == "secretariat-test"
        assert rows[2].status == "planned" and rows[2].lead == "PL"
        # never edited: follows the plan as endorsed again
        assert rows[3].title == "Pilot projects on circular migration"
        assert rows[3].lead == "SK"
        assert rows[3].thematic_area == "legal_labour_migration"
        events = session.scalars(select(Event).filter_by(draft_id=plan_id)).all()
        assert [e.summary for e in events] == ["Plan endorsed: 3 activities recorded"]
        changes = session.scalar(
            select(func.count()).select_from(PlanActivityChange).filter_by(plan_id=plan_id)
        )
        assert changes == 1  # the Secretariat's one change; the deliveries add none
