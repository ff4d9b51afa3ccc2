"""Reading uploaded Word files: sections of a revision, a reviewer's comments and tracked
changes, and every kind of file that must be refused with a message a user can act on.

The .docx inputs are built here with python-docx and lxml, as Word writes them: headings with
`pp_` bookmarks, real w:ins/w:del runs, a real comments part, fields."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from models.base import MAX_TEXT, Section
from word import markup
from word.reader import COMMENTS_EXTENDED, read_annotations, read_sections
from word.upload import WordFileError, check_docx

MB = 1024 * 1024
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


# ---------------------------------------------------------------- building .docx files


def docx(build: Callable[[DocxDocument], None]) -> bytes:
    doc = Document()
    build(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def heading(doc: DocxDocument, text: str, section_id: str | None = None) -> Paragraph:
    """A Heading 1 as the writer makes it: the section id in a `pp_` bookmark around it."""
    p = doc.add_heading(text, level=1)
    if section_id is not None:
        start = OxmlElement("w:bookmarkStart", {qn("w:id"): "0", qn("w:name"): f"pp_{section_id}"})
        end = OxmlElement("w:bookmarkEnd", {qn("w:id"): "0"})
        p._p.insert(1, start)  # after w:pPr
        p._p.append(end)
    return p


_change_ids = iter(range(100, 10_000))


def tracked(p: Paragraph, kind: str, text: str, author: str = "Jan Novák") -> None:
    """Append a tracked insertion (`ins`) or deletion (`del`) of `text` to the paragraph."""
    wrapper = OxmlElement(
        f"w:{kind}",
        {
            qn("w:id"): str(next(_change_ids)),
            qn("w:author"): author,
            qn("w:date"): "2025-03-01T10:00:00Z",
        },
    )
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if kind == "del" else "w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    run.append(t)
    wrapper.append(run)
    p._p.append(wrapper)


def field_runs(p: Paragraph, instruction: str, result: str) -> None:
    """A complex field (begin, instruction, separate, result, end) at the end of `p`."""

    def run(*children: etree._Element) -> None:
        r = OxmlElement("w:r")
        for child in children:
            r.append(child)
        p._p.append(r)

    run(OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin"}))
    instr = OxmlElement("w:instrText")
    instr.text = f" {instruction} "
    run(instr)
    run(OxmlElement("w:fldChar", {qn("w:fldCharType"): "separate"}))
    p.add_run(result)
    run(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))


def list_paragraph(doc: DocxDocument, text: str, num_id: int) -> Paragraph:
    """A Normal-style paragraph put in a list by direct numbering (w:numPr), as Word does."""
    p = doc.add_paragraph(text)
    ppr = p._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    numpr.append(OxmlElement("w:ilvl", {qn("w:val"): "0"}))
    numpr.append(OxmlElement("w:numId", {qn("w:val"): str(num_id)}))
    ppr.append(numpr)
    return p


def num_id_with_format(doc: DocxDocument, fmt: str) -> int:
    """A numId of the default template whose first level has this w:numFmt."""
    numbering = doc.part.numbering_part.element
    for num in numbering.findall(qn("w:num")):
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        for abstract in numbering.findall(qn("w:abstractNum")):
            if abstract.get(qn("w:abstractNumId")) == abstract_id:
                lvl = abstract.find(qn("w:lvl"))
                if lvl.find(qn("w:numFmt")).get(qn("w:val")) == fmt:
                    return int(num.get(qn("w:numId")))
    raise AssertionError(f"no {fmt} list in the template")


def rezip(content: bytes, change: Callable[[str, bytes], bytes | None], extra=()) -> bytes:
    """A copy of a zip with members changed (None drops one) and `extra` (name, data) added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = change(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
        for name, data in extra:
            dst.writestr(name, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def simple_draft(doc: DocxDocument) -> None:
    doc.add_paragraph("Prague Process")
    heading(doc, "1. Introduction", "s1")
    doc.add_paragraph("The Action Plan covers five thematic areas.")
    heading(doc, "2. Legal migration", "s2")
    doc.add_paragraph("States exchange information on labour migration.")


def rejected(content: bytes) -> str:
    with pytest.raises(WordFileError) as caught:
        check_docx(content)
    return str(caught.value)


# ---------------------------------------------------------------- sections


def test_headings_become_sections_with_lists_tables_and_sub_headings() -> None:
    def build(doc: DocxDocument) -> None:
        doc.add_heading("Action Plan 2023-2027", level=0)
        doc.add_paragraph("Cover text that is not part of any section.")
        heading(doc, "1. Introduction")
        doc.add_paragraph("First line\nsecond line\tafter a tab")
        doc.add_paragraph("")
        doc.add_paragraph("Priority one", style="List Bullet")
        doc.add_paragraph("Priority two", style="List Bullet 2")
        doc.add_paragraph("Step one", style="List Number")
        doc.add_paragraph("Step two", style="List Number")
        doc.add_heading("Scope", level=2)
        doc.add_paragraph("Text under the sub-heading.")
        doc.add_heading("Details", level=3)
        table = doc.add_table(rows=3, cols=3)
        for r, row in enumerate([["State", "Role", "Year"], ["CZ", "lead", "2024"]]):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        table.cell(1, 1).add_paragraph("and co-lead")
        merged = table.cell(2, 0).merge(table.cell(2, 1))
        merged.text = "Merged | cell"
        table.cell(2, 2).text = "2025"
        doc.add_paragraph("After the table.")
        heading(doc, "2.3 Legal migration")
        doc.add_paragraph("Only text.")

    sections = read_sections(docx(build))

    assert [(s.id, s.title) for s in sections] == [
        (None, "Introduction"),
        (None, "Legal migration"),
    ]
    assert sections[0].text == (
        "First line\nsecond line after a tab\n\n"
        "- Priority one\n- Priority two\n\n"
        "1. Step one\n2. Step two\n\n"
        "## Scope\n\n"
        "Text under the sub-heading.\n\n"
        "## Details\n\n"
        "| State | Role | Year |\n"
        "| CZ | lead and co-lead | 2024 |\n"
        "| Merged \\| cell |  | 2025 |\n\n"
        "After the table."
    )
    assert sections[1].text == "Only text."
    blocks = markup.parse(sections[0].text)
    assert blocks[2] == markup.ItemList(("Step one", "Step two"), numbered=True)
    assert blocks[6] == markup.Table(
        (
            ("State", "Role", "Year"),
            ("CZ", "lead and co-lead", "2024"),
            ("Merged | cell", "", "2025"),
        )
    )


def test_lists_by_numbering_format_and_consecutive_kinds() -> None:
    def build(doc: DocxDocument) -> None:
        heading(doc, "Measures")
        decimal, bullet = num_id_with_format(doc, "decimal"), num_id_with_format(doc, "bullet")
        list_paragraph(doc, "numbered by its format", decimal)
        list_paragraph(doc, "second number", decimal)
        list_paragraph(doc, "a bullet", bullet)
        doc.add_paragraph("indented, in no list", style="List Paragraph")
        doc.add_paragraph("A paragraph ends the list.")
        doc.add_paragraph("again", style="List Bullet")

    (section,) = read_sections(docx(build))

    assert markup.parse(section.text) == [
        markup.ItemList(("numbered by its format", "second number"), numbered=True),
        markup.ItemList(("a bullet", "indented, in no list"), numbered=False),
        markup.Paragraph("A paragraph ends the list."),
        markup.ItemList(("again",), numbered=False),
    ]


def test_vertically_merged_cells_are_left_empty() -> None:
    def build(doc: DocxDocument) -> None:
        heading(doc, "Contacts")
        table = doc.add_table(rows=3, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Area", "Contact"
        table.cell(1, 0).merge(table.cell(2, 0)).text = "Asylum"
        table.cell(1, 1).text, table.cell(2, 1).text = "ICMPD", "EUAA"

    (section,) = read_sections(docx(build))

    assert section.text == "| Area | Contact |\n| Asylum | ICMPD |\n|  | EUAA |"


def test_cyrillic_text_and_titles_survive() -> None:
    def build(doc: DocxDocument) -> None:
        heading(doc, "IV. Миграционный профиль", "s4")
        doc.add_paragraph("Трудовая миграция в Республике Молдова — обзор.")
        doc.add_paragraph("Ключевые выводы", style="List Bullet")
        doc.add_paragraph("Рекомендации", style="List Bullet")

    (section,) = read_sections(docx(build))

    assert section.id == "s4"
    assert section.title == "Миграционный профиль"
    assert section.text == (
        "Трудовая миграция в Республике Молдова — обзор.\n\n- Ключевые выводы\n- Рекомендации"
    )


def test_bookmarks_then_titles_give_the_existing_section_ids() -> None:
    existing = [
        Section(id="s1", title="Introduction"),
        Section(id="s2", title="Legal   MIGRATION"),
        Section(id="s3", title="Return and readmission"),
    ]

    def build(doc: DocxDocument) -> None:
        heading(doc, "1. A new title for the introduction", "s1")  # renamed: the bookmark
        doc.add_paragraph("text")
        heading(doc, "2. legal migration")  # no bookmark: the title
        doc.add_paragraph("text")
        heading(doc, "3. Irregular migration", "s99")  # unknown id: a new section
        doc.add_paragraph("text")
        heading(doc, "4. Introduction", "s1")  # a copied bookmark: the id is taken already
        doc.add_paragraph("text")

    content = docx(build)

    assert [(s.id, s.title) for s in read_sections(content, existing)] == [
        ("s1", "A new title for the introduction"),
        ("s2", "legal migration"),
        (None, "Irregular migration"),
        (None, "Introduction"),
    ]
    # Without the existing sections, every bookmark is believed, but still only once.
    assert [s.id for s in read_sections(content)] == ["s1", None, "s99", None]


def test_a_revision_with_tracked_changes_is_read_as_accepted() -> None:
    def build(doc: DocxDocument) -> None:
        h = heading(doc, "Return ", "s1")
        tracked(h, "ins", "policy")
        p = doc.add_paragraph("States will ")
        tracked(p, "del", "consider ")
        tracked(p, "ins", "adopt ")
        p.add_run("common standards.")
        gone = doc.add_paragraph()
        tracked(gone, "del", "A paragraph the reviewer deleted.")
        doc.add_paragraph("Kept.")

    (section,) = read_sections(docx(build))

    assert section.title == "Return policy"
    assert section.text == "States will adopt common standards.\n\nKept."


def test_table_of_contents_and_page_numbers_are_left_out() -> None:
    def build(doc: DocxDocument) -> None:
        doc.add_paragraph("Contents", style="TOC Heading")
        toc = doc.add_paragraph()
        field_runs(toc, 'TOC \\o "1-3" \\h', "1. Introduction\t1")
        heading(doc, "Introduction", "s1")
        p = doc.add_paragraph("See the annex on page ")
        field_runs(p, "PAGE", "7")
        p.add_run(" of ")
        field_runs(p, "NUMPAGES", "12")
        q = doc.add_paragraph("Adopted in ")
        field_runs(q, "DATE \\@ yyyy", "2025")

    (section,) = read_sections(docx(build))

    assert section.title == "Introduction"
    assert section.text == "See the annex on page  of\n\nAdopted in 2025"


def test_a_table_of_contents_spanning_paragraphs_inside_a_section() -> None:
    def build(doc: DocxDocument) -> None:
        heading(doc, "Overview", "s1")
        first = doc.add_paragraph()
        for run in ("begin", "instr", "separate"):
            r = OxmlElement("w:r")
            if run == "instr":
                child = OxmlElement("w:instrText")
                child.text = "TOC \\o"
            else:
                child = OxmlElement("w:fldChar", {qn("w:fldCharType"): run})
            r.append(child)
            first._p.append(r)
        first.add_run("Overview ........ 2")
        doc.add_paragraph("Annex ........ 9")
        last = doc.add_paragraph()
        r = OxmlElement("w:r")
        r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))
        last._p.append(r)
        doc.add_paragraph("The real text.")

    (section,) = read_sections(docx(build))

    assert section.text == "The real text."


def test_every_section_keeps_its_text_through_markup() -> None:
    text = "Intro line\nnext line\n\n- a\n- b\n\n1. one\n2. two\n\n## Sub\n\n| h1 | h2 |\n| x | y |"

    def build(doc: DocxDocument) -> None:
        heading(doc, "Only", "s1")
        for block in markup.parse(text):
            match block:
                case markup.Paragraph(t):
                    doc.add_paragraph(t)
                case markup.Subheading(t):
                    doc.add_heading(t, level=2)
                case markup.ItemList(items, numbered):
                    for item in items:
                        doc.add_paragraph(item, style="List Number" if numbered else "List Bullet")
                case markup.Table(rows):
                    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
                    for r, row in enumerate(rows):
                        for c, cell in enumerate(row):
                            table.cell(r, c).text = cell

    (section,) = read_sections(docx(build))

    assert section.text == markup.canonical(text)


def test_no_heading_1_is_refused() -> None:
    def build(doc: DocxDocument) -> None:
        doc.add_heading("A title, not a section", level=0)
        doc.add_heading("Only a sub-heading", level=2)
        doc.add_paragraph("Text.")

    with pytest.raises(WordFileError) as caught:
        read_sections(docx(build))
    assert str(caught.value) == (
        "the document has no headings: use the Heading 1 style for each section title"
    )


def test_too_long_titles_and_sections_are_named() -> None:
    long_title = docx(lambda doc: heading(doc, "Migration " * 40))
    with pytest.raises(WordFileError, match=r'heading "Migration Migration.*300 characters'):
        read_sections(long_title)

    def build(doc: DocxDocument) -> None:
        heading(doc, "Annex")
        doc.add_paragraph("x" * (MAX_TEXT + 1))

    with pytest.raises(WordFileError, match=r'section "Annex" is too long.*200,000'):
        read_sections(docx(build))


# ---------------------------------------------------------------- annotations


SECTIONS = [
    Section(id="s1", title="Introduction", text="The Action Plan covers five thematic areas."),
    Section(id="s2", title="Legal migration", text="States exchange information."),
]


def test_comments_are_anchored_in_their_sections() -> None:
    def build(doc: DocxDocument) -> None:
        cover = doc.add_paragraph("Prague Process")
        doc.add_comment(cover.runs, "Which version is this?", "Anna Petrova")
        heading(doc, "1. Introduction", "s1")
        p = doc.add_paragraph("The Action Plan covers ")
        p.add_run("five thematic areas.")
        comment = doc.add_comment(p.runs[1], "Six areas since 2023.", "Anna")
        comment.add_paragraph("See the Vilnius declaration.")
        heading(doc, "2. Legal migration")  # no bookmark: found by its title
        table = doc.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "CZ"
        table.cell(0, 1).text = "лидер"
        doc.add_comment(table.cell(0, 1).paragraphs[0].runs, "Неверно.", "Олег")

    comments = read_annotations(docx(build), SECTIONS)

    assert [(c.section_id, c.text, c.proposed_text) for c in comments] == [
        (None, "Which version is this?", None),
        ("s1", "Six areas since 2023.\nSee the Vilnius declaration.", None),
        ("s2", "Неверно.", None),
    ]


def test_tracked_changes_become_proposed_texts() -> None:
    def build(doc: DocxDocument) -> None:
        heading(doc, "1. Introduction", "s1")
        p = doc.add_paragraph("The Action Plan covers ")
        tracked(p, "del", "five", author="Jan Novák")
        tracked(p, "ins", "six", author="Jan Novák")
        p.add_run(" thematic areas.")
        doc.add_paragraph("An unchanged paragraph.")
        heading(doc, "2. Legal migration", "s2")
        q = doc.add_paragraph("States exchange information")
        tracked(q, "ins", " every year", author="Ewa Kowalska")
        q.add_run(".")
        gone = doc.add_paragraph()
        tracked(gone, "del", "A sentence to drop.", author="Ewa Kowalska")

    comments = read_annotations(docx(build), SECTIONS)

    assert [(c.section_id, c.text, c.proposed_text) for c in comments] == [
        (
            "s1",
            'Proposed change by Jan Novák: "five" -> "six"',
            "The Action Plan covers six thematic areas.",
        ),
        (
            "s2",
            'Proposed change by Ewa Kowalska: inserted "every year"',
            "States exchange information every year.",
        ),
        ("s2", 'Proposed change by Ewa Kowalska: deleted "A sentence to drop."', None),
    ]


def test_replies_are_folded_into_their_comment() -> None:
    def build(doc: DocxDocument) -> None:
        heading(doc, "Introduction", "s1")
        p = doc.add_paragraph("The Action Plan covers five thematic areas.")
        first = doc.add_comment(p.runs, "Six areas?", "Anna")
        reply = doc.add_comment(p.runs, "Yes, six since 2023.", "Jan")
        # Word links a reply to its comment in commentsExtended, by paragraph ids.
        ids = {}
        for comment, para_id in ((first, "1A2B3C4D"), (reply, "5E6F7A8B")):
            comment._comment_elm.findall(qn("w:p"))[-1].set(f"{{{W14}}}paraId", para_id)
            ids[comment] = para_id
        root = etree.Element(f"{{{W15}}}commentsEx", nsmap={"w15": W15})
        etree.SubElement(root, f"{{{W15}}}commentEx", {f"{{{W15}}}paraId": ids[first]})
        etree.SubElement(
            root,
            f"{{{W15}}}commentEx",
            {f"{{{W15}}}paraId": ids[reply], f"{{{W15}}}paraIdParent": ids[first]},
        )
        part = Part(
            PackURI("/word/commentsExtended.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
            etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True),
            doc.part.package,
        )
        doc.part.relate_to(part, COMMENTS_EXTENDED)

    comments = read_annotations(docx(build), SECTIONS)

    assert [(c.section_id, c.text) for c in comments] == [
        ("s1", "Six areas?\nReply by Jan: Yes, six since 2023.")
    ]


def test_a_clean_file_has_no_annotations() -> None:
    assert read_annotations(docx(simple_draft), SECTIONS) == []


def test_more_than_500_annotations_are_refused() -> None:
    def build(doc: DocxDocument) -> None:
        heading(doc, "Introduction", "s1")
        p = doc.add_paragraph("Text")
        for n in range(501):
            doc.add_comment(p.runs, f"comment {n}", "Anna")

    with pytest.raises(WordFileError, match="501 comments and tracked changes; at most 500"):
        read_annotations(docx(build), SECTIONS)


# ---------------------------------------------------------------- files that are refused


def test_a_good_docx_passes() -> None:
    check_docx(docx(simple_draft))


def test_empty_and_too_big_files() -> None:
    assert rejected(b"").startswith("the file is empty")
    with pytest.raises(WordFileError) as caught:
        check_docx(b"PK" + bytes(MB + MB // 2), max_bytes=MB)
    assert str(caught.value).startswith("the file is 1.5 MB; the limit is 1 MB")


def test_files_that_are_not_docx() -> None:
    not_docx = "the file is not a Word document (.docx); open it in Word, save it as a .docx"
    assert rejected(b"Dear Secretariat,\nplease find our comments below.").startswith(not_docx)
    assert rejected(random.Random(7).randbytes(4096)).startswith(not_docx)
    assert rejected(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj").startswith("the file is a PDF")
    assert rejected(b"{\\rtf1\\ansi Hello}").startswith("the file is in Rich Text Format")


def test_encrypted_or_legacy_doc() -> None:
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(4088)
    assert rejected(ole) == (
        "the file is encrypted or in the old .doc format; save it as an unencrypted .docx "
        "and upload it again"
    )


def test_a_password_protected_zip() -> None:
    content = bytearray(docx(simple_draft))
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local, central
        at = content.find(signature)
        while at != -1:
            content[at + flags_at] |= 0x01  # the "encrypted" bit of every member
            at = content.find(signature, at + 4)
    assert rejected(bytes(content)).startswith("the file is encrypted or password-protected")


def test_a_zip_that_is_not_a_word_document() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("notes.txt", "hello")
    assert rejected(out.getvalue()).startswith("the file is not a Word document")
    no_body = rezip(docx(simple_draft), lambda n, d: None if n == "word/document.xml" else d)
    assert rejected(no_body).startswith("the file is not a Word document")


def test_zip_bombs_are_refused_from_the_directory() -> None:
    chunk = bytes(MB)
    # One member: 11 MB of zeros packed into ~11 KB trips the compression-ratio rule.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        with zf.open("word/media/image1.png", "w") as member:
            for _ in range(11):
                member.write(chunk)
    assert len(out.getvalue()) < 100_000
    assert "would unpack to more than 200 MB" in rejected(out.getvalue())
    # Many members under 10 MB each (no single one suspicious): 207 MB in all, ~1 MB packed.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        for n in range(23):
            with zf.open(f"word/media/image{n}.png", "w") as member:
                for _ in range(9):
                    member.write(chunk)
    assert len(out.getvalue()) < 2 * MB
    assert "would unpack to more than 200 MB" in rejected(out.getvalue())


def test_macros_are_refused() -> None:
    content = docx(simple_draft)
    with_vba = rezip(content, lambda n, d: d, extra=[("word/vbaProject.bin", b"\x00" * 64)])
    message = "the file contains macros (.docm); save it as a .docx without macros"
    assert rejected(with_vba) == message

    def macro_type(name: str, data: bytes) -> bytes:
        if name != "[Content_Types].xml":
            return data
        root = etree.fromstring(data)
        for el in root:
            if el.get("PartName") == "/word/document.xml":
                el.set("ContentType", "application/vnd.ms-word.document.macroEnabled.main+xml")
        return etree.tostring(root)

    assert rejected(rezip(content, macro_type)) == message


def test_a_damaged_member() -> None:
    def damage(name: str, data: bytes) -> bytes:
        return data[: len(data) // 2] if name == "word/document.xml" else data

    assert rejected(rezip(docx(simple_draft), damage)).startswith(
        "the file is damaged and cannot be read"
    )


def test_bad_files_are_refused_by_the_readers_too() -> None:
    with pytest.raises(WordFileError, match="PDF"):
        read_sections(b"%PDF-1.4")
    with pytest.raises(WordFileError, match="old .doc format"):
        read_annotations(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(512), SECTIONS)
