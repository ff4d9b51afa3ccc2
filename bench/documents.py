"""`make bench`, Word part: a 200-page migration profile and a 1,000-comment matrix, each timed
against python-docx writing the same number of plain paragraphs / table cells in the same run.

Goal: the profile under 1 s, the matrix under 1 s. The baseline shows what python-docx itself
costs for the same amount of content, so a slow machine reads as slow in both columns.
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable

from docx import Document

from models.api import DraftStart
from models.base import Section
from models.contracts.draft import DraftComment, DraftState, VersionRecord
from models.domain import ArtifactKind, CommentKind, Position
from models.profile import PROFILE_SECTIONS
from tests.word.samples import NOW
from word.documents import render_draft
from word.markup import parse
from workflows.draft_state import document_request

RUNS = 5
WORDS = (
    "labour migration remittances diaspora return readmission asylum integration statistics "
    "border management visa policy employment circular mobility data cooperation"
).split()


def sentence(i: int, n: int = 90) -> str:
    return " ".join(WORDS[(i * 7 + k) % len(WORDS)] for k in range(n)).capitalize() + "."


def profile_state() -> DraftState:
    """About 200 A4 pages: 10 EMP sections of 100 paragraphs plus 5 statistical tables each."""
    start = DraftStart(
        title="Extended Migration Profile of Armenia",
        lead_state="AM",
        document_type="migration_profile",
        country="AM",
        slug="emp-am",
    )
    sections = []
    for s, template in enumerate(PROFILE_SECTIONS):
        blocks = []
        for p in range(100):
            blocks.append(sentence(s * 100 + p))
            if p % 20 == 19:
                rows = ["| Indicator | 2021 | 2022 | 2023 | 2024 | 2025 |"]
                rows += [
                    f"| Indicator {r} | {r} | {r + 1} | {r + 2} | {r + 3} | {r + 4} |"
                    for r in range(12)
                ]
                blocks.append("\n".join(rows))
        sections.append(Section(id=template.id, title=template.title_en, text="\n\n".join(blocks)))
    findings = [
        DraftComment(
            comment_id=f"m-{i}",
            round_number=0,
            participant_id="AM",
            kind=CommentKind.MISSION_FINDING,
            section_id=t.id,
            text=sentence(i, 40),
        )
        for i, t in enumerate(PROFILE_SECTIONS)
    ]
    return DraftState(
        meta=start.meta(),
        started_at=NOW,
        updated_at=NOW,
        comments=findings,
        versions=[VersionRecord(number=1, created_at=NOW, sections=sections)],
    )


def matrix_state() -> tuple[DraftState, list[DraftComment]]:
    state = profile_state()
    comments = [
        DraftComment(
            comment_id=f"c{i:04}",
            round_number=1,
            participant_id=f"P{i % 50:02}",
            kind=CommentKind.SECTION,
            section_id=PROFILE_SECTIONS[i % 10].id,
            text=sentence(i, 25),
            proposed_text=sentence(i + 1, 12),
            position=Position.COMMENTS,
        )
        for i in range(1000)
    ]
    return state, comments


def best(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)  # type: ignore[return-value]


def plain_paragraphs(texts: list[str]) -> None:
    doc = Document()
    for text in texts:
        doc.add_paragraph(text)
    doc.save(io.BytesIO())


def plain_cells(rows: int, cols: int, text: str) -> None:
    doc = Document()
    table = doc.add_table(rows=rows, cols=cols)
    for cell in table._cells:
        cell.text = text
    doc.save(io.BytesIO())


def main() -> None:
    state = profile_state()
    profile = document_request(state, ArtifactKind.MIGRATION_PROFILE, NOW)
    content, _ = render_draft(profile)
    paragraphs = [b for s in state.current_sections for b in parse(s.text)]
    texts = [getattr(b, "text", "table") for b in paragraphs]
    cells = sum(len(getattr(b, "rows", ())) * 6 for b in paragraphs)
    ours = best(lambda: render_draft(profile))
    base = best(lambda: (plain_paragraphs(texts), plain_cells(cells // 6, 6, "12")))
    print(
        f"Word: 200-page migration profile ({len(texts)} blocks, {cells} table cells, "
        f"{len(content) // 1024} KB), best/median of {RUNS}"
    )
    print(f"  ppflow render_draft            {ours[0]:.3f} s / {ours[1]:.3f} s   goal < 1 s")
    print(f"  python-docx plain, same amount {base[0]:.3f} s / {base[1]:.3f} s")

    state, comments = matrix_state()
    matrix = document_request(state, ArtifactKind.COMMENT_COMPILATION, NOW, comments=comments)
    ours = best(lambda: render_draft(matrix))
    base = best(lambda: plain_cells(1000, 8, "comment text"))
    print(f"Word: 1,000-comment matrix (8,000 cells), best/median of {RUNS}")
    print(f"  ppflow render_draft            {ours[0]:.3f} s / {ours[1]:.3f} s   goal < 1 s")
    print(f"  python-docx plain, same cells  {base[0]:.3f} s / {base[1]:.3f} s")


if __name__ == "__main__":
    main()
