"""A person's registration for the restricted knowledge base (the i-Map of the seeds).

    registered ─► mail "confirm your address" ─► confirmed (update `confirm`) ─► pending
        │ no confirmation in `confirm_days`: expired (no mail: the address is unproven)
    pending ─► mails "received" (registrant) and "to decide" (Secretariat)
        ─► update `decide` (approve | refuse + reason) ─► mail: the access link | the reason
        │ no decision in `decide_days`: expired, the registrant told

The workflow holds the registration; the read model (`kb_readers`, activities/knowledge.py) is
its projection, plus the Secretariat's revocation, which only the read model holds: a reader's
link is checked against that row on every request (ppflow/knowledge.py), so it stops at once.

Invariants (tests/workflows/test_reader_registration.py checks them under random interleavings
of confirm, approve, refuse, expire, revoke and duplicate registrations):

1. One decision per registration: `decide` is refused once a decision (or the expiry) is in,
   and the refusal names the earlier decision.
2. A refused or expired registration never grants access: only "approved" makes a working
   link, and a projection never moves a row out of refused, expired or revoked.
3. A revoked reader's link never works again: "revoked" is final in the read model and no
   projection writes over it.
4. Each mail is sent once, even when its activity is retried: one notice key per registration
   and mail kind, and the outbox writes one row per key and address.
5. A second registration for the same address while one is open is a conflict: the workflow
   id is made from the address (`reader_workflow_id`), and Temporal refuses a second start.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from temporalio import workflow

from workflows.common import RECORD_RETRY, send_notice, wait_until

with workflow.unsafe.imports_passed_through():
    from models.activity_io import NoticeContext, NoticeRequest
    from models.base import Empty
    from models.contracts.reader_registration import (
        ReaderDecision,
        ReaderDecisionKind,
        Readers,
        ReaderStatus,
        RegistrationInput,
        RegistrationResult,
        RegistrationState,
    )
    from models.domain import NoticeKind


@workflow.defn
class ReaderRegistrationWorkflow:
    @workflow.init
    def __init__(self, input: RegistrationInput) -> None:
        self.input = input
        self.registered_at = workflow.now()  # the workflow's clock: deadlines follow it
        self.status = ReaderStatus.AWAITING_CONFIRMATION
        self.seq = 0
        self.confirmed_at: datetime | None = None
        self.decide_by: datetime | None = None
        self.decision: ReaderDecision | None = None
        self.decided_at: datetime | None = None

    @workflow.run
    async def run(self, input: RegistrationInput) -> RegistrationResult:
        await self._project()
        await self._mail(NoticeKind.KB_CONFIRM)
        confirm_by = self.registered_at + timedelta(days=input.confirm_days)
        if not await wait_until(lambda: self.confirmed_at is not None, confirm_by):
            self._set(ReaderStatus.EXPIRED)
            await self._project()
            return self._result()
        await asyncio.gather(
            self._mail(NoticeKind.KB_RECEIVED),
            self._mail(NoticeKind.KB_PENDING, secretariat=True),
        )
        if not await wait_until(lambda: self.decision is not None, self.decide_by):
            self._set(ReaderStatus.EXPIRED)
            await self._project()
            await self._mail(NoticeKind.KB_EXPIRED)
        elif self.status == ReaderStatus.APPROVED:
            await self._mail(NoticeKind.KB_APPROVED)
        else:
            await self._mail(NoticeKind.KB_REFUSED)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._result()

    # ------------------------------------------------------------ the registrant confirms

    @workflow.update
    async def confirm(self, _: Empty) -> RegistrationResult:
        """The registrant opened the mail's link: the address is theirs (twice is harmless)."""
        if self.confirmed_at is None:
            self.confirmed_at = workflow.now()
            self.decide_by = self.confirmed_at + timedelta(days=self.input.decide_days)
            self._set(ReaderStatus.PENDING)
            await self._project()
        return self._result()

    @confirm.validator
    def _may_confirm(self, _: Empty) -> None:
        if self.confirmed_at is None and self.status != ReaderStatus.AWAITING_CONFIRMATION:
            raise ValueError("this registration has expired: please register again")

    # ------------------------------------------------------------ the Secretariat decides

    @workflow.update
    async def decide(self, decision: ReaderDecision) -> RegistrationResult:
        self.decision = decision
        self.decided_at = workflow.now()
        approved = decision.decision == ReaderDecisionKind.APPROVE
        self._set(ReaderStatus.APPROVED if approved else ReaderStatus.REFUSED)
        await self._project()  # in the read model before the caller hears of it
        return self._result()

    @decide.validator
    def _may_decide(self, decision: ReaderDecision) -> None:
        if self.decision is not None and self.decided_at is not None:
            earlier = "approved" if self.status == ReaderStatus.APPROVED else "refused"
            by = f" by {self.decision.decided_by}" if self.decision.decided_by else ""
            raise ValueError(
                f"this registration was already {earlier} on {self.decided_at:%Y-%m-%d %H:%M} "
                f"UTC{by}: one decision per registration"
            )
        if self.status == ReaderStatus.EXPIRED:
            raise ValueError("this registration has expired: nothing is left to decide")
        if self.status == ReaderStatus.AWAITING_CONFIRMATION:
            raise ValueError(
                "the registrant has not confirmed the e-mail address yet: decide once confirmed"
            )

    @workflow.query
    def state(self) -> RegistrationState:
        return self._state()

    # ------------------------------------------------------------ effects

    def _set(self, status: ReaderStatus) -> None:
        self.status = status
        self.seq += 1

    def _result(self) -> RegistrationResult:
        return RegistrationResult(registration_id=self.input.registration_id, status=self.status)

    def _state(self) -> RegistrationState:
        return RegistrationState(
            registration_id=self.input.registration_id,
            workflow_id=workflow.info().workflow_id,
            form=self.input.form,
            status=self.status,
            seq=self.seq,
            registered_at=self.registered_at,
            confirmed_at=self.confirmed_at,
            decide_by=self.decide_by,
            decided_at=self.decided_at,
            decided_by=self.decision.decided_by if self.decision else None,
            decision_reason=self.decision.reason if self.decision else None,
        )

    async def _project(self) -> None:
        await workflow.execute_activity_method(
            Readers.project_registration,
            self._state(),
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=RECORD_RETRY,
        )

    async def _mail(self, kind: NoticeKind, *, secretariat: bool = False) -> None:
        """One mail of this registration, once (its key is the registration's and the kind's)."""
        form = self.input.form
        address = self.input.secretariat_email if secretariat else form.email
        refused = kind == NoticeKind.KB_REFUSED and self.decision is not None
        await send_notice(
            NoticeRequest(
                notice_key=f"kb-{self.input.registration_id}-{kind.value}",
                kind=kind,
                recipients=[],
                addresses=[address],
                languages={} if secretariat else {address: form.language},
                context=NoticeContext(
                    registration_id=self.input.registration_id,
                    registrant=form.name,
                    organisation=form.organisation,
                    country=form.country,
                    reason=(self.decision.reason if refused and self.decision else None)
                    if not secretariat
                    else form.reason,
                    deadline=self.decide_by,
                ),
            )
        )
