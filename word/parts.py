"""Pieces every draft document shares: the cover and its details, numbered sections, the
endorsement table."""

from __future__ import annotations

import re

from models.activity_io import DocumentRequest
from models.base import Section
from models.contracts.draft import EndorsementRecord
from models.contracts.meeting import NOT_REACHED
from word import markup
from word.blocks import text_blocks
from word.labels import Labels, written_in
from word.model import Block, Column, Cover, GroupRow, Heading, Para, Run, Table, WordDocument


def labels_for(request: DocumentRequest) -> Labels:
    return Labels(request.doc_language, request.names)


def person(who: str, request: DocumentRequest, labels: Labels) -> str:
    """Who acted, by name: a participant's name, a mission expert's name for the address the
    expert answered from (never the address: an expert the draft has no name for is "mission
    expert")."""
    if "@" not in who and who != "expert":  # "expert": findings of an unknown sender
        return labels.name(who)
    names = {e.email.casefold(): e.name for e in request.experts}
    return names.get(who.casefold()) or labels("mission_expert")


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


def details(request: DocumentRequest, labels: Labels) -> list[tuple[str, str]]:
    meta = request.meta
    rows = [
        (labels("document_type"), labels.enum(meta.document_type)),
        (labels("reference"), meta.reference),
        (labels("thematic_area"), labels.enum(meta.thematic_area)),
        (labels("lead_state"), labels.name(meta.lead_state)),
        (labels("co_lead_states"), labels.names(meta.co_lead_states)),
        (labels("country"), labels.name(meta.country) if meta.country else ""),
        (labels("version"), str(request.version)),
        (labels("date"), labels.day(request.generated_at)),
    ]
    return [(k, v) for k, v in rows if v]


def language_note(request: DocumentRequest, labels: Labels) -> str:
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


def draft_document(
    request: DocumentRequest,
    marking: str,
    blocks: list[Block],
    *,
    running: str,
    landscape: bool = False,
    kind_label: str | None = None,
    cover_page: bool = True,
) -> WordDocument:
    """A draft's document: a cover (on a page of its own unless `cover_page` is False) and the
    blocks."""
    labels = labels_for(request)
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
            details=details(request, labels),
            note=language_note(request, labels),
        ),
        cover_page=cover_page,
        blocks=blocks,
        landscape=landscape,
        title=meta.title,
        subject=f"{labels.enum(meta.document_type)} {meta.reference}",
        keywords=f"Prague Process; {meta.reference}; {marking}",
    )


# Notes the workflows write on an endorsement (workflows/draft_state.py, NOT_REACHED), said
# again in the document's language; the Secretariat's own notes stay as written.
_SILENCE_KEPT = "Silence kept: endorsed by written procedure"
_SILENCE_BROKEN = re.compile(r"Silence broken by (\S+): (.*)", re.DOTALL)


def endorsement_notes(notes: str, labels: Labels) -> str:
    if notes == _SILENCE_KEPT:
        return labels("silence_kept")
    if notes == NOT_REACHED:
        return labels("not_reached")
    broken = _SILENCE_BROKEN.fullmatch(notes)
    if broken:
        return labels("silence_broken", who=labels.name(broken[1]), reason=broken[2])
    return notes


def endorsement_table(records: list[EndorsementRecord], labels: Labels) -> Table:
    rows: list[list[str] | GroupRow] = []
    for record in records:
        title = record.meeting_title or ""
        if not written_in(title, labels.language):
            title = labels.enum(record.route).capitalize()
        where = (
            ", ".join(x for x in (title, record.meeting_place) if x)
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
                        endorsement_notes(record.notes, labels),
                        f"{labels('amendments')}: {record.amendments}" if record.amendments else "",
                    )
                    if x
                ),
                ", ".join(
                    [
                        *(labels.name(p) for p in record.reservations),
                        *(
                            f"{labels.name(p)} ({labels('objection_stands')})"
                            for p in record.objections_standing
                        ),
                    ]
                )
                or labels("none"),
            ]
        )
    keys = ("route", "where", "date", "decision", "notes", "reservations")
    widths = (2.4, 3.2, 2.4, 2.4, 3.0, 2.6)
    return Table([Column(labels(k), w) for k, w in zip(keys, widths, strict=True)], rows)
