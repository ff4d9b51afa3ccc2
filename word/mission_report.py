"""A mission's report: what kind of mission went where and when, who took part in which role, what
they were asked, and their findings by section of the profile they feed (English and Russian)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from models.base import DraftMeta
from models.contracts.expert_mission import MissionStatus
from models.domain import ArtifactKind, Language
from word.documents import counted
from word.labels import Labels
from word.model import Block, Column, Cover, GroupRow, Heading, Para, Table, WordDocument
from word.render import to_bytes

# This document's own phrases (the furniture shared by every document comes from word/labels.py).
_WORDS: dict[str, tuple[str, str]] = {
    "mission_report": ("Mission report", "Отчёт о миссии"),
    "host_country": ("Host country", "Принимающая страна"),
    "dates": ("Dates", "Даты"),
    "feeds": ("For", "Для документа"),
    "findings_due": ("Findings due", "Срок представления выводов"),
    "submitted": ("Submitted by", "Представил(а)"),
    "members": ("Members", "Состав"),
    "no": ("No.", "№"),
    "name": ("Name", "Ф. И. О."),
    "role": ("Role", "Роль"),
    "from": ("From", "Направляющая сторона"),
    "brief": ("Brief", "Задание"),
    "findings": ("Findings", "Выводы"),
    "general": ("General", "Общие выводы"),
    "no_findings": ("No findings were submitted.", "Выводы не были представлены."),
    "open": ("Findings awaited", "Ожидаются выводы"),
}
# Roles people type most; any other role is printed as typed.
_ROLES_RU = {
    "head of mission": "руководитель миссии",
    "head of delegation": "глава делегации",
    "expert": "эксперт",
    "senior expert": "старший эксперт",
    "secretariat": "Секретариат",
    "member": "участник",
    "delegation member": "член делегации",
    "interpreter": "переводчик",
    "observer": "наблюдатель",
}


@dataclass
class ReportInput:
    """What the report is made of: the mission's status, the draft it feeds, the brief, the
    titles of the draft's sections by id (in the document's language, in their order) and the
    registry's names of participants."""

    mission: MissionStatus
    draft: DraftMeta
    brief: str
    generated_at: datetime
    language: Language
    titles: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


def words(key: str, language: Language) -> str:
    return _WORDS[key][0 if language == Language.EN else 1]


def role_in(role: str, language: Language) -> str:
    if language == Language.EN:
        return role
    return _ROLES_RU.get(role.strip().lower(), role)


def _submitted(m: MissionStatus, labels: Labels) -> str:
    if not m.submitted_by:
        return ""
    who = next((e for e in m.experts if e.email.lower() == m.submitted_by.lower()), None)
    name = f"{who.name} ({role_in(who.role, labels.language)})" if who else m.submitted_by
    if m.submitted_at is None:
        return name
    return f"{name}, {labels.day(m.submitted_at)}"


def _findings(r: ReportInput, labels: Labels) -> list[Block]:
    m, lang = r.mission, r.language
    blocks: list[Block] = [Heading(words("findings", lang))]
    if not m.findings:
        return [*blocks, Para(words("no_findings", lang))]
    order = {sid: i for i, sid in enumerate(r.titles)}
    by_section: dict[str | None, list[str]] = {}
    for f in m.findings:
        by_section.setdefault(f.section_id, []).append(f.text)
    ids = sorted(by_section, key=lambda s: -1 if s is None else order.get(s, len(order)))
    for sid in ids:
        if sid is None:
            title = words("general", lang)
        elif sid in order:
            title = f"{order[sid] + 1}. {r.titles[sid]}"
        else:
            title = sid
        blocks.append(Heading(title, level=2))
        blocks += [Para(text, "finding") for text in by_section[sid]]
    return blocks


def mission_report(r: ReportInput) -> WordDocument:
    """The report of one mission in one language."""
    labels = Labels(r.language, r.names)
    m, lang = r.mission, r.language
    kind = labels.enum(m.kind)
    host = labels.name(m.country)
    details = [
        (words("host_country", lang), host),
        (words("dates", lang), labels.days(m.starts_on, m.ends_on)),
        (words("feeds", lang), f"{r.draft.title} ({r.draft.reference})"),
        (words("findings_due", lang), labels.day(m.findings_due)),
        (words("submitted", lang), _submitted(m, labels)),
    ]
    rows: list[list[str] | GroupRow] = []
    for i, e in enumerate(m.experts, start=1):
        origin = labels.name(e.participant_id) if e.participant_id else ""
        rows.append([str(i), e.name, role_in(e.role, lang), origin])
    blocks: list[Block] = [
        Heading(words("members", lang)),
        Table(
            [
                Column(words("no", lang), 1.0),
                Column(words("name", lang), 5.5),
                Column(words("role", lang), 4.0),
                Column(words("from", lang), 5.5),
            ],
            rows,
        ),
    ]
    if r.brief:
        blocks += [Heading(words("brief", lang)), Para(r.brief)]
    blocks += _findings(r, labels)
    blocks.append(Para(labels("issued_by", date=labels.day(r.generated_at)), "note"))
    title = f"{kind} — {host}"
    marking = labels.enum(m.outcome) if m.outcome else words("open", lang)
    marking = marking[:1].upper() + marking[1:]
    report = words("mission_report", lang)
    return WordDocument(
        language=lang,
        header=f"{labels('organisation')} · {report} · {r.draft.reference}",
        page_label=(labels("page"), labels("of")),
        cover=Cover(
            organisation=labels("organisation"),
            kind=report,
            title=title,
            marking=marking,
            details=[(k, v) for k, v in details if v],
        ),
        cover_page=False,
        blocks=blocks,
        title=f"{report}: {title}",
        subject=kind,
        keywords=r.draft.reference,
    )


def render_mission_report(r: ReportInput) -> tuple[bytes, str]:
    """The .docx of a mission's report and its file name."""
    with counted(ArtifactKind.MISSION_REPORT):
        content = to_bytes(mission_report(r))
    return content, f"{r.mission.mission_id}-mission-report-{r.language.value}.docx"
