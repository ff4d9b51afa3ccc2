"""A meeting's documents: the agenda as a Secretariat sends it (opening, adoption, the drafts for
endorsement, tour de table, any other business, closing) and the conclusions, one sentence per
decision in the style of the Process's published conclusions."""

from __future__ import annotations

from datetime import datetime

from models.activity_io import MeetingDocumentRequest
from models.contracts.meeting import AgendaItem, MeetingStatus
from models.domain import ArtifactKind
from word.labels import Labels, written_in
from word.model import Block, Column, GroupRow, Items, Para, Run, Table, WordDocument
from word.parts import endorsement_notes

# The Russian verb's ending for who decides: plural ("Министры одобрили") or feminine.
VERB_ENDINGS = {"strategic_group": "а", "core_group": "а"}


def _facts(m: MeetingStatus, labels: Labels) -> list[Block]:
    facts = [
        (labels("place"), m.place),
        (labels("dates"), labels.days(m.starts_at, m.ends_at)),
        (labels("host"), labels.name(m.host) if m.host else ""),
        (labels("co_chairs"), _joined([labels.name(c) for c in m.co_chairs], labels)),
    ]
    return [
        Para(runs=[Run(f"{label}: ", bold=True), Run(value)], style="detail")
        for label, value in facts
        if value
    ]


def _represented(m: MeetingStatus, labels: Labels) -> list[Block]:
    """Who was represented, as recorded after the meeting, by name in the document's language."""
    if not m.attendance:
        return []
    names = sorted((labels.name(p) for p in m.attendance), key=str.casefold)
    return [Para(runs=[Run(f"{labels('represented')}: ", bold=True), Run(", ".join(names) + ".")])]


def _joined(names: list[str], labels: Labels) -> str:
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {labels('and')} {names[-1]}"


def _title(item: AgendaItem, labels: Labels) -> str:
    """The draft's title in the document's language where its language version has one."""
    return item.titles.get(labels.language.value) or item.draft.title


def _clock(moment: datetime | None, day: datetime) -> str:
    """The hour of an agenda point, with its day when the meeting runs over several days."""
    if moment is None or (moment.hour, moment.minute) == (0, 0):
        return ""
    return f"{moment:%H:%M}" if moment.date() == day.date() else f"{moment:%d.%m %H:%M}"


def agenda_rows(m: MeetingStatus, labels: Labels) -> list[list[str]]:
    """[time, number, item, lead, action] per point of the agenda; a draft's item gives its
    title, type and version, and its reference on a line of its own (wide enough for the
    longest reference in two lines)."""
    chairs = _joined([labels.name(c) for c in m.co_chairs], labels)
    host = labels.name(m.host) if m.host else ""
    rows = [
        [_clock(m.starts_at, m.starts_at), labels("opening"), host or chairs, ""],
        ["", labels("adoption"), chairs, labels("for_adoption")],
    ]
    for item in m.agenda:
        what = f"{labels.enum(item.draft.document_type)}, {labels('version_n', n=item.version)}"
        rows.append(
            [
                "",
                f"{_title(item, labels)}\n{what}\n{labels('reference')}: {item.draft.reference}",
                labels.name(item.draft.lead_state),
                labels("for_endorsement"),
            ]
        )
    rows += [
        ["", labels("tour_de_table"), "", labels("for_information")],
        ["", labels("other_business"), "", labels("for_discussion")],
        [_clock(m.ends_at, m.starts_at), labels("closing"), chairs, ""],
    ]
    return [[time, str(n), *rest] for n, (time, *rest) in enumerate(rows, start=1)]


def _agenda(m: MeetingStatus, labels: Labels) -> list[Block]:
    rows = agenda_rows(m, labels)
    timed = any(r[0] for r in rows)
    columns = [
        Column(labels("time"), 1.4),
        Column(labels("no"), 0.9),
        Column(labels("agenda_item"), 8.2),
        Column(labels("lead_state"), 2.8),
        Column(labels("action"), 2.7),
    ]
    if not timed:
        columns, rows = columns[1:], [r[1:] for r in rows]
        columns[1].width_cm += 1.4
    table_rows: list[list[str] | GroupRow] = list(rows)
    return [Table(columns, table_rows)]


def conclusion(m: MeetingStatus, item: AgendaItem, labels: Labels) -> str:
    """One decision as the published conclusions word it, with who holds reservations."""
    key = f"concluded_{item.decision.value}" if item.decision else "concluded_open"
    kind = m.kind.value
    text = labels(
        key,
        s=labels(f"subject_{kind}"),
        e=VERB_ENDINGS.get(kind, "и"),
        title=_title(item, labels),
        ref=item.draft.reference,
        n=item.version,
    )
    if item.notes:
        text += " " + endorsement_notes(item.notes, labels).rstrip(".") + "."
    if item.amendments:
        text += " " + labels("amendments_were", text=item.amendments.rstrip("."))
    if item.reservations:
        key = "reservation_by" if len(item.reservations) == 1 else "reservations_by"
        names = _joined([labels.name(p) for p in item.reservations], labels)
        text += " " + labels(key, names=names)
    return text


def meeting_document(request: MeetingDocumentRequest) -> WordDocument:
    """The agenda or the conclusions, in one language."""
    labels = Labels(request.language, request.names)
    m = request.meeting
    agenda = request.kind == ArtifactKind.MEETING_AGENDA
    heading = labels("agenda") if agenda else labels("conclusions")
    title = f"{m.title}: {heading}" if written_in(m.title, request.language) else heading
    blocks: list[Block] = [
        Para(labels("organisation"), "organisation"),
        Para(labels.enum(m.kind), "kind"),
        Para(title, "title"),
        *_facts(m, labels),
    ]
    if agenda:
        blocks += _agenda(m, labels)
    else:
        blocks += _represented(m, labels)
        blocks.append(Items([conclusion(m, item, labels) for item in m.agenda], numbered=True))
        if m.summary:
            blocks.append(Para(m.summary))
        blocks.append(Para(labels("issued_by", date=labels.day(request.generated_at)), "note"))
    return WordDocument(
        language=request.language,
        header=f"{labels('organisation')} · {labels.enum(m.kind)} · {m.place}",
        page_label=(labels("page"), labels("of")),
        cover=None,
        blocks=blocks,
        title=title,
        subject=labels.enum(m.kind),
    )
