"""Written (silence) procedure: the text is endorsed at the deadline unless silence is broken."""

from __future__ import annotations

import asyncio
from datetime import datetime

from temporalio import workflow

from workflows.common import (
    Effects,
    report_to_draft,
    require_later,
    require_open,
    send_notice,
    wait_until,
)

with workflow.unsafe.imports_passed_through():
    from models.activity_io import NoticeContext, NoticeRequest
    from models.api import DeadlineExtension
    from models.contracts.activities import Records
    from models.contracts.written_procedure import (
        SilenceBreak,
        SilenceInput,
        SilenceResult,
        SilenceStatus,
    )
    from models.domain import ArtifactKind, LinkPurpose, NoticeKind, SilenceOutcome


@workflow.defn
class WrittenProcedureWorkflow:
    @workflow.init
    def __init__(self, input: SilenceInput) -> None:
        self.input = input
        self.deadline = input.deadline
        self.outcome: SilenceOutcome | None = None
        self.broken_by: str | None = None
        self.reason: str | None = None
        self.closed_at: datetime | None = None
        self.changed = False
        self.effects = Effects(input.procedure_id)

    @workflow.run
    async def run(self, input: SilenceInput) -> SilenceResult:
        self._notify(NoticeKind.SILENCE_OPENED, "opened")
        self._event(
            "silence_opened",
            f"Written procedure on version {input.version} opened, "
            f"silence deemed kept at {self.deadline:%Y-%m-%d %H:%M} UTC",
            deadline=self.deadline,
        )
        try:
            while self.outcome is None:
                self.changed = False  # before flushing: a command during the flush counts
                await self.effects.flush(Records.project_silence, self.status)
                if not await wait_until(
                    lambda: self.changed or self.effects.pending, self.deadline
                ):
                    self.outcome = SilenceOutcome.KEPT
        except asyncio.CancelledError:
            self.outcome = SilenceOutcome.CANCELLED
        self.closed_at = workflow.now()
        # The draft tells of the end, once, with its decision (runs from before this patch
        # mailed the broken silence here, and the draft its decision besides).
        draft_tells = workflow.patched("draft-tells-silence")
        if self.outcome == SilenceOutcome.BROKEN and not draft_tells:
            self._notify(NoticeKind.SILENCE_BROKEN, "broken")
        summary = f"Written procedure closed: silence {self.outcome.value}"
        self._event("silence_closed", summary, outcome=self.outcome.value)
        await self.effects.settle(Records.project_silence, self.status)
        result = SilenceResult(
            procedure_id=input.procedure_id,
            outcome=self.outcome,
            closed_at=self.closed_at,
            broken_by=self.broken_by,
            reason=self.reason,
            invitees=input.invitees,
            draft_tells=draft_tells,
        )
        if self.outcome != SilenceOutcome.CANCELLED:
            if not await report_to_draft(input.draft.draft_id, "silence_ended", result):
                self._event(
                    "result_undelivered", "The draft had ended: the outcome was not delivered to it"
                )
                await self.effects.settle(Records.project_silence, self.status)
        return result

    @workflow.update
    def break_silence(self, request: SilenceBreak) -> SilenceStatus:
        self.outcome = SilenceOutcome.BROKEN
        self.broken_by = request.participant_id
        self.reason = request.reason
        self._event(
            "silence_broken",
            f"{request.participant_id} broke the silence: {request.reason}",
            actor=request.participant_id,
            reason=request.reason,
        )
        return self.status()

    @break_silence.validator
    def _validate_break(self, request: SilenceBreak) -> None:
        self._require_open()
        if request.participant_id not in self.input.invitees:
            raise ValueError(f"{request.participant_id} is not part of this written procedure")

    @workflow.update
    def extend_deadline(self, extension: DeadlineExtension) -> SilenceStatus:
        self.deadline = extension.deadline
        self._event(
            "deadline_extended",
            f"Silence deadline moved to {self.deadline:%Y-%m-%d %H:%M} UTC",
            deadline=self.deadline,
        )
        if workflow.patched("silence-extension-mailed"):
            # Invitees hear of the new deadline, with a link that lives until it.
            self._notify(NoticeKind.DEADLINE_EXTENDED, f"extended-{self.deadline.isoformat()}")
        return self.status()

    @extend_deadline.validator
    def _validate_extension(self, extension: DeadlineExtension) -> None:
        self._require_open()
        require_later(extension.deadline, self.deadline)

    @workflow.query
    def status(self) -> SilenceStatus:
        return SilenceStatus(
            procedure_id=self.input.procedure_id,
            draft_id=self.input.draft.draft_id,
            version=self.input.version,
            open=self.outcome is None,
            deadline=self.deadline,
            invitees=self.input.invitees,
            outcome=self.outcome,
            broken_by=self.broken_by,
            reason=self.reason,
            closed_at=self.closed_at,
        )

    def _require_open(self) -> None:
        require_open(self.outcome is not None, self.deadline, "the written procedure")

    def _event(self, kind: str, summary: str, actor: str | None = None, **details: object) -> None:
        self.changed = True
        details["procedure"] = self.input.version  # the line's parameters: web/timeline.py
        draft_id = self.input.draft.draft_id
        self.effects.event(kind, summary, draft_id=draft_id, actor=actor, details=details)

    def _notify(self, kind: NoticeKind, key: str) -> None:
        draft = self.input.draft
        self.effects.spawn(
            send_notice(
                NoticeRequest(
                    notice_key=f"{self.input.procedure_id}:{key}",
                    kind=kind,
                    recipients=self.input.invitees,
                    draft_id=draft.draft_id,
                    link_workflow_id=self.input.procedure_id
                    if kind in (NoticeKind.SILENCE_OPENED, NoticeKind.DEADLINE_EXTENDED)
                    else None,
                    link_expires_at=self.deadline,
                    link_purpose=LinkPurpose.WRITTEN_PROCEDURE,
                    attach=ArtifactKind.DRAFT_VERSION
                    if kind == NoticeKind.SILENCE_OPENED
                    else None,
                    context=NoticeContext(
                        draft_title=draft.title,
                        reference=draft.reference,
                        document_type=draft.document_type,
                        lead_state=draft.lead_state,
                        version=self.input.version,
                        deadline=self.deadline,
                        reason=self.reason,
                        summary=f"silence broken by {self.broken_by}" if self.broken_by else None,
                        participant=self.broken_by,
                    ),
                )
            )
        )
