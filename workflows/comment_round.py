"""One comment round on one version of a draft: invitations, answers, reminders, closing."""

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
    from models.api import AnswerSubmit, CloseRequest, DeadlineExtension
    from models.base import Empty
    from models.contracts.activities import Records
    from models.contracts.comment_round import (
        Answer,
        AnswerReceipt,
        RoundDeadline,
        RoundInput,
        RoundResult,
        RoundStatus,
    )
    from models.domain import ArtifactKind, LinkPurpose, NoticeKind, RoundOutcome


@workflow.defn
class CommentRoundWorkflow:
    @workflow.init
    def __init__(self, input: RoundInput) -> None:
        self.input = input
        self.deadline = input.deadline
        self.opened_at = workflow.now()
        # Reminders fall due only after the deadline was set: no burst on opening or extending.
        self.deadline_set_at = self.opened_at
        self.answers: dict[str, Answer] = {}
        self.outcome: RoundOutcome | None = None
        self.closed_at: datetime | None = None
        self.reminders_sent: list[datetime] = []
        self.reminded: set[str] = set()
        self.changed = False
        self.effects = Effects(input.round_id)

    # ------------------------------------------------------------ the round's life

    @workflow.run
    async def run(self, input: RoundInput) -> RoundResult:
        self._notify(NoticeKind.ROUND_OPENED, input.invitees, key="opened")
        self._event(
            "round_opened",
            f"Round {input.number} opened on version {input.version}, "
            f"{len(input.invitees)} invited, deadline {self.deadline:%Y-%m-%d %H:%M} UTC",
        )
        try:
            while self.outcome is None:
                self.changed = False  # before flushing: a command during the flush counts
                await self.effects.flush(Records.project_round, self.status)
                if not self.not_answered:
                    self.outcome = RoundOutcome.ALL_ANSWERED
                    break
                reminder = self._next_reminder()
                wake = min(reminder[1], self.deadline) if reminder else self.deadline
                if await wait_until(lambda: self.changed or self.effects.pending, wake):
                    continue
                if reminder and workflow.now() >= reminder[1] and workflow.now() < self.deadline:
                    self._send_reminder(reminder[0])
                elif workflow.now() >= self.deadline:
                    self.outcome = RoundOutcome.DEADLINE
        except asyncio.CancelledError:
            self.outcome = RoundOutcome.CANCELLED
        self.closed_at = workflow.now()
        if self.outcome != RoundOutcome.CANCELLED:
            self._notify(NoticeKind.ROUND_CLOSED, input.invitees, key="closed")
        self._event(
            "round_closed",
            f"Round {input.number} closed ({self.outcome.value}): "
            f"{len(self.answers)} of {len(input.invitees)} answered",
        )
        try:
            await self.effects.settle(Records.project_round, self.status)
        except asyncio.CancelledError:
            # The draft was withdrawn while the round was closing (its mails still going out):
            # the round has closed all the same, so it finishes writing and ends with a result.
            if not workflow.patched("round-closes-when-withdrawn-while-closing"):
                raise
            await self.effects.settle(Records.project_round, self.status)
        result = RoundResult(
            round_id=input.round_id,
            number=input.number,
            outcome=self.outcome,
            closed_at=self.closed_at,
            invitees=input.invitees,
            answers=list(self.answers.values()),
        )
        if self.outcome != RoundOutcome.CANCELLED:
            if not await report_to_draft(input.draft.draft_id, "round_closed", result):
                self._event(
                    "result_undelivered", "The draft had ended: its answers were not added to it"
                )
                await self.effects.settle(Records.project_round, self.status)
        return result

    def _next_reminder(self) -> tuple[str, datetime] | None:
        """The earliest reminder still due before the (possibly extended) deadline."""
        due = [
            (f"{self.deadline.isoformat()}/{before}", self.deadline - before)
            for before in self.input.reminder_before
        ]
        pending = [(k, t) for k, t in due if k not in self.reminded and t > self.deadline_set_at]
        return min(pending, key=lambda kt: kt[1]) if pending else None

    def _send_reminder(self, key: str) -> None:
        self.reminded.add(key)
        self.reminders_sent.append(workflow.now())
        waiting = self.not_answered
        self._notify(NoticeKind.REMINDER, waiting, key=f"reminder-{len(self.reminders_sent)}")
        summary = f"Reminder sent to {len(waiting)} who have not answered"
        self._event("reminder_sent", summary, waiting=len(waiting))

    # ------------------------------------------------------------ answers and commands

    @workflow.update
    def submit_answer(self, answer: AnswerSubmit) -> AnswerReceipt:
        previous = self.answers.get(answer.participant_id)
        stored = Answer(
            participant_id=answer.participant_id,
            contact_email=answer.contact_email,
            position=answer.position,
            reason=answer.reason,
            comments=answer.comments,
            received_at=workflow.now(),
            revision=previous.revision + 1 if previous else 1,
        )
        self.answers[answer.participant_id] = stored
        verb = "changed its answer" if previous else "answered"
        self._event(
            "answer_received",
            f"{answer.participant_id} {verb}: {answer.position.value}, "
            f"{len(answer.comments)} comment(s)",
            actor=answer.participant_id,
            position=answer.position.value,
            comments=len(answer.comments),
            changed="yes" if previous else "",
        )
        return AnswerReceipt(
            round_id=self.input.round_id,
            participant_id=answer.participant_id,
            position=stored.position,
            comments=len(stored.comments),
            revision=stored.revision,
            received_at=stored.received_at,
        )

    @submit_answer.validator
    def _validate_answer(self, answer: AnswerSubmit) -> None:
        self._require_open()
        if answer.participant_id not in self.input.invitees:
            raise ValueError(f"{answer.participant_id} is not invited to this round")
        known = set(self.input.section_ids)
        unknown = {c.section_id for c in answer.comments if c.section_id} - known
        if unknown:
            raise ValueError(f"no such section in this version: {', '.join(sorted(unknown))}")

    @workflow.update
    def extend_deadline(self, extension: DeadlineExtension) -> RoundStatus:
        old = self.deadline
        self.deadline = extension.deadline
        self.deadline_set_at = workflow.now()
        self._notify(
            NoticeKind.DEADLINE_EXTENDED,
            self.input.invitees,
            key=f"extended-{extension.deadline.isoformat()}",
        )
        self._event(
            "deadline_extended",
            f"Deadline moved from {old:%Y-%m-%d %H:%M} to {self.deadline:%Y-%m-%d %H:%M} UTC",
            deadline=self.deadline,
        )
        if workflow.patched("deadline-reaches-draft"):
            # The draft keeps the round's deadline for its pages, board and documents.
            self.effects.spawn(
                report_to_draft(
                    self.input.draft.draft_id,
                    "round_deadline_moved",
                    RoundDeadline(round_id=self.input.round_id, deadline=self.deadline),
                )
            )
        return self.status()

    @extend_deadline.validator
    def _validate_extension(self, extension: DeadlineExtension) -> None:
        self._require_open()
        require_later(extension.deadline, self.deadline)

    @workflow.update
    def remind_now(self, request: Empty) -> RoundStatus:
        """The Secretariat reminds, now, everyone invited who has not answered."""
        self._send_reminder(f"manual-{len(self.reminders_sent) + 1}")
        return self.status()

    @remind_now.validator
    def _validate_remind(self, request: Empty) -> None:
        self._require_open()
        if not self.not_answered:
            raise ValueError("everyone invited has answered: nobody to remind")

    @workflow.update
    def close_round(self, request: CloseRequest) -> RoundStatus:
        self.outcome = RoundOutcome.CLOSED_BY_SECRETARIAT
        self.closed_at = workflow.now()
        actor = request.acted_by or "secretariat"
        self._event("round_closing", f"Round closed early: {request.reason}", actor=actor)
        return self.status()

    @close_round.validator
    def _validate_close(self, request: CloseRequest) -> None:
        self._require_open()

    @workflow.query
    def status(self) -> RoundStatus:
        return RoundStatus(
            round_id=self.input.round_id,
            number=self.input.number,
            draft_id=self.input.draft.draft_id,
            version=self.input.version,
            open=self.outcome is None,
            opened_at=self.opened_at,
            deadline=self.deadline,
            closed_at=self.closed_at,
            outcome=self.outcome,
            invitees=self.input.invitees,
            answers=list(self.answers.values()),
            reminders_sent=self.reminders_sent,
        )

    # ------------------------------------------------------------ helpers

    @property
    def not_answered(self) -> list[str]:
        return [p for p in self.input.invitees if p not in self.answers]

    def _require_open(self) -> None:
        require_open(self.outcome is not None, self.deadline, f"round {self.input.number}")

    def _event(self, kind: str, summary: str, actor: str | None = None, **details: object) -> None:
        self.changed = True
        details["round"] = self.input.number  # the line's parameters: web/timeline.py words it
        draft_id = self.input.draft.draft_id
        self.effects.event(kind, summary, draft_id=draft_id, actor=actor, details=details)

    def _notify(self, kind: NoticeKind, recipients: list[str], key: str) -> None:
        if not recipients:
            return
        draft = self.input.draft
        request = NoticeRequest(
            notice_key=f"{self.input.round_id}:{key}",
            kind=kind,
            recipients=recipients,
            draft_id=draft.draft_id,
            link_workflow_id=self.input.round_id,
            link_purpose=LinkPurpose.COMMENT_ROUND,
            link_expires_at=self.deadline,
            # An invitation carries the version's file, in each reader's language.
            attach=ArtifactKind.DRAFT_VERSION if kind == NoticeKind.ROUND_OPENED else None,
            context=NoticeContext(
                draft_title=draft.title,
                reference=draft.reference,
                document_type=draft.document_type,
                lead_state=draft.lead_state,
                version=self.input.version,
                round_number=self.input.number,
                deadline=self.deadline,
                summary=(
                    f"{len(self.answers)} of {len(self.input.invitees)} answered"
                    if kind == NoticeKind.ROUND_CLOSED
                    else None
                ),
                answered=len(self.answers),
                invited=len(self.input.invitees),
                draft_titles=self.input.titles,
            ),
        )
        self.effects.spawn(send_notice(request))
