"""An expert mission to a country for its migration profile: waits for findings, reminds,
times out at the due date."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from temporalio import workflow

from workflows.common import (
    DOCUMENT_RETRY,
    RENDER_HEARTBEAT,
    Effects,
    report_to_draft,
    send_notice,
    wait_until,
)

with workflow.unsafe.imports_passed_through():
    from models.activity_io import NoticeContext, NoticeRequest
    from models.api import Finding
    from models.base import ArtifactRef
    from models.contracts.activities import Records
    from models.contracts.expert_mission import (
        MissionFindings,
        MissionInput,
        MissionResult,
        MissionStatus,
    )
    from models.contracts.mission_report import MissionReportRequest, MissionReports
    from models.domain import Language, LinkPurpose, MissionOutcome, NoticeKind
    from models.labels import label


@workflow.defn
class ExpertMissionWorkflow:
    @workflow.init
    def __init__(self, input: MissionInput) -> None:
        self.input = input
        self.outcome: MissionOutcome | None = None
        self.findings: list[Finding] = []
        self.submitted_by: str | None = None
        self.submitted_at: datetime | None = None
        self.report_artifact_id: str | None = None
        self.reminders_sent: list[datetime] = []
        self.changed = False
        self.effects = Effects(input.mission_id)

    @workflow.run
    async def run(self, input: MissionInput) -> MissionResult:
        self._notify("assigned")
        self._event(
            "mission_planned",
            f"{label(input.kind, Language.EN)} to {input.country}, "
            f"{input.starts_on:%Y-%m-%d} to {input.ends_on:%Y-%m-%d}; findings due "
            f"{input.findings_due:%Y-%m-%d %H:%M} UTC",
        )
        reminders = sorted(input.findings_due - b for b in input.reminder_before)
        reminders = [t for t in reminders if t > workflow.now()]
        try:
            while self.outcome is None:
                self.changed = False  # before flushing: a command during the flush counts
                await self.effects.flush(Records.project_mission, self.status)
                wake = reminders[0] if reminders else input.findings_due
                if await wait_until(lambda: self.changed or self.effects.pending, wake):
                    continue
                if reminders and workflow.now() >= reminders[0]:
                    reminders.pop(0)
                    self.reminders_sent.append(workflow.now())
                    self._notify(f"reminder-{len(self.reminders_sent)}")
                    self._event("mission_reminder", "Experts reminded that findings are due")
                elif workflow.now() >= input.findings_due:
                    self.outcome = MissionOutcome.TIMED_OUT
        except asyncio.CancelledError:
            self.outcome = MissionOutcome.CANCELLED
        if self.outcome == MissionOutcome.FINDINGS_SUBMITTED and workflow.patched("mission-report"):
            await self._report()
        self._event(
            "mission_closed", f"Expert mission to {input.country} closed: {self.outcome.value}"
        )
        await self.effects.settle(Records.project_mission, self.status)
        result = MissionResult(
            mission_id=input.mission_id,
            outcome=self.outcome,
            closed_at=workflow.now(),
            findings=self.findings,
            submitted_by=self.submitted_by,
        )
        if self.outcome != MissionOutcome.CANCELLED:
            if not await report_to_draft(input.draft.draft_id, "mission_ended", result):
                self._event(
                    "result_undelivered", "The draft had ended: the findings were not added to it"
                )
                await self.effects.settle(Records.project_mission, self.status)
        return result

    @workflow.update
    def submit_findings(self, submission: MissionFindings) -> MissionStatus:
        self.findings = submission.findings
        self.submitted_by = submission.expert_email
        self.submitted_at = workflow.now()
        self.outcome = MissionOutcome.FINDINGS_SUBMITTED
        self._event(
            "findings_submitted",
            f"{len(submission.findings)} finding(s) submitted",
            actor=submission.expert_email,
        )
        return self.status()

    @submit_findings.validator
    def _validate_findings(self, submission: MissionFindings) -> None:
        if self.outcome is not None:
            raise ValueError("this mission is closed: findings can no longer be submitted")
        experts = {e.email.lower() for e in self.input.experts}
        if submission.expert_email.lower() not in experts:
            raise ValueError(f"{submission.expert_email} is not an expert of this mission")

    @workflow.query
    def status(self) -> MissionStatus:
        return MissionStatus(
            mission_id=self.input.mission_id,
            draft_id=self.input.draft.draft_id,
            country=self.input.country,
            experts=self.input.experts,
            starts_on=self.input.starts_on,
            ends_on=self.input.ends_on,
            findings_due=self.input.findings_due,
            open=self.outcome is None,
            outcome=self.outcome,
            findings=self.findings,
            submitted_by=self.submitted_by,
            reminders_sent=self.reminders_sent,
            kind=self.input.kind,
            submitted_at=self.submitted_at,
            report_artifact_id=self.report_artifact_id,
        )

    async def _report(self) -> None:
        """The mission report (.docx, English and Russian), kept with the draft; the read model
        shows the findings submitted meanwhile."""
        await self.effects.flush(Records.project_mission, self.status)
        ref: ArtifactRef = await workflow.execute_activity_method(
            MissionReports.render_mission_report,
            MissionReportRequest(
                mission=self.status(),
                draft=self.input.draft,
                brief=self.input.brief,
                generated_at=workflow.now(),
            ),
            start_to_close_timeout=timedelta(minutes=10),
            heartbeat_timeout=RENDER_HEARTBEAT,
            retry_policy=DOCUMENT_RETRY,
        )
        self.report_artifact_id = ref.artifact_id
        self._event("mission_report", f"Mission report issued: {ref.filename}")

    def _event(self, kind: str, summary: str, actor: str | None = None) -> None:
        self.changed = True
        self.effects.event(kind, summary, draft_id=self.input.draft.draft_id, actor=actor)

    def _notify(self, key: str) -> None:
        draft = self.input.draft
        self.effects.spawn(
            send_notice(
                NoticeRequest(
                    notice_key=f"{self.input.mission_id}:{key}",
                    kind=NoticeKind.MISSION_FINDINGS_DUE,
                    recipients=[],
                    addresses=[e.email for e in self.input.experts],
                    link_participant_id=self.input.country,
                    draft_id=draft.draft_id,
                    link_workflow_id=self.input.mission_id,
                    link_purpose=LinkPurpose.EXPERT_MISSION,
                    link_expires_at=self.input.findings_due,
                    languages={e.email: e.language for e in self.input.experts if e.language},
                    context=NoticeContext(
                        draft_title=draft.title,
                        reference=draft.reference,
                        document_type=draft.document_type,
                        lead_state=draft.lead_state,
                        deadline=self.input.findings_due,
                        country=self.input.country,
                        starts_on=self.input.starts_on,
                        ends_on=self.input.ends_on,
                        sections=self.input.sections,
                        brief=self.input.brief or None,
                    ),
                )
            )
        )
