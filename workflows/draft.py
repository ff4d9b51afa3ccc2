"""One draft from its first text to "Final and endorsed": the spine of ppflow.

drafting -> consultation (comment rounds) -> revision -> endorsement (meeting or written
procedure) -> final; deferred goes back to revision; withdrawal ends it at any time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ApplicationError
from temporalio.workflow import ParentClosePolicy

from workflows import event_lines as lines
from workflows.comment_round import CommentRoundWorkflow
from workflows.common import (
    Effects,
    render_document,
    report_to_draft,
    run_until_closed,
    send_notice,
)
from workflows.event_lines import Details
from workflows.expert_mission import ExpertMissionWorkflow
from workflows.written_procedure import WrittenProcedureWorkflow

with workflow.unsafe.imports_passed_through():
    from models.activity_io import DocumentRequest
    from models.api import (
        CommentResolutions,
        MissionRequest,
        RevisionSubmit,
        TranslationSubmit,
        Withdrawal,
    )
    from models.base import Ack, SectionText
    from models.contracts import WORKFLOW_TASK_TIMEOUT
    from models.contracts.activities import Records
    from models.contracts.comment_round import RoundDeadline, RoundResult, RoundStart
    from models.contracts.draft import (
        DraftChanges,
        DraftComment,
        DraftState,
        DraftStatus,
        DraftWorkflowInput,
        EndorsementRecord,
        EndorsementStart,
        ResolutionReport,
        RoundSummary,
        VersionInfo,
        VersionRecord,
    )
    from models.contracts.expert_mission import MissionResult, MissionStarted
    from models.contracts.meeting import (
        AgendaItemRequest,
        AgendaItemWithdrawal,
        AgendaRefusal,
        DecisionRecord,
    )
    from models.contracts.written_procedure import SilenceResult
    from models.domain import (
        ArtifactKind,
        Decision,
        Language,
        MissionOutcome,
        NoticeKind,
        Phase,
        RoundOutcome,
        Route,
        SilenceOutcome,
    )
    from models.search import SA_PHASE
    from workflows import draft_checks, draft_marks, draft_plan, draft_state
    from workflows.draft_notices import DecisionMail
    from workflows.draft_state import document_request


@workflow.defn
class DraftWorkflow:
    @workflow.init
    def __init__(self, input: DraftWorkflowInput) -> None:
        self.start = input.start
        now = workflow.now()
        self.continued = input.state is not None
        self.state = input.state or DraftState(
            meta=input.start.meta(), started_at=now, updated_at=now
        )
        self.effects = Effects(self.state.meta.draft_id)
        self.lock = asyncio.Lock()
        self.effects.counter = self.state.event_counter
        # Children project rows that refer to the draft's row: start them only once it exists.
        self.projected = self.continued
        if not self.continued:
            self._add_version(input.start.sections, "First draft", render=False)

    # ------------------------------------------------------------ the draft's life

    @workflow.run
    async def run(self, input: DraftWorkflowInput) -> DraftStatus:
        if not self.continued:
            meta = self.state.meta
            self._event(
                "draft_started",
                f'{meta.lead_state} started "{meta.title}" ({meta.document_type.value})',
                actor=input.start.acted_by or meta.lead_state,
                details={"type": meta.document_type.value},
            )
            self._render(ArtifactKind.DRAFT_VERSION)
        await run_until_closed(
            self.effects, self._flush, lambda: self.state.phase.is_closed, self._continue_as_new
        )
        return self.status()

    def _continue_as_new(self) -> None:
        self.state.event_counter = self.effects.counter
        workflow.continue_as_new(DraftWorkflowInput(start=self.start, state=self.state))

    async def _flush(self) -> None:
        self.state.event_counter = self.effects.counter
        if workflow.patched("projection-changes"):
            patch = workflow.patched("translations-projected")
            marks: list[draft_marks.Marks] = []

            def changes() -> DraftChanges:
                found, mark = draft_marks.changes_and_marks(self.state, self.current_round, patch)
                marks.append(mark)
                return found

            if await self.effects.flush(Records.project_draft_changes, changes):
                draft_marks.keep_marks(self.state, marks[-1])
        else:
            await self.effects.flush(Records.project_draft, self.status)
        self.projected = True

    # ------------------------------------------------------------ comment rounds

    @workflow.update
    async def open_round(self, request: RoundStart) -> RoundSummary:
        async with self.lock:  # one command at a time: no half-done round or withdrawal
            self._still(lambda: draft_checks.check_round(self.state, request, workflow.now()))
            summary, child = draft_state.add_round(self.state, request, workflow.now())
            number = summary.number
            self._set_phase(Phase.CONSULTATION)
            await self._start_child(CommentRoundWorkflow.run, child, summary.round_id)
            if workflow.patched("draft-version-with-deadline"):
                self._render(
                    ArtifactKind.DRAFT_VERSION, round_number=number, deadline=request.deadline
                )
            self._event(
                "round_opened",
                f"Comment round {number} opened on version "
                f"{summary.version} with {len(request.invitees)} invited",
                actor=request.acted_by,
                details=lines.round_opened(summary, request),
            )
            return summary

    @open_round.validator
    def _validate_open_round(self, request: RoundStart) -> None:
        draft_checks.check_round(self.state, request, workflow.now())

    @workflow.signal
    def round_closed(self, result: RoundResult) -> None:
        summary = draft_state.take_round_result(self.state, result)
        if summary is None:
            return
        if self.state.phase == Phase.CONSULTATION:
            self._set_phase(Phase.REVISION)
        reservations = draft_state.reservations(summary)
        self._event(
            "round_closed",
            f"Round {result.number} closed ({result.outcome.value}): "
            f"{len(result.answers)} of {len(result.invitees)} answered"
            + (f"; reservations/objections: {', '.join(reservations)}" if reservations else ""),
            details=lines.round_closed(result, reservations),
        )
        if result.outcome != RoundOutcome.CANCELLED:
            self._render_compilation(summary)

    # ------------------------------------------------------------ resolution and revision

    @workflow.update
    def resolve_comments(self, request: CommentResolutions) -> ResolutionReport:
        report = draft_state.apply_resolutions(self.state, request)
        self._event(
            "comments_resolved",
            f"{len(request.resolutions)} comment(s) resolved; {self.unresolved} still open",
            actor=request.acted_by or self.state.meta.lead_state,
            details={"resolved": len(request.resolutions), "open": self.unresolved},
        )
        last = next((r for r in reversed(self.state.rounds) if not r.open), None)
        if last is not None:
            self._render_compilation(last)
        return report

    @resolve_comments.validator
    def _validate_resolutions(self, request: CommentResolutions) -> None:
        draft_checks.check_resolutions(self.state, request)

    @workflow.update
    def submit_revision(self, request: RevisionSubmit) -> VersionInfo:
        record = self._add_version(request.sections, request.note or "Revision")
        self._event(
            "revision_submitted",
            f"Version {record.number} submitted: {len(record.sections)} section(s)",
            actor=request.acted_by or self.state.meta.lead_state,
            details={"version": record.number, "sections": len(record.sections)},
        )
        self._notify(
            NoticeKind.REVISION_AVAILABLE,
            self.participants,
            f"revision-{record.number}",
            attach=ArtifactKind.DRAFT_VERSION,
        )
        if workflow.patched("comments-resolved-notice"):
            self._notify_dispositions(record.number)
        return draft_state.version_info(self.state, record.number, record.sections)

    def _notify_dispositions(self, version: int) -> None:
        """Each participant that commented on the revised version: how its comments fared."""
        for participant, dispositions in draft_state.disposition_notes(self.state, version).items():
            self._notify(
                NoticeKind.COMMENTS_RESOLVED,
                [participant],
                f"dispositions-{version}-{participant}",
                dispositions=dispositions,
            )

    @submit_revision.validator
    def _validate_revision(self, request: RevisionSubmit) -> None:
        draft_checks.check_revision(self.state, request)

    @workflow.update
    def submit_translation(self, request: TranslationSubmit) -> VersionInfo:
        """The other language version of the current text; it may lag later revisions."""
        translation = draft_state.take_translation(self.state, request, workflow.now())
        self.effects.dirty = True
        self._event(
            "translation_submitted",
            f"{request.language.value.upper()} version of version {translation.based_on}: "
            f"{len(translation.sections)} section(s)",
            actor=self.state.meta.lead_state,
        )
        self._render(ArtifactKind.DRAFT_VERSION, languages=[request.language])
        return draft_state.version_info(self.state, translation.based_on, translation.sections)

    @submit_translation.validator
    def _validate_translation(self, request: TranslationSubmit) -> None:
        draft_checks.check_translation(self.state, request)

    # ------------------------------------------------------------ endorsement

    @workflow.update
    async def request_endorsement(self, request: EndorsementStart) -> EndorsementRecord:
        async with self.lock:  # one command at a time: no half-done round or withdrawal
            self._still(
                lambda: draft_checks.check_endorsement(
                    self.state, request, workflow.now(), objections=False
                )
            )
            previous_phase = self.state.phase
            record = draft_state.add_endorsement(self.state, request, workflow.now())
            self._set_phase(Phase.ENDORSEMENT)
            if request.route == Route.MEETING:
                assert request.meeting_id is not None
                try:
                    await workflow.get_external_workflow_handle(request.meeting_id).signal(
                        "request_agenda_item",
                        AgendaItemRequest(
                            draft=self.state.meta,
                            version=self.state.version,
                            requested_at=workflow.now(),
                            titles=draft_state.translated_titles(self.state),
                        ),
                    )
                except Exception as e:
                    self.state.endorsements.pop()
                    self._set_phase(previous_phase)
                    raise ApplicationError(
                        f"meeting {request.meeting_id} cannot take agenda items: {e}"
                    ) from e
                where = f"meeting {request.meeting_id}"
            elif request.route == Route.WITH_PLAN:  # a part of an Action Plan (draft_plan.py)
                where = await draft_plan.part_ready(self.state, previous_phase, self._set_phase)
            else:
                procedure = draft_state.add_silence(self.state, record, request)
                await self._start_child(
                    WrittenProcedureWorkflow.run, procedure, procedure.procedure_id
                )
                where = f"written procedure until {procedure.deadline:%Y-%m-%d %H:%M} UTC"
            self._event(
                "endorsement_requested",
                f"Endorsement of version {record.version} requested: {where}",
                actor=request.acted_by or self.state.meta.lead_state,
                details=lines.endorsement_requested(record, request),
            )
            self._notify(
                NoticeKind.ENDORSEMENT_REQUESTED,
                self.participants,
                f"endorsement-{len(self.state.endorsements)}",
                attach=ArtifactKind.DRAFT_VERSION,
            )
            return record

    @request_endorsement.validator
    def _validate_endorsement(self, request: EndorsementStart) -> None:
        draft_checks.check_endorsement(self.state, request, workflow.now())

    @workflow.signal
    def agenda_item_refused(self, refusal: AgendaRefusal) -> None:
        """The meeting cannot take the item (it is closed): the request is undone."""
        pending = self.pending_endorsement
        if pending is None or pending.meeting_id != refusal.meeting_id:
            return
        self.state.endorsements.remove(pending)
        self._set_phase(Phase.REVISION)
        self._event(
            "endorsement_refused",
            f"Endorsement at meeting {refusal.meeting_id} not possible: {refusal.reason}",
        )

    @workflow.signal
    def round_deadline_moved(self, moved: RoundDeadline) -> None:
        if draft_state.move_deadline(self.state, moved, workflow.now()):
            self.effects.dirty = True

    @workflow.signal
    def decision_recorded(self, record: DecisionRecord) -> None:
        pending = self.pending_endorsement
        if pending is None or pending.meeting_id != record.meeting_id:
            return
        pending.meeting_title = record.meeting_title
        pending.meeting_place = record.meeting_place
        self._decide(
            pending,
            record.decision,
            record.decided_at,
            record.notes,
            record.reservations,
            amendments=record.amendments,
            amended=record.amended_sections,
        )

    @workflow.signal
    def plan_decided(self, record: DecisionRecord) -> None:
        """The Action Plan's decision reaches a part that waits on it (draft_plan.py)."""
        draft_plan.take_decision(self.state, record, self._decide)

    @workflow.signal
    def silence_ended(self, result: SilenceResult) -> None:
        pending = self.pending_endorsement
        if pending is None or pending.procedure_id != result.procedure_id:
            return
        if result.outcome not in (SilenceOutcome.KEPT, SilenceOutcome.BROKEN):
            return
        decision, notes = draft_state.take_silence_result(self.state, result)
        self._decide(pending, decision, result.closed_at, notes, [], silence=result)

    def _decide(
        self,
        record: EndorsementRecord,
        decision: Decision,
        at: datetime,
        notes: str,
        reservations: list[str],
        amendments: str = "",
        amended: list[SectionText] | None = None,
        silence: SilenceResult | None = None,
    ) -> None:
        phase = draft_state.decide(record, decision, at, notes, reservations, amendments)
        self._event(
            "decision",
            f"Decision on version {record.version}: {decision.value}"
            + (f" ({notes})" if notes else ""),
            details={"version": record.version, "decision": decision.value, "notes": notes},
        )
        # One mail per decision: a final draft's is the final text's (runs from before this
        # patch sent a decision mail and a final text mail).
        once = workflow.patched("one-mail-per-decision")
        mail = DecisionMail(self.state, record, decision, notes, silence if once else None)
        if not once or phase != Phase.FINAL:
            self.effects.spawn(send_notice(mail.decision_notice()))
        if amended and phase == Phase.FINAL and workflow.patched("amendments-become-a-version"):
            # The final text is the text as amended: a version of its own, noted as such.
            version = self._add_version(
                draft_state.amended_sections(self.state, amended), f"As amended: {amendments}"
            )
            record.amended_version = version.number
            self._event("amended", f"Version {version.number}: the text as amended")
        self._set_phase(phase)
        if phase == Phase.FINAL:
            self._render(ArtifactKind.FINAL_TEXT, endorsement=record)
            self.effects.spawn(send_notice(mail.final_notice(once)))

    # ------------------------------------------------------------ expert missions

    @workflow.update
    async def start_mission(self, request: MissionRequest) -> MissionStarted:
        async with self.lock:  # one command at a time: no half-done round or withdrawal
            self._still(lambda: self._validate_mission(request))
            mission = draft_state.add_mission(self.state, request)
            await self._start_child(ExpertMissionWorkflow.run, mission, mission.mission_id)
            self._event(
                "mission_started",
                f"Expert mission to {mission.country} planned; "
                f"findings due {request.findings_due:%Y-%m-%d}",
            )
            return MissionStarted(mission_id=mission.mission_id, findings_due=mission.findings_due)

    @start_mission.validator
    def _validate_mission(self, request: MissionRequest) -> None:
        draft_checks.check_mission(self.state, request, workflow.now())

    @workflow.signal
    def mission_ended(self, result: MissionResult) -> None:
        if draft_state.take_mission_result(self.state, result) is None:
            return
        what = (
            f"{len(result.findings)} finding(s) to work into the profile"
            if result.outcome == MissionOutcome.FINDINGS_SUBMITTED
            else "no findings"
        )
        self._event(
            "mission_ended", f"Expert mission {result.mission_id} {result.outcome.value}: {what}"
        )

    # ------------------------------------------------------------ withdrawal and status

    @workflow.update
    async def withdraw(self, request: Withdrawal) -> Ack:
        async with self.lock:  # one command at a time: no half-done round or withdrawal
            self._still(lambda: self._validate_withdraw(request))
            self.state.withdrawn_reason = request.reason
            pending = self.pending_endorsement
            self._set_phase(Phase.WITHDRAWN)
            children = draft_state.close_children(self.state)
            for child in children:
                try:
                    await workflow.get_external_workflow_handle(child).cancel()
                except Exception:  # already ended: nothing to stop
                    workflow.logger.info("child %s had already ended", child)
            if pending and pending.meeting_id and workflow.patched("withdraw-leaves-agenda"):
                await report_to_draft(
                    pending.meeting_id,
                    "agenda_item_withdrawn",
                    AgendaItemWithdrawal(draft_id=self.state.meta.draft_id, reason=request.reason),
                )
            await draft_plan.part_withdrawn(self.state, request.reason)
            self._event(
                "draft_withdrawn",
                f"Draft withdrawn: {request.reason}",
                actor=request.acted_by or self.state.meta.lead_state,
                details={"reason": request.reason},
            )
            self._notify(
                NoticeKind.DRAFT_WITHDRAWN, self.participants, "withdrawn", reason=request.reason
            )
            return Ack(message="withdrawn")

    @withdraw.validator
    def _validate_withdraw(self, request: Withdrawal) -> None:
        if self.state.phase.is_closed:
            raise ValueError(f"the draft is already {self.state.phase.value}")

    @workflow.query
    def status(self) -> DraftStatus:
        return DraftStatus(
            state=self.state,
            open_round=self.current_round,
            unresolved_comments=self.unresolved,
            pending_endorsement=self.pending_endorsement,
        )

    # ------------------------------------------------------------ helpers

    @property
    def current_round(self) -> RoundSummary | None:
        return draft_state.current_round(self.state)

    @property
    def unresolved(self) -> int:
        return draft_state.unresolved(self.state)

    @property
    def pending_endorsement(self) -> EndorsementRecord | None:
        return draft_state.pending_endorsement(self.state)

    @property
    def participants(self) -> list[str]:
        return draft_state.participants(self.state)

    async def _start_child(self, run: Any, child: Any, child_id: str) -> None:
        """A round, procedure or mission, once the draft's row exists (its rows refer to it);
        it outlives a continue-as-new of the draft and reports back by signal."""
        await workflow.wait_condition(lambda: self.projected)
        await workflow.start_child_workflow(
            run,
            child,
            id=child_id,
            parent_close_policy=ParentClosePolicy.ABANDON,
            task_timeout=WORKFLOW_TASK_TIMEOUT,
        )

    def _still(self, check: Callable[[], None]) -> None:
        """Check again under the lock: a command that waited for another may find the draft
        changed (withdrawn while a round was opening); it fails with the reason."""
        try:
            check()
        except ValueError as e:
            raise ApplicationError(str(e), non_retryable=True) from e

    def _require_phase(self, allowed: tuple[Phase, ...], action: str) -> None:
        draft_checks.require_phase(self.state, allowed, action)

    def _set_phase(self, phase: Phase) -> None:
        self.state.phase = phase
        self.state.updated_at = workflow.now()
        workflow.upsert_search_attributes([SA_PHASE.value_set(phase.value)])
        self.effects.dirty = True

    def _add_version(
        self, sections: list[SectionText], note: str, render: bool = True
    ) -> VersionRecord:
        record = draft_state.add_version(self.state, sections, note, workflow.now())
        self.effects.dirty = True
        if render:
            self._render(ArtifactKind.DRAFT_VERSION)
        return record

    def _event(
        self, kind: str, summary: str, actor: str | None = None, details: Details = None
    ) -> None:  # details: the line's parameters, worded in the reader's language by the pages
        self.state.updated_at = workflow.now()
        draft_id = self.state.meta.draft_id
        self.effects.event(kind, summary, draft_id=draft_id, actor=actor, details=details)

    def _render_compilation(self, summary: RoundSummary) -> None:
        comments = [c for c in self.state.comments if c.round_number == summary.number]

        def remember(artifact_id: str) -> None:
            summary.compilation_artifact_id = artifact_id

        self._render(
            ArtifactKind.COMMENT_COMPILATION,
            round_number=summary.number,
            comments=comments,
            on_done=remember,
        )

    def _render(
        self,
        kind: ArtifactKind,
        *,
        round_number: int | None = None,
        comments: list[DraftComment] | None = None,
        endorsement: EndorsementRecord | None = None,
        on_done: object = None,
        deadline: datetime | None = None,
        languages: list[Language] | None = None,
    ) -> None:
        """Render a Word document, in each language the draft has, in the background; the
        references land in the state."""
        extra: dict[str, Any] = {"deadline": deadline, "endorsement": endorsement}
        if comments is not None:
            extra["comments"] = comments
        for language in languages or self.state.languages:
            request = document_request(
                self.state,
                kind,
                workflow.now(),
                language=language,
                round_number=round_number,
                **extra,
            )
            original = language == self.state.meta.language
            self.effects.spawn(self._store_render(request, on_done if original else None))

    async def _store_render(self, request: DocumentRequest, on_done: object) -> None:
        ref = await render_document(request)
        draft_state.keep_artifact(self.state, request, ref)
        if callable(on_done):
            on_done(ref.artifact_id)
        self.effects.dirty = True

    def _notify(self, kind: NoticeKind, recipients: list[str], key: str, **context: Any) -> None:
        """A notice about the draft (`context`: draft_state.notice_request's keywords)."""
        context.setdefault("dispositions", [])
        request = draft_state.notice_request(self.state, kind, recipients, key, **context)
        self.effects.spawn(send_notice(request))
