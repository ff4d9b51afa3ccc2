"""One builder per kind of draft document: the state of a draft -> a `WordDocument` (a
meeting's documents: word/meeting.py; the procedural record: word/record.py)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable

from models.activity_io import DocumentRequest
from models.base import Section
from models.contracts.draft import DraftComment, RoundSummary
from models.domain import ArtifactKind, CommentKind, Language, Phase, Position
from models.profile import PROFILE_SECTIONS
from word.labels import Labels
from word.model import (
    Block,
    Column,
    Contents,
    GroupRow,
    Heading,
    Items,
    Para,
    Table,
    WordDocument,
)
from word.parts import (
    draft_document,
    endorsement_table,
    labels_for,
    person,
    section_blocks,
)
from word.record import procedural_record
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


def draft_version(request: DocumentRequest) -> WordDocument:
    labels = labels_for(request)
    marking = labels("draft_marking")
    if request.deadline:
        marking += ", " + labels("comments_by", date=labels.day(request.deadline))
    blocks: list[Block] = [Contents(labels("contents"), labels("contents_placeholder"))]
    blocks += section_blocks(request.sections, labels, untranslated=request.untranslated)
    return draft_document(request, marking, blocks, running=labels("draft"))


def _quoted(quote: str | None, language: Language) -> str:
    """The passage a comment quotes, as a quoted line before the comment."""
    if not quote:
        return ""
    opening, closing = ("«", "»") if language == Language.RU else ("“", "”")
    return f"{opening}{' '.join(quote.split())}{closing}\n"


def comment_compilation(request: DocumentRequest) -> WordDocument:
    """The resolution matrix, grouped by section, then every invited participant's position; the
    cover's details head the first page (a landscape table document needs no title page)."""
    labels = labels_for(request)
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
                labels.name(c.participant_id),
                group,
                _quoted(c.quote, request.doc_language) + c.text,
                c.proposed_text or "",
                labels.enum(c.position),
                labels.enum(c.disposition) if c.disposition else labels("open"),
                c.justification or "",
            ]
        )
    widths = (1.0, 2.6, 2.8, 6.3, 4.8, 2.4, 2.4, 3.4)
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
        Heading(labels("matrix"), 1),
        Table([Column(labels(k), w) for k, w in zip(keys, widths, strict=True)], rows),
        Heading(labels("positions_summary"), 1),
        _positions_table(request, labels),
    ]
    return draft_document(
        request,
        labels("compilation_marking", n=n),
        blocks,
        running=labels("compilation_title"),
        landscape=True,
        kind_label=labels("compilation_title"),
        cover_page=False,
    )


def _positions_table(request: DocumentRequest, labels: Labels) -> Table:
    """Every invited participant, the silent ones as "no answer"; then anyone else who
    commented (a colleague's link passed on)."""
    counts = Counter(c.participant_id for c in request.comments)
    positions: dict[str, Position | None] = {}
    if request.round:
        positions.update({p: request.round.positions.get(p) for p in request.round.invitees})
        positions.update(request.round.positions)
    for c in request.comments:
        if positions.get(c.participant_id) is None:
            positions[c.participant_id] = c.position
    rows: list[list[str] | GroupRow] = [
        [
            labels.name(pid),
            labels.enum(pos) if pos else labels("no_answer"),
            str(counts.get(pid, 0)),
        ]
        for pid, pos in sorted(positions.items(), key=lambda item: labels.name(item[0]))
    ]
    return Table(
        [
            Column(labels("participant"), 6),
            Column(labels("position"), 5),
            Column(labels("comments_count"), 3),
        ],
        rows,
    )


def position_register(request: DocumentRequest) -> WordDocument:
    labels = labels_for(request)
    summary = request.round
    if summary is None:
        raise ValueError("the position register needs a round")
    sections = request.sections
    names = {key: labels.enum(key) for key in POSITION_FILLS}
    names["support"], names["no_answer"] = labels("support"), labels("no_answer")
    columns = [Column(labels("participant"), 3.4)]
    grid_width = LANDSCAPE_CM - 3.4 - 2.6
    columns += [
        Column(str(i), grid_width / max(len(sections), 1)) for i in range(1, len(sections) + 1)
    ]
    columns.append(Column(labels("position"), 2.6))
    rows: list[list[str] | GroupRow] = [
        [labels.name(pid), *(names[key] for key in keys)]
        for pid, keys in register_grid(summary, request.comments, sections)
    ]
    shade = {names[key]: fill for key, fill in POSITION_FILLS.items()}
    answered = len(summary.positions)
    blocks: list[Block] = [
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
    return draft_document(
        request,
        labels("register_marking", n=summary.number),
        blocks,
        running=labels("register_title"),
        landscape=True,
        kind_label=labels("register_title"),
        cover_page=False,
    )


def final_text(request: DocumentRequest) -> WordDocument:
    labels = labels_for(request)
    blocks: list[Block] = [Contents(labels("contents"), labels("contents_placeholder"))]
    blocks += section_blocks(request.sections, labels, untranslated=request.untranslated)
    record = request.endorsement
    if record is not None:
        blocks.append(Heading(labels("endorsement_record"), 1))
        blocks.append(endorsement_table([record], labels))
    return draft_document(request, labels("final_marking"), blocks, running=labels("final_marking"))


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def migration_profile(request: DocumentRequest) -> WordDocument:
    """The EMP structure in its order; the draft's own extra sections after it; findings placed
    (once: a finding worked into its chapter's text is not repeated beside it). A final edition
    leaves out the chapters with no text and says which."""
    labels = labels_for(request)
    final = request.phase == Phase.FINAL
    by_id = {s.id: s for s in request.sections}
    ordered = [
        by_id.get(t.id) or Section(id=t.id, title=t.title(labels.language))
        for t in PROFILE_SECTIONS
    ]
    ordered += [s for s in request.sections if s.id not in {t.id for t in PROFILE_SECTIONS}]
    left_out = [s for s in ordered if final and not s.text.strip()]
    ordered = [s for s in ordered if s not in left_out]
    role = labels("mission_expert")
    texts = {s.id: _plain(s.text) for s in ordered}
    findings: dict[str | None, list[str]] = defaultdict(list)
    for c in request.comments:
        if c.kind != CommentKind.MISSION_FINDING:
            continue
        worked_in = [texts.get(c.section_id, "")] if c.section_id else list(texts.values())
        if any(_plain(c.text) in text for text in worked_in):
            continue
        who = person(c.participant_id, request, labels)
        findings[c.section_id if c.section_id in texts else None].append(
            f"{c.text} ({who}, {role})" if who != role else f"{c.text} ({role})"
        )
    status = labels("final_marking") if final else labels("under_preparation")
    blocks: list[Block] = [Contents(labels("contents"), labels("contents_placeholder"))]
    if left_out:
        template = {t.id: t.title(labels.language) for t in PROFILE_SECTIONS}
        chapters = "; ".join(template.get(s.id, s.title) for s in left_out)
        blocks.append(Para(labels("chapters_left_out", chapters=chapters), "note"))
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
    return draft_document(
        request,
        f"{labels('profile_status')}: {status}",
        blocks,
        running=status if final else labels("draft"),
        kind_label=labels("profile_kind"),
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
