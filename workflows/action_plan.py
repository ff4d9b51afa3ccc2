"""The Action Plan as one document: a parent draft whose parts are drafts of their own.

Each part (a DraftWorkflow of type action_plan_section with `parent_id`) has its lead state,
thematic area, rounds and dispositions. A part is ready when its lead state asks for endorsement
with the plan; once every part is ready the Secretariat asks a meeting (a Ministerial
Conference) to endorse the whole: the plan compiles one document of all parts with one
numbering of activities and goes on the meeting's agenda. The meeting's decision comes here
and goes on to every part: endorsed, each part is final; deferred, each goes back to revision.

drafting -> endorsement -> final / rejected; deferred goes back to drafting; withdrawn.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

from temporalio import workflow
from temporalio.exceptions import ApplicationError

from workflows.common import (
    DOCUMENT_RETRY,
    RECORD_RETRY,
    RENDER_HEARTBEAT,
    Effects,
    report_to_draft,
    run_until_closed,
)

with workflow.unsafe.imports_passed_through():
    from models.api import Withdrawal
    from models.base import Ack, ArtifactRef
    from models.contracts.action_plan import (
        Compilation,
        CompiledPart,
        PartAdd,
        PartReady,
        PartWithdrawn,
        PlanDocumentRequest,
        PlanDocuments,
        PlanEndorsementStart,
        PlanPart,
        PlanState,
        PlanStatus,
        PlanWorkflowInput,
    )
    from models.contracts.activities import PlanRecords, Records
    from models.contracts.draft import EndorsementRecord
    from models.contracts.meeting import (
        AgendaItemRequest,
        AgendaItemWithdrawal,
        AgendaRefusal,
        DecisionRecord,
    )
    from models.domain import Decision, Phase, Route
    from models.search import SA_PHASE
    from workflows import action_plan_state as plan
    from workflows.draft_state import decide


@workflow.defn
class ActionPlanWorkflow:
    @workflow.init
    def __init__(self, input: PlanWorkflowInput) -> None:
        now = workflow.now()
        self.start = input.start
        self.continued = input.state is not None
        self.state = input.state or PlanState(
            meta=input.start.meta(), started_at=now, updated_at=now
        )
        self.effects = Effects(self.state.meta.draft_id)
        self.effects.counter = self.state.event_counter
        self.lock = asyncio.Lock()

    @workflow.run
    async def run(self, input: PlanWorkflowInput) -> PlanStatus:
        if not self.continued:
            meta = self.state.meta
            self._event(
                "plan_started",
                f'{meta.lead_state} started the Action Plan "{meta.title}"',
                actor=meta.lead_state,
            )
        await run_until_closed(
            self.effects, self._flush, lambda: self.state.phase.is_closed, self._continue_as_new
        )
        return self.status()

    def _continue_as_new(self) -> None:
        self.state.event_counter = self.effects.counter
        workflow.continue_as_new(PlanWorkflowInput(start=self.start, state=self.state))

    async def _flush(self) -> None:
        self.state.event_counter = self.effects.counter
        await self.effects.flush(Records.project_draft_changes, lambda: plan.projection(self.state))

    # ------------------------------------------------------------ parts

    @workflow.update
    def add_part(self, request: PartAdd) -> PlanStatus:
        part = plan.add_part(self.state, request.part, workflow.now())
        if part is not None:
            self._event(
                "part_added",
                f"Part {plan.describe(part)} added to the Action Plan",
                actor=part.lead_state,
            )
        return self.status()

    @add_part.validator
    def _validate_add_part(self, request: PartAdd) -> None:
        plan.check_part(self.state, request.part)

    @workflow.signal
    def part_ready(self, ready: PartReady) -> None:
        part = plan.find_part(self.state, ready.draft_id)
        if part is None or part.withdrawn:
            return
        if self.state.phase != Phase.DRAFTING:
            # The plan is at a meeting (or over): the part may not join it now; it is released.
            self._release(part.draft_id, f"The Action Plan is in {self.state.phase.value}")
            return
        part.ready_version = ready.version
        part.sections = ready.sections
        self._event(
            "part_ready",
            f"Part {plan.describe(part)} ready: version {ready.version}, "
            f"{len(ready.sections)} activit{'y' if len(ready.sections) == 1 else 'ies'}",
            actor=part.lead_state,
        )

    @workflow.signal
    def part_withdrawn(self, withdrawn: PartWithdrawn) -> None:
        part = plan.find_part(self.state, withdrawn.draft_id)
        if part is None or part.withdrawn:
            return
        part.withdrawn = True
        self._event("part_withdrawn", f"Part {plan.describe(part)} withdrawn: {withdrawn.reason}")
        pending = plan.pending_endorsement(self.state)
        if pending is not None and pending.meeting_id:
            # The compiled plan had this part: it leaves the agenda, to be compiled again.
            self.state.endorsements.remove(pending)
            self.effects.spawn(
                report_to_draft(
                    pending.meeting_id,
                    "agenda_item_withdrawn",
                    AgendaItemWithdrawal(
                        draft_id=self.state.meta.draft_id,
                        reason=f"a part was withdrawn: {part.title}",
                    ),
                )
            )
            self._set_phase(Phase.DRAFTING)
            self._event(
                "endorsement_withdrawn",
                f"The plan left the agenda of {pending.meeting_id}: compile it again",
            )

    # ------------------------------------------------------------ endorsement

    @workflow.update
    async def request_endorsement(self, request: PlanEndorsementStart) -> EndorsementRecord:
        async with self.lock:
            self._still(lambda: plan.check_endorsement(self.state))
            number = len(self.state.compilations) + 1
            parts = [p.model_copy(deep=True) for p in self.state.live_parts]
            compiled = await self._render(number, parts)
            # A part may have been withdrawn (or released) while the document was rendered.
            self._still(lambda: plan.check_endorsement(self.state))
            if [p.draft_id for p in self.state.live_parts] != [p.draft_id for p in parts]:
                raise ApplicationError("the plan's parts changed meanwhile: ask again")
            compilation = Compilation(
                number=number,
                compiled_at=workflow.now(),
                parts=[
                    CompiledPart(draft_id=p.draft_id, version=p.ready_version or 0) for p in parts
                ],
                artifacts=compiled,
            )
            self.state.compilations.append(compilation)
            self.effects.dirty = True
            try:
                await workflow.get_external_workflow_handle(request.meeting_id).signal(
                    "request_agenda_item",
                    AgendaItemRequest(
                        draft=self.state.meta, version=number, requested_at=workflow.now()
                    ),
                )
            except Exception as e:
                raise ApplicationError(
                    f"meeting {request.meeting_id} cannot take agenda items: {e}",
                    non_retryable=True,
                ) from e
            record = EndorsementRecord(
                route=Route.MEETING,
                requested_at=workflow.now(),
                version=number,
                meeting_id=request.meeting_id,
            )
            self.state.endorsements.append(record)
            self._set_phase(Phase.ENDORSEMENT)
            self._event(
                "endorsement_requested",
                f"Endorsement of the compiled plan ({len(parts)} part(s), "
                f"{sum(len(p.sections) for p in parts)} activities) requested: "
                f"meeting {request.meeting_id}",
                actor="secretariat",
            )
            return record

    @request_endorsement.validator
    def _validate_endorsement(self, request: PlanEndorsementStart) -> None:
        plan.check_endorsement(self.state)

    @workflow.signal
    def agenda_item_refused(self, refusal: AgendaRefusal) -> None:
        pending = plan.pending_endorsement(self.state)
        if pending is None or pending.meeting_id != refusal.meeting_id:
            return
        self.state.endorsements.remove(pending)
        self._set_phase(Phase.DRAFTING)
        self._event(
            "endorsement_refused",
            f"Endorsement at meeting {refusal.meeting_id} not possible: {refusal.reason}",
        )

    @workflow.signal
    def decision_recorded(self, record: DecisionRecord) -> None:
        pending = plan.pending_endorsement(self.state)
        if pending is None or pending.meeting_id != record.meeting_id:
            return
        pending.meeting_title = record.meeting_title
        pending.meeting_place = record.meeting_place
        phase = decide(
            pending,
            record.decision,
            record.decided_at,
            record.notes,
            record.reservations,
            record.amendments,
        )
        parts = plan.compiled_parts(self.state)
        self._event(
            "decision",
            f"Decision on the Action Plan: {record.decision.value}"
            + (f" ({record.notes})" if record.notes else "")
            + f"; delivered to {len(parts)} part(s)",
        )
        for part in parts:
            self.effects.spawn(report_to_draft(part.draft_id, "plan_decided", record))
        if phase == Phase.FINAL:
            activities = plan.activities(self.state, record.decided_at, record.meeting_id)
            self.effects.spawn(
                workflow.execute_activity_method(
                    PlanRecords.record_plan_activities,
                    activities,
                    start_to_close_timeout=timedelta(seconds=60),
                    retry_policy=RECORD_RETRY,
                )
            )
            self.effects.spawn(self._render_final(pending))
        elif phase == Phase.REVISION:  # deferred: every part goes back to revision
            phase = Phase.DRAFTING
            for part in parts:
                part.ready_version = None
        self._set_phase(phase)

    # ------------------------------------------------------------ withdrawal and status

    @workflow.update
    async def withdraw(self, request: Withdrawal) -> Ack:
        async with self.lock:
            self._still(lambda: self._validate_withdraw(request))
            pending = plan.pending_endorsement(self.state)
            if pending is not None and pending.meeting_id:
                self.state.endorsements.remove(pending)
                await report_to_draft(
                    pending.meeting_id,
                    "agenda_item_withdrawn",
                    AgendaItemWithdrawal(draft_id=self.state.meta.draft_id, reason=request.reason),
                )
            for part in self.state.live_parts:
                if part.ready:
                    self._release(part.draft_id, f"The Action Plan was withdrawn: {request.reason}")
            self.state.withdrawn_reason = request.reason
            self._set_phase(Phase.WITHDRAWN)
            self._event(
                "plan_withdrawn", f"Action Plan withdrawn: {request.reason}", actor="secretariat"
            )
            return Ack(message="withdrawn")

    @withdraw.validator
    def _validate_withdraw(self, request: Withdrawal) -> None:
        if self.state.phase.is_closed:
            raise ValueError(f"the Action Plan is already {self.state.phase.value}")

    @workflow.query
    def status(self) -> PlanStatus:
        return PlanStatus(
            state=self.state,
            pending_endorsement=plan.pending_endorsement(self.state),
            not_ready=[p.draft_id for p in plan.not_ready(self.state)],
        )

    # ------------------------------------------------------------ helpers

    def _release(self, draft_id: str, why: str) -> None:
        """A ready part that the plan no longer takes goes back to revision (as if deferred)."""
        part = plan.find_part(self.state, draft_id)
        if part is not None:
            part.ready_version = None
        self.effects.spawn(
            report_to_draft(
                draft_id,
                "plan_decided",
                DecisionRecord(
                    meeting_id="",
                    meeting_title="",
                    meeting_place="",
                    draft_id=self.state.meta.draft_id,
                    decision=Decision.DEFERRED,
                    decided_at=workflow.now(),
                    notes=why,
                ),
            )
        )
        self.effects.dirty = True

    async def _render(
        self, number: int, parts: list[PlanPart], endorsement: EndorsementRecord | None = None
    ) -> list[ArtifactRef]:
        result = await workflow.execute_activity_method(
            PlanDocuments.render_compiled_plan,
            PlanDocumentRequest(
                meta=self.state.meta,
                number=number,
                parts=parts,
                generated_at=workflow.now(),
                endorsement=endorsement,
            ),
            start_to_close_timeout=timedelta(minutes=10),
            heartbeat_timeout=RENDER_HEARTBEAT,
            retry_policy=DOCUMENT_RETRY,
        )
        return result.artifacts

    async def _render_final(self, endorsement: EndorsementRecord) -> None:
        """The compiled plan again, marked endorsed (the same compilation's number)."""
        compilation = self.state.compilations[-1]
        parts = plan.compiled_parts(self.state)
        compilation.artifacts = await self._render(compilation.number, parts, endorsement)
        self.effects.dirty = True

    def _still(self, check: Callable[[], None]) -> None:
        try:
            check()
        except ValueError as e:
            raise ApplicationError(str(e), non_retryable=True) from e

    def _set_phase(self, phase: Phase) -> None:
        self.state.phase = phase
        self.state.updated_at = workflow.now()
        workflow.upsert_search_attributes([SA_PHASE.value_set(phase.value)])
        self.effects.dirty = True

    def _event(self, kind: str, summary: str, actor: str | None = None) -> None:
        self.state.updated_at = workflow.now()
        self.effects.event(kind, summary, draft_id=self.state.meta.draft_id, actor=actor)
