"""Every kind of document in English and Russian as LibreOffice lays it out (PDF, read back with
pdftotext): what a reader of the printed page would notice.

All files convert in one soffice run with a private profile (CI installs LibreOffice; without
it these tests skip).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

from models.domain import ArtifactKind, Language
from tests.word.samples import LONG, meeting_request, request
from tests.word.test_kinds import ALL_KINDS, MEETING_KINDS, build
from word.kinds import DRAFT_BUILDERS
from word.labels import _PHRASES
from word.meeting import meeting_document
from word.model import Table

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler (pdftotext) are not installed",
)

# Pages a Secretariat would expect of the samples (tests/word/samples.py).
PAGES: dict[ArtifactKind, tuple[int, int]] = {
    ArtifactKind.DRAFT_VERSION: (2, 3),
    ArtifactKind.COMMENT_COMPILATION: (1, 2),
    ArtifactKind.POSITION_REGISTER: (1, 1),
    ArtifactKind.REDLINE: (2, 3),
    ArtifactKind.FINAL_TEXT: (2, 3),
    ArtifactKind.MIGRATION_PROFILE: (2, 3),
    ArtifactKind.PROCEDURAL_RECORD: (2, 3),
    ArtifactKind.MEETING_AGENDA: (1, 1),
    ArtifactKind.MEETING_CONCLUSIONS: (1, 1),
}
CASES = [(kind, language) for kind in ALL_KINDS for language in Language]
WORD_RE = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)')
# Enum values (no_objection, all_answered) and workflow ids (draft-…, meeting-…), never words.
RAW_VALUE = re.compile(r"\b[a-z]+_[a-z_]+\b|(?<![\w/-])(?:draft|meeting|round)-[a-z0-9]")


@dataclass
class Printed:
    text: str  # pdftotext -layout
    pages: list[list[tuple[float, float, str]]]  # per page: words with their left and top


def _printed(pdf: Path) -> Printed:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [
        [(float(x), float(y), _unescape(w)) for x, y, w in WORD_RE.findall(page)]
        for page in boxes.split("<page ")[1:]
    ]
    return Printed(text, pages)


def _unescape(word: str) -> str:
    return (
        word.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    )


@pytest.fixture(scope="module")
def printed(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[ArtifactKind, Language], Printed]:
    folder = tmp_path_factory.mktemp("rendered")
    names = {}
    for kind, language in CASES:
        content, filename = build(kind, language)
        (folder / filename).write_bytes(content)
        names[kind, language] = folder / filename
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "pdf"),
            *map(str, names.values()),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {
        case: _printed(folder / "pdf" / path.with_suffix(".pdf").name)
        for case, path in names.items()
    }


def _tables(kind: ArtifactKind, language: Language) -> list[Table]:
    if kind in MEETING_KINDS:
        model = meeting_document(meeting_request(kind, language))
    else:
        model = DRAFT_BUILDERS[kind](request(kind, language))
    return [b for b in model.blocks if isinstance(b, Table)]


def _broken(word: str, page: list[tuple[float, float, str]]) -> str | None:
    """`word` printed in two pieces, one under the other at the same left edge ("Roun" / "d")."""
    for k in range(1, len(word)):
        head, tail = word[:k], word[k:]
        for x, y, w in page:
            if w != head:
                continue
            if any(t == tail and abs(tx - x) < 2 and 0 < ty - y < 30 for tx, ty, t in page):
                return f"{head} / {tail}"
    return None


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_table_headings_are_never_broken_inside_a_word(
    printed: dict[tuple[ArtifactKind, Language], Printed], kind: ArtifactKind, language: Language
) -> None:
    words = {w for table in _tables(kind, language) for c in table.columns for w in c.title.split()}
    pages = printed[kind, language].pages
    broken = [b for w in sorted(words) if len(w) > 1 for p in pages if (b := _broken(w, p))]
    assert not broken, f"{kind.value} ({language.value}): headings broken: {broken}"


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_no_raw_value_workflow_id_or_address_is_printed(
    printed: dict[tuple[ArtifactKind, Language], Printed], kind: ArtifactKind, language: Language
) -> None:
    text = printed[kind, language].text
    assert not RAW_VALUE.findall(text), f"{kind.value} ({language.value})"
    assert "@" not in text, f"{kind.value} ({language.value}) prints an e-mail address"


def _furniture(language: Language) -> set[str]:
    """The fixed words of documents in one language (parts between placeholders)."""
    i = 0 if language == Language.EN else 1
    parts = {p.strip(" .,:;—()«»") for v in _PHRASES.values() for p in re.split(r"\{\w+\}", v[i])}
    return {p for p in parts if len(re.sub(r"\W", "", p)) >= 5}


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_no_furniture_of_the_other_language(
    printed: dict[tuple[ArtifactKind, Language], Printed], kind: ArtifactKind, language: Language
) -> None:
    other = Language.RU if language == Language.EN else Language.EN
    text = " ".join(printed[kind, language].text.split())
    found = sorted(p for p in _furniture(other) if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text))
    assert not found, f"{kind.value} ({language.value}) prints {found}"


@pytest.mark.parametrize(("kind", "language"), CASES)
def test_page_count_is_what_a_reader_expects(
    printed: dict[tuple[ArtifactKind, Language], Printed], kind: ArtifactKind, language: Language
) -> None:
    low, high = PAGES[kind]
    pages = len(printed[kind, language].pages)
    assert low <= pages <= high, f"{kind.value} ({language.value}): {pages} pages"


@pytest.mark.parametrize("language", list(Language))
def test_a_compilation_starts_with_its_comments_on_the_first_page(
    printed: dict[tuple[ArtifactKind, Language], Printed], language: Language
) -> None:
    first = printed[ArtifactKind.COMMENT_COMPILATION, language].text.split("\f")[0]
    heading = "Comments and their resolution" if language == Language.EN else "Замечания и решения"
    assert heading in first


def test_the_procedural_record_lists_each_step_once(
    printed: dict[tuple[ArtifactKind, Language], Printed],
) -> None:
    text = " ".join(printed[ArtifactKind.PROCEDURAL_RECORD, Language.EN].text.split())
    assert text.count("Comment round 1 opened on version 1") == 1
    assert text.count("Comment round 1 closed") == 1
    assert "Hungary passed its link on to a colleague: B" in text
    russian = " ".join(printed[ArtifactKind.PROCEDURAL_RECORD, Language.RU].text.split())
    assert russian.count("Открыт раунд замечаний 1") == 1
    assert "Подпись" in russian


@pytest.mark.parametrize("language", list(Language))
def test_a_long_reference_on_the_agenda_takes_at_most_four_lines(
    printed: dict[tuple[ArtifactKind, Language], Printed], language: Language
) -> None:
    reference = LONG.meta().reference
    (page,) = printed[ArtifactKind.MEETING_AGENDA, language].pages
    top = next(y for _, y, w in page if w.startswith("PP/ACTION"))
    ys = sorted({round(y) for _, y, w in page if y >= top and len(w) > 2 and w in reference})
    lines = 1 + next((i for i, (a, b) in enumerate(pairwise(ys)) if b - a > 15), len(ys) - 1)
    assert lines <= 4, f"{reference} takes {lines} lines"
