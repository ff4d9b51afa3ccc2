"""Workflow histories stay small whatever the draft's size: a draft at the model's limits
(MAX_SECTIONS sections, MAX_DRAFT_TEXT characters) goes through three comment rounds on the dev
server with the real activities and the claim check of models/connection.py, and no payload in any
history is larger than the claim-check threshold, nor any run's history larger than a bound."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import timedelta

from google.protobuf.message import Message
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.api.common.v1 import Payload
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.testing import WorkflowEnvironment

from models.api import (
    AnswerSubmit,
    CommentInput,
    CommentResolution,
    CommentResolutions,
    DraftStart,
    RevisionSubmit,
)
from models.base import MAX_COMMENT, MAX_DRAFT_TEXT, MAX_SECTIONS, SectionText
from models.claim_check import ClaimCheckCodec
from models.contracts.comment_round import RoundStart
from models.contracts.draft import DraftWorkflowInput
from models.db import CommentRow, SectionRow, StoredPayload
from models.domain import Disposition, DocumentType, Phase, Position
from tests.conftest import until
from workflows.comment_round import CommentRoundWorkflow
from workflows.draft import DraftWorkflow

THRESHOLD = 128 * 1024
# Bounds this test holds the histories to (Temporal's own limits: 2 MB a payload, 50 MB a
# history). The draft's text alone is over 2 MB.
LARGEST_PAYLOAD = THRESHOLD + 4 * 1024
LARGEST_HISTORY = 2 * 1024 * 1024
INVITED = ["AM", "DE", "KZ", "PL", "CZ"]


def payloads(message: Message) -> list[Payload]:
    """Every payload anywhere inside a history event."""
    found: list[Payload] = []
    for field, value in message.ListFields():
        if field.message_type is None:
            continue
        if isinstance(value, Message):
            items = [value]
        elif hasattr(value, "values"):  # a map of messages (e.g. memo, header fields)
            items = list(value.values())
        else:  # a repeated field
            items = list(value)
        for item in items:
            if isinstance(item, Payload):
                found.append(item)
            elif isinstance(item, Message):
                found += payloads(item)
    return found


def sections(version: int) -> list[SectionText]:
    per = MAX_DRAFT_TEXT // MAX_SECTIONS - 40
    return [
        SectionText(
            id=f"s{i}" if version > 1 else None,
            title=f"Section {i}",
            text=(f"v{version} {i} " + "Текст раздела. " * (per // 15))[:per],
        )
        for i in range(1, MAX_SECTIONS + 1)
    ]


async def test_a_draft_at_its_limits_keeps_every_history_small(
    dev_env: WorkflowEnvironment,
    run_worker,
    settings,
    sessions: sessionmaker[Session],
) -> None:
    codec = ClaimCheckCodec(sessions, THRESHOLD)
    client = Client(
        dev_env.client.service_client,
        namespace=dev_env.client.namespace,
        data_converter=dataclasses.replace(pydantic_data_converter, payload_codec=codec),
    )
    start = DraftStart(
        title="Extended Migration Profile at its limits",
        slug=f"limits-{uuid.uuid4().hex[:8]}",
        document_type=DocumentType.GUIDELINES,
        lead_state="SK",
        sections=sections(1),
    )
    assert len(start.model_dump_json().encode()) > 2 * 1024 * 1024  # over Temporal's limit
    round_ids = []
    async with run_worker(client):
        draft = await client.start_workflow(
            DraftWorkflow.run,
            DraftWorkflowInput(start=start),
            id=start.meta().draft_id,
            task_queue=settings.task_queue,
        )
        for number in (1, 2, 3):
            now = await dev_env.get_current_time()
            summary = await draft.execute_update(
                DraftWorkflow.open_round,
                RoundStart(invitees=INVITED, deadline=now + timedelta(days=14)),
            )
            round_ids.append(summary.round_id)
            rnd = client.get_workflow_handle_for(CommentRoundWorkflow.run, summary.round_id)
            for participant in INVITED:
                await rnd.execute_update(
                    CommentRoundWorkflow.submit_answer,
                    AnswerSubmit(
                        participant_id=participant,
                        position=Position.COMMENTS,
                        comments=[
                            CommentInput(
                                section_id=f"s{k}",
                                text=f"{participant} on s{k}: " + "x" * (MAX_COMMENT // 4),
                                proposed_text="y" * (MAX_COMMENT // 4),
                            )
                            for k in range(1, 11)
                        ],
                    ),
                )
            await rnd.result()
            state = (await draft.query(DraftWorkflow.status)).state
            assert state.phase == Phase.REVISION
            await draft.execute_update(
                DraftWorkflow.resolve_comments,
                CommentResolutions(
                    resolutions=[
                        CommentResolution(comment_id=c.comment_id, disposition=Disposition.NOTED)
                        for c in state.comments
                        if c.disposition is None
                    ]
                ),
            )
            await draft.execute_update(
                DraftWorkflow.submit_revision, RevisionSubmit(sections=sections(number + 1))
            )
        status = await draft.query(DraftWorkflow.status)
        assert status.state.version == 4 and status.unresolved_comments == 0

        def count(table: type, **where: str) -> int:
            with sessions() as session:
                query = select(func.count()).select_from(table).filter_by(**where)
                return int(session.scalar(query) or 0)

        # the read model has every section of every version and every comment, each sent once
        async def every_version_projected() -> bool:
            return count(SectionRow, draft_id=draft.id) == 4 * MAX_SECTIONS

        await until(every_version_projected)
        assert count(CommentRow, draft_id=draft.id) == 3 * len(INVITED) * 10
        assert count(StoredPayload) > 0

        sizes = {}
        largest = 0
        ids = [draft.id, *round_ids]
        for workflow_id in ids:
            async for run in client.list_workflows(f'WorkflowId = "{workflow_id}"'):
                history = await client.get_workflow_handle(
                    workflow_id, run_id=run.run_id
                ).fetch_history()
                events = history.events
                sizes[f"{workflow_id}/{run.run_id[:8]}"] = sum(e.ByteSize() for e in events)
                largest = max([largest, *(p.ByteSize() for e in events for p in payloads(e))])

    print(f"largest payload {largest:,} bytes; histories {sorted(sizes.values())}")
    assert largest <= LARGEST_PAYLOAD
    assert max(sizes.values()) <= LARGEST_HISTORY, sizes
