"""A meeting (SOM, Ministerial Conference, ...): agenda of drafts sent ahead, decisions recorded
by the Secretariat and delivered to each draft, conclusions issued at the close."""

from __future__ import annotations

from datetime import datetime

from temporalio import workflow

from workflows.common import (
    Effects,
    render_meeting_document,
    report_to_draft,
    send_notice,
    wait_until,
)

with workflow.unsafe.imports_passed_through():
    from models.activity_io import MeetingDocumentRequest, NoticeContext, NoticeRequest
    from models.api import DecisionInput
    from models.contracts.activities import Records
    from models.contracts.meeting import (
        AgendaItem,
        AgendaItemRequest,
        DecisionRecord,
        MeetingClose,
        MeetingInput,
        MeetingStatus,
    )
    from models.domain import ArtifactKind, Decision, NoticeKind

NOT_REACHED = "Not reached at the meeting; deferred."


@workflow.defn
class MeetingWorkflow:
    @workflow.init
    def __init__(self, input: MeetingInput) -> None:
        self.input = input
        self.agenda: list[AgendaItem] = []
        self.agenda_sent_at: datetime | None = None
        self.agenda_sent_items = 0
        self.closed_at: datetime | None = None
        self.summary = ""
        self.agenda_artifact_id: str | None = None
        self.conclusions_artifact_id: str | None = None
        self.undelivered: list[DecisionRecord] = []
        self.changed = False
        self.effects = Effects(input.meeting_id)

    @workflow.run
    async def run(self, input: MeetingInput) -> MeetingStatus:
        self._event(
            "meeting_created",
            f'{input.kind.label} "{input.title}" in {input.place} on {input.starts_at:%Y-%m-%d}',
        )
        send_agenda_at = input.starts_at - input.agenda_before
        while self.closed_at is None:
            self.changed = False  # before flushing: a command during the flush counts
            await self._deliver_decisions()
            await self.effects.flush(Records.project_meeting, self.status)
            due = send_agenda_at if self.agenda_sent_at is None else None
            await wait_until(
                lambda: self.changed or self.effects.pending or bool(self.undelivered), due
            )
            if self.closed_at is not None:
                break
            if self.agenda_sent_at is None:
                if workflow.now() >= send_agenda_at:
                    await self._send_agenda()
            elif len(self.agenda) > self.agenda_sent_items:
                await self._send_agenda()  # an item joined after the agenda went out
        for item in self.agenda:
            if item.decision is None:
                self._decide(item, Decision.DEFERRED, NOT_REACHED, [])
        await workflow.wait_condition(workflow.all_handlers_finished)
        await self._deliver_decisions()
        ref = await render_meeting_document(
            MeetingDocumentRequest(
                kind=ArtifactKind.MEETING_CONCLUSIONS,
                meeting=self.status(),
                generated_at=workflow.now(),
            )
        )
        self.conclusions_artifact_id = ref.artifact_id
        self._notify(NoticeKind.DECISION, "conclusions", artifact_id=ref.artifact_id)
        self._event("meeting_closed", f"Conclusions issued: {len(self.agenda)} item(s) decided")
        await self.effects.settle(Records.project_meeting, self.status)
        return self.status()

    async def _send_agenda(self) -> None:
        self.agenda_sent_at = workflow.now()
        self.agenda_sent_items = len(self.agenda)
        ref = await render_meeting_document(
            MeetingDocumentRequest(
                kind=ArtifactKind.MEETING_AGENDA, meeting=self.status(), generated_at=workflow.now()
            )
        )
        self.agenda_artifact_id = ref.artifact_id
        self._notify(
            NoticeKind.MEETING_AGENDA, f"agenda-{len(self.agenda)}", artifact_id=ref.artifact_id
        )
        self._event(
            "agenda_sent",
            f"Agenda with {len(self.agenda)} item(s) sent to "
            f"{len(self.input.invitees)} participants",
        )

    async def _deliver_decisions(self) -> None:
        """Each decision reaches its draft's workflow; the draft decides what follows."""
        while self.undelivered:
            record = self.undelivered[0]
            await report_to_draft(record.draft_id, "decision_recorded", record)
            self.undelivered.pop(0)

    @workflow.signal
    def request_agenda_item(self, request: AgendaItemRequest) -> None:
        if self.closed_at is not None:
            return
        existing = self._item(request.draft.draft_id)
        if existing is not None and existing.decision is None:
            existing.version = request.version
        else:
            if existing is not None:
                self.agenda.remove(existing)
            self.agenda.append(
                AgendaItem(
                    draft=request.draft, version=request.version, requested_at=request.requested_at
                )
            )
        self._event(
            "agenda_item_added",
            f'"{request.draft.title}" (version {request.version}) '
            "put on the agenda for endorsement",
        )

    @workflow.update
    def record_decision(self, decision: DecisionInput) -> AgendaItem:
        item = self._item(decision.draft_id)
        assert item is not None
        self._decide(item, decision.decision, decision.notes, decision.reservations)
        return item

    @record_decision.validator
    def _validate_decision(self, decision: DecisionInput) -> None:
        if self.closed_at is not None:
            raise ValueError("the meeting is closed")
        item = self._item(decision.draft_id)
        if item is None:
            raise ValueError(f"{decision.draft_id} is not on the agenda of this meeting")
        if item.decision is not None:
            raise ValueError(
                f"a decision on {decision.draft_id} is already recorded: {item.decision.value}"
            )

    @workflow.update
    def close_meeting(self, request: MeetingClose) -> MeetingStatus:
        self.closed_at = workflow.now()
        self.summary = request.summary
        self.changed = True
        return self.status()

    @close_meeting.validator
    def _validate_close(self, request: MeetingClose) -> None:
        if self.closed_at is not None:
            raise ValueError("the meeting is already closed")

    @workflow.query
    def status(self) -> MeetingStatus:
        return MeetingStatus(
            meeting_id=self.input.meeting_id,
            kind=self.input.kind,
            title=self.input.title,
            place=self.input.place,
            starts_at=self.input.starts_at,
            invitees=self.input.invitees,
            agenda=self.agenda,
            agenda_sent_at=self.agenda_sent_at,
            closed_at=self.closed_at,
            summary=self.summary,
            agenda_artifact_id=self.agenda_artifact_id,
            conclusions_artifact_id=self.conclusions_artifact_id,
        )

    def _item(self, draft_id: str) -> AgendaItem | None:
        return next((i for i in self.agenda if i.draft.draft_id == draft_id), None)

    def _decide(
        self, item: AgendaItem, decision: Decision, notes: str, reservations: list[str]
    ) -> None:
        item.decision = decision
        item.decided_at = workflow.now()
        item.notes = notes
        item.reservations = reservations
        self.undelivered.append(
            DecisionRecord(
                meeting_id=self.input.meeting_id,
                meeting_title=self.input.title,
                meeting_place=self.input.place,
                draft_id=item.draft.draft_id,
                decision=decision,
                decided_at=item.decided_at,
                notes=notes,
                reservations=reservations,
            )
        )
        self._event(
            "decision_recorded",
            f'"{item.draft.title}": {decision.value}' + (f" ({notes})" if notes else ""),
            actor="secretariat",
        )

    def _event(self, kind: str, summary: str, actor: str | None = None) -> None:
        self.changed = True
        self.effects.event(kind, summary, meeting_id=self.input.meeting_id, actor=actor)

    def _notify(self, kind: NoticeKind, key: str, artifact_id: str | None = None) -> None:
        self.effects.spawn(
            send_notice(
                NoticeRequest(
                    notice_key=f"{self.input.meeting_id}:{key}",
                    kind=kind,
                    recipients=self.input.invitees,
                    meeting_id=self.input.meeting_id,
                    context=NoticeContext(
                        meeting_title=self.input.title,
                        meeting_place=self.input.place,
                        meeting_starts_at=self.input.starts_at,
                        agenda=[
                            f"{i.draft.title} ({i.draft.reference}, version {i.version})"
                            + (f": {i.decision.value}" if i.decision else "")
                            for i in self.agenda
                        ],
                        summary=self.summary or None,
                        artifact_id=artifact_id,
                    ),
                )
            )
        )
