"""Walking the XML of a Word document (python-docx and lxml; the XML is only read).

`walk(doc)` reads the body's paragraphs and tables in document order as `Paragraph` and
`TableItem`: the text of each paragraph in pieces (inserted, deleted or neither, so tracked
changes can be read accepted or not), its heading level and list level from the styles and
numbering, its bookmarks and the authors of its changes, and where each Word comment is
anchored. Content controls, custom XML, fields (a TOC spans many paragraphs) and text boxes are
followed or skipped as Word shows them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from word.upload import DAMAGED, SAFE_XML, WordFileError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def w(name: str) -> str:
    """The tag of a WordprocessingML element: w("p") is "{...main}p"."""
    return _W + name


P, TBL, TR, TC, T = w("p"), w("tbl"), w("tr"), w("tc"), w("t")
SDT, SDT_PR, SDT_CONTENT, CUSTOM_XML = w("sdt"), w("sdtPr"), w("sdtContent"), w("customXml")
INS, DEL, MOVE_TO, MOVE_FROM = w("ins"), w("del"), w("moveTo"), w("moveFrom")
BOOKMARK_START = w("bookmarkStart")
COMMENT_START, COMMENT_REF = w("commentRangeStart"), w("commentReference")
FLD_CHAR, FLD_SIMPLE = w("fldChar"), w("fldSimple")
INSTR_TEXTS = {w("instrText"), w("delInstrText")}
BREAKS = {w("br"), w("cr")}
SPACES = {w("tab"), w("ptab")}
# Never text: properties, pictures and text boxes, notes' reference marks, math.
SKIPPED = {
    w("pPr"),
    w("rPr"),
    w("sdtEndPr"),
    w("tblPr"),
    w("tblGrid"),
    w("trPr"),
    w("tcPr"),
    w("drawing"),
    w("pict"),
    w("object"),
    w("txbxContent"),
    w("footnoteReference"),
    w("endnoteReference"),
    _MC + "AlternateContent",
}
HIDDEN_FIELDS = {"TOC", "PAGE", "NUMPAGES", "SECTIONPAGES"}

_HEADING = re.compile(r"heading ([1-9])")


# ---------------------------------------------------------------- styles and numbering


@dataclass(frozen=True)
class Style:
    name: str  # lowercase, as in styles.xml ("heading 1", "list bullet")
    based_on: str | None
    outline: int | None
    num_id: str | None
    ilvl: int | None


def _val(el: Any, name: str) -> str | None:
    child = el.find(w(name)) if el is not None else None
    return child.get(w("val")) if child is not None else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class Styles:
    def __init__(self, root: Any) -> None:
        self.styles: dict[str, Style] = {}
        self.default: str | None = None
        for el in root.iter(w("style")) if root is not None else ():
            if el.get(w("type")) != "paragraph" or not el.get(w("styleId")):
                continue
            ppr = el.find(w("pPr"))
            numpr = ppr.find(w("numPr")) if ppr is not None else None
            self.styles[el.get(w("styleId"))] = Style(
                name=(_val(el, "name") or "").strip().lower(),
                based_on=_val(el, "basedOn"),
                outline=_int(_val(ppr, "outlineLvl")),
                num_id=_val(numpr, "numId"),
                ilvl=_int(_val(numpr, "ilvl")),
            )
            if el.get(w("default")) in ("1", "true", "on"):
                self.default = el.get(w("styleId"))

    def chain(self, style_id: str | None) -> Iterator[Style]:
        seen: set[str] = set()
        sid = style_id or self.default
        while sid and sid not in seen and sid in self.styles and len(seen) < 20:
            seen.add(sid)
            yield self.styles[sid]
            sid = self.styles[sid].based_on

    def name(self, style_id: str | None) -> str:
        return next((s.name for s in self.chain(style_id)), "")

    def heading_level(self, style_id: str | None) -> int:
        """1-9 for a heading style (or a style based on one), else 0."""
        for style in self.chain(style_id):
            match = _HEADING.fullmatch(style.name)
            if match:
                return int(match.group(1))
            if style.outline is not None:
                return style.outline + 1 if 0 <= style.outline < 9 else 0
        return 0


class Numbering:
    def __init__(self, root: Any, styles: Styles) -> None:
        self.styles = styles
        self.abstract: dict[str, Any] = {}
        self.nums: dict[str, Any] = {}
        for el in root.iter(w("abstractNum")) if root is not None else ():
            self.abstract[el.get(w("abstractNumId"))] = el
        for el in root.iter(w("num")) if root is not None else ():
            self.nums[el.get(w("numId"))] = el

    def fmt(self, num_id: str, ilvl: int, depth: int = 0) -> str | None:
        """The numbering format ("bullet", "decimal", ...) of one list level, if known."""
        num = self.nums.get(num_id)
        if num is None or depth > 3:
            return None
        for override in num.iter(w("lvlOverride")):
            if _int(override.get(w("ilvl"))) == ilvl:
                found = override.find(f".//{w('numFmt')}")
                if found is not None:
                    return found.get(w("val"))
        abstract = self.abstract.get(_val(num, "abstractNumId"))
        if abstract is None:
            return None
        for lvl in abstract.iter(w("lvl")):
            if _int(lvl.get(w("ilvl"))) == ilvl:
                found = lvl.find(f".//{w('numFmt')}")
                if found is not None:
                    return found.get(w("val"))
        link = _val(abstract, "numStyleLink")
        style = self.styles.styles.get(link or "")
        if style is not None and style.num_id:
            return self.fmt(style.num_id, ilvl, depth + 1)
        return None


def part_element(doc: Any, reltype: str) -> Any:
    for rel in doc.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            part = rel.target_part
            element = getattr(part, "element", None)
            if element is not None:
                return element
            try:  # a part python-docx does not know (commentsExtended) is only bytes
                return etree.fromstring(part.blob, SAFE_XML)
            except Exception as exc:
                raise WordFileError(DAMAGED) from exc
    return None


# ---------------------------------------------------------------- walking the document


@dataclass
class Field:
    instruction: str = ""
    result: bool = False

    @property
    def kind(self) -> str:
        words = self.instruction.split()
        return words[0].upper() if words else ""


@dataclass
class Paragraph:
    style_id: str | None
    top: int  # index of the body-level item (paragraph or table) it belongs to
    seq: int  # position in document order
    pieces: list[tuple[str, bool, bool]] = field(default_factory=list)  # text, inserted, deleted
    authors: list[str] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)
    level: int = 0  # heading level
    list_item: tuple[bool, int] | None = None  # (numbered, level) for a list paragraph
    toc: bool = False

    def text(self, *, accepted: bool = True, breaks: bool = True) -> str:
        raw = "".join(t for t, ins, dele in self.pieces if (not dele if accepted else not ins))
        return _clean(raw, breaks)

    @property
    def changed(self) -> bool:
        return any(ins != dele and t.strip() for t, ins, dele in self.pieces)


@dataclass
class TableItem:
    top: int
    rows: list[list[list[Paragraph]]]

    def paragraphs(self) -> Iterator[Paragraph]:
        for row in self.rows:
            for cell in row:
                yield from cell

    def cells(self) -> tuple[tuple[str, ...], ...]:
        out = [
            tuple(" ".join(t for p in cell if (t := p.text(breaks=False))) for cell in row)
            for row in self.rows
        ]
        width = max((len(r) for r in out), default=0)
        return tuple(r + ("",) * (width - len(r)) for r in out)


def _clean(text: str, breaks: bool = True) -> str:
    lines = [line.strip() for line in text.split("\n")]
    return ("\n" if breaks else " ").join(line for line in lines if line)


def _placeholder(sdt: Any) -> bool:
    props = sdt.find(SDT_PR)
    return props is not None and props.find(w("showingPlcHdr")) is not None


def _toc_block(sdt: Any) -> bool:
    props = sdt.find(SDT_PR)
    if props is None:
        return False
    gallery = props.find(f"{w('docPartObj')}/{w('docPartGallery')}")
    return gallery is not None and "table of contents" in (gallery.get(w("val")) or "").lower()


class Walker:
    """Reads body-level paragraphs and tables in document order.

    Complex fields (a TOC spans many paragraphs) are followed across paragraphs; the text of
    field instructions and the results of TOC/PAGE/NUMPAGES fields are left out.
    """

    def __init__(self, styles: Styles, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.fields: list[Field] = []
        self.anchors: dict[str, tuple[int, int]] = {}  # comment id -> (top, seq)
        self.pending_bookmarks: list[str] = []
        self.top = 0
        self.seq = 0

    def body(self, body: Any) -> list[Paragraph | TableItem]:
        items: list[Paragraph | TableItem] = []
        for el in self._blocks(body):
            self.top = len(items)
            items.append(self._para(el) if el.tag == P else self._table(el))
            self.top = len(items)  # what lies between items belongs to the next one
        return items

    def _blocks(self, container: Any) -> Iterator[Any]:
        """Paragraphs and tables, through content controls and custom XML wrappers."""
        for child in container:
            tag = child.tag
            if tag in (P, TBL):
                yield child
            elif tag == SDT:
                if not _toc_block(child) and not _placeholder(child):
                    content = child.find(SDT_CONTENT)
                    if content is not None:
                        yield from self._blocks(content)
            elif tag == CUSTOM_XML:
                yield from self._blocks(child)
            elif tag == BOOKMARK_START:
                self.pending_bookmarks.append(child.get(w("name")) or "")
            elif tag in (COMMENT_START, COMMENT_REF):
                self._anchor(child)

    def _children(self, container: Any, tag: str) -> Iterator[Any]:
        for child in container:
            if child.tag == tag:
                yield child
            elif child.tag in (SDT, CUSTOM_XML):
                inner = child.find(SDT_CONTENT) if child.tag == SDT else child
                if inner is not None:
                    yield from self._children(inner, tag)
            elif child.tag in (COMMENT_START, COMMENT_REF):
                self._anchor(child)

    def _anchor(self, el: Any) -> None:
        self.seq += 1
        self.anchors.setdefault(el.get(w("id")) or "", (self.top, self.seq))

    def _table(self, tbl: Any) -> TableItem:
        rows = []
        for tr in self._children(tbl, TR):
            before = _int(_val(tr.find(w("trPr")), "gridBefore")) or 0
            row: list[list[Paragraph]] = [[] for _ in range(min(before, 63))]
            for tc in self._children(tr, TC):
                cell: list[Paragraph] = []
                for el in self._blocks(tc):
                    if el.tag == P:
                        cell.append(self._para(el))
                    else:
                        cell.extend(self._table(el).paragraphs())
                row.append(cell)
                span = _int(_val(tc.find(w("tcPr")), "gridSpan")) or 1
                row.extend([] for _ in range(min(span, 63) - 1))  # merged: left empty
            rows.append(row)
        return TableItem(self.top, rows)

    def _para(self, p: Any) -> Paragraph:
        self.seq += 1
        ppr = p.find(w("pPr"))
        style_id = _val(ppr, "pStyle")
        para = Paragraph(style_id, self.top, self.seq, bookmarks=self.pending_bookmarks)
        self.pending_bookmarks = []
        para.level = self.styles.heading_level(style_id)
        name = self.styles.name(style_id)
        para.toc = name.startswith("toc ")
        if para.level and self.fields:
            self.fields = []  # a heading is never inside a field: an unclosed one ends here
        if not para.level:
            para.list_item = self._list_item(ppr, style_id, name)
        self._content(p, para, False, False)
        return para

    def _list_item(self, ppr: Any, style_id: str | None, name: str) -> tuple[bool, int] | None:
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        num_id, ilvl = _val(numpr, "numId"), _int(_val(numpr, "ilvl"))
        if num_id is None or ilvl is None:
            style = next((s for s in self.styles.chain(style_id) if s.num_id), None)
            num_id = num_id if num_id is not None else style and style.num_id
            ilvl = ilvl if ilvl is not None else (style.ilvl if style else None)
        ilvl = ilvl or 0
        listy = name.startswith(("list bullet", "list number")) or name == "list paragraph"
        if num_id == "0" or (num_id is None and not listy):
            return None  # numId 0 explicitly takes a paragraph out of a list
        fmt = self.numbering.fmt(num_id, ilvl) if num_id else None
        return ("number" in name or fmt not in (None, "bullet", "none"), ilvl)

    def _content(self, el: Any, para: Paragraph, ins: bool, dele: bool) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            hidden = any(not f.result or f.kind in HIDDEN_FIELDS for f in self.fields)
            if tag in (T, w("delText")):
                if not hidden and child.text:
                    para.pieces.append((child.text, ins, dele))
            elif tag in SPACES or tag in BREAKS or tag == w("noBreakHyphen"):
                if not hidden:
                    text = "\n" if tag in BREAKS else "-" if tag == w("noBreakHyphen") else " "
                    para.pieces.append((text, ins, dele))
            elif tag == FLD_CHAR:
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    self.fields.append(Field())
                elif kind == "separate" and self.fields:
                    self.fields[-1].result = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif tag in INSTR_TEXTS:
                if self.fields and not self.fields[-1].result:
                    self.fields[-1].instruction += child.text or ""
            elif tag == FLD_SIMPLE:
                if Field(child.get(w("instr")) or "").kind not in HIDDEN_FIELDS:
                    self._content(child, para, ins, dele)
            elif tag in (INS, MOVE_TO, DEL, MOVE_FROM):
                author = (child.get(w("author")) or "").strip()
                if author and author not in para.authors:
                    para.authors.append(author)
                added = tag in (INS, MOVE_TO)
                self._content(child, para, ins or added, dele or not added)
            elif tag == BOOKMARK_START:
                para.bookmarks.append(child.get(w("name")) or "")
            elif tag in (COMMENT_START, COMMENT_REF):
                self._anchor(child)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None and not _placeholder(child):
                    self._content(content, para, ins, dele)
            else:  # runs, hyperlinks, smart tags, custom XML...
                self._content(child, para, ins, dele)


def walk(doc: Any) -> tuple[Walker, list[Paragraph | TableItem]]:
    try:
        styles = Styles(doc.styles.element)
        walker = Walker(styles, Numbering(part_element(doc, RT.NUMBERING), styles))
        return walker, walker.body(doc.element.body)
    except (RecursionError, etree.LxmlError) as exc:  # absurdly nested or broken XML
        raise WordFileError(DAMAGED) from exc
