"""The whole lifecycle on the real dev server with the real activities: the read model (SQLite,
and PostgreSQL when configured), Word files in the artifact store, mails on a real SMTP server."""

from __future__ import annotations

import asyncio
import io
import uuid
from datetime import timedelta

from docx import Document
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from models.api import (
    AnswerSubmit,
    CommentInput,
    CommentResolution,
    CommentResolutions,
    DecisionInput,
    DraftStart,
    RevisionSubmit,
)
from models.base import SectionText
from models.contracts.comment_round import RoundStart
from models.contracts.draft import DraftWorkflowInput, EndorsementStart
from models.contracts.meeting import MeetingClose, MeetingInput
from models.db import AnswerRow, CommentRow, DecisionRow, Draft, Event, Invitation, Notice
from models.domain import (
    ArtifactKind,
    Decision,
    DocumentType,
    MeetingKind,
    Phase,
    Position,
    Route,
)
from models.links import read_token
from tests.conftest import Mailbox, text_of
from word.store import list_artifacts, load_artifact
from workflows.comment_round import CommentRoundWorkflow
from workflows.draft import DraftWorkflow
from workflows.meeting import MeetingWorkflow

INVITED = ["AM", "DE", "KZ"]


async def eventually(check, timeout: float = 20.0):  # type: ignore[no-untyped-def]
    """Poll until `check()` is truthy: projections and mails follow the workflow closely."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = check()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.1)


async def test_draft_to_final_with_real_activities(
    dev_env: WorkflowEnvironment,
    run_worker,
    settings,
    sessions: sessionmaker[Session],
    mailbox: Mailbox,
) -> None:
    client = dev_env.client
    slug = f"readmission-{uuid.uuid4().hex[:8]}"
    start = DraftStart(
        title="Guidelines on concluding readmission agreements",
        slug=slug,
        document_type=DocumentType.GUIDELINES,
        lead_state="PL",
        sections=[
            SectionText(title="Introduction", text="Purpose of the guidelines."),
            SectionText(title="Principles", text="Returns in dignity. Реадмиссия."),
        ],
    )
    async with run_worker(client):
        draft: WorkflowHandle = await client.start_workflow(
            DraftWorkflow.run,
            DraftWorkflowInput(start=start),
            id=start.meta().draft_id,
            task_queue=settings.task_queue,
        )
        now = await dev_env.get_current_time()
        summary = await draft.execute_update(
            DraftWorkflow.open_round,
            RoundStart(invitees=INVITED, deadline=now + timedelta(days=14)),
        )

        # every invited NCP gets a personal link, in its language (Armenia and Kazakhstan: RU)
        def invitations_sent() -> list:  # type: ignore[type-arg]
            mails = [m for m in mailbox.about(start.meta().reference) if "/review/" in text_of(m)]
            return mails if len(mails) >= len(INVITED) else []

        invitations = await eventually(invitations_sent)
        by_address = {str(m["To"]): m for m in invitations}
        assert set(by_address) >= {"ncp@am.pragueprocess.local", "ncp@de.pragueprocess.local"}
        assert "Комментарии" in str(by_address["ncp@am.pragueprocess.local"]["Subject"])
        assert "Comments invited" in str(by_address["ncp@de.pragueprocess.local"]["Subject"])
        body = text_of(by_address["ncp@de.pragueprocess.local"])
        token = body.split("/review/")[1].split()[0]
        link = read_token(settings, token)
        assert (link.workflow_id, link.participant_id) == (summary.round_id, "DE")

        rnd = client.get_workflow_handle_for(CommentRoundWorkflow.run, summary.round_id)
        for participant, position in [
            ("DE", Position.COMMENTS),
            ("AM", Position.RESERVATION),
            ("KZ", Position.NO_OBJECTION),
        ]:
            await rnd.execute_update(
                CommentRoundWorkflow.submit_answer,
                AnswerSubmit(
                    participant_id=participant,
                    position=position,
                    reason="Awaiting national consultation"
                    if position == Position.RESERVATION
                    else None,
                    comments=[
                        CommentInput(
                            section_id="s2",
                            text=f"{participant}: clarify returns",
                            proposed_text="Returns in safety and dignity.",
                        )
                    ],
                ),
            )
        await rnd.result()
        state = (await draft.query(DraftWorkflow.status)).state
        assert state.phase == Phase.REVISION
        await draft.execute_update(
            DraftWorkflow.resolve_comments,
            CommentResolutions(
                resolutions=[
                    CommentResolution(comment_id=c.comment_id, disposition="accepted")
                    for c in state.comments
                ]
            ),
        )
        await draft.execute_update(
            DraftWorkflow.submit_revision,
            RevisionSubmit(
                sections=[
                    SectionText(id="s1", title="Introduction", text="Purpose of the guidelines."),
                    SectionText(id="s2", title="Principles", text="Returns in safety and dignity."),
                ]
            ),
        )

        meeting_id = f"meeting-som-{uuid.uuid4().hex[:6]}"
        meeting = await client.start_workflow(
            MeetingWorkflow.run,
            MeetingInput(
                meeting_id=meeting_id,
                kind=MeetingKind.SOM,
                title="Senior Officials' Meeting",
                place="Poznan",
                starts_at=now,  # today: decisions may be recorded
                invitees=INVITED + ["PL"],
                agenda_before=timedelta(days=7),
            ),
            id=meeting_id,
            task_queue=settings.task_queue,
        )
        await draft.execute_update(
            DraftWorkflow.request_endorsement,
            EndorsementStart(route=Route.MEETING, meeting_id=meeting_id),
        )
        await meeting.execute_update(
            MeetingWorkflow.record_decision,
            DecisionInput(draft_id=draft.id, decision=Decision.ENDORSED),
        )
        final = await draft.result()
        await meeting.execute_update(MeetingWorkflow.close_meeting, MeetingClose())
        await meeting.result()

    assert final.state.phase == Phase.FINAL
    with sessions() as session:
        row = session.get(Draft, draft.id)
        assert row is not None and row.phase == "final" and row.version == 2
        answers = session.scalars(select(AnswerRow).filter_by(round_id=summary.round_id)).all()
        assert {a.participant_id: a.position for a in answers} == {
            "DE": "comments",
            "AM": "reservation",
            "KZ": "no_objection",
        }
        assert (
            session.scalar(
                select(func.count())
                .select_from(Invitation)
                .filter_by(round_id=summary.round_id, answered=True)
            )
            == 3
        )
        assert (
            session.scalar(
                select(func.count()).select_from(CommentRow).filter_by(draft_id=draft.id)
            )
            == 4
        )  # 3 comments + 1 reason
        decision = session.scalars(select(DecisionRow).filter_by(draft_id=draft.id)).one()
        assert decision.decision == "endorsed" and decision.source_id == meeting_id
        kinds = [
            e.kind
            for e in session.scalars(
                select(Event).filter_by(draft_id=draft.id).order_by(Event.at, Event.id)
            )
        ]
        assert kinds[0] == "draft_started" and "decision" in kinds, " ".join(kinds)
        # no notice row was written twice, and every one went out
        notices = session.scalars(select(Notice).filter_by(draft_id=draft.id)).all()
        assert len({(n.notice_key, n.email) for n in notices}) == len(notices)
        assert {n.status for n in notices} == {"sent"}
        files = {a.kind: a for a in list_artifacts(session, draft_id=draft.id)}
        assert {
            ArtifactKind.DRAFT_VERSION,
            ArtifactKind.COMMENT_COMPILATION,
            ArtifactKind.FINAL_TEXT,
        } <= set(files)
        content, _, _ = load_artifact(session, files[ArtifactKind.FINAL_TEXT].artifact_id) or (
            b"",
            "",
            "",
        )
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "Final and endorsed" in text and "Returns in safety and dignity." in text
    sent_to_de = mailbox.to("ncp@de.pragueprocess.local")
    assert len([m for m in sent_to_de if start.meta().reference in str(m["Subject"])]) == len(
        {str(m["Message-ID"]) for m in sent_to_de if start.meta().reference in str(m["Subject"])}
    )


async def test_a_long_draft_continues_as_new_and_keeps_everything(
    dev_env: WorkflowEnvironment, run_worker, settings, sessions: sessionmaker[Session]
) -> None:
    """The test server suggests continue-as-new after 60 events (tests/conftest.py)."""
    client = dev_env.client
    start = DraftStart(
        title="Prague Process Action Plan",
        slug=f"plan-{uuid.uuid4().hex[:8]}",
        document_type=DocumentType.ACTION_PLAN,
        lead_state="PL",
        sections=[SectionText(title="Preventing illegal migration")],
    )
    async with run_worker(client):
        draft = await client.start_workflow(
            DraftWorkflow.run,
            DraftWorkflowInput(start=start),
            id=start.meta().draft_id,
            task_queue=settings.task_queue,
        )
        for n in range(2, 14):
            await draft.execute_update(
                DraftWorkflow.submit_revision,
                RevisionSubmit(
                    sections=[
                        SectionText(
                            id="s1",
                            title="Preventing illegal migration",
                            text=f"Text of version {n}.",
                        )
                    ]
                ),
            )
        for _ in range(300):  # it continues as new once its mails and files are out (30 s)
            if (await draft.describe()).run_id != draft.first_execution_run_id:
                break
            await asyncio.sleep(0.1)
        assert (await draft.describe()).run_id != draft.first_execution_run_id
        status = await draft.query(DraftWorkflow.status)
        assert status.state.version == 13
        assert status.state.current_sections[0].text == "Text of version 13."

        def timeline() -> list[str]:
            with sessions() as session:
                kinds = list(session.scalars(select(Event.kind).filter_by(draft_id=draft.id)))
            return kinds if kinds.count("revision_submitted") == 12 else []

        kinds = await eventually(timeline)
        assert kinds.count("draft_started") == 1  # a new run does not start the draft again
