"""Checking a Word file that people upload before anything reads it: size limits, a zip bomb
judged from the zip directory alone, and every kind of file that is not a plain .docx (an old
.doc, a PDF, an encrypted or macro-enabled file, a template...). Every message is written for
the person who uploaded the file and shown as is."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx import Document
from lxml import etree

MB = 1024 * 1024
MAX_UNPACKED = 200 * MB  # all members together, as the zip directory declares them
MAX_RATIO = 100  # a member this many times smaller packed than unpacked...
MAX_RATIO_SIZE = 10 * MB  # ...and bigger than this unpacked is a zip bomb
MAX_MEMBERS = 10_000

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"

# The one XML parser for uploaded parts: no entities, no network, no DTD.
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


class WordFileError(ValueError):
    """A Word file that cannot be used; the message is written for the person who uploaded it."""


def _mb(size: int) -> str:
    return f"{size / MB:.0f} MB" if size % MB == 0 else f"{size / MB:.1f} MB"


DAMAGED = (
    "the file is damaged and cannot be read; open it in Word, save it again as a .docx "
    "and upload it again"
)


def _content_types(zf: zipfile.ZipFile) -> list[str]:
    try:
        root = etree.fromstring(zf.read("[Content_Types].xml"), SAFE_XML)
    except KeyError:
        return []
    except Exception as exc:  # a bad CRC, an unknown compression, broken XML
        raise WordFileError(DAMAGED) from exc
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


def open_docx(content: bytes, max_bytes: int = 20 * MB) -> Any:
    """The python-docx document of a checked upload (WordFileError if it is not usable)."""
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
        raise WordFileError(DAMAGED) from exc
    if body is None:
        raise WordFileError(DAMAGED)
    return doc


def check_docx(content: bytes, *, max_bytes: int = 20 * MB) -> None:
    """Raise WordFileError unless `content` is a .docx that is safe and readable."""
    open_docx(content, max_bytes)
