"""The projects of the Process and what each set out to deliver, from the project sheet of the
Prague Process Targeted Initiative (PP TI, 2012–2016) and the two Building Migration Partnerships
phases before it (BMP, 2009–2012): seeded into the read model by `ppflow.projects.seed_projects`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models.domain import DocumentType, OutputKind, OutputStatus, ThematicArea

PP_TI = "PP TI"
BMP = "BMP"

PROGRAMMES: dict[str, tuple[str, str]] = {
    PP_TI: ("Prague Process Targeted Initiative", "Целевая инициатива Пражского процесса"),
    BMP: ("Building Migration Partnerships", "Построение миграционных партнёрств"),
}


@dataclass(frozen=True)
class SeedOutput:
    number: int
    title: str
    title_ru: str
    kind: OutputKind
    document_type: DocumentType | None = None
    status: OutputStatus = OutputStatus.PLANNED


@dataclass(frozen=True)
class SeedProject:
    id: str
    programme: str
    title: str
    title_ru: str
    thematic_area: ThematicArea | None
    lead_state: str
    supporting_states: tuple[str, ...]
    period: tuple[date, date]
    description: str
    description_ru: str
    outputs: tuple[SeedOutput, ...] = field(default_factory=tuple)


def _best_practices(number: int = 1) -> SeedOutput:
    return SeedOutput(
        number,
        "Compilation of best practices",
        "Сборник передового опыта",
        OutputKind.DOCUMENT,
        DocumentType.BEST_PRACTICES,
    )


PP_TI_YEARS = (date(2012, 1, 1), date(2016, 12, 31))
D, C, T = OutputKind.DOCUMENT, OutputKind.CAPACITY, OutputKind.TRAINING
DONE = OutputStatus.DELIVERED

SEED_PROJECTS: tuple[SeedProject, ...] = (
    SeedProject(
        "ppti-1",
        PP_TI,
        "Pilot Project 1: Illegal Migration",
        "Пилотный проект 1: незаконная миграция",
        ThematicArea.ILLEGAL_MIGRATION,
        "PL",
        ("SK", "RO"),
        PP_TI_YEARS,
        "Preventing and fighting illegal migration: concluding readmission agreements and "
        "organising returns.",
        "Предотвращение незаконной миграции и борьба с ней: заключение соглашений о реадмиссии "
        "и организация возвращения.",
        (
            _best_practices(),
            SeedOutput(
                2,
                "Prague Process Guidelines on concluding readmission agreements and organising "
                "returns",
                "Руководящие принципы Пражского процесса по заключению соглашений о реадмиссии "
                "и организации возвращения",
                D,
                DocumentType.GUIDELINES,
            ),
            SeedOutput(
                3,
                "Capacity of participating states to manage return and readmission is strengthened",
                "Укреплён потенциал государств-участников в управлении возвращением и реадмиссией",
                C,
            ),
        ),
    ),
    SeedProject(
        "ppti-2",
        PP_TI,
        "Pilot Project 2: Legal Migration",
        "Пилотный проект 2: законная миграция",
        ThematicArea.LEGAL_LABOUR_MIGRATION,
        "HU",
        (),
        PP_TI_YEARS,
        "Addressing legal migration and mobility with a special emphasis on labour migration.",
        "Законная миграция и мобильность с особым акцентом на трудовую миграцию.",
        (
            _best_practices(),
            SeedOutput(
                2,
                "Prague Process Recommendations on organising labour migration between "
                "countries of origin and countries of destination, focusing on access to "
                "information by potential migrants and aspects of better labour matching",
                "Рекомендации Пражского процесса по организации трудовой миграции между "
                "странами происхождения и странами назначения с упором на доступ потенциальных "
                "мигрантов к информации и на лучшее соответствие спроса и предложения рабочей "
                "силы",
                D,
                DocumentType.RECOMMENDATIONS,
            ),
            SeedOutput(
                3,
                "Capacity of participating states is strengthened to support the effective "
                "organisation of labour migration by providing information to potential migrants",
                "Укреплён потенциал государств-участников по содействию эффективной организации "
                "трудовой миграции путём информирования потенциальных мигрантов",
                C,
            ),
        ),
    ),
    SeedProject(
        "ppti-3",
        PP_TI,
        "Pilot Project 3: Migration and Development",
        "Пилотный проект 3: миграция и развитие",
        ThematicArea.MIGRATION_DEVELOPMENT,
        "CZ",
        (),
        PP_TI_YEARS,
        "Making migration and mobility positive forces for development.",
        "Превращение миграции и мобильности в позитивные факторы развития.",
        (
            _best_practices(),
            SeedOutput(
                2,
                "Prague Process Guidelines on Circular Migration Policies",
                "Руководящие принципы Пражского процесса по политике в области циркулярной "
                "миграции",
                D,
                DocumentType.GUIDELINES,
            ),
            SeedOutput(
                3,
                "Understanding in participating states of the concept of circular migration and "
                "measures to effectively facilitate it is increased",
                "Углублено понимание государствами-участниками концепции циркулярной миграции и "
                "мер по эффективному содействию ей",
                C,
            ),
        ),
    ),
    SeedProject(
        "ppti-4",
        PP_TI,
        "Pilot Project 4: International Protection and Asylum",
        "Пилотный проект 4: международная защита и убежище",
        ThematicArea.ASYLUM_PROTECTION,
        "SE",
        ("DE",),
        PP_TI_YEARS,
        "Strengthening capacities in the areas of asylum and international protection.",
        "Укрепление потенциала в области убежища и международной защиты.",
        (
            SeedOutput(
                1,
                "The EASO/European Asylum Curriculum (EAC) training module on inclusion "
                "translated into Russian language and available online",
                "Учебный модуль ЕАСО / Европейской учебной программы по вопросам убежища (EAC) "
                "«Включение» переведён на русский язык и доступен онлайн",
                T,
            ),
            SeedOutput(
                2,
                "A number of national asylum authorities will have become familiar with the EAC "
                "Concept and a number of national experts will have been trained and will "
                "become certified EAC trainers on inclusion",
                "Ряд национальных органов по вопросам убежища ознакомлен с концепцией EAC, а ряд "
                "национальных экспертов прошёл подготовку и станет сертифицированными тренерами "
                "EAC по модулю «Включение»",
                T,
            ),
            SeedOutput(
                3,
                "Participating asylum case officers and decision-makers in partner countries "
                "will have improved their skills and knowledge in international refugee law "
                "(asylum), including the EU asylum acquis",
                "Сотрудники, рассматривающие ходатайства об убежище, и лица, принимающие решения, "
                "в странах-партнёрах повысили свои навыки и знания в области международного "
                "беженского права (убежище), включая acquis ЕС в сфере убежища",
                C,
            ),
            SeedOutput(
                4,
                "Prague Process Guidelines on asylum procedures and training needs, including a "
                "structured assessment on training needs in the participating states",
                "Руководящие принципы Пражского процесса по процедурам предоставления убежища и "
                "потребностям в обучении, включая структурированную оценку потребностей в "
                "обучении в государствах-участниках",
                D,
                DocumentType.GUIDELINES,
            ),
        ),
    ),
    SeedProject(
        "bmp-2",
        BMP,
        "BMP Transitional: Continuation of the Building Migration Partnerships Dialogue (BMP2)",
        "Переходный этап ПМП: продолжение диалога «Построение миграционных партнёрств» (ПМП2)",
        None,
        "CZ",
        ("HU", "PL", "RO", "SK"),
        (date(2011, 7, 1), date(2012, 7, 31)),
        "Maintained and updated the BMP knowledge base, finalised the text of the Prague Process "
        "Action Plan 2012–2016 and prepared it for endorsement at the Second Prague Process "
        "Ministerial Conference in Poznan on 3–4 November 2011.",
        "Поддержание и обновление базы знаний ПМП, доработка текста Плана действий Пражского "
        "процесса на 2012–2016 годы и его подготовка к одобрению на второй Министерской "
        "конференции Пражского процесса в Познани 3–4 ноября 2011 года.",
        (
            SeedOutput(
                1,
                "Prague Process Action Plan 2012–2016, finalised for endorsement in Poznan",
                "План действий Пражского процесса на 2012–2016 годы, доработанный для одобрения "
                "в Познани",
                D,
                DocumentType.ACTION_PLAN,
                DONE,
            ),
            SeedOutput(
                2,
                "BMP knowledge base maintained and updated",
                "База знаний ПМП поддерживается и обновляется",
                C,
                None,
                DONE,
            ),
        ),
    ),
    SeedProject(
        "bmp-1",
        BMP,
        "BMP Initiative: Building Migration Partnerships (BMP1)",
        "Инициатива ПМП: «Построение миграционных партнёрств» (ПМП1)",
        None,
        "CZ",
        ("HU", "PL", "RO", "SK"),
        (date(2009, 5, 1), date(2011, 6, 30)),
        "Gathered the information needed to implement the Joint Declaration: the BMP knowledge "
        "base of Extended Migration Profiles, prepared through introductory and expert missions, "
        "workshops and senior officials' meetings.",
        "Сбор информации, необходимой для выполнения Совместной декларации: база знаний ПМП из "
        "расширенных миграционных профилей, подготовленная в ходе ознакомительных и экспертных "
        "миссий, семинаров и совещаний старших должностных лиц.",
        (
            SeedOutput(
                1,
                "Extended Migration Profiles of the participating states (the BMP knowledge base)",
                "Расширенные миграционные профили государств-участников (база знаний ПМП)",
                D,
                DocumentType.MIGRATION_PROFILE,
                DONE,
            ),
            SeedOutput(
                2,
                "The BMP i-Map: the knowledge base online for every participating state",
                "Интерактивная карта ПМП (i-Map): база знаний онлайн для всех "
                "государств-участников",
                C,
                None,
                DONE,
            ),
        ),
    ),
)
