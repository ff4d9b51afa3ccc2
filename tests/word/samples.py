"""A draft's state with two versions, a round, comments, an endorsement and a translation:
enough to build every kind of document."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.activity_io import DocumentRequest, EventRecord, MeetingDocumentRequest
from models.api import DraftStart, Expert
from models.base import Section, SectionText, slugify
from models.contracts.draft import (
    DraftComment,
    DraftState,
    EndorsementRecord,
    MissionSummary,
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
        text="1. The coordinators report yearly.\n2. States share data.",
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
            justification="Done in the second text.",
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


def _event(n: int, kind: str, summary: str, actor: str | None = None, days: int = 0) -> EventRecord:
    return EventRecord(
        event_id=f"e{n}",
        workflow_id="draft-circular-migration",
        kind=kind,
        at=NOW + timedelta(days=days),
        summary=summary,
        actor=actor,
    )


# The draft's log as the workflows write it: the draft and its round both log a round's opening
# and closing; a link passed on is no step of the procedure.
EVENTS = [
    _event(1, "draft_started", 'CZ started "Guidelines on circular migration" (guidelines)', "CZ"),
    _event(2, "round_opened", "Comment round 1 opened on version 1 with 4 invited"),
    _event(
        3, "round_opened", "Round 1 opened on version 1, 4 invited, deadline 2026-12-23 10:00 UTC"
    ),
    _event(4, "answer_received", "AM answered: comments, 1 comment(s)", "AM", 2),
    _event(
        5, "link_handed_off", "ncp@hu.example (HU) passed its link to B <b@hu.example>", "HU", 3
    ),
    _event(6, "answer_received", "UA answered: no_objection, 1 comment(s)", "UA", 4),
    _event(7, "reminder_sent", "Reminder sent to 2 who have not answered", None, 25),
    _event(8, "round_closed", "Round 1 closed (deadline): 3 of 4 answered", None, 30),
    _event(
        9,
        "round_closed",
        "Round 1 closed (deadline): 3 of 4 answered; reservations/objections: HU",
        None,
        30,
    ),
    _event(10, "comments_resolved", "2 comment(s) resolved; 1 still open", "CZ", 33),
    _event(11, "revision_submitted", "Version 2 submitted: 3 section(s)", "CZ", 35),
    _event(
        12,
        "endorsement_requested",
        "Endorsement of version 2 requested: meeting meeting-som-2026",
        "CZ",
        36,
    ),
    _event(
        13,
        "decision",
        "Decision on version 2: endorsed_with_amendments (Annex dropped)",
        "secretariat",
        40,
    ),
]


def request(kind: ArtifactKind, language: Language = Language.EN) -> DocumentRequest:
    s = state()
    extra: dict[str, object] = {}
    if kind in (ArtifactKind.COMMENT_COMPILATION, ArtifactKind.POSITION_REGISTER):
        extra = {"comments": s.comments, "version": 1}  # the round was on version 1
    if kind == ArtifactKind.REDLINE:
        extra = {"previous_version": 1, "previous_sections": V1}
    if kind == ArtifactKind.FINAL_TEXT:
        extra = {"endorsement": s.endorsements[0]}
    if kind == ArtifactKind.PROCEDURAL_RECORD:
        extra = {"events": EVENTS, "rounds": s.rounds, "endorsements": s.endorsements}
    if kind == ArtifactKind.MIGRATION_PROFILE:
        return profile_request("final", language)
    number = (
        1 if kind in (ArtifactKind.COMMENT_COMPILATION, ArtifactKind.POSITION_REGISTER) else None
    )
    return document_request(s, kind, NOW, language=language, round_number=number, **extra)


# A draft whose reference is as long as references get (a slug of 60 characters).
LONG = DraftStart(
    title="Guidelines on concluding readmission agreements with third countries",
    document_type="action_plan_section",
    lead_state="PL",
    slug=slugify("Guidelines on concluding readmission agreements with third countries"),
    sections=[SectionText(title="x")],
)


def meeting_request(kind: ArtifactKind, language: Language) -> MeetingDocumentRequest:
    s = state()
    meeting = MeetingStatus(
        meeting_id="meeting-som-2026",
        kind="som",
        title="Senior Officials' Meeting 2026",
        place="Prague",
        starts_at=NOW,
        ends_at=NOW + timedelta(days=1, hours=7),
        host="CZ",
        co_chairs=["CZ", "UA"],
        invitees=["AM", "HU"],
        agenda=[
            AgendaItem(
                draft=s.meta,
                version=2,
                requested_at=NOW,
                titles={"ru": "Руководящие принципы по циркулярной миграции"},
                decision="endorsed",
                decided_at=NOW,
                reservations=["HU"],
                notes="Annex dropped",
            ),
            AgendaItem(draft=LONG.meta(), version=3, requested_at=NOW),
        ],
    )
    return MeetingDocumentRequest(kind=kind, meeting=meeting, generated_at=NOW, language=language)


PROFILE = [
    Section(
        id="emp-summary", title="Executive summary", text="Armenia is a country of emigration."
    ),
    Section(
        id="emp-trends",
        title="Migration trends",
        text="Emigration fell.\n\nReturn flows rose by a third since 2019.",
    ),
    Section(id="emp-gaps", title="Data gaps and recommendations", text=""),
]


def profile_request(phase: str, language: Language = Language.EN) -> DocumentRequest:
    """Armenia's profile, one mission's findings in: one worked into its chapter, one not."""
    start = DraftStart(
        title="Extended Migration Profile of Armenia",
        document_type="migration_profile",
        thematic_area="migration_development",
        lead_state="AM",
        country="AM",
        slug="emp-armenia",
        sections=[SectionText(title="x")],
    )
    findings = [
        DraftComment(
            comment_id=f"draft-emp-armenia-mission-1-{i}",
            round_number=0,
            participant_id="expert@icmpd.example",
            kind="mission_finding",
            section_id=section,
            text=text,
        )
        for i, (section, text) in enumerate(
            [
                ("emp-trends", "Return flows rose by a third since 2019."),
                ("emp-summary", "No data on reintegration outcomes."),
            ],
            start=1,
        )
    ]
    s = DraftState.model_validate(
        {
            "meta": start.meta(),
            "phase": phase,
            "started_at": NOW,
            "updated_at": NOW,
            "versions": [VersionRecord(number=1, created_at=NOW, sections=PROFILE)],
            "translations": [
                Translation(
                    language=Language.RU,
                    based_on=1,
                    title="Расширенный миграционный профиль Армении",
                    sections=[
                        Section(
                            id="emp-summary", title="Резюме", text="Армения — страна эмиграции."
                        )
                    ],
                    updated_at=NOW,
                )
            ],
            "comments": findings,
            "missions": [
                MissionSummary(
                    mission_id="draft-emp-armenia-mission-1",
                    country="AM",
                    findings_due=NOW,
                    open=False,
                    experts=[Expert(name="Anna Novak", email="expert@icmpd.example")],
                )
            ],
        }
    )
    return document_request(s, ArtifactKind.MIGRATION_PROFILE, NOW, language=language)
