"""The vocabulary of the dialogue: kinds of documents, areas, phases, positions, decisions."""

from __future__ import annotations

from enum import StrEnum


class DocumentType(StrEnum):
    ACTION_PLAN = "action_plan"
    ACTION_PLAN_SECTION = "action_plan_section"
    GUIDELINES = "guidelines"
    RECOMMENDATIONS = "recommendations"
    BEST_PRACTICES = "best_practices"
    MIGRATION_PROFILE = "migration_profile"
    WORK_PLAN = "work_plan"
    JOINT_DECLARATION = "joint_declaration"
    CONCLUSIONS = "conclusions"


class ThematicArea(StrEnum):
    ILLEGAL_MIGRATION = "illegal_migration"
    INTEGRATION = "integration"
    READMISSION_RETURN = "readmission_return"
    MIGRATION_DEVELOPMENT = "migration_development"
    LEGAL_LABOUR_MIGRATION = "legal_labour_migration"
    ASYLUM_PROTECTION = "asylum_protection"

    @property
    def label(self) -> str:
        return THEMATIC_AREA_TITLES[self]


THEMATIC_AREA_TITLES: dict[ThematicArea, str] = {
    ThematicArea.ILLEGAL_MIGRATION: "Preventing and fighting illegal migration",
    ThematicArea.INTEGRATION: "Integration of legally residing migrants",
    ThematicArea.READMISSION_RETURN: (
        "Readmission, voluntary return and sustainable reintegration"
    ),
    ThematicArea.MIGRATION_DEVELOPMENT: "Migration, mobility and development",
    ThematicArea.LEGAL_LABOUR_MIGRATION: (
        "Legal migration with a special emphasis on labour migration"
    ),
    ThematicArea.ASYLUM_PROTECTION: "Asylum and international protection",
}


class Phase(StrEnum):
    DRAFTING = "drafting"
    CONSULTATION = "consultation"
    REVISION = "revision"
    ENDORSEMENT = "endorsement"
    FINAL = "final"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def is_closed(self) -> bool:
        return self in (Phase.FINAL, Phase.REJECTED, Phase.WITHDRAWN)


class Position(StrEnum):
    NO_OBJECTION = "no_objection"
    COMMENTS = "comments"
    RESERVATION = "reservation"
    OBJECTION = "objection"


class CommentKind(StrEnum):
    GENERAL = "general"
    SECTION = "section"
    MISSION_FINDING = "mission_finding"


class Disposition(StrEnum):
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"
    NOTED = "noted"


class MeetingKind(StrEnum):
    SOM = "som"
    MINISTERIAL_CONFERENCE = "ministerial_conference"
    STRATEGIC_GROUP = "strategic_group"
    EXPERT_MEETING = "expert_meeting"
    WORKSHOP = "workshop"
    CORE_GROUP = "core_group"
    STUDY_VISIT = "study_visit"

    @property
    def label(self) -> str:
        return {
            MeetingKind.SOM: "Senior Officials' Meeting",
            MeetingKind.MINISTERIAL_CONFERENCE: "Ministerial Conference",
            MeetingKind.STRATEGIC_GROUP: "Strategic Group meeting",
            MeetingKind.EXPERT_MEETING: "Expert meeting",
            MeetingKind.WORKSHOP: "Workshop",
            MeetingKind.CORE_GROUP: "Core Group meeting",
            MeetingKind.STUDY_VISIT: "Study visit",
        }[self]


class Decision(StrEnum):
    ENDORSED = "endorsed"
    ENDORSED_WITH_AMENDMENTS = "endorsed_with_amendments"
    DEFERRED = "deferred"
    REJECTED = "rejected"


class Route(StrEnum):
    MEETING = "meeting"
    WRITTEN_PROCEDURE = "written_procedure"
    WITH_PLAN = "with_plan"  # a part of the Action Plan: endorsed with the whole plan


class ParticipantKind(StrEnum):
    STATE = "state"
    EU_BODY = "eu_body"
    PARTNER_ORGANISATION = "partner_organisation"
    EU_PRESIDENCY = "eu_presidency"  # a seat whose holder (a state) rotates every six months


class ParticipantGroup(StrEnum):
    EU_SCHENGEN = "eu_schengen"
    EASTERN_PARTNERSHIP = "eastern_partnership"
    WESTERN_BALKANS = "western_balkans"
    CENTRAL_ASIA = "central_asia"
    RUSSIA = "russia"
    TURKEY = "turkey"
    UNITED_KINGDOM = "united_kingdom"
    EU_BODIES = "eu_bodies"
    PARTNER_ORGANISATIONS = "partner_organisations"


class Language(StrEnum):
    EN = "en"
    RU = "ru"


class RoundOutcome(StrEnum):
    """Why a comment round closed."""

    DEADLINE = "deadline"
    ALL_ANSWERED = "all_answered"
    CLOSED_BY_SECRETARIAT = "closed_by_secretariat"
    CANCELLED = "cancelled"


class SilenceOutcome(StrEnum):
    KEPT = "kept"
    BROKEN = "broken"
    CANCELLED = "cancelled"


class MissionOutcome(StrEnum):
    FINDINGS_SUBMITTED = "findings_submitted"
    TIMED_OUT = "timed_out"
    CANCELLED = "cancelled"


class NoticeKind(StrEnum):
    ROUND_OPENED = "round_opened"
    REMINDER = "reminder"
    DEADLINE_EXTENDED = "deadline_extended"
    ROUND_CLOSED = "round_closed"
    REVISION_AVAILABLE = "revision_available"
    ENDORSEMENT_REQUESTED = "endorsement_requested"
    SILENCE_OPENED = "silence_opened"
    SILENCE_BROKEN = "silence_broken"
    MEETING_AGENDA = "meeting_agenda"
    DECISION = "decision"
    FINAL_PUBLISHED = "final_published"
    MISSION_FINDINGS_DUE = "mission_findings_due"
    DRAFT_WITHDRAWN = "draft_withdrawn"
    COMMENTS_RESOLVED = "comments_resolved"
    LINK_ISSUED = "link_issued"
    ANSWER_BY_MAIL = "answer_by_mail"
    DIGEST = "digest"
    ANSWER_RECEIPT = "answer_receipt"
    # the knowledge base's registrations (workflows/reader_registration.py)
    KB_CONFIRM = "kb_confirm"
    KB_RECEIVED = "kb_received"
    KB_PENDING = "kb_pending"
    KB_APPROVED = "kb_approved"
    KB_REFUSED = "kb_refused"
    KB_EXPIRED = "kb_expired"
    # a profile's update cycle opened its next edition (workflows/profile_update.py)
    PROFILE_UPDATE_DUE = "profile_update_due"


class LinkPurpose(StrEnum):
    """What a personal link answers, kept in its grant (never guessed from an id)."""

    COMMENT_ROUND = "round"
    WRITTEN_PROCEDURE = "silence"
    EXPERT_MISSION = "mission"


class DigestFrequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    NONE = "none"


class ArtifactKind(StrEnum):
    DRAFT_VERSION = "draft_version"
    COMMENT_COMPILATION = "comment_compilation"
    FINAL_TEXT = "final_text"
    MEETING_AGENDA = "meeting_agenda"
    MEETING_CONCLUSIONS = "meeting_conclusions"
    POSITION_REGISTER = "position_register"
    REDLINE = "redline"
    MIGRATION_PROFILE = "migration_profile"
    PROCEDURAL_RECORD = "procedural_record"
    COMPILED_PLAN = "compiled_plan"
    IMPLEMENTATION_REPORT = "implementation_report"
    MISSION_REPORT = "mission_report"


class ActivityStatus(StrEnum):
    """Where an activity of an endorsed Action Plan stands (kept up to date by the Secretariat)."""

    PLANNED = "planned"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    DELAYED = "delayed"
    DISCONTINUED = "discontinued"


class ProfileStatus(StrEnum):
    """A migration profile's edition, as the board shows it."""

    UNDER_PREPARATION = "under_preparation"
    FINAL_AND_ENDORSED = "final_and_endorsed"
    SUPERSEDED = "superseded"


class MissionKind(StrEnum):
    EXPERT_MISSION = "expert_mission"
    HIGH_LEVEL_INTRODUCTORY_MISSION = "high_level_introductory_mission"
    STUDY_VISIT = "study_visit"


class OutputStatus(StrEnum):
    """A project output (a draft it produces, a training, a compilation)."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DELIVERED = "delivered"


class OutputKind(StrEnum):
    """What a project output is: a document (produced by a draft), capacity built, a training."""

    DOCUMENT = "document"
    CAPACITY = "capacity"
    TRAINING = "training"
