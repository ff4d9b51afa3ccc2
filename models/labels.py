"""The words for every enum value people read, in English and Russian: one table for the web
pages, the mails and the Word documents (`label(value, language)`).

The wording is that of the published documents ("rejected", «принято частично»). A value that
several enums share ("rejected": a disposition, a decision, a phase) has one label, so a plain
string read back from the database is labelled the same as its enum.
"""

from __future__ import annotations

from enum import StrEnum

from models.domain import (
    ActivityStatus,
    ArtifactKind,
    CommentKind,
    Decision,
    Disposition,
    DocumentType,
    Language,
    MeetingKind,
    MissionKind,
    MissionOutcome,
    OutputKind,
    OutputStatus,
    ParticipantGroup,
    ParticipantKind,
    Phase,
    Position,
    ProfileStatus,
    RoundOutcome,
    Route,
    ThematicArea,
)

_TABLE: dict[type[StrEnum], dict[StrEnum, tuple[str, str]]] = {
    DocumentType: {
        DocumentType.ACTION_PLAN: ("Action Plan", "План действий"),
        DocumentType.ACTION_PLAN_SECTION: ("Action Plan section", "Раздел Плана действий"),
        DocumentType.GUIDELINES: ("Guidelines", "Руководящие принципы"),
        DocumentType.RECOMMENDATIONS: ("Recommendations", "Рекомендации"),
        DocumentType.BEST_PRACTICES: (
            "Compilation of best practices",
            "Сборник передового опыта",
        ),
        DocumentType.MIGRATION_PROFILE: (
            "Extended Migration Profile",
            "Расширенный миграционный профиль",
        ),
        DocumentType.WORK_PLAN: ("Work Plan", "Рабочий план"),
        DocumentType.JOINT_DECLARATION: ("Joint Declaration", "Совместная декларация"),
        DocumentType.CONCLUSIONS: ("Conclusions", "Выводы"),
    },
    ThematicArea: {
        ThematicArea.ILLEGAL_MIGRATION: (
            "Preventing and fighting illegal migration",
            "Предотвращение незаконной миграции и борьба с ней",
        ),
        ThematicArea.INTEGRATION: (
            "Integration of legally residing migrants",
            "Интеграция законно проживающих мигрантов",
        ),
        ThematicArea.READMISSION_RETURN: (
            "Readmission, voluntary return and sustainable reintegration",
            "Реадмиссия, добровольное возвращение и устойчивая реинтеграция",
        ),
        ThematicArea.MIGRATION_DEVELOPMENT: (
            "Migration, mobility and development",
            "Миграция, мобильность и развитие",
        ),
        ThematicArea.LEGAL_LABOUR_MIGRATION: (
            "Legal migration with a special emphasis on labour migration",
            "Законная миграция с особым акцентом на трудовую миграцию",
        ),
        ThematicArea.ASYLUM_PROTECTION: (
            "Asylum and international protection",
            "Убежище и международная защита",
        ),
    },
    Phase: {
        Phase.DRAFTING: ("drafting", "подготовка"),
        Phase.CONSULTATION: ("consultation", "консультации"),
        Phase.REVISION: ("revision", "доработка"),
        Phase.ENDORSEMENT: ("endorsement", "одобрение"),
        Phase.FINAL: ("final and endorsed", "окончательный и одобренный"),
        Phase.REJECTED: ("rejected", "отклонено"),
        Phase.WITHDRAWN: ("withdrawn", "отозван"),
    },
    Position: {
        Position.NO_OBJECTION: ("no objection", "нет возражений"),
        Position.COMMENTS: ("comments", "замечания"),
        Position.RESERVATION: ("reservation", "оговорка"),
        Position.OBJECTION: ("objection", "возражение"),
    },
    CommentKind: {
        CommentKind.GENERAL: ("General", "Общие замечания"),
        CommentKind.SECTION: ("Section", "Раздел"),
        CommentKind.MISSION_FINDING: ("Mission finding", "Вывод экспертной миссии"),
    },
    Disposition: {
        Disposition.ACCEPTED: ("accepted", "принято"),
        Disposition.PARTLY_ACCEPTED: ("partly accepted", "принято частично"),
        Disposition.REJECTED: ("rejected", "отклонено"),
        Disposition.NOTED: ("noted", "принято к сведению"),
    },
    MeetingKind: {
        MeetingKind.SOM: ("Senior Officials' Meeting", "Совещание старших должностных лиц"),
        MeetingKind.MINISTERIAL_CONFERENCE: ("Ministerial Conference", "Министерская конференция"),
        MeetingKind.STRATEGIC_GROUP: (
            "Strategic Group meeting",
            "Заседание Стратегической группы",
        ),
        MeetingKind.EXPERT_MEETING: ("Expert meeting", "Совещание экспертов"),
        MeetingKind.WORKSHOP: ("Workshop", "Семинар"),
        MeetingKind.CORE_GROUP: ("Core Group meeting", "Заседание Основной группы"),
        MeetingKind.STUDY_VISIT: ("Study visit", "Ознакомительный визит"),
    },
    Decision: {
        Decision.ENDORSED: ("endorsed", "одобрено"),
        Decision.ENDORSED_WITH_AMENDMENTS: ("endorsed with amendments", "одобрено с поправками"),
        Decision.DEFERRED: ("deferred", "отложено"),
        Decision.REJECTED: ("rejected", "отклонено"),
    },
    Route: {
        Route.MEETING: ("meeting", "совещание"),
        Route.WRITTEN_PROCEDURE: ("written procedure", "письменная процедура"),
        Route.WITH_PLAN: ("with the whole Action Plan", "в составе Плана действий"),
    },
    RoundOutcome: {
        RoundOutcome.DEADLINE: ("deadline reached", "истёк срок"),
        RoundOutcome.ALL_ANSWERED: ("all answered", "ответили все"),
        RoundOutcome.CLOSED_BY_SECRETARIAT: ("closed by the Secretariat", "закрыт Секретариатом"),
        RoundOutcome.CANCELLED: ("cancelled", "отменён"),
    },
    ActivityStatus: {
        ActivityStatus.PLANNED: ("planned", "запланировано"),
        ActivityStatus.ONGOING: ("ongoing", "выполняется"),
        ActivityStatus.COMPLETED: ("completed", "выполнено"),
        ActivityStatus.DELAYED: ("delayed", "с задержкой"),
        ActivityStatus.DISCONTINUED: ("discontinued", "прекращено"),
    },
    ProfileStatus: {
        ProfileStatus.UNDER_PREPARATION: ("Under preparation", "В стадии подготовки"),
        ProfileStatus.FINAL_AND_ENDORSED: ("Final and endorsed", "Окончательный и одобренный"),
        ProfileStatus.SUPERSEDED: ("Superseded by a later edition", "Заменён новым изданием"),
    },
    MissionKind: {
        MissionKind.EXPERT_MISSION: ("Expert mission", "Экспертная миссия"),
        MissionKind.HIGH_LEVEL_INTRODUCTORY_MISSION: (
            "High-level introductory mission",
            "Ознакомительная миссия высокого уровня",
        ),
        MissionKind.STUDY_VISIT: ("Study visit", "Ознакомительный визит"),
    },
    MissionOutcome: {
        MissionOutcome.FINDINGS_SUBMITTED: ("findings submitted", "выводы представлены"),
        MissionOutcome.TIMED_OUT: ("no findings by the due date", "выводы не представлены в срок"),
        MissionOutcome.CANCELLED: ("cancelled", "отменён"),
    },
    ParticipantGroup: {
        ParticipantGroup.EU_SCHENGEN: ("EU / Schengen area", "ЕС / Шенгенская зона"),
        ParticipantGroup.EASTERN_PARTNERSHIP: ("Eastern Partnership", "Восточное партнёрство"),
        ParticipantGroup.WESTERN_BALKANS: ("Western Balkans", "Западные Балканы"),
        ParticipantGroup.CENTRAL_ASIA: ("Central Asia", "Центральная Азия"),
        ParticipantGroup.RUSSIA: ("Russia", "Россия"),
        ParticipantGroup.TURKEY: ("Turkey", "Турция"),
        ParticipantGroup.UNITED_KINGDOM: ("United Kingdom", "Соединённое Королевство"),
        ParticipantGroup.EU_BODIES: ("EU institutions and agencies", "Институты и агентства ЕС"),
        ParticipantGroup.PARTNER_ORGANISATIONS: ("Partner organisations", "Организации-партнёры"),
    },
    ParticipantKind: {
        ParticipantKind.STATE: ("state", "государство"),
        ParticipantKind.EU_BODY: ("EU body", "орган ЕС"),
        ParticipantKind.PARTNER_ORGANISATION: ("partner organisation", "организация-партнёр"),
        ParticipantKind.EU_PRESIDENCY: (
            "Presidency of the Council of the EU",
            "Председательство в Совете ЕС",
        ),
    },
    OutputStatus: {
        OutputStatus.PLANNED: ("planned", "запланировано"),
        OutputStatus.IN_PROGRESS: ("in progress", "в работе"),
        OutputStatus.DELIVERED: ("delivered", "готово"),
    },
    ArtifactKind: {  # the files of a draft (the draft page's list)
        ArtifactKind.DRAFT_VERSION: ("Draft version", "Версия проекта"),
        ArtifactKind.COMMENT_COMPILATION: ("Compilation of comments", "Сводка замечаний"),
        ArtifactKind.FINAL_TEXT: ("Final text", "Окончательный текст"),
        ArtifactKind.MEETING_AGENDA: ("Agenda", "Повестка дня"),
        ArtifactKind.MEETING_CONCLUSIONS: ("Conclusions", "Выводы"),
        ArtifactKind.POSITION_REGISTER: ("Register of positions", "Реестр позиций"),
        ArtifactKind.REDLINE: ("Changes marked (redline)", "Текст с правкой"),
        ArtifactKind.MIGRATION_PROFILE: (  # one word for a value several enums share
            "Extended Migration Profile",
            "Расширенный миграционный профиль",
        ),
        ArtifactKind.PROCEDURAL_RECORD: ("Procedural record", "Протокол процедуры"),
        ArtifactKind.COMPILED_PLAN: ("Compiled plan", "Сводный текст плана"),
        ArtifactKind.IMPLEMENTATION_REPORT: ("Implementation report", "Отчёт о выполнении"),
        ArtifactKind.MISSION_REPORT: ("Mission report", "Отчёт миссии"),
    },
    OutputKind: {
        OutputKind.DOCUMENT: ("document", "документ"),
        OutputKind.CAPACITY: ("capacity building", "укрепление потенциала"),
        OutputKind.TRAINING: ("training", "обучение"),
    },
}

LABELLED: tuple[type[StrEnum], ...] = tuple(_TABLE)

# A plain string (a value as the read model stores it): the label of the enum value it is.
_BY_VALUE: dict[str, tuple[str, str]] = {}
for _values in _TABLE.values():
    for _value, _pair in _values.items():
        _BY_VALUE.setdefault(_value.value, _pair)


def label(value: StrEnum | str | None, language: Language) -> str:
    """The word for an enum value in a language ("" for None; a value no table knows shows as
    its words: "some_value" -> "some value")."""
    if value is None:
        return ""
    if isinstance(value, StrEnum) and type(value) in _TABLE:
        pair = _TABLE[type(value)].get(value)
    else:  # a plain string, or an enum the table does not list: by its value
        pair = _BY_VALUE.get(str(value))
    if pair is None:
        return str(value).replace("_", " ")
    return pair[0] if language == Language.EN else pair[1]
