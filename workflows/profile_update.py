"""A profile's update cycle fired (its Temporal Schedule, or the Secretariat's "update now"):
open the country's next edition seeded with the endorsed text, tell the lead state and the
Secretariat, and write down what happened. Every decision is the read model's (an activity):
an edition under preparation already, a paused or moved cycle, or an edition opened for this due
moment already make the firing do nothing but record that.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

from workflows.common import RECORD_RETRY, send_notice

with workflow.unsafe.imports_passed_through():
    from models.activity_io import NoticeContext, NoticeRequest
    from models.contracts.profile_cycles import (
        ProfileCycles,
        ProfileUpdateInput,
        ProfileUpdateOutcome,
        Verdict,
    )
    from models.domain import DocumentType, NoticeKind


@workflow.defn
class ProfileUpdateWorkflow:
    @workflow.run
    async def run(self, request: ProfileUpdateInput) -> ProfileUpdateOutcome:
        plan = await workflow.execute_activity_method(
            ProfileCycles.plan_profile_update,
            request,
            start_to_close_timeout=timedelta(minutes=2),
            retry_policy=RECORD_RETRY,
        )
        if plan.verdict != Verdict.OPEN:
            outcome = ProfileUpdateOutcome(plan=plan, at=workflow.now())
        else:
            outcome = await workflow.execute_activity_method(
                ProfileCycles.open_profile_edition,
                plan,
                start_to_close_timeout=timedelta(minutes=2),
                retry_policy=RECORD_RETRY,
            )
        await workflow.execute_activity_method(
            ProfileCycles.record_profile_update,
            outcome,
            start_to_close_timeout=timedelta(minutes=1),
            retry_policy=RECORD_RETRY,
        )
        if outcome.draft_id and plan.start is not None:
            start = plan.start
            await send_notice(
                NoticeRequest(
                    notice_key=f"profile-update:{outcome.draft_id}",
                    kind=NoticeKind.PROFILE_UPDATE_DUE,
                    recipients=[start.lead_state],
                    addresses=[plan.secretariat] if plan.secretariat else [],
                    draft_id=outcome.draft_id,
                    context=NoticeContext(
                        draft_title=start.title,
                        reference=outcome.reference,
                        document_type=DocumentType.MIGRATION_PROFILE,
                        lead_state=start.lead_state,
                        country=start.country,
                        edition=plan.edition,
                        deadline=plan.due,
                    ),
                )
            )
        return outcome
