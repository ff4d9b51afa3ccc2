"""The procedural record: a certificate of the draft's path, from its rounds, endorsements and
event log, for the Secretariat to sign.

The event log holds one English line per event, written by the workflows in fixed shapes; the
record reads each shape back and says it again in the document's language, with names for
participant codes and words for values. An event that the draft and one of its children both
logged (a round opened, a round closed, a mission planned or ended) appears once.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from models.activity_io import DocumentRequest, EventRecord
from models.domain import Language, Position
from word.labels import Labels, written_in
from word.model import Block, Column, GroupRow, Heading, Para, Run, Table, WordDocument
from word.parts import draft_document, endorsement_table, labels_for, person

STAMP = r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?"
# kind -> (shape of the English line, what it says in English, in Russian). Names of groups
# say how a value is shown: see `_value`.
SHAPES: dict[str, list[tuple[str, str, str]]] = {
    "draft_started": [
        (
            r'(?P<who>\S+) started "(?P<title>.*)" \((?P<type>\w+)\)',
            "{who} started the draft ({type})",
            "{who}: начата подготовка проекта ({type})",
        )
    ],
    "round_opened": [
        (
            r"(?:Comment round|Round) (?P<n>\d+) opened on version (?P<v>\d+)"
            r"(?:,| with) (?P<k>\d+) invited(?:, deadline .*)?",
            "Comment round {n} opened on version {v}: {k} participants invited",
            "Открыт раунд замечаний {n} по версии {v}: приглашено участников — {k}",
        )
    ],
    "round_closed": [
        (
            r"Round (?P<n>\d+) closed \((?P<outcome>\w+)\): (?P<a>\d+) of (?P<k>\d+) answered"
            r"(?:; reservations/objections: (?P<who_list>.*))?",
            "Comment round {n} closed ({outcome}): {a} of {k} participants answered",
            "Раунд замечаний {n} закрыт ({outcome}): ответили {a} из {k} участников",
        )
    ],
    "reminder_sent": [
        (
            r"Reminder sent to (?P<k>\d+) who have not answered",
            "Reminder sent to the {k} participants who had not answered",
            "Направлено напоминание не ответившим участникам ({k})",
        )
    ],
    "answer_received": [
        (
            r"(?P<who>\S+) answered: (?P<position>\w+), (?P<c>\d+) comment\(s\)",
            "{who} answered: {position}, {c} comment(s)",
            "{who}: получен ответ — {position}, замечаний: {c}",
        ),
        (
            r"(?P<who>\S+) changed its answer: (?P<position>\w+), (?P<c>\d+) comment\(s\)",
            "{who} changed its answer: {position}, {c} comment(s)",
            "{who}: ответ изменён — {position}, замечаний: {c}",
        ),
    ],
    "deadline_extended": [
        (
            rf"(?:Silence deadline|Deadline) moved (?:from {STAMP} )?to (?P<when>{STAMP}) UTC",
            "Deadline extended to {when}",
            "Срок продлён до {when}",
        )
    ],
    "round_closing": [
        (
            r"Round closed early: (?P<text>.*)",
            "Round closed early by the Secretariat: {text}",
            "Раунд закрыт Секретариатом досрочно: {text}",
        )
    ],
    "comments_resolved": [
        (
            r"(?P<k>\d+) comment\(s\) resolved; (?P<open>\d+) still open",
            "{k} comment(s) resolved; {open} still open",
            "Рассмотрено замечаний: {k}; не рассмотрено: {open}",
        )
    ],
    "revision_submitted": [
        (
            r"Version (?P<v>\d+) submitted: (?P<k>\d+) section\(s\)",
            "Version {v} submitted: {k} section(s)",
            "Представлена версия {v}: разделов — {k}",
        )
    ],
    "translation_submitted": [
        (
            r"(?P<lang>[A-Z]{2}) version of version (?P<v>\d+): (?P<k>\d+) section\(s\)",
            "{lang} language version of version {v}: {k} section(s)",
            "Представлен перевод версии {v} ({lang}): разделов — {k}",
        )
    ],
    "final_translated": [
        (
            r"(?P<lang>[A-Z]{2}) version of the final text \(version (?P<v>\d+)\) added: "
            r"(?P<k>\d+) section\(s\)",
            "{lang} language version of the final text (version {v}) added",
            "Добавлен перевод окончательного текста (версия {v}, {lang})",
        )
    ],
    "endorsement_requested": [
        (
            r"Endorsement of version (?P<v>\d+) requested: meeting (?P<meeting>\S+)",
            "Endorsement of version {v} requested at a meeting{meeting}",
            "Запрошено одобрение версии {v} на совещании{meeting}",
        ),
        (
            rf"Endorsement of version (?P<v>\d+) requested: written procedure until "
            rf"(?P<when>{STAMP}) UTC",
            "Endorsement of version {v} requested by written (silence) procedure until {when}",
            "Запрошено одобрение версии {v} в порядке письменной процедуры (молчания) до {when}",
        ),
    ],
    "endorsement_refused": [
        (
            r"Endorsement at meeting (?P<meeting>\S+) not possible: the meeting is closed",
            "Endorsement at a meeting{meeting} not possible: the meeting is closed",
            "Одобрение на совещании{meeting} невозможно: совещание закрыто",
        )
    ],
    "decision": [
        (
            r"Decision on version (?P<v>\d+): (?P<decision>\w+)(?: \((?P<text>.*)\))?",
            "Decision on version {v}: {decision}",
            "Решение по версии {v}: {decision}",
        )
    ],
    "amended": [
        (
            r"Version (?P<v>\d+): the text as amended",
            "Version {v}: the text as amended",
            "Версия {v}: текст с внесёнными поправками",
        )
    ],
    "mission_started": [
        (
            rf"Expert mission to (?P<country>\S+) planned; findings due (?P<day>{STAMP})",
            "Expert mission to {country} planned; findings due {day}",
            "Запланирована экспертная миссия ({country}); срок представления выводов — {day}",
        )
    ],
    "mission_planned": [
        (
            rf"Expert mission to (?P<country>\S+), {STAMP} to {STAMP}; findings due "
            rf"(?P<day>{STAMP})",
            "Expert mission to {country} planned; findings due {day}",
            "Запланирована экспертная миссия ({country}); срок представления выводов — {day}",
        )
    ],
    "mission_reminder": [
        (
            r"Experts reminded that findings are due",
            "Experts reminded that their findings are due",
            "Экспертам напомнили о сроке представления выводов",
        )
    ],
    "findings_submitted": [
        (
            r"(?P<k>\d+) finding\(s\) submitted",
            "{k} finding(s) submitted",
            "Представлено выводов: {k}",
        )
    ],
    "mission_ended": [
        (
            r"Expert mission \S+ (?P<mission>\w+): .*",
            "Expert mission ended: {mission}",
            "Экспертная миссия завершена: {mission}",
        )
    ],
    "mission_closed": [
        (
            r"Expert mission to \S+ closed: (?P<mission>\w+)",
            "Expert mission ended: {mission}",
            "Экспертная миссия завершена: {mission}",
        )
    ],
    "silence_opened": [
        (
            rf"Written procedure on version (?P<v>\d+) opened, silence deemed kept at "
            rf"(?P<when>{STAMP}) UTC",
            "Written procedure on version {v} opened; silence deemed kept at {when}",
            "Открыта письменная процедура по версии {v}; молчание считается соблюдённым {when}",
        )
    ],
    "silence_broken": [
        (
            r"(?P<who>\S+) broke the silence: (?P<text>.*)",
            "{who} broke the silence: {text}",
            "{who}: молчание нарушено — {text}",
        )
    ],
    "silence_closed": [
        (
            r"Written procedure closed: silence (?P<silence>\w+)",
            "Written procedure closed: {silence}",
            "Письменная процедура завершена: {silence}",
        )
    ],
    "draft_withdrawn": [
        (
            r"Draft withdrawn: (?P<text>.*)",
            "Draft withdrawn: {text}",
            "Проект отозван: {text}",
        )
    ],
    "link_handed_off": [
        (
            r"\S+ \((?P<who>[^()\s]+)\) passed its link to (?P<text>.*) <[^<>]*>",
            "{who} passed its link on to a colleague: {text}",
            "{who}: ссылка передана коллеге — {text}",
        )
    ],
    "link_reissued": [
        (
            r"The Secretariat re-issued the link of \S+ \((?P<who>[^()\s]+)\); .*",
            "The Secretariat re-issued the link of {who}; the earlier one no longer works",
            "Секретариат повторно выдал ссылку участнику {who}; прежняя ссылка больше не действует",
        )
    ],
    "plan_activities_recorded": [
        (
            r"Plan endorsed: (?P<k>\d+) activities recorded",
            "Plan endorsed: {k} activities recorded for implementation",
            "План одобрен: для выполнения учтено мероприятий — {k}",
        )
    ],
    "result_undelivered": [
        (
            r"The draft had ended: .*",
            "Not delivered to the draft: its procedure had ended",
            "Не передано проекту: процедура по нему завершена",
        )
    ],
}
# The same step logged by the draft and by its child workflow: one line, the fuller one.
SAME_STEP = {
    "round_opened": "round_opened",
    "round_closed": "round_closed",
    "mission_started": "mission_planned",
    "mission_planned": "mission_planned",
    "mission_ended": "mission_ended",
    "mission_closed": "mission_ended",
}
# Outcomes that `models.labels` does not hold (they show only here).
OUTCOMES = {
    "kept": ("silence kept", "молчание соблюдено"),
    "broken": ("silence broken", "молчание нарушено"),
    "cancelled": ("cancelled", "отменено"),
    "findings_submitted": ("findings submitted", "выводы представлены"),
    "timed_out": ("no findings by the due date", "выводы не представлены в срок"),
}
LANGUAGES = {"EN": ("English", "английский"), "RU": ("Russian", "русский")}
OTHER_EVENT = ("Other event ({kind})", "Иное событие")


def _stamp(text: str, labels: Labels) -> str:
    if " " not in text:
        return labels.day(datetime.fromisoformat(text).replace(tzinfo=UTC))
    moment = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    return f"{labels.day(moment)}, {moment:%H:%M} UTC"


def _value(name: str, text: str, labels: Labels, meetings: dict[str, str]) -> str:
    """A value of an event's line as the document shows it, by the name of its group."""
    ru = labels.language == Language.RU
    match name:
        case "who" | "country":
            return labels.name(text)
        case "who_list":
            return labels.names([t.strip() for t in text.split(",") if t.strip()])
        case "type" | "position" | "decision" | "outcome":
            return labels.enum(text)
        case "silence" | "mission":
            return OUTCOMES[text][ru] if text in OUTCOMES else labels.enum(text)
        case "when" | "day":
            return _stamp(text, labels)
        case "lang":
            return LANGUAGES[text][ru] if text in LANGUAGES else text
        case "meeting":
            title = meetings.get(text)
            return "" if not title else f" «{title}»" if ru else f" ({title})"
    return text


def event_line(event: EventRecord, labels: Labels, meetings: dict[str, str]) -> str:
    """The event said in the document's language (never an address: people by name)."""
    ru = labels.language == Language.RU
    for shape, english, russian in SHAPES.get(event.kind, []):
        found = re.fullmatch(shape, event.summary, re.DOTALL)
        if found is None:
            continue
        values = {
            k: _value(k, v, labels, meetings) for k, v in found.groupdict().items() if v is not None
        }
        line = (russian if ru else english).format_map(values)
        if values.get("who_list"):
            line += f"; {labels('reservations_objections')}: {values['who_list']}"
        return line
    # A shape this record does not know (a newer worker's): the kind of step, never raw text.
    kind = event.kind.replace("_", " ")
    return OTHER_EVENT[ru].format(kind=kind)


def timeline(request: DocumentRequest, labels: Labels) -> list[list[str] | GroupRow]:
    meetings = {
        r.meeting_id: r.meeting_title
        for r in request.endorsements
        if r.meeting_id and r.meeting_title and written_in(r.meeting_title, labels.language)
    }
    rows: list[list[str]] = []
    seen: dict[tuple[str, ...], int] = {}
    for event in request.events:
        line = event_line(event, labels, meetings)
        by = person(event.actor, request, labels) if event.actor else ""
        day = labels.short_day(event.at)
        step = SAME_STEP.get(event.kind)
        if step is None:
            key: tuple[str, ...] = (event.kind, line, event.at.isoformat())
        else:  # a round's steps by its number, a mission's by the day
            number = re.search(r"\d+", line) if step.startswith("round") else None
            key = (step, number.group() if number else "", day)
        row = [day, line, by]
        if key in seen:
            kept = rows[seen[key]]
            if len(line) > len(kept[1]):
                rows[seen[key]] = row
            continue
        seen[key] = len(rows)
        rows.append(row)
    out: list[list[str] | GroupRow] = list(rows)
    return out


def _rounds_table(request: DocumentRequest, labels: Labels) -> Table:
    rows: list[list[str] | GroupRow] = []
    for r in request.rounds:
        objections = [p for p, pos in r.positions.items() if pos == Position.OBJECTION]
        missing = [p for p in r.invitees if p not in r.positions]
        rows.append(
            [
                str(r.number),
                str(r.version),
                f"{labels.short_day(r.opened_at)} –\n{labels.short_day(r.closed_at)}"
                if r.closed_at
                else labels.short_day(r.opened_at),
                labels.short_day(r.deadline),
                f"{len(r.positions)} / {len(r.invitees)}",
                labels.names(missing) or labels("none"),
                labels.names(objections) or labels("none"),
            ]
        )
    keys = ("round", "version", "held", "deadline", "answered", "not_answered", "objections")
    widths = (1.6, 1.8, 2.3, 2.2, 2.3, 3.0, 2.8)
    return Table([Column(labels(k), w) for k, w in zip(keys, widths, strict=True)], rows)


def _signature(labels: Labels) -> list[Block]:
    line = "_" * 36
    return [
        Heading(labels("certified"), 2),
        *(
            Para(runs=[Run(f"{labels(key)}: ", bold=True), Run(line)])
            for key in ("sign_name", "sign_function", "sign_signature", "sign_place_date")
        ),
    ]


def procedural_record(request: DocumentRequest) -> WordDocument:
    """A certificate of the draft's path: from its event log, rounds and endorsements."""
    labels = labels_for(request)
    blocks: list[Block] = [
        Para(labels("record_note", date=labels.day(request.generated_at)), "note"),
        Heading(labels("rounds"), 1),
        _rounds_table(request, labels) if request.rounds else Para(labels("no_rounds")),
        Heading(labels("endorsement_record"), 1),
        endorsement_table(request.endorsements, labels),
        Heading(labels("timeline"), 1),
        Table(
            [Column(labels("when"), 2.2), Column(labels("event"), 10.3), Column(labels("by"), 3.5)],
            timeline(request, labels),
        ),
        *_signature(labels),
    ]
    return draft_document(
        request,
        labels("record_marking"),
        blocks,
        running=labels("record_title"),
        kind_label=labels("record_title"),
    )
