"""One notice sent outside any draft's workflow (a re-issued or handed-off link, the
confirmation of an answer by mail): the outbox activity with its retries, nothing else."""

from __future__ import annotations

from temporalio import workflow

from workflows.common import send_notice

with workflow.unsafe.imports_passed_through():
    from models.activity_io import NoticeReport, NoticeRequest


@workflow.defn
class NoticeWorkflow:
    @workflow.run
    async def run(self, request: NoticeRequest) -> NoticeReport:
        return await send_notice(request)
