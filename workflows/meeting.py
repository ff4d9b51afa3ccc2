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
    from models.activity_io import (
        AgendaLine,
        MeetingDocumentRequest,
        NoticeContext,
        NoticeRequest,
    )
    from models.api import DecisionInput
    from models.base import Empty
    from models.contracts.activities import Records
    from models.contracts.meeting import (
        NOT_REACHED,
        AgendaItem,
        AgendaItemRequest,
        AgendaItemWithdrawal,
        AgendaRefusal,
        AttendanceInput,
        DecisionRecord,
        MeetingClose,
        MeetingInput,
        MeetingStatus,
    )
    from models.domain import ArtifactKind, Decision, NoticeKind


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
        self.send_now = False
        self.agenda_sends = 0
        self.attendance: list[str] = []
        self.attendance_recorded_at: datetime | None = None
        self.effects = Effects(input.meeting_id)

    @workflow.run
    async def run(self, input: MeetingInput) -> MeetingStatus:
        self._event(
            "meeting_created",
            f'{input.kind.label} "{input.title}" in {input.place} on {input.starts_at:%Y-%m-%d}',
        )
        send_agenda_at = input.starts_at - input.agenda_before
        # An agenda lists something: an empty one waits for its first item (runs from before
        # this patch sent it on the day, empty or not).
        needs_items = workflow.patched("agenda-needs-items")
        while self.closed_at is None:
            self.changed = False  # before flushing: a command during the flush counts
            await self._deliver_decisions()
            await self.effects.flush(Records.project_meeting, self.status)
            waiting = self.agenda_sent_at is None and (self.agenda or not needs_items)
            due = send_agenda_at if waiting else None
            await wait_until(
                lambda: (
                    self.changed
                    or self.effects.pending
                    or bool(self.undelivered)
                    or self.send_now
                    # an item that joined while the agenda was being sent goes out next
                    or (self.agenda_sent_at is not None and self._agenda_behind)
                ),
                due,
            )
            if self.closed_at is not None:
                break
            if self.agenda_sent_at is None:
                items = bool(self.agenda) or not needs_items
                if (workflow.now() >= send_agenda_at or self.send_now) and items:
                    await self._send_agenda()
            elif len(self.agenda) > self.agenda_sent_items or self.send_now:
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
        """The agenda as it is now, once per number of items (an item added while this one is
        being rendered goes out in the next)."""
        self.send_now = False
        self.agenda_sends += 1
        items = len(self.agenda)
        self.agenda_sent_at = workflow.now()
        self.agenda_sent_items = items
        ref = await render_meeting_document(
            MeetingDocumentRequest(
                kind=ArtifactKind.MEETING_AGENDA, meeting=self.status(), generated_at=workflow.now()
            )
        )
        self.agenda_artifact_id = ref.artifact_id
        self._notify(
            NoticeKind.MEETING_AGENDA,
            f"agenda-{self.agenda_sends}-{items}",
            artifact_id=ref.artifact_id,
        )
        self._event(
            "agenda_sent",
            f"Agenda with {items} item(s) sent to {len(self.input.invitees)} participants",
        )

    async def _deliver_decisions(self) -> None:
        """Each decision reaches its draft's workflow; the draft decides what follows."""
        while self.undelivered:
            record = self.undelivered[0]
            if not await report_to_draft(record.draft_id, "decision_recorded", record):
                self._event(
                    "decision_undelivered",
                    f"The decision on {record.draft_id} was not delivered: the draft had ended",
                )
            self.undelivered.pop(0)

    @workflow.signal
    def request_agenda_item(self, request: AgendaItemRequest) -> None:
        if self.closed_at is not None:
            if workflow.patched("refuse-agenda-when-closed"):
                # The draft would otherwise wait in endorsement for a meeting that is over.
                self.effects.spawn(
                    report_to_draft(
                        request.draft.draft_id,
                        "agenda_item_refused",
                        AgendaRefusal(
                            meeting_id=self.input.meeting_id,
                            reason="the meeting is closed",
                        ),
                    )
                )
                self._event(
                    "agenda_item_refused",
                    f'"{request.draft.title}" not put on the agenda: the meeting is closed',
                )
            return
        existing = self._item(request.draft.draft_id)
        if existing is not None and existing.decision is None:
            existing.version = request.version
            existing.titles = request.titles
        else:
            if existing is not None:
                self.agenda.remove(existing)
            self.agenda.append(
                AgendaItem(
                    draft=request.draft,
                    version=request.version,
                    requested_at=request.requested_at,
                    titles=request.titles,
                )
            )
        self._event(
            "agenda_item_added",
            f'"{request.draft.title}" (version {request.version}) '
            "put on the agenda for endorsement",
        )

    @workflow.signal
    def agenda_item_withdrawn(self, withdrawal: AgendaItemWithdrawal) -> None:
        """A draft withdrawn while it waited here leaves the agenda."""
        item = self._item(withdrawal.draft_id)
        if item is None or item.decision is not None:
            return
        self.agenda.remove(item)
        self._event(
            "agenda_item_withdrawn",
            f'"{item.draft.title}" withdrawn from the agenda: {withdrawal.reason}',
        )

    @workflow.update
    def send_agenda_now(self, request: Empty) -> MeetingStatus:
        """The Secretariat sends the agenda at once (or again, as it stands now)."""
        self.send_now = True
        self.changed = True
        return self.status()

    @send_agenda_now.validator
    def _validate_send_now(self, request: Empty) -> None:
        if self.closed_at is not None:
            raise ValueError("the meeting is closed")
        if not self.agenda:
            raise ValueError("the agenda has no item yet: nothing to send")

    @workflow.update
    def record_decision(self, decision: DecisionInput) -> AgendaItem:
        item = self._item(decision.draft_id)
        assert item is not None
        self._decide(item, decision.decision, decision.notes, decision.reservations, decision)
        return item

    @record_decision.validator
    def _validate_decision(self, decision: DecisionInput) -> None:
        if self.closed_at is not None:
            raise ValueError("the meeting is closed")
        self._require_meeting_day("decisions are recorded")
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
        self._require_meeting_day("the meeting is closed")

    @workflow.update
    def record_attendance(self, request: AttendanceInput) -> MeetingStatus:
        """Who was represented (the whole list, replacing an earlier one): the conclusions
        name them."""
        self.attendance = list(dict.fromkeys(request.participants))
        self.attendance_recorded_at = workflow.now()
        self._event(
            "attendance_recorded",
            f"{len(self.attendance)} participant(s) represented: {', '.join(self.attendance)}",
            actor="secretariat",
        )
        return self.status()

    @record_attendance.validator
    def _validate_attendance(self, request: AttendanceInput) -> None:
        if self.closed_at is not None:
            raise ValueError("the meeting is closed: its conclusions are issued")
        self._require_meeting_day("attendance is recorded")

    def _require_meeting_day(self, what: str) -> None:
        """Decisions and conclusions belong to the meeting: from its day on (UTC), never weeks
        before it (the final text names the day of the decision as the day of endorsement)."""
        day = self.input.starts_at.replace(hour=0, minute=0, second=0, microsecond=0)
        if workflow.now() < day:
            raise ValueError(
                f"the meeting takes place on {self.input.starts_at:%Y-%m-%d}: "
                f"{what} from that day on"
            )

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
            ends_at=self.input.ends_at,
            host=self.input.host,
            co_chairs=self.input.co_chairs,
            attendance=self.attendance,
            attendance_recorded_at=self.attendance_recorded_at,
        )

    @property
    def _agenda_behind(self) -> bool:
        return len(self.agenda) > self.agenda_sent_items

    def _item(self, draft_id: str) -> AgendaItem | None:
        return next((i for i in self.agenda if i.draft.draft_id == draft_id), None)

    def _decide(
        self,
        item: AgendaItem,
        decision: Decision,
        notes: str,
        reservations: list[str],
        recorded: DecisionInput | None = None,
    ) -> None:
        item.decision = decision
        item.decided_at = workflow.now()
        item.notes = notes
        item.reservations = reservations
        item.amendments = recorded.amendments if recorded else ""
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
                amendments=item.amendments,
                amended_sections=recorded.amended_sections if recorded else [],
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
                        meeting_ends_at=self.input.ends_at,
                        meeting_kind=self.input.kind,
                        host=self.input.host or None,
                        # Words and names are the templates' (each reader's language).
                        items=[
                            AgendaLine(
                                draft_id=i.draft.draft_id,
                                title=i.draft.title,
                                titles=i.titles,
                                reference=i.draft.reference,
                                version=i.version,
                                decision=i.decision,
                            )
                            for i in self.agenda
                        ],
                        summary=self.summary or None,
                        artifact_id=artifact_id,
                    ),
                )
            )
        )
