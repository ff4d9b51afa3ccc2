"""The implementation report of an endorsed Action Plan: where each activity stands today.

Built on request from the read model (it changes whenever the Secretariat changes a status):
the plan and its endorsement, a count of activities per status, a table of activities per
thematic area, and what changed since the plan was endorsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from models.domain import ActivityStatus, Language, ThematicArea
from word.labels import Labels, written_in
from word.model import Block, Column, GroupRow, Heading, Para, Run, Table, WordDocument

_MONTHS = {
    Language.EN: "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
    Language.RU: "янв. февр. март апр. май июнь июль авг. сент. окт. нояб. дек.".split(),
}

# The report's own phrases (the shared ones come from word/labels.py).
_PHRASES: dict[str, tuple[str, str]] = {
    "kind": ("Implementation report", "Отчёт о ходе выполнения"),
    "marking": ("Status of the activities", "Состояние выполнения мероприятий"),
    "endorsed": ("Endorsed", "Одобрен"),
    "as_of": ("Status as of", "Состояние на"),
    "by_procedure": ("written (silence) procedure", "письменная процедура (молчания)"),
    "summary": ("Activities by status", "Мероприятия по статусу"),
    "count": ("Activities", "Мероприятий"),
    "total": ("Total", "Всего"),
    "activities": ("Activities by thematic area", "Мероприятия по тематическим областям"),
    "other_area": ("Other activities", "Прочие мероприятия"),
    "activity": ("Activity", "Мероприятие"),
    "lead": ("Lead", "Ведущий"),
    "period": ("Period", "Период"),
    "changes": ("Changes since endorsement", "Изменения после одобрения"),
    "no_changes": (
        "No activity has changed since the plan was endorsed.",
        "После одобрения плана мероприятия не изменялись.",
    ),
    "change": ("Change", "Изменение"),
    "w_status": ("status", "статус"),
    "w_lead": ("lead", "ведущий"),
    "w_period": ("period", "период"),
    "w_note": ("note", "примечание"),
    "open_period": ("not set", "не указан"),
    "note": (
        "The statuses are those the Prague Process Secretariat recorded up to {date}.",
        "Статусы приведены по данным Секретариата Пражского процесса на {date}.",
    ),
}


@dataclass
class ReportActivity:
    number: int
    title: str
    lead: str
    status: str
    thematic_area: str | None = None
    start_month: str | None = None
    end_month: str | None = None
    note: str = ""


@dataclass
class ReportChange:
    at: datetime
    number: int
    by: str
    from_status: str
    to_status: str
    from_lead: str
    to_lead: str
    from_period: str = ""
    to_period: str = ""
    note: str = ""


@dataclass
class ImplementationReport:
    """What the report shows, read from the read model by ppflow/plan_activities.py."""

    language: Language
    plan_title: str
    reference: str
    endorsed_at: datetime
    generated_at: datetime
    meeting_title: str = ""  # "" when endorsed by written procedure
    meeting_kind: str = ""
    activities: list[ReportActivity] = field(default_factory=list)
    changes: list[ReportChange] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)


# The status cells in the colours of the activities page (web/static/style.css).
STATUS_FILLS = {
    ActivityStatus.PLANNED: "E3E9F2",
    ActivityStatus.ONGOING: "FFF2CC",
    ActivityStatus.COMPLETED: "C6EFCE",
    ActivityStatus.DELAYED: "F8CBAD",
    ActivityStatus.DISCONTINUED: "E7E6E6",
}


def say(language: Language, key: str, **values: object) -> str:
    # a Russian date ends with "г.": a sentence ending on one takes no second full stop
    text = _PHRASES[key][0 if language == Language.EN else 1].format(**values)
    return text.replace("г..", "г.")


def _fills(labels: Labels) -> dict[str, str]:
    return {labels.enum(status): fill for status, fill in STATUS_FILLS.items()}


def month_text(month: str | None, language: Language) -> str:
    """ "2012-01" as "Jan 2012" / "янв. 2012"."""
    if not month:
        return ""
    year, number = month.split("-")
    return f"{_MONTHS[language][int(number) - 1]} {year}"


def period_text(start: str | None, end: str | None, language: Language) -> str:
    """ "Jan 2012 – Dec 2013", an open end as "Jan 2012 –", no period at all as ""."""
    if not start and not end:
        return ""
    return f"{month_text(start, language)} – {month_text(end, language)}".strip()


def split_period(period: str) -> tuple[str | None, str | None]:
    """ "2012-01/2013-12" (as the change history keeps a period) -> its two months."""
    start, _, end = period.partition("/")
    return start or None, end or None


def change_text(change: ReportChange, labels: Labels) -> str:
    """What one change did, in the document's language: "status: planned → ongoing; ..."."""
    lang = labels.language
    parts = []
    if change.from_status != change.to_status:
        was, now = labels.enum(change.from_status), labels.enum(change.to_status)
        parts.append(f"{say(lang, 'w_status')}: {was} → {now}")
    if change.from_lead != change.to_lead:
        was, now = labels.name(change.from_lead), labels.name(change.to_lead)
        parts.append(f"{say(lang, 'w_lead')}: {was} → {now}")
    if change.from_period != change.to_period:
        was, now = (
            period_text(*split_period(p), lang) or say(lang, "open_period")
            for p in (change.from_period, change.to_period)
        )
        parts.append(f"{say(lang, 'w_period')}: {was} → {now}")
    return "; ".join(parts) or say(lang, "w_note")


def _endorsement(report: ImplementationReport, labels: Labels) -> str:
    day = labels.day(report.endorsed_at)
    if not report.meeting_title and not report.meeting_kind:
        return f"{say(report.language, 'by_procedure')}, {day}"
    title = report.meeting_title
    if not title or not written_in(title, report.language):
        title = labels.enum(report.meeting_kind)
    return f"{title}, {day}"


def _summary(report: ImplementationReport, labels: Labels) -> Table:
    lang = report.language
    counts = {s: 0 for s in ActivityStatus}
    for a in report.activities:
        counts[ActivityStatus(a.status)] += 1
    rows: list[list[str] | GroupRow] = [
        [labels.enum(status), str(n)] for status, n in counts.items()
    ]
    rows.append([say(lang, "total"), str(len(report.activities))])
    columns = [Column(labels("status"), 6.0), Column(say(lang, "count"), 3.0)]
    return Table(columns, rows, shade=_fills(labels))


def _areas(report: ImplementationReport, labels: Labels) -> list[Block]:
    lang = report.language
    order = [a.value for a in ThematicArea] + [None]
    by_area: dict[str | None, list[ReportActivity]] = {}
    for a in sorted(report.activities, key=lambda a: a.number):
        area = a.thematic_area if a.thematic_area in order else None
        by_area.setdefault(area, []).append(a)
    columns = [
        Column(labels("no"), 1.0),
        Column(say(lang, "activity"), 5.0),
        Column(say(lang, "lead"), 2.6),
        Column(say(lang, "period"), 2.6),
        Column(labels("status"), 2.1),
        Column(labels("notes"), 2.7),
    ]
    blocks: list[Block] = []
    for area in order:
        if area not in by_area:
            continue
        blocks.append(Heading(labels.enum(area) if area else say(lang, "other_area"), 2))
        rows: list[list[str] | GroupRow] = [
            [
                str(a.number),
                a.title,
                labels.name(a.lead),
                period_text(a.start_month, a.end_month, lang),
                labels.enum(a.status),
                a.note,
            ]
            for a in by_area[area]
        ]
        blocks.append(Table(columns, rows, shade=_fills(labels)))
    return blocks


def _changes(report: ImplementationReport, labels: Labels) -> list[Block]:
    lang = report.language
    if not report.changes:
        return [Para(say(lang, "no_changes"))]
    rows: list[list[str] | GroupRow] = [
        [labels.short_day(c.at), str(c.number), change_text(c, labels), labels.name(c.by), c.note]
        for c in sorted(report.changes, key=lambda c: (c.at, c.number))
    ]
    columns = [
        Column(labels("when"), 2.0),
        Column(labels("no"), 1.0),
        Column(say(lang, "change"), 6.0),
        Column(labels("by"), 2.8),
        Column(labels("notes"), 4.2),
    ]
    return [Table(columns, rows)]


def implementation_report(report: ImplementationReport) -> WordDocument:
    """The report in one language."""
    lang = report.language
    labels = Labels(lang, report.names)
    kind = say(lang, "kind")
    facts = [
        (labels("reference"), report.reference),
        (say(lang, "endorsed"), _endorsement(report, labels)),
        (say(lang, "as_of"), labels.day(report.generated_at)),
    ]
    blocks: list[Block] = [
        Para(labels("organisation"), "organisation"),
        Para(kind, "kind"),
        Para(report.plan_title, "title"),
        Para(say(lang, "marking"), "marking"),
        *(
            Para(runs=[Run(f"{name}: ", bold=True), Run(value)], style="detail")
            for name, value in facts
            if value
        ),
        Para(say(lang, "note", date=labels.day(report.generated_at)), "note"),
        Heading(say(lang, "summary"), 1),
        _summary(report, labels),
        Heading(say(lang, "activities"), 1),
        *_areas(report, labels),
        Heading(say(lang, "changes"), 1),
        *_changes(report, labels),
    ]
    return WordDocument(
        language=lang,
        header=f"{labels('organisation')} · {kind} · {report.reference}",
        page_label=(labels("page"), labels("of")),
        cover=None,
        blocks=blocks,
        title=f"{report.plan_title}: {kind}",
        subject=kind,
        keywords=report.reference,
    )
