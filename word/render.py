"""One renderer: any `WordDocument` -> .docx bytes.

python-docx gives the package, the styles and the page set-up; the body is written as
WordprocessingML elements with lxml (python-docx has no API for tracked changes, fields,
repeating header rows or bookmarks, and building 1,000-row tables cell by cell through its
object API is slow). Named styles carry every look, so a user can restyle a document in Word.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from lxml import etree

from models.domain import Language
from word.designations import notes_for
from word.model import (
    Block,
    Change,
    Contents,
    Cover,
    GroupRow,
    Heading,
    Items,
    PageBreak,
    Para,
    Revision,
    Run,
    Table,
    WordDocument,
)

FONT = "Arial"  # Cyrillic glyphs in Word; LibreOffice maps it to Liberation Sans (Cyrillic too)
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
HEADING_FILL = "D9E2F3"
GROUP_FILL = "F2F2F2"
LANG_TAGS = {Language.EN: "en-GB", Language.RU: "ru-RU"}
# What XML 1.0 cannot hold (C0 controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF):
# lxml refuses it and a .docx holding it would not open. A vertical tab or form feed (Word's
# line and page breaks, in pasted text) becomes a line break; the rest is dropped.
NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
WORD_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
TWIPS_PER_CM = 567

# Model style keys -> (Word style name, based on, size pt, bold, italic, colour, space after pt)
CUSTOM_STYLES: dict[str, tuple[str, str, float, bool, bool, RGBColor | None, float]] = {
    "organisation": ("PP Organisation", "Normal", 14, True, False, ACCENT, 6),
    "kind": ("PP Document Kind", "Normal", 12, False, False, ACCENT, 24),
    "marking": ("PP Marking", "Normal", 12, True, False, RGBColor(0xC0, 0x00, 0x00), 18),
    "detail": ("PP Cover Detail", "Normal", 11, False, False, None, 2),
    "note": ("PP Note", "Normal", 9, False, True, None, 6),
    "finding": ("PP Mission Finding", "Normal", 10, False, False, ACCENT, 6),
    "table_heading": ("PP Table Heading", "Normal", 9, True, False, None, 0),
    "table_text": ("PP Table Text", "Normal", 9, False, False, None, 0),
    "table_compact": ("PP Table Compact", "Normal", 7.5, False, False, None, 0),
    "contents_title": ("PP Contents Title", "Normal", 14, True, False, ACCENT, 12),
    "contents_entry": ("PP Contents Entry", "Normal", 11, False, False, None, 2),
}
BUILTIN_STYLES = {
    "body": "Normal",
    "title": "Title",
    "bullet": "List Bullet",
    "number": "List Number",
    "header": "Header",
    "footer": "Footer",
}


class _Writer:
    """Appends WordprocessingML to a python-docx document; tracks ids for changes and marks."""

    def __init__(self, doc: DocxDocument, model: WordDocument) -> None:
        self.doc = doc
        self.model = model
        self.next_id = 1
        self.style_ids = {key: doc.styles[name].style_id for key, name in BUILTIN_STYLES.items()}
        self.style_ids.update(
            {key: doc.styles[spec[0]].style_id for key, spec in CUSTOM_STYLES.items()}
        )
        self.heading_ids = {n: doc.styles[f"Heading {n}"].style_id for n in (1, 2, 3)}
        revision = model.revision or Revision("ppflow", datetime(2000, 1, 1, tzinfo=UTC))
        self.author = xml_text(revision.author)
        self.date = revision.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    # ---------------------------------------------------------------- small pieces

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def _mark(self, parent: etree._Element, change: Change) -> etree._Element:
        mark = etree.SubElement(parent, qn(f"w:{change.value}"))
        mark.set(qn("w:id"), self._id())
        mark.set(qn("w:author"), self.author)
        mark.set(qn("w:date"), self.date)
        return mark

    def _run(self, parent: etree._Element, run: Run) -> None:
        holder = self._mark(parent, run.change) if run.change else parent
        r = etree.SubElement(holder, qn("w:r"))
        if run.bold or run.italic:
            rpr = etree.SubElement(r, qn("w:rPr"))
            if run.bold:
                etree.SubElement(rpr, qn("w:b"))
            if run.italic:
                etree.SubElement(rpr, qn("w:i"))
        tag = qn("w:delText") if run.change == Change.DELETED else qn("w:t")
        for i, line in enumerate(xml_text(run.text).split("\n")):
            if i:
                etree.SubElement(r, qn("w:br"))
            t = etree.SubElement(r, tag)
            t.text = line
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def paragraph(
        self,
        style: str,
        runs: list[Run],
        *,
        change: Change | None = None,
        keep_next: bool = False,
        bookmark: str | None = None,
    ) -> etree._Element:
        p = etree.Element(qn("w:p"))
        ppr = etree.SubElement(p, qn("w:pPr"))
        etree.SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), style)
        if keep_next:
            etree.SubElement(ppr, qn("w:keepNext"))
        if change:
            self._mark(etree.SubElement(ppr, qn("w:rPr")), change)
        if bookmark:
            mark_id = self._id()
            start = etree.SubElement(p, qn("w:bookmarkStart"))
            start.set(qn("w:id"), mark_id)
            start.set(qn("w:name"), bookmark)
        for run in runs:
            self._run(p, run)
        if bookmark:
            etree.SubElement(p, qn("w:bookmarkEnd")).set(qn("w:id"), mark_id)
        return p

    # ---------------------------------------------------------------- blocks

    def blocks(self, blocks: list[Block]) -> Iterator[etree._Element]:
        for block in blocks:
            match block:
                case Heading():
                    runs = block.runs or [Run(block.text, block.change)]
                    if block.number:
                        runs = [Run(f"{block.number} ", block.change), *runs]
                    yield self.paragraph(
                        self.heading_ids[min(block.level, 3)],
                        runs,
                        change=block.change,
                        keep_next=True,
                        bookmark=block.anchor,
                    )
                case Para():
                    runs = block.runs if block.runs is not None else [Run(block.text)]
                    yield self.paragraph(self.style_ids[block.style], runs, change=block.change)
                case Items():
                    style = self.style_ids["number" if block.numbered else "bullet"]
                    for item in block.items:
                        yield self.paragraph(style, [Run(item)])
                case Table():
                    yield self.table(block)
                case Contents():
                    yield from self.contents(block)
                case PageBreak():
                    p = etree.Element(qn("w:p"))
                    etree.SubElement(etree.SubElement(p, qn("w:r")), qn("w:br")).set(
                        qn("w:type"), "page"
                    )
                    yield p

    def contents(self, block: Contents) -> Iterator[etree._Element]:
        """A TOC field whose shown result already lists the headings (Word refreshes it)."""
        yield self.paragraph(self.style_ids["contents_title"], [Run(block.title)])
        entries = [b for b in self.model.blocks if isinstance(b, Heading) and b.level == 1]
        p = self.paragraph(self.style_ids["contents_entry"], [])
        self._field_char(p, "begin", dirty=True)
        instr = etree.SubElement(etree.SubElement(p, qn("w:r")), qn("w:instrText"))
        instr.text = ' TOC \\o "1-2" \\h \\z \\u '
        instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        self._field_char(p, "separate")
        first = entries[0] if entries else None
        self._run(p, Run(_heading_text(first) if first else block.placeholder))
        if len(entries) <= 1:
            self._field_char(p, "end")
            yield p
            return
        yield p
        for i, entry in enumerate(entries[1:], start=2):
            q = self.paragraph(self.style_ids["contents_entry"], [Run(_heading_text(entry))])
            if i == len(entries):
                self._field_char(q, "end")
            yield q

    def _field_char(self, p: etree._Element, kind: str, dirty: bool = False) -> None:
        char = etree.SubElement(etree.SubElement(p, qn("w:r")), qn("w:fldChar"))
        char.set(qn("w:fldCharType"), kind)
        if dirty:
            char.set(qn("w:dirty"), "true")

    def table(self, table: Table) -> etree._Element:
        tbl = etree.Element(qn("w:tbl"))
        tblpr = etree.SubElement(tbl, qn("w:tblPr"))
        etree.SubElement(tblpr, qn("w:tblStyle")).set(qn("w:val"), "TableGrid")
        widths = [str(_twips(cm)) for cm in fitted_widths(table)]
        width = etree.SubElement(tblpr, qn("w:tblW"))
        width.set(qn("w:w"), str(sum(int(w) for w in widths)))
        width.set(qn("w:type"), "dxa")
        etree.SubElement(tblpr, qn("w:tblLayout")).set(qn("w:type"), "fixed")
        grid = etree.SubElement(tbl, qn("w:tblGrid"))
        for w in widths:
            etree.SubElement(grid, qn("w:gridCol")).set(qn("w:w"), w)
        text_style = self.style_ids["table_compact" if table.compact else "table_text"]
        change = table.change
        head = self._row(tbl, widths, [c.title for c in table.columns], header=True, change=change)
        if table.repeat_header:
            etree.SubElement(head, qn("w:tblHeader"))
        for row in table.rows:
            if isinstance(row, GroupRow):
                tr = etree.SubElement(tbl, qn("w:tr"))
                etree.SubElement(etree.SubElement(tr, qn("w:trPr")), qn("w:cantSplit"))
                tc = etree.SubElement(tr, qn("w:tc"))
                tcpr = etree.SubElement(tc, qn("w:tcPr"))
                etree.SubElement(tcpr, qn("w:gridSpan")).set(qn("w:val"), str(len(widths)))
                _shade(tcpr, GROUP_FILL)
                tc.append(self.paragraph(self.style_ids["table_heading"], [Run(row.text)]))
            else:
                self._row(tbl, widths, row, style=text_style, change=change, shade=table.shade)
        return tbl

    def _row(
        self,
        tbl: etree._Element,
        widths: list[str],
        cells: list[str],
        *,
        header: bool = False,
        style: str | None = None,
        change: Change | None = None,
        shade: dict[str, str] | None = None,
    ) -> etree._Element:
        tr = etree.SubElement(tbl, qn("w:tr"))
        trpr = etree.SubElement(tr, qn("w:trPr"))
        etree.SubElement(trpr, qn("w:cantSplit"))
        if change:
            self._mark(trpr, change)
        style = self.style_ids["table_heading"] if header else style
        for width, text in zip(widths, cells, strict=True):
            tc = etree.SubElement(tr, qn("w:tc"))
            tcpr = etree.SubElement(tc, qn("w:tcPr"))
            tcw = etree.SubElement(tcpr, qn("w:tcW"))
            tcw.set(qn("w:w"), width)
            tcw.set(qn("w:type"), "dxa")
            fill = HEADING_FILL if header else (shade or {}).get(text)
            if fill:
                _shade(tcpr, fill)
            runs = [Run(text, change)] if text else []
            tc.append(self.paragraph(style or "", runs, change=change))
        return trpr

    # ---------------------------------------------------------------- furniture

    def cover(self, cover: Cover) -> Iterator[etree._Element]:
        ids = self.style_ids
        yield self.paragraph(ids["organisation"], [Run(cover.organisation)])
        yield self.paragraph(ids["kind"], [Run(cover.kind)])
        yield self.paragraph(ids["title"], [Run(cover.title)])
        yield self.paragraph(ids["marking"], [Run(cover.marking)])
        for label, value in cover.details:
            yield self.paragraph(ids["detail"], [Run(f"{label}: ", bold=True), Run(value)])
        if cover.note:
            yield self.paragraph(ids["note"], [Run(cover.note)])

    def header_footer(self) -> None:
        section = self.doc.sections[0]
        header = section.header.paragraphs[0]
        header.style = self.doc.styles["Header"]
        header.add_run(xml_text(self.model.header))
        footer = section.footer.paragraphs[0]
        footer.style = self.doc.styles["Footer"]
        page, of = self.model.page_label
        p = footer._p
        self._run(p, Run(f"{page} "))
        _simple_field(p, "PAGE", "1")
        self._run(p, Run(f" {of} "))
        _simple_field(p, "NUMPAGES", "1")


# Widths of characters in ems (Arial / Liberation Sans), enough to tell whether a word fits.
_NARROW, _WIDE = set("iljtfrI.,;:!'|()[]/-1 "), set("mwMWшщжмыюШЩЖМЫЮ%@")
CELL_MARGINS_CM = 0.5  # left and right cell margins of the table style (0.38), with some slack
LONGEST_WORD = 18  # longer "words" (references, addresses) wrap anyway


def _em(c: str) -> float:
    if c in _NARROW:
        return 0.3
    if c in _WIDE:
        return 0.85
    if c.isupper():
        return 0.7
    return 0.6 if "а" <= c.lower() <= "я" else 0.56  # Cyrillic runs a little wider


def _word_cm(word: str, size_pt: float, bold: bool) -> float:
    ems = sum(_em(c) for c in word) * (1.08 if bold else 1.0)
    return ems * size_pt / 72 * 2.54


def _needed_cm(texts: list[str], size_pt: float, bold: bool) -> float:
    words = [w for t in texts for w in t.split() if len(w) <= LONGEST_WORD]
    return max((_word_cm(w, size_pt, bold) for w in words), default=0.0) + CELL_MARGINS_CM


def fitted_widths(table: Table) -> list[float]:
    """The columns' widths, widened where a heading (or a short word of a cell) would break
    inside a word; the width comes from the columns that have room to spare, so the table keeps
    its width."""
    widths = [c.width_cm for c in table.columns]
    rows = [r for r in table.rows if not isinstance(r, GroupRow)]
    text_pt = 7.5 if table.compact else 9.0
    needs = [
        max(
            _needed_cm([c.title], 9.0, True),
            _needed_cm([r[i] for r in rows if i < len(r)], text_pt, False),
        )
        for i, c in enumerate(table.columns)
    ]
    short = sum(max(n - w, 0.0) for n, w in zip(needs, widths, strict=True))
    room = sum(max(w - n, 0.0) for n, w in zip(needs, widths, strict=True))
    if not short or not room:
        return widths
    take = min(short, room) / room  # the share of its room each column gives
    give = min(short, room) / short  # the share of its need each short column gets
    return [
        w + (n - w) * give if n > w else w - (w - n) * take
        for n, w in zip(needs, widths, strict=True)
    ]


def xml_text(text: str) -> str:
    """Text as XML can hold it (see NOT_XML): every string of a document goes through here."""
    return NOT_XML.sub("", text.translate(WORD_BREAKS))


def _heading_text(heading: Heading) -> str:
    return f"{heading.number} {heading.text}".strip()


def _twips(cm: float) -> int:
    return int(cm * TWIPS_PER_CM)


def _shade(tcpr: etree._Element, fill: str) -> None:
    shd = etree.SubElement(tcpr, qn("w:shd"))
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def _simple_field(p: etree._Element, instruction: str, shown: str) -> None:
    field = etree.SubElement(p, qn("w:fldSimple"))
    field.set(qn("w:instr"), f" {instruction} ")
    etree.SubElement(etree.SubElement(field, qn("w:r")), qn("w:t")).text = shown


def _set_font(style: BaseStyle, language: Language) -> None:
    """An explicit font for every script (no theme fonts), and the document's language."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = etree.SubElement(rpr, qn("w:rFonts"))
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{script}"), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(rpr, qn("w:lang"))
    lang.set(qn("w:val"), LANG_TAGS[language])


def _styles(doc: DocxDocument, language: Language) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for name, base, size, bold, italic, colour, after in CUSTOM_STYLES.values():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles[base]
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        if colour is not None:
            style.font.color.rgb = colour
        style.paragraph_format.space_after = Pt(after)
    for n, size in ((1, 14), (2, 12), (3, 11)):
        heading = doc.styles[f"Heading {n}"]
        heading.font.size = Pt(size)
        heading.font.color.rgb = ACCENT
    doc.styles["Title"].font.size = Pt(22)
    for furniture in ("Header", "Footer"):  # the running header holds the longest reference
        doc.styles[furniture].font.size = Pt(8)
    for style in doc.styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH and (
            style.name in ("Normal", "Title", "Header", "Footer")
            or style.name.startswith(("Heading", "List", "PP "))
        ):
            _set_font(style, language)


def _page(doc: DocxDocument, landscape: bool) -> None:
    section = doc.sections[0]
    width, height = Cm(21.0), Cm(29.7)  # A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0 if landscape else 2.5))
    section.top_margin = section.bottom_margin = Cm(2.0)


def to_docx(model: WordDocument) -> DocxDocument:
    doc = Document()
    _styles(doc, model.language)
    _page(doc, model.landscape)
    writer = _Writer(doc, model)
    writer.header_footer()
    body = doc.element.body
    section_properties = body[-1]
    elements: list[etree._Element] = []
    if model.cover:
        elements.extend(writer.cover(model.cover))
        if model.cover_page:
            elements.extend(writer.blocks([PageBreak()]))
    elements.extend(writer.blocks(model.blocks))
    elements.extend(writer.blocks(notes_for(elements, model.language)))  # Kosovo*
    for element in elements:
        section_properties.addprevious(element)
    props = doc.core_properties
    props.title, props.subject, props.keywords = (
        xml_text(model.title),
        xml_text(model.subject),
        xml_text(model.keywords),
    )
    props.author = props.last_modified_by = "Prague Process Secretariat (ppflow)"
    props.language = LANG_TAGS[model.language]
    props.revision = 1
    stamp = model.revision.at if model.revision else datetime(2000, 1, 1, tzinfo=UTC)
    props.created = props.modified = stamp.replace(tzinfo=None)
    return doc


def to_bytes(model: WordDocument) -> bytes:
    """The .docx of a model, byte-for-byte the same for the same model (fixed zip dates)."""
    raw = io.BytesIO()
    to_docx(model).save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(fixed, source.read(info.filename), compresslevel=6)
    return out.getvalue()
