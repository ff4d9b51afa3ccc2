"""The Secretariat closes a round and, a moment later, the draft is withdrawn while the round's
closing mails are still going out: the round ends closed (not failed, not lost), its last state
is written, and the draft is withdrawn. (Found by the invariants test under load: the
withdrawal's cancellation reached the round as it was settling, and the round ended cancelled
without its last write.)"""

from __future__ import annotations

import asyncio
import threading

from temporalio.client import WorkflowExecutionStatus

from models.api import CloseRequest, Withdrawal
from models.domain import Phase, RoundOutcome
from tests.workflows.steps import open_round, start_draft
from workflows.comment_round import CommentRoundWorkflow
from workflows.draft import DraftWorkflow


async def test_a_round_closing_when_its_draft_is_withdrawn_still_closes(live) -> None:  # type: ignore[no-untyped-def]
    environment, queue, fakes = live
    gate = threading.Event()
    fakes.held_notices["closed"] = gate  # the round's "closed" mail waits until let go
    try:
        draft = await start_draft(environment.client, queue)
        rnd = await open_round(environment, draft)
        await rnd.execute_update(CommentRoundWorkflow.close_round, CloseRequest())
        for _ in range(200):  # the closing mail is on its way out, held
            if any(k.endswith(":closed") for k in fakes.notices_held):
                break
            await asyncio.sleep(0.05)
        assert any(k.endswith(":closed") for k in fakes.notices_held)
        await draft.execute_update(DraftWorkflow.withdraw, Withdrawal(reason="Merged elsewhere"))
        await asyncio.sleep(0.5)  # the cancellation reaches the round while it settles
    finally:
        gate.set()
    result = await asyncio.wait_for(rnd.result(), 30)
    assert result.outcome == RoundOutcome.CLOSED_BY_SECRETARIAT
    assert (await rnd.describe()).status == WorkflowExecutionStatus.COMPLETED
    status = await rnd.query(CommentRoundWorkflow.status)
    last = [p for p in fakes.round_projections if p.round_id == status.round_id][-1]
    assert last == status and not last.open  # its last state written
    assert (await draft.query(DraftWorkflow.status)).state.phase == Phase.WITHDRAWN
