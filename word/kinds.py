"""One builder per kind of document: the state of a draft or meeting -> a `WordDocument`."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from models.activity_io import DocumentRequest, MeetingDocumentRequest
from models.base import Section
from models.contracts.draft import DraftComment, EndorsementRecord, RoundSummary
from models.domain import ArtifactKind, CommentKind, Phase, Position
from models.profile import PROFILE_SECTIONS
from word import markup
from word.blocks import text_blocks
from word.labels import Labels
from word.model import (
    Block,
    Column,
    Contents,
    Cover,
    GroupRow,
    Heading,
    Items,
    Para,
    Run,
    Table,
    WordDocument,
)
from word.redline import redline

LANDSCAPE_CM = 25.7

# Position register colours (fills), shared by Word and the web grid.
POSITION_FILLS = {
    "support": "C6EFCE",
    Position.NO_OBJECTION.value: "C6EFCE",
    Position.COMMENTS.value: "FFF2CC",
    Position.RESERVATION.value: "F8CBAD",
    Position.OBJECTION.value: "FF9999",
    "no_answer": "E7E6E6",
}


# ---------------------------------------------------------------- shared pieces


def section_blocks(
    sections: list[Section],
    labels: Labels,
    *,
    findings: dict[str | None, list[str]] | None = None,
    empty_note: str | None = None,
    untranslated: list[str] | None = None,
) -> list[Block]:
    """Numbered headings with bookmarks (Word import reads them back), then each section's text."""
    out: list[Block] = []
    for number, section in enumerate(sections, start=1):
        out.append(Heading(section.title, 1, f"{number}.", anchor=f"pp_{section.id}"))
        blocks = markup.parse(section.text)
        if section.id in (untranslated or []):
            out.append(Para(labels("untranslated"), "note"))
        if not blocks and empty_note:
            out.append(Para(empty_note, "note"))
        out.extend(text_blocks(blocks))
        for finding in (findings or {}).get(section.id, []):
            out.append(
                Para(
                    runs=[Run(f"{labels('mission_findings')}: ", bold=True), Run(finding)],
                    style="finding",
                )
            )
    return out


def _details(request: DocumentRequest, labels: Labels) -> list[tuple[str, str]]:
    meta = request.meta
    details = [
        (labels("document_type"), labels.enum(meta.document_type)),
        (labels("reference"), meta.reference),
        (labels("thematic_area"), labels.enum(meta.thematic_area)),
        (labels("lead_state"), meta.lead_state),
        (labels("co_lead_states"), ", ".join(meta.co_lead_states)),
        (labels("country"), meta.country or ""),
        (labels("version"), str(request.version)),
        (labels("date"), labels.day(request.generated_at)),
    ]
    return [(k, v) for k, v in details if v]


def _language_note(request: DocumentRequest, labels: Labels) -> str:
    notes = []
    if request.translated_from is not None:
        base, current = request.translated_from, request.version
        lags = base < current
        notes.append(
            labels("translation_lags", base=base, current=current)
            if lags
            else labels("translation_of", base=base)
        )
    if request.untranslated:
        notes.append(labels("untranslated_note", n=len(request.untranslated)))
    return " ".join(notes)


def _document(
    request: DocumentRequest,
    marking: str,
    blocks: list[Block],
    *,
    running: str,
    landscape: bool = False,
    kind_label: str | None = None,
) -> WordDocument:
    labels = Labels(request.doc_language)
    meta = request.meta
    return WordDocument(
        language=request.doc_language,
        header=f"{running} · {meta.reference} · {labels('version_n', n=request.version)}",
        page_label=(labels("page"), labels("of")),
        cover=Cover(
            organisation=labels("organisation"),
            kind=kind_label or labels.enum(meta.document_type),
            title=meta.title,
            marking=marking,
            details=_details(request, labels),
            note=_language_note(request, labels),
        ),
        blocks=blocks,
        landscape=landscape,
        title=meta.title,
        subject=f"{labels.enum(meta.document_type)} {meta.reference}",
        keywords=f"Prague Process; {meta.reference}; {marking}",
    )


def register_grid(
    summary: RoundSummary, comments: list[DraftComment], sections: list[Section]
) -> list[tuple[str, list[str]]]:
    """Per invited participant: what it holds on each section, then on the whole draft (keys
    of POSITION_FILLS). Shared by the Word register and the web page's grid."""
    commented = {(c.participant_id, c.section_id) for c in comments}
    rows = []
    for participant in summary.invitees:
        position = summary.positions.get(participant)
        if position is None:
            rows.append((participant, ["no_answer"] * (len(sections) + 1)))
            continue
        cells = []
        for section in sections:
            if (participant, section.id) not in commented:
                cells.append("support")
            elif position == Position.NO_OBJECTION:
                cells.append(Position.COMMENTS.value)
            else:
                cells.append(position.value)
        rows.append((participant, [*cells, position.value]))
    return rows


# ---------------------------------------------------------------- draft documents


def draft_version(request: DocumentRequest) -> WordDocument:
    labels = Labels(request.doc_language)
    marking = labels("draft_marking")
    if request.deadline:
        marking += ", " + labels("comments_by", date=labels.day(request.deadline))
    blocks: list[Block] = [Contents(labels("contents"), labels("contents_placeholder"))]
    blocks += section_blocks(request.sections, labels, untranslated=request.untranslated)
    return _document(request, marking, blocks, running=labels("draft"))


def comment_compilation(request: DocumentRequest) -> WordDocument:
    labels = Labels(request.doc_language)
    n = request.round_number or (request.round.number if request.round else 0)
    order = {s.id: i for i, s in enumerate(request.sections)}
    titles = {s.id: f"{i}. {s.title}" for i, s in enumerate(request.sections, start=1)}

    general = labels.enum(CommentKind.GENERAL)

    def where(c: DraftComment) -> str:
        return titles.get(c.section_id, c.section_id) if c.section_id else general

    comments = sorted(
        request.comments,
        key=lambda c: (
            order.get(c.section_id or "", len(order)) if c.section_id else -1,
            c.section_id or "",
            c.comment_id,
        ),
    )
    rows: list[list[str] | GroupRow] = []
    group: str | None = None
    for number, c in enumerate(comments, start=1):
        if where(c) != group:
            group = where(c)
            rows.append(GroupRow(group))
        rows.append(
            [
                str(number),
                c.participant_id,
                group,
                c.text,
                c.proposed_text or "",
                labels.enum(c.position),
                labels.enum(c.disposition) if c.disposition else labels("open"),
                c.justification or "",
            ]
        )
    widths = (1.0, 2.2, 2.8, 6.5, 5.0, 2.2, 2.5, 3.5)
    keys = (
        "no",
        "participant",
        "section",
        "comment",
        "proposed_text",
        "position",
        "disposition",
        "justification",
    )
    blocks: list[Block] = [
        Heading(labels("compilation_marking", n=n), 1),
        Table([Column(labels(k), w) for k, w in zip(keys, widths, strict=True)], rows),
        Heading(labels("positions_summary"), 1),
        _positions_table(request, labels),
    ]
    return _document(
        request,
        labels("compilation_marking", n=n),
        blocks,
        running=labels("compilation_title"),
        landscape=True,
        kind_label=labels("compilation_title"),
    )


def _positions_table(request: DocumentRequest, labels: Labels) -> Table:
    counts = Counter(c.participant_id for c in request.comments)
    positions: dict[str, Position | None] = {}
    if request.round:
        positions.update(request.round.positions)
    for c in request.comments:
        positions.setdefault(c.participant_id, c.position)
    rows: list[list[str] | GroupRow] = [
        [pid, labels.enum(pos), str(counts.get(pid, 0))] for pid, pos in sorted(positions.items())
    ]
    return Table(
        [
            Column(labels("participant"), 5),
            Column(labels("position"), 5),
            Column(labels("comments_count"), 3),
        ],
        rows,
    )


def position_register(request: DocumentRequest) -> WordDocument:
    labels = Labels(request.doc_language)
    summary = request.round
    if summary is None:
        raise ValueError("the position register needs a round")
    sections = request.sections
    names = {key: labels.enum(key) for key in POSITION_FILLS}
    names["support"], names["no_answer"] = labels("support"), labels("no_answer")
    columns = [Column(labels("participant"), 2.4)]
    grid_width = LANDSCAPE_CM - 2.4 - 2.4
    columns += [
        Column(str(i), grid_width / max(len(sections), 1)) for i in range(1, len(sections) + 1)
    ]
    columns.append(Column(labels("position"), 2.4))
    rows: list[list[str] | GroupRow] = [
        [pid, *(names[key] for key in keys)]
        for pid, keys in register_grid(summary, request.comments, sections)
    ]
    shade = {names[key]: fill for key, fill in POSITION_FILLS.items()}
    answered = len(summary.positions)
    blocks: list[Block] = [
        Heading(labels("register_marking", n=summary.number), 1),
        Para(
            labels(
                "register_note",
                n=summary.number,
                version=summary.version,
                answered=answered,
                invited=len(summary.invitees),
                deadline=labels.day(summary.deadline),
            ),
            "note",
        ),
        Table(columns, rows, shade=shade, compact=len(sections) > 12),
        Heading(labels("legend"), 2),
        Items([f"{i}. {s.title}" for i, s in enumerate(sections, start=1)]),
    ]
    return _document(
        request,
        labels("register_marking", n=summary.number),
        blocks,
        running=labels("register_title"),
        landscape=True,
        kind_label=labels("register_title"),
    )


def endorsement_table(records: list[EndorsementRecord], labels: Labels) -> Table:
    rows: list[list[str] | GroupRow] = []
    for record in records:
        where = (
            ", ".join(
                x for x in (record.meeting_title or record.meeting_id, record.meeting_place) if x
            )
            if record.meeting_id
            else labels("silence_procedure")
        )
        rows.append(
            [
                labels.enum(record.route),
                where,
                labels.day(record.decided_at or record.requested_at),
                labels.enum(record.decision) if record.decision else labels("open"),
                "; ".join(
                    x
                    for x in (
                        record.notes,
                        f"{labels('amendments')}: {record.amendments}" if record.amendments else "",
                    )
                    if x
                ),
                ", ".join(
                    [
                        *record.reservations,
                        *(
                            f"{p} ({labels('objection_stands')})"
                            for p in record.objections_standing
                        ),
                    ]
                )
                or labels("none"),
            ]
        )
    keys = ("route", "where", "date", "decision", "notes", "reservations")
    widths = (2.5, 3.0, 2.2, 2.4, 3.2, 2.7)
    return Table([Column(labels(k), w) for k, w in zip(keys, widths, strict=True)], rows)


def final_text(request: DocumentRequest) -> WordDocument:
    labels = Labels(request.doc_language)
    blocks: list[Block] = [Contents(labels("contents"), labels("contents_placeholder"))]
    blocks += section_blocks(request.sections, labels, untranslated=request.untranslated)
    record = request.endorsement
    if record is not None:
        blocks.append(Heading(labels("endorsement_record"), 1))
        blocks.append(endorsement_table([record], labels))
    return _document(request, labels("final_marking"), blocks, running=labels("final_marking"))


def migration_profile(request: DocumentRequest) -> WordDocument:
    """The EMP structure in its order; the draft's own extra sections after it; findings placed."""
    labels = Labels(request.doc_language)
    by_id = {s.id: s for s in request.sections}
    ordered = [
        by_id.get(t.id) or Section(id=t.id, title=t.title(labels.language))
        for t in PROFILE_SECTIONS
    ]
    ordered += [s for s in request.sections if s.id not in {t.id for t in PROFILE_SECTIONS}]
    findings: dict[str | None, list[str]] = defaultdict(list)
    for c in request.comments:
        if c.kind == CommentKind.MISSION_FINDING:
            findings[c.section_id].append(f"{c.text} ({c.participant_id})")
    status = (
        labels("final_marking") if request.phase == Phase.FINAL else labels("under_preparation")
    )
    blocks: list[Block] = [Contents(labels("contents"), labels("contents_placeholder"))]
    blocks += section_blocks(
        ordered,
        labels,
        findings=findings,
        empty_note=labels("not_yet_drafted"),
        untranslated=request.untranslated,
    )
    general = findings.get(None, [])
    if general:
        blocks.append(Heading(labels("mission_findings"), 1))
        blocks += [Para(text, "finding") for text in general]
    return _document(
        request,
        f"{labels('profile_status')}: {status}",
        blocks,
        running=status if request.phase == Phase.FINAL else labels("draft"),
        kind_label=labels("profile_kind"),
    )


def procedural_record(request: DocumentRequest) -> WordDocument:
    """A certificate of the draft's path: from its event log, rounds and endorsements."""
    labels = Labels(request.doc_language)
    rounds: list[list[str] | GroupRow] = []
    for r in request.rounds:
        objections = [p for p, pos in r.positions.items() if pos == Position.OBJECTION]
        missing = [p for p in r.invitees if p not in r.positions]
        rounds.append(
            [
                str(r.number),
                str(r.version),
                labels.short_day(r.opened_at),
                labels.short_day(r.deadline),
                labels.short_day(r.closed_at),
                f"{len(r.positions)} / {len(r.invitees)}",
                ", ".join(missing) or labels("none"),
                ", ".join(objections) or labels("none"),
            ]
        )
    keys = (
        "round",
        "version",
        "opened",
        "deadline",
        "closed",
        "answered",
        "not_answered",
        "objections",
    )
    widths = (1.3, 1.4, 2.0, 2.0, 2.0, 1.8, 3.5, 2.0)
    events: list[list[str] | GroupRow] = [
        [labels.short_day(e.at), e.summary, e.actor or ""] for e in request.events
    ]
    blocks: list[Block] = [
        Para(labels("record_note", date=labels.day(request.generated_at)), "note"),
        Heading(labels("rounds"), 1),
        Table([Column(labels(k), w) for k, w in zip(keys, widths, strict=True)], rounds),
        Heading(labels("endorsement_record"), 1),
        endorsement_table(request.endorsements, labels),
        Heading(labels("timeline"), 1),
        Table(
            [Column(labels("when"), 2.2), Column(labels("event"), 10.8), Column(labels("by"), 3.0)],
            events,
        ),
    ]
    return _document(
        request,
        labels("record_marking"),
        blocks,
        running=labels("record_title"),
        kind_label=labels("record_title"),
    )


DRAFT_BUILDERS: dict[ArtifactKind, Callable[[DocumentRequest], WordDocument]] = {
    ArtifactKind.DRAFT_VERSION: draft_version,
    ArtifactKind.COMMENT_COMPILATION: comment_compilation,
    ArtifactKind.POSITION_REGISTER: position_register,
    ArtifactKind.REDLINE: redline,
    ArtifactKind.FINAL_TEXT: final_text,
    ArtifactKind.MIGRATION_PROFILE: migration_profile,
    ArtifactKind.PROCEDURAL_RECORD: procedural_record,
}


# ---------------------------------------------------------------- meeting documents


def meeting_document(request: MeetingDocumentRequest) -> WordDocument:
    """The agenda (drafts with their status) or the conclusions (decisions per item)."""
    labels = Labels(request.language)
    m = request.meeting
    agenda = request.kind == ArtifactKind.MEETING_AGENDA
    heading = labels("agenda") if agenda else labels("conclusions")
    rows: list[list[str] | GroupRow] = []
    decided: list[str] = []
    for n, item in enumerate(m.agenda, start=1):
        version = labels("version_n", n=item.version)
        status = f"{labels.enum(item.draft.document_type)}, {version}, {item.draft.lead_state}"
        if agenda:
            rows.append(
                [str(n), item.draft.title, item.draft.reference, status, labels("for_endorsement")]
            )
            continue
        outcome = labels.enum(item.decision) if item.decision else labels("open")
        if item.reservations:
            outcome += f" ({labels('reservations')}: {', '.join(item.reservations)})"
        rows.append([str(n), item.draft.title, item.draft.reference, outcome, item.notes])
        decided.append(f"{item.draft.title} ({item.draft.reference}, {version}): {outcome}.")
    last = labels("action") if agenda else labels("notes")
    middle = labels("status") if agenda else labels("decision")
    blocks: list[Block] = [
        Para(f"{m.place}, {labels.day(m.starts_at)}", "detail"),
        Heading(heading, 1),
    ]
    if not agenda:
        blocks.append(Para(labels("meeting_decided")))
        blocks.append(Items(decided, numbered=True))
    blocks.append(
        Table(
            [
                Column(labels("item"), 1.6),
                Column(labels("document"), 5.0),
                Column(labels("reference"), 3.2),
                Column(middle, 3.6),
                Column(last, 3.0),
            ],
            rows,
        )
    )
    if not agenda and m.summary:
        blocks.append(Para(m.summary))
    return WordDocument(
        language=request.language,
        header=f"{labels('organisation')} · {labels.enum(m.kind)} · {m.place}",
        page_label=(labels("page"), labels("of")),
        cover=None,
        blocks=[
            Para(labels("organisation"), "organisation"),
            Para(labels.enum(m.kind), "kind"),
            Para(f"{m.title}: {heading}", "title"),
            *blocks,
        ],
        title=f"{m.title}: {heading}",
        subject=labels.enum(m.kind),
    )
