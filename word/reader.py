"""Reading Word files that people upload: a revised draft, or a draft annotated by a reviewer.

- `check_docx` refuses what is not a plain, safe .docx (every message is shown to users as is).
- `read_sections` turns a document into sections: each Heading 1 starts one; its content is
  written in the form of `markup.py`. Tracked changes are read as if they were all accepted.
- `read_annotations` turns a reviewer's Word comments and tracked changes into comments on the
  sections of the draft.

Sections are recognised by the `pp_<section id>` bookmark the writer puts in each Heading 1,
else by their title. Only python-docx, lxml and the standard library; the XML is only read.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from models.api import CommentInput
from models.base import (
    MAX_COMMENT,
    MAX_COMMENTS_PER_ANSWER,
    MAX_SECTIONS,
    MAX_TEXT,
    MAX_TITLE,
    Section,
    SectionText,
)
from word import markup

MB = 1024 * 1024
MAX_UNPACKED = 200 * MB  # all members together, as the zip directory declares them
MAX_RATIO = 100  # a member this many times smaller packed than unpacked...
MAX_RATIO_SIZE = 10 * MB  # ...and bigger than this unpacked is a zip bomb
MAX_MEMBERS = 10_000
BOOKMARK_PREFIX = "pp_"
MAX_SECTION_ID = 40  # SectionText.id; Word also limits bookmark names to 40 characters

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
COMMENTS_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _w(name: str) -> str:
    return _W + name


P, TBL, TR, TC, T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("t")
SDT, SDT_PR, SDT_CONTENT, CUSTOM_XML = _w("sdt"), _w("sdtPr"), _w("sdtContent"), _w("customXml")
INS, DEL, MOVE_TO, MOVE_FROM = _w("ins"), _w("del"), _w("moveTo"), _w("moveFrom")
BOOKMARK_START = _w("bookmarkStart")
COMMENT_START, COMMENT_REF = _w("commentRangeStart"), _w("commentReference")
FLD_CHAR, FLD_SIMPLE = _w("fldChar"), _w("fldSimple")
INSTR_TEXTS = {_w("instrText"), _w("delInstrText")}
BREAKS = {_w("br"), _w("cr")}
SPACES = {_w("tab"), _w("ptab")}
# Never text: properties, pictures and text boxes, notes' reference marks, math.
SKIPPED = {
    _w("pPr"),
    _w("rPr"),
    _w("sdtEndPr"),
    _w("tblPr"),
    _w("tblGrid"),
    _w("trPr"),
    _w("tcPr"),
    _w("drawing"),
    _w("pict"),
    _w("object"),
    _w("txbxContent"),
    _w("footnoteReference"),
    _w("endnoteReference"),
    _MC + "AlternateContent",
}
HIDDEN_FIELDS = {"TOC", "PAGE", "NUMPAGES", "SECTIONPAGES"}

_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_HEADING = re.compile(r"heading ([1-9])")
_LEADING_NUMBER = re.compile(
    r"^\s*(?:\d{1,3}(?:\.\d{1,3})+\.?(?:\s+|$)|\d{1,3}[.)]\s*|[IVXLCDM]{1,7}[.)]\s*)"
)


class WordFileError(ValueError):
    """A Word file that cannot be used; the message is written for the person who uploaded it."""


# ---------------------------------------------------------------- checking the file


def _mb(size: int) -> str:
    return f"{size / MB:.0f} MB" if size % MB == 0 else f"{size / MB:.1f} MB"


_DAMAGED = (
    "the file is damaged and cannot be read; open it in Word, save it again as a .docx "
    "and upload it again"
)


def _content_types(zf: zipfile.ZipFile) -> list[str]:
    try:
        root = etree.fromstring(zf.read("[Content_Types].xml"), _XML)
    except KeyError:
        return []
    except Exception as exc:  # a bad CRC, an unknown compression, broken XML
        raise WordFileError(_DAMAGED) from exc
    return [
        (el.get("ContentType") or "").lower() for el in root.iter(_CT + "Default", _CT + "Override")
    ]


def _check_zip(content: bytes, max_bytes: int) -> None:
    if not content:
        raise WordFileError("the file is empty; choose the Word (.docx) file and upload it again")
    if len(content) > max_bytes:
        raise WordFileError(
            f"the file is {len(content) / MB:.1f} MB; the limit is {_mb(max_bytes)}. "
            "Make it smaller (for example compress or remove large pictures) and upload it again"
        )
    head = bytes(content[:8])
    if head == OLE_MAGIC:
        raise WordFileError(
            "the file is encrypted or in the old .doc format; save it as an unencrypted .docx "
            "and upload it again"
        )
    if head.startswith(b"%PDF"):
        raise WordFileError("the file is a PDF; upload the Word (.docx) version of the document")
    if head.startswith(b"{\\rtf"):
        raise WordFileError(
            "the file is in Rich Text Format (.rtf); save it as a Word document (.docx) "
            "and upload it again"
        )
    try:
        zf = zipfile.ZipFile(io.BytesIO(content))
        infos = zf.infolist()
    except Exception as exc:  # BadZipFile, and whatever a mangled directory raises
        raise WordFileError(
            "the file is not a Word document (.docx); open it in Word, save it as a .docx "
            "and upload it again"
        ) from exc
    with zf:
        _check_members(zf, infos)


def _check_members(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    # From the directory only: reading a member never yields more than its declared size
    # (zipfile stops there and checks the CRC), so these sizes bound what opening it costs.
    bomb = WordFileError(
        f"the file would unpack to more than {_mb(MAX_UNPACKED)}, which a normal Word document "
        "never does; save it again from Word as a .docx and upload it again"
    )
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise bomb
    for info in infos:
        if info.file_size > MAX_RATIO_SIZE and info.file_size > MAX_RATIO * info.compress_size:
            raise bomb
    if any(info.flag_bits & 0x1 for info in infos):
        raise WordFileError(
            "the file is encrypted or password-protected; save it as an unencrypted .docx "
            "and upload it again"
        )
    names = {info.filename for info in infos}
    types = _content_types(zf)
    if any(n.lower().endswith("vbaproject.bin") for n in names) or any(
        "macroenabled" in t for t in types
    ):
        raise WordFileError("the file contains macros (.docm); save it as a .docx without macros")
    if "word/document.xml" not in names:
        if "content.xml" in names and "mimetype" in names:
            raise WordFileError(
                "the file is an OpenDocument file (.odt); save it as a Word document (.docx) "
                "and upload it again"
            )
        for member, kind in (
            ("xl/workbook.xml", "an Excel workbook"),
            ("ppt/presentation.xml", "a PowerPoint presentation"),
        ):
            if member in names:
                raise WordFileError(f"the file is {kind}; upload the Word (.docx) document")
        raise WordFileError(
            "the file is not a Word document (.docx); open it in Word, save it as a .docx "
            "and upload it again"
        )
    if any("wordprocessingml.template.main" in t for t in types):
        raise WordFileError(
            "the file is a Word template (.dotx); save it as a Word document (.docx) "
            "and upload it again"
        )


def _strict(content: bytes) -> bool:
    """Saved as "Strict Open XML", which python-docx cannot read."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as zf:
            return b"purl.oclc.org/ooxml" in zf.read("_rels/.rels")
    except Exception:
        return False


def _open(content: bytes, max_bytes: int = 20 * MB) -> Any:
    _check_zip(content, max_bytes)
    try:
        doc = Document(io.BytesIO(content))
        body = doc.element.body
    except Exception as exc:  # python-docx raises whatever the broken part makes it raise
        if _strict(content):
            raise WordFileError(
                'the file is saved as "Strict Open XML"; save it as a "Word Document (.docx)" '
                "and upload it again"
            ) from exc
        raise WordFileError(_DAMAGED) from exc
    if body is None:
        raise WordFileError(_DAMAGED)
    return doc


def check_docx(content: bytes, *, max_bytes: int = 20 * MB) -> None:
    """Raise WordFileError unless `content` is a .docx that is safe and readable."""
    _open(content, max_bytes)


# ---------------------------------------------------------------- styles and numbering


@dataclass(frozen=True)
class _Style:
    name: str  # lowercase, as in styles.xml ("heading 1", "list bullet")
    based_on: str | None
    outline: int | None
    num_id: str | None
    ilvl: int | None


def _val(el: Any, name: str) -> str | None:
    child = el.find(_w(name)) if el is not None else None
    return child.get(_w("val")) if child is not None else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class _Styles:
    def __init__(self, root: Any) -> None:
        self.styles: dict[str, _Style] = {}
        self.default: str | None = None
        for el in root.iter(_w("style")) if root is not None else ():
            if el.get(_w("type")) != "paragraph" or not el.get(_w("styleId")):
                continue
            ppr = el.find(_w("pPr"))
            numpr = ppr.find(_w("numPr")) if ppr is not None else None
            self.styles[el.get(_w("styleId"))] = _Style(
                name=(_val(el, "name") or "").strip().lower(),
                based_on=_val(el, "basedOn"),
                outline=_int(_val(ppr, "outlineLvl")),
                num_id=_val(numpr, "numId"),
                ilvl=_int(_val(numpr, "ilvl")),
            )
            if el.get(_w("default")) in ("1", "true", "on"):
                self.default = el.get(_w("styleId"))

    def chain(self, style_id: str | None) -> Iterator[_Style]:
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


class _Numbering:
    def __init__(self, root: Any, styles: _Styles) -> None:
        self.styles = styles
        self.abstract: dict[str, Any] = {}
        self.nums: dict[str, Any] = {}
        for el in root.iter(_w("abstractNum")) if root is not None else ():
            self.abstract[el.get(_w("abstractNumId"))] = el
        for el in root.iter(_w("num")) if root is not None else ():
            self.nums[el.get(_w("numId"))] = el

    def fmt(self, num_id: str, ilvl: int, depth: int = 0) -> str | None:
        """The numbering format ("bullet", "decimal", ...) of one list level, if known."""
        num = self.nums.get(num_id)
        if num is None or depth > 3:
            return None
        for override in num.iter(_w("lvlOverride")):
            if _int(override.get(_w("ilvl"))) == ilvl:
                found = override.find(f".//{_w('numFmt')}")
                if found is not None:
                    return found.get(_w("val"))
        abstract = self.abstract.get(_val(num, "abstractNumId"))
        if abstract is None:
            return None
        for lvl in abstract.iter(_w("lvl")):
            if _int(lvl.get(_w("ilvl"))) == ilvl:
                found = lvl.find(f".//{_w('numFmt')}")
                if found is not None:
                    return found.get(_w("val"))
        link = _val(abstract, "numStyleLink")
        style = self.styles.styles.get(link or "")
        if style is not None and style.num_id:
            return self.fmt(style.num_id, ilvl, depth + 1)
        return None


def _part_element(doc: Any, reltype: str) -> Any:
    for rel in doc.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            part = rel.target_part
            element = getattr(part, "element", None)
            if element is not None:
                return element
            try:  # a part python-docx does not know (commentsExtended) is only bytes
                return etree.fromstring(part.blob, _XML)
            except Exception as exc:
                raise WordFileError(_DAMAGED) from exc
    return None


# ---------------------------------------------------------------- walking the document


@dataclass
class _Field:
    instruction: str = ""
    result: bool = False

    @property
    def kind(self) -> str:
        words = self.instruction.split()
        return words[0].upper() if words else ""


@dataclass
class _Para:
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
class _Table:
    top: int
    rows: list[list[list[_Para]]]

    def paragraphs(self) -> Iterator[_Para]:
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
    return props is not None and props.find(_w("showingPlcHdr")) is not None


def _toc_block(sdt: Any) -> bool:
    props = sdt.find(SDT_PR)
    if props is None:
        return False
    gallery = props.find(f"{_w('docPartObj')}/{_w('docPartGallery')}")
    return gallery is not None and "table of contents" in (gallery.get(_w("val")) or "").lower()


class _Walker:
    """Reads body-level paragraphs and tables in document order.

    Complex fields (a TOC spans many paragraphs) are followed across paragraphs; the text of
    field instructions and the results of TOC/PAGE/NUMPAGES fields are left out.
    """

    def __init__(self, styles: _Styles, numbering: _Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.fields: list[_Field] = []
        self.anchors: dict[str, tuple[int, int]] = {}  # comment id -> (top, seq)
        self.pending_bookmarks: list[str] = []
        self.top = 0
        self.seq = 0

    def body(self, body: Any) -> list[_Para | _Table]:
        items: list[_Para | _Table] = []
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
                self.pending_bookmarks.append(child.get(_w("name")) or "")
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
        self.anchors.setdefault(el.get(_w("id")) or "", (self.top, self.seq))

    def _table(self, tbl: Any) -> _Table:
        rows = []
        for tr in self._children(tbl, TR):
            before = _int(_val(tr.find(_w("trPr")), "gridBefore")) or 0
            row: list[list[_Para]] = [[] for _ in range(min(before, 63))]
            for tc in self._children(tr, TC):
                cell: list[_Para] = []
                for el in self._blocks(tc):
                    if el.tag == P:
                        cell.append(self._para(el))
                    else:
                        cell.extend(self._table(el).paragraphs())
                row.append(cell)
                span = _int(_val(tc.find(_w("tcPr")), "gridSpan")) or 1
                row.extend([] for _ in range(min(span, 63) - 1))  # merged: left empty
            rows.append(row)
        return _Table(self.top, rows)

    def _para(self, p: Any) -> _Para:
        self.seq += 1
        ppr = p.find(_w("pPr"))
        style_id = _val(ppr, "pStyle")
        para = _Para(style_id, self.top, self.seq, bookmarks=self.pending_bookmarks)
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
        numpr = ppr.find(_w("numPr")) if ppr is not None else None
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

    def _content(self, el: Any, para: _Para, ins: bool, dele: bool) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIPPED:
                continue
            hidden = any(not f.result or f.kind in HIDDEN_FIELDS for f in self.fields)
            if tag in (T, _w("delText")):
                if not hidden and child.text:
                    para.pieces.append((child.text, ins, dele))
            elif tag in SPACES or tag in BREAKS or tag == _w("noBreakHyphen"):
                if not hidden:
                    text = "\n" if tag in BREAKS else "-" if tag == _w("noBreakHyphen") else " "
                    para.pieces.append((text, ins, dele))
            elif tag == FLD_CHAR:
                kind = child.get(_w("fldCharType"))
                if kind == "begin":
                    self.fields.append(_Field())
                elif kind == "separate" and self.fields:
                    self.fields[-1].result = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif tag in INSTR_TEXTS:
                if self.fields and not self.fields[-1].result:
                    self.fields[-1].instruction += child.text or ""
            elif tag == FLD_SIMPLE:
                if _Field(child.get(_w("instr")) or "").kind not in HIDDEN_FIELDS:
                    self._content(child, para, ins, dele)
            elif tag in (INS, MOVE_TO, DEL, MOVE_FROM):
                author = (child.get(_w("author")) or "").strip()
                if author and author not in para.authors:
                    para.authors.append(author)
                added = tag in (INS, MOVE_TO)
                self._content(child, para, ins or added, dele or not added)
            elif tag == BOOKMARK_START:
                para.bookmarks.append(child.get(_w("name")) or "")
            elif tag in (COMMENT_START, COMMENT_REF):
                self._anchor(child)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None and not _placeholder(child):
                    self._content(content, para, ins, dele)
            else:  # runs, hyperlinks, smart tags, custom XML...
                self._content(child, para, ins, dele)


def _walk(doc: Any) -> tuple[_Walker, list[_Para | _Table]]:
    try:
        styles = _Styles(doc.styles.element)
        walker = _Walker(styles, _Numbering(_part_element(doc, RT.NUMBERING), styles))
        return walker, walker.body(doc.element.body)
    except (RecursionError, etree.LxmlError) as exc:  # absurdly nested or broken XML
        raise WordFileError(_DAMAGED) from exc


# ---------------------------------------------------------------- sections


def _title(text: str) -> str:
    stripped = _LEADING_NUMBER.sub("", text, count=1).strip()
    return stripped or text.strip()


def _norm(title: str) -> str:
    return " ".join(unicodedata.normalize("NFC", _title(title)).casefold().split())


@dataclass
class _Heading:
    index: int
    title: str
    original: str
    bookmarks: list[str]


def _headings(items: list[_Para | _Table]) -> list[_Heading]:
    return [
        _Heading(
            i,
            _title(item.text(breaks=False)),
            _title(item.text(accepted=False, breaks=False)),
            item.bookmarks,
        )
        for i, item in enumerate(items)
        if isinstance(item, _Para) and item.level == 1 and item.text()
    ]


def _assign_ids(headings: list[_Heading], existing: list[Section] | None) -> list[str | None]:
    """Bookmarks first (known ids only, when the existing sections are given), then titles;
    each id is given to one section only."""
    known = {s.id for s in existing} if existing is not None else None
    ids: list[str | None] = [None] * len(headings)
    used: set[str] = set()
    for n, heading in enumerate(headings):
        for name in heading.bookmarks:
            sid = name[len(BOOKMARK_PREFIX) :] if name.startswith(BOOKMARK_PREFIX) else ""
            ok = 0 < len(sid) <= MAX_SECTION_ID and (known is None or sid in known)
            if ok and sid not in used:
                ids[n] = sid
                used.add(sid)
                break
    by_title: dict[str, list[str]] = {}
    for section in existing or []:
        if len(section.id) <= MAX_SECTION_ID:
            by_title.setdefault(_norm(section.title), []).append(section.id)
    for n, heading in enumerate(headings):
        if ids[n] is not None:
            continue
        for candidate in (heading.title, heading.original):
            sid = next((s for s in by_title.get(_norm(candidate), []) if s not in used), None)
            if sid is not None:
                ids[n] = sid
                used.add(sid)
                break
    return ids


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _blocks(items: Iterable[_Para | _Table]) -> list[markup.Block]:
    blocks: list[markup.Block] = []
    items_of_list: list[str] = []
    numbered = False

    def flush() -> None:
        if items_of_list:
            blocks.append(markup.ItemList(tuple(items_of_list), numbered))
            items_of_list.clear()

    for item in items:
        if isinstance(item, _Table):
            rows = item.cells()
            if any(any(row) for row in rows):
                flush()
                blocks.append(markup.Table(rows))
            continue
        if item.toc or not item.text():
            continue
        if item.level:
            flush()
            blocks.append(markup.Subheading(item.text(breaks=False)))
        elif item.list_item is not None:
            kind, level = item.list_item
            if items_of_list and kind != numbered and level == 0:
                flush()
            if not items_of_list:
                numbered = kind  # a nested level stays in the list it is nested in
            items_of_list.append(item.text(breaks=False))
        else:
            flush()
            blocks.append(markup.Paragraph(item.text()))
    flush()
    return blocks


def read_sections(content: bytes, existing: list[Section] | None = None) -> list[SectionText]:
    """The sections of a Word document, its tracked changes accepted.

    Each Heading 1 starts a section (what comes before the first one, the cover and contents,
    is left out). `existing`: the draft's current sections, to recognise sections by title
    when a heading has no `pp_` bookmark.
    """
    doc = _open(content)
    _, items = _walk(doc)
    headings = _headings(items)
    if not headings:
        raise WordFileError(
            "the document has no headings: use the Heading 1 style for each section title"
        )
    if len(headings) > MAX_SECTIONS:
        raise WordFileError(
            f"the document has {len(headings)} sections (Heading 1 titles); "
            f"the limit is {MAX_SECTIONS}"
        )
    ids = _assign_ids(headings, existing)
    sections = []
    ends = [h.index for h in headings[1:]] + [len(items)]
    for heading, sid, end in zip(headings, ids, ends, strict=True):
        if len(heading.title) > MAX_TITLE:
            raise WordFileError(
                f'the heading "{_short(heading.title)}" is longer than {MAX_TITLE} characters; '
                "shorten it (or use Normal style for text that is not a title)"
            )
        text = markup.write(_blocks(items[heading.index + 1 : end]))
        if len(text) > MAX_TEXT:
            raise WordFileError(
                f'the section "{_short(heading.title)}" is too long ({len(text):,} characters; '
                f"the limit is {MAX_TEXT:,}); split it with more Heading 1 titles"
            )
        sections.append(SectionText(id=sid, title=heading.title, text=text))
    return sections


# ---------------------------------------------------------------- comments and tracked changes


def _quoted(text: str) -> str:
    return f'"{_short(text, 80)}"'


def _summary(para: _Para) -> str:
    hunks: list[tuple[str, str]] = []
    old: list[str] = []
    new: list[str] = []
    for text, ins, dele in [*para.pieces, ("", False, False)]:
        if ins and dele:
            continue
        if ins or dele:
            (new if ins else old).append(text)
        elif old or new:
            hunks.append(("".join(old).strip(), "".join(new).strip()))
            old, new = [], []
    parts = []
    for before, after in hunks:
        if before and after:
            parts.append(f"{_quoted(before)} -> {_quoted(after)}")
        elif before:
            parts.append(f"deleted {_quoted(before)}")
        elif after:
            parts.append(f"inserted {_quoted(after)}")
    if len(parts) > 5:
        parts = [*parts[:5], f"and {len(parts) - 5} more changes"]
    return "; ".join(parts) or "changed spacing"


def _comment_texts(doc: Any) -> list[tuple[str, str, str]]:
    """(comment id, author, text) of each comment, replies folded into their first comment."""
    root = _part_element(doc, RT.COMMENTS)
    if root is None:
        return []
    comments = root.findall(_w("comment"))
    if len(comments) > 10 * MAX_COMMENTS_PER_ANSWER:
        raise WordFileError(
            f"the file has {len(comments):,} comments; the limit is {MAX_COMMENTS_PER_ANSWER}"
        )
    styles = _Styles(None)
    entries: dict[str, tuple[str, str]] = {}
    by_para_id: dict[str, str] = {}
    for comment in comments:
        cid = comment.get(_w("id")) or ""
        walker = _Walker(styles, _Numbering(None, styles))
        paras = [
            p
            for item in walker.body(comment)
            for p in (item.paragraphs() if isinstance(item, _Table) else [item])
        ]
        text = "\n".join(t for p in paras if (t := p.text()))
        entries[cid] = ((comment.get(_w("author")) or "").strip(), text)
        for p in comment.iter(P):
            if p.get(_W14 + "paraId"):
                by_para_id[p.get(_W14 + "paraId")] = cid  # the last paragraph's id wins
    parents: dict[str, str] = {}
    extended = _part_element(doc, COMMENTS_EXTENDED)
    for ex in extended.iter(_W15 + "commentEx") if extended is not None else ():
        child, parent = by_para_id.get(ex.get(_W15 + "paraId") or ""), ex.get(_W15 + "paraIdParent")
        if child and parent and by_para_id.get(parent) not in (None, child):
            parents[child] = by_para_id[parent]

    def root_of(cid: str) -> str:
        seen = {cid}
        while cid in parents and parents[cid] not in seen:
            cid = parents[cid]
            seen.add(cid)
        return cid

    replies: dict[str, list[str]] = {}
    for cid, (author, text) in entries.items():
        if root_of(cid) != cid and text:
            replies.setdefault(root_of(cid), []).append(
                f"Reply by {author}: {text}" if author else f"Reply: {text}"
            )
    out = []
    for cid, (author, text) in entries.items():
        if root_of(cid) == cid:
            full = "\n".join(t for t in [text, *replies.get(cid, [])] if t)
            if full:
                out.append((cid, author, full))
    return out


def read_annotations(content: bytes, sections: list[Section]) -> list[CommentInput]:
    """A reviewer's Word comments and tracked changes, as comments on the draft's sections.

    A Word comment becomes a comment on the section where it is anchored (its replies are added
    to its text); a paragraph with tracked changes becomes a comment that proposes the paragraph
    with the changes accepted. In document order; a comment before the first heading, or under
    a heading that matches no section, is a general comment (no section).
    """
    doc = _open(content)
    walker, items = _walk(doc)
    headings = _headings(items)
    starts = dict(zip([h.index for h in headings], _assign_ids(headings, sections), strict=True))
    section_at: list[str | None] = []
    for index in range(len(items) + 1):
        section_at.append(starts[index] if index in starts else (section_at or [None])[-1])
    found: list[tuple[tuple[float, int], CommentInput]] = []
    for n, (cid, author, text) in enumerate(_comment_texts(doc)):
        if len(text) > MAX_COMMENT:
            who = f" by {author}" if author else ""
            raise WordFileError(
                f'the comment{who} that begins "{_short(text, 40)}" is longer than '
                f"{MAX_COMMENT:,} characters; shorten it and upload the file again"
            )
        top, seq = walker.anchors.get(cid, (-1, float("inf")))  # no anchor: a general comment
        section = section_at[top] if top >= 0 else None
        found.append(((seq, n), CommentInput(section_id=section, text=text)))
    paragraphs = (
        p
        for item in items
        for p in (item.paragraphs() if isinstance(item, _Table) else [item])
        if not p.toc
    )
    for para in paragraphs:
        if not para.changed:
            continue
        proposed = para.text() or None  # a deleted paragraph proposes no text
        if proposed and len(proposed) > MAX_COMMENT:
            raise WordFileError(
                f'the changed paragraph that begins "{_short(proposed, 40)}" is longer than '
                f"{MAX_COMMENT:,} characters; split it and upload the file again"
            )
        by = f" by {_short(', '.join(para.authors), 200)}" if para.authors else ""
        found.append(
            (
                (para.seq, 0),
                CommentInput(
                    section_id=section_at[para.top],
                    text=f"Proposed change{by}: {_summary(para)}",
                    proposed_text=proposed,
                ),
            )
        )
    if len(found) > MAX_COMMENTS_PER_ANSWER:
        raise WordFileError(
            f"the file has {len(found)} comments and tracked changes; at most "
            f"{MAX_COMMENTS_PER_ANSWER} can be sent in one answer. Combine or remove some "
            "and upload the file again"
        )
    found.sort(key=lambda entry: entry[0])
    return [comment for _, comment in found]
