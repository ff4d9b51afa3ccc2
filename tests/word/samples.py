"""A draft's state with two versions, a round, comments, an endorsement and a translation:
enough to build every kind of document."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.activity_io import DocumentRequest, EventRecord, MeetingDocumentRequest
from models.api import DraftStart
from models.base import Section, SectionText
from models.contracts.draft import (
    DraftComment,
    DraftState,
    EndorsementRecord,
    RoundSummary,
    Translation,
    VersionRecord,
)
from models.contracts.meeting import AgendaItem, MeetingStatus
from models.domain import ArtifactKind, Language
from workflows.draft_state import document_request

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

V1 = [
    Section(
        id="s1",
        title="Purpose",
        text="These guidelines help states run circular migration.\n\n- seasonal work\n- study",
    ),
    Section(
        id="s2",
        title="Principles",
        text="## Fairness\n\nWorkers are treated fairly.\n\n"
        "| Indicator | 2024 | 2025 |\n| Permits issued | 10 | 12 |",
    ),
    Section(id="s3", title="Annex", text="To be removed."),
]
V2 = [
    Section(
        id="s1",
        title="Purpose and scope",
        text="These guidelines help participating "
        "states run circular migration schemes.\n\n- seasonal work\n- study\n- training",
    ),
    Section(
        id="s2",
        title="Principles",
        text="## Fairness\n\nWorkers are treated fairly and "
        "equally.\n\n| Indicator | 2024 | 2025 |\n| Permits issued | 10 | 14 |",
    ),
    Section(
        id="s4",
        title="Monitoring",
        text="1. The Secretariat reports yearly.\n2. States share data.",
    ),
]
RU = [
    Section(
        id="s1",
        title="Цель и сфера применения",
        text="Настоящие руководящие принципы "
        "помогают государствам-участникам.\n\n- сезонная работа\n- учёба\n- обучение",
    ),
    Section(id="s2", title="Принципы", text="Работники пользуются равным обращением."),
]


def state(**overrides: object) -> DraftState:
    start = DraftStart(
        title="Guidelines on circular migration",
        document_type="guidelines",
        thematic_area="legal_labour_migration",
        lead_state="CZ",
        co_lead_states=["PL", "SK"],
        slug="circular-migration",
        sections=[SectionText(title="x")],
    )
    round_1 = RoundSummary(
        round_id="draft-circular-migration-round-1",
        number=1,
        version=1,
        opened_at=NOW,
        deadline=NOW + timedelta(days=30),
        invitees=["AM", "HU", "UA", "KZ"],
        open=False,
        closed_at=NOW + timedelta(days=30),
        positions={"AM": "comments", "HU": "reservation", "UA": "no_objection"},
    )
    comments = [
        DraftComment(
            comment_id="c1",
            round_number=1,
            participant_id="AM",
            kind="section",
            section_id="s1",
            text="Name the schemes.",
            proposed_text="circular migration schemes",
            position="comments",
            disposition="accepted",
            justification="Done in version 2.",
        ),
        DraftComment(
            comment_id="c2",
            round_number=1,
            participant_id="HU",
            kind="section",
            section_id="s2",
            text="Оговорка: equal treatment needs a definition.",
            position="reservation",
        ),
        DraftComment(
            comment_id="c3",
            round_number=1,
            participant_id="UA",
            kind="general",
            text="Supported.",
            position="no_objection",
            disposition="noted",
        ),
    ]
    endorsement = EndorsementRecord(
        route="meeting",
        requested_at=NOW,
        version=2,
        meeting_id="meeting-som-2026",
        meeting_title="Senior Officials' Meeting 2026",
        meeting_place="Prague",
        decision="endorsed_with_amendments",
        decided_at=NOW + timedelta(days=40),
        notes="Annex dropped",
        reservations=["HU"],
    )
    values: dict[str, object] = {
        "meta": start.meta(),
        "phase": "final",
        "started_at": NOW,
        "updated_at": NOW,
        "versions": [
            VersionRecord(number=1, created_at=NOW, sections=V1),
            VersionRecord(number=2, created_at=NOW + timedelta(days=35), sections=V2),
        ],
        "rounds": [round_1],
        "comments": comments,
        "endorsements": [endorsement],
        "translations": [
            Translation(language=Language.RU, based_on=1, sections=RU, updated_at=NOW)
        ],
    }
    values.update(overrides)
    return DraftState.model_validate(values)


EVENTS = [
    EventRecord(
        event_id="e1",
        workflow_id="w",
        kind="draft_started",
        at=NOW,
        summary="Draft started by CZ",
        actor="CZ",
    ),
    EventRecord(
        event_id="e2",
        workflow_id="w",
        kind="round_opened",
        at=NOW,
        summary="Comment round 1 opened on version 1 with 4 invited",
    ),
]


def request(kind: ArtifactKind, language: Language = Language.EN) -> DocumentRequest:
    s = state()
    extra: dict[str, object] = {}
    if kind in (ArtifactKind.COMMENT_COMPILATION, ArtifactKind.POSITION_REGISTER):
        extra = {"comments": s.comments}
    if kind == ArtifactKind.REDLINE:
        extra = {"previous_version": 1, "previous_sections": V1}
    if kind == ArtifactKind.FINAL_TEXT:
        extra = {"endorsement": s.endorsements[0]}
    if kind == ArtifactKind.PROCEDURAL_RECORD:
        extra = {"events": EVENTS, "rounds": s.rounds, "endorsements": s.endorsements}
    if kind == ArtifactKind.MIGRATION_PROFILE:
        extra = {"comments": s.comments}
    number = (
        1 if kind in (ArtifactKind.COMMENT_COMPILATION, ArtifactKind.POSITION_REGISTER) else None
    )
    return document_request(s, kind, NOW, language=language, round_number=number, **extra)


def meeting_request(kind: ArtifactKind, language: Language) -> MeetingDocumentRequest:
    s = state()
    meeting = MeetingStatus(
        meeting_id="meeting-som-2026",
        kind="som",
        title="Senior Officials' Meeting 2026",
        place="Prague",
        starts_at=NOW,
        invitees=["AM", "HU"],
        agenda=[
            AgendaItem(
                draft=s.meta,
                version=2,
                requested_at=NOW,
                decision="endorsed",
                decided_at=NOW,
                reservations=["HU"],
                notes="Annex dropped",
            )
        ],
    )
    return MeetingDocumentRequest(kind=kind, meeting=meeting, generated_at=NOW, language=language)
