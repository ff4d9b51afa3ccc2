"""The one diff of two versions (word/diff.py): what the compare page shows and the redline
.docx tracks."""

from __future__ import annotations

from models.base import Section
from models.domain import ArtifactKind
from tests.word.samples import V1, V2, request
from tests.word.test_kinds import _resolve, _unchanged
from word.diff import Piece, Status, accepted, compare, text_diff, word_diff
from word.documents import render_draft
from word.model import Change

INS, DEL = Change.INSERTED, Change.DELETED


def test_words_inserted_and_deleted_keep_the_rest_unchanged() -> None:
    pieces = word_diff("Returns in dignity and safety.", "Returns in safety and dignity, soon.")
    assert "".join(p.text for p in pieces if p.change != DEL) == (
        "Returns in safety and dignity, soon."
    )
    assert "".join(p.text for p in pieces if p.change != INS) == "Returns in dignity and safety."
    assert pieces[0] == Piece("Returns in ")
    assert Piece(",", INS) in pieces or any(p.change == INS and "," in p.text for p in pieces)
    assert word_diff("same", "same") == [Piece("same")]


def test_sections_matched_by_id_added_removed_changed_and_retitled() -> None:
    diffs = compare(V1, V2)
    status = {d.id: d.status for d in diffs}
    assert status == {
        "s1": Status.CHANGED,
        "s2": Status.CHANGED,
        "s3": Status.REMOVED,
        "s4": Status.ADDED,
    }
    s1 = diffs[0]
    assert s1.title_changed and s1.title == (Piece("Purpose"), Piece(" and scope", INS))
    first = s1.blocks[0]
    assert first.change is None and Piece(" participating", INS) in first.pieces
    assert [b.kind for b in s1.blocks] == ["body", "bullet", "bullet", "bullet"]
    assert s1.blocks[-1].change == INS and s1.blocks[-1].text == "training"
    removed = next(d for d in diffs if d.status == Status.REMOVED)
    assert removed.new is None and all(b.change == DEL for b in removed.blocks)
    # accepting every change gives the new version, title and blocks
    titles = [title for title, _ in accepted(diffs)]
    assert titles == [s.title for s in V2]


def test_a_table_changes_whole_and_a_numbered_list_item_word_by_word() -> None:
    blocks = text_diff(
        "| A | B |\n| 1 | 2 |\n\n1. States report yearly.\n2. Data shared.",
        "| A | B |\n| 1 | 3 |\n\n1. States report twice a year.\n2. Data shared.",
    )
    kinds = [(b.kind, b.change) for b in blocks]
    assert kinds == [("table", DEL), ("table", INS), ("number", None), ("number", None)]
    assert blocks[1].table is not None and blocks[1].table.rows[1] == ("1", "3")
    assert Piece("yearly", DEL) in blocks[2].pieces and not blocks[3].changed


def test_a_moved_section_is_where_it_was_and_where_it_is() -> None:
    a = Section(id="a", title="Scope", text="Who it covers.")
    b = Section(id="b", title="Return", text="Returns in dignity.")
    c = Section(id="c", title="Annex", text="Tables.")
    d = Section(id="d", title="Glossary", text="Terms.")
    moved_b = b.model_copy(update={"text": "Returns in dignity and safety."})
    old, new = [a, b, c, d], [a, c, d, moved_b]
    diffs = compare(old, new)
    assert [(x.id, x.status) for x in diffs] == [
        ("a", Status.SAME),
        ("b", Status.MOVED_AWAY),
        ("c", Status.SAME),
        ("d", Status.SAME),
        ("b", Status.MOVED),
    ]
    moved = diffs[-1]
    assert (moved.old_number, moved.new_number) == (2, 4)
    assert Piece(" and safety", INS) in moved.blocks[0].pieces
    assert diffs[1].old_number == 2 and diffs[1].new_number == 4
    # in Word: accept all gives the new order, reject all the old
    req = request(ArtifactKind.REDLINE).model_copy(
        update={"sections": new, "previous_sections": old}
    )
    content = render_draft(req)[0]
    assert _resolve(content, keep="ins") == _resolve(_unchanged(new), keep="ins")
    assert _resolve(content, keep="del") == _resolve(_unchanged(old), keep="ins")


def test_unchanged_versions_compare_the_same() -> None:
    diffs = compare(V1, V1)
    assert all(d.status == Status.SAME and not d.changed for d in diffs)
    assert not any(b.changed for d in diffs for b in d.blocks)
