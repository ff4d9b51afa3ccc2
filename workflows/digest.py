"""The digest, run by a Temporal Schedule every day: whoever is due gets one mail."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

from workflows.common import NOTICE_RETRY

with workflow.unsafe.imports_passed_through():
    from models.activity_io import DigestReport, DigestRequest
    from models.base import Empty
    from models.contracts.activities import Digests


@workflow.defn
class DigestWorkflow:
    @workflow.run
    async def run(self, request: Empty) -> DigestReport:
        return await workflow.execute_activity_method(
            Digests.send_digests,
            DigestRequest(now=workflow.now()),
            start_to_close_timeout=timedelta(minutes=10),
            retry_policy=NOTICE_RETRY,
        )
