"""The baseline of `make bench`: a workflow that only waits and takes updates (sandboxed, as
ppflow's own workflows are, so the comparison is like with like)."""

from __future__ import annotations

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from models.base import Ack, Empty


@workflow.defn
class EmptyWorkflow:
    def __init__(self) -> None:
        self.done = False

    @workflow.run
    async def run(self) -> None:
        await workflow.wait_condition(lambda: self.done)

    @workflow.update
    def touch(self, _: Empty) -> Ack:
        return Ack()
