"""Full-text search over drafts, every version's sections, comments (proposed texts too),
dispositions, decisions' notes and meetings, and each draft's latest translation into the other
language (its title and sections, found as a draft and as sections, with their `language`): one
function, `search`, for the page, the API and the command line.

The index is models/db_search.py (SQLite FTS5 kept by triggers; PostgreSQL GIN expression
indexes). A search runs in two steps: the matching rows the principal may see, ranked (bm25 on
SQLite, ts_rank on PostgreSQL; a title counts more than a body), at most `CAP` of them; then,
for the page shown only, the highlighted passages (FTS5 `snippet`/`highlight`, PostgreSQL
`ts_headline`). A passage comes back from the database with two control characters around each
hit; `marked` escapes everything else and turns only those into `<mark>`, so nothing a user
stored ever reaches a page as markup.

A drafting state finds only what belongs to its own drafts (lead or co-lead) and the meetings,
which every signed-in user sees; observers and the Secretariat find everything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

from markupsafe import Markup, escape
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.orm import Session

from models.db import CommentRow, DecisionRow, Draft, Meeting, SectionRow
from models.db_search import (
    ALL_SOURCES,
    BY_CODE,
    BY_KIND,
    CODES,
    FTS_TABLE,
    PG_ANGLES,
    PG_CONFIG,
    SOURCES,
    Source,
    pg_document,
    pg_text,
    sqlite_fill,
)
from models.db_translations import DraftTranslation, SectionTranslation
from models.domain import Route
from ppflow.accounts import Principal, Role
from ppflow.service import Invalid

Kind = Literal["draft", "section", "comment", "disposition", "decision", "meeting"]
KINDS: tuple[str, ...] = tuple(s.kind for s in SOURCES)
MAX_QUERY = 200  # characters
MAX_TERMS = 12
MAX_LIMIT = 50
MAX_OFFSET = 1000
CAP = 1000  # matching rows ranked at most; more are "1000+"
START, STOP = "\x02", "\x03"  # around a hit, in a passage from the database
NOTHING = "nothing to search for: type a word (letters or digits)"

_WORD = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_MARKS = re.compile(f"([{START}{STOP}])")
_SPACE = re.compile(r"\s+")
# Russian inflectional endings, longest first: SQLite has no Russian stemmer, so a Russian word
# is looked up as a prefix of its stem ("миграционной" -> "миграционн*" finds "миграционная").
_ENDINGS = sorted(
    (
        "иями ями ами ого его ому ему ыми ими ией ия ие ий ый ой ая яя ое ее ые ых их ую юю "
        "ом ем ам ям ах ях ов ев ей ью ию а я о е ы и у ю ь й"
    ).split(),
    key=len,
    reverse=True,
)


class SearchHit(BaseModel):
    kind: Kind
    title: str = Field(description="The draft's or the meeting's title.")
    heading: str = Field(
        default="",
        description="What the link says: a section (number, title), a draft's or a "
        "meeting's title; empty for a comment, a disposition, a decision (shown by `title`).",
    )
    passage: str = Field(description="The matching passage, plain text.")
    passage_html: str = Field(description="The passage, HTML-escaped, each hit in <mark>.")
    heading_html: str = Field(default="", description="The heading, escaped, hits in <mark>.")
    url: str = Field(description="The page of the draft's section, comment or the meeting.")
    draft_id: str | None = None
    meeting_id: str | None = None
    section_id: str | None = None
    language: str | None = Field(
        default=None,
        description="The language of the translation found (en, ru); none for "
        "the draft's own text.",
    )
    comment_id: str | None = None
    version: int | None = Field(default=None, description="The section's newest matching version.")
    participant_id: str | None = Field(default=None, description="Who commented.")
    rank: float


class SearchPage(BaseModel):
    query: str
    kind: Kind | None = None
    total: int = Field(description="Matches found (at most 1000 are counted).")
    more: bool = Field(description="More than `total` matched.")
    limit: int
    offset: int
    hits: list[SearchHit]


# ---------------------------------------------------------------- the query a user types


def terms_of(query: str) -> list[str]:
    """The words of a free text (letters and digits; quotes, hyphens, `*`, `NEAR`... are only
    separators or plain words), at most MAX_TERMS of them."""
    return _WORD.findall(query.replace("_", " "))[:MAX_TERMS]


def russian_stem(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def fts5_query(terms: Sequence[str]) -> str:
    """An FTS5 query of plain terms (all must match): each quoted, so no word is syntax; a
    Russian word as the prefix of its stem."""
    parts = []
    for term in terms:
        if _CYRILLIC.search(term):
            parts.append(f'"{russian_stem(term.lower())}" *')
        else:
            parts.append(f'"{term}"')
    return " ".join(parts)


def checked(query: str) -> list[str]:
    if len(query) > MAX_QUERY:
        raise Invalid(f"the search text is too long: at most {MAX_QUERY} characters")
    terms = terms_of(query)
    if not terms:
        raise Invalid(NOTHING)
    return terms


# ---------------------------------------------------------------- passages


_TABLE_RULE = re.compile(r"(?:\s*\|)+\s*")  # a table's cells in a section's text
_HEADING = re.compile(r"(?:^|(?<=\s))#{1,6}\s+")  # "## Asylum" in a section's text


def _tidy(passage: str | None) -> str:
    """A passage as a sentence: a table's cell rules and heading marks of the stored text
    become separators, so "| 2022 | 2023 |" reads "2022 · 2023"."""
    text = _HEADING.sub("", passage or "")
    text = _TABLE_RULE.sub(" · ", text)
    return _SPACE.sub(" ", text).strip(" ·")


def marked(passage: str | None) -> Markup:
    """A passage with hits between START and STOP as safe HTML: everything escaped, the hits in
    <mark> (always closed, whatever control characters the stored text held)."""
    out: list[str] = []
    inside = False
    for piece in _MARKS.split(_tidy(passage)):
        if piece == START:
            if not inside:
                out.append("<mark>")
                inside = True
        elif piece == STOP:
            if inside:
                out.append("</mark>")
                inside = False
        elif piece:
            out.append(str(escape(piece)))
    if inside:
        out.append("</mark>")
    return Markup("".join(out))  # noqa: S704 - every piece is escaped; only <mark> is added


def plain(passage: str | None) -> str:
    return _tidy(_MARKS.sub("", passage or ""))


# ---------------------------------------------------------------- step 1: what matches


@dataclass
class Match:
    code: int
    ref: str
    rank: float
    draft_id: str | None
    group: str | None  # a section's id: its versions are one result
    version: int | None


def _visible(principal: Principal) -> tuple[str, dict[str, Any]]:
    """The SQL condition on the joined draft `d` (and the match `u`) for what the principal sees."""
    if principal.role != Role.DRAFTING_STATE or principal.participant_id is None:
        return "1 = 1", {}
    me = principal.participant_id
    escaped = me.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    condition = (
        f"(u.code = {BY_KIND['meeting'].code} OR d.lead_state = :me "
        "OR (',' || coalesce(d.co_lead_states, '') || ',') LIKE :me_like ESCAPE '\\')"
    )
    return condition, {"me": me, "me_like": f"%,{escaped},%"}


_COLUMNS = {  # per source table: its draft id, its group (a section) and its version
    "drafts": ("x.id", "NULL", "NULL"),
    "sections": ("x.draft_id", "x.section_id", "x.version"),
    "comments": ("x.draft_id", "NULL", "NULL"),
    "dispositions": ("c.draft_id", "NULL", "NULL"),
    "decisions": ("x.draft_id", "NULL", "NULL"),
    "meetings": ("NULL", "NULL", "NULL"),
    "section_translations": ("x.draft_id", "x.language || ':' || x.section_id", "x.based_on"),
    "draft_translations": ("x.draft_id", "NULL", "NULL"),
}
_INTEGER_KEYS = ("sections", "decisions", "section_translations", "draft_translations")


def _join(source: Source) -> str:
    if source.kind == "disposition":
        return f"JOIN {source.table} x ON {{on}} JOIN comments c ON c.id = x.comment_id"
    return f"JOIN {source.table} x ON {{on}}"


def _sqlite_matches(session: Session, terms: list[str], sources: list[Source]) -> str:
    parts = []
    for s in sources:
        draft, group, version = _COLUMNS[s.table]
        join = _join(s).format(on=f"x.rowid = h.fid / {CODES}")
        parts.append(
            f"SELECT {s.code} AS code, CAST(x.{s.key} AS TEXT) AS ref, h.rank AS rank, "
            f"{draft} AS draft_id, {group} AS grp, {version} AS version FROM hits h {join} "
            f"WHERE h.fid % {CODES} = {s.code}"
        )
    return (
        f"WITH hits AS MATERIALIZED (SELECT rowid AS fid, -bm25({FTS_TABLE}, 4.0, 1.0) AS rank "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q) "
        "SELECT u.* FROM (" + " UNION ALL ".join(parts) + ") u"
    )


def _pg_matches(session: Session, terms: list[str], sources: list[Source]) -> str:
    parts = []
    for s in sources:
        draft, group, version = _COLUMNS[s.table]
        document = pg_document(s, "x.")
        join = " JOIN comments c ON c.id = x.comment_id" if s.kind == "disposition" else ""
        parts.append(
            f"SELECT {s.code} AS code, CAST(x.{s.key} AS TEXT) AS ref, "
            f"ts_rank({document}, tq.q) AS rank, {draft} AS draft_id, {group} AS grp, "
            f"{version} AS version FROM {s.table} x{join} "
            f"CROSS JOIN (SELECT plainto_tsquery('{PG_CONFIG}', :q) AS q) tq "
            f"WHERE {document} @@ tq.q"
        )
    return "SELECT u.* FROM (" + " UNION ALL ".join(parts) + ") u"


def matches(
    session: Session, principal: Principal, terms: list[str], kinds: Sequence[str] | None
) -> list[Match]:
    """The matching rows the principal may see, best first, at most CAP."""
    sources = [s for s in ALL_SOURCES if not kinds or s.kind in kinds]
    postgres = session.get_bind().dialect.name == "postgresql"
    inner = (_pg_matches if postgres else _sqlite_matches)(session, terms, sources)
    condition, values = _visible(principal)
    sql = (
        f"{inner} LEFT JOIN drafts d ON d.id = u.draft_id WHERE {condition} "
        "ORDER BY u.rank DESC, u.code, u.ref LIMIT :cap"
    )
    query = " ".join(terms) if postgres else fts5_query(terms)
    rows = session.execute(text(sql), {"q": query, "cap": CAP, **values})
    return [Match(r.code, r.ref, float(r.rank), r.draft_id, r.grp, r.version) for r in rows]


def _one_per_section(found: list[Match]) -> list[Match]:
    """A section matched in several versions is one result: its newest matching version, at
    the place of its best."""
    out: list[Match] = []
    seen: dict[tuple[str | None, str], Match] = {}
    for m in found:
        if m.group is None:
            out.append(m)
            continue
        key = (m.draft_id, m.group)
        first = seen.get(key)
        if first is None:
            seen[key] = m
            out.append(m)
        elif (m.version or 0) > (first.version or 0):
            first.ref, first.version = m.ref, m.version
    return out


# ---------------------------------------------------------------- step 2: the page's passages


def _sqlite_passages(session: Session, terms: list[str], page: list[Match]) -> dict[int, Any]:
    fids = {}
    for m in page:
        s = BY_CODE[m.code]
        row = session.execute(
            text(f"SELECT rowid FROM {s.table} WHERE {s.key} = :ref"), {"ref": _key(s, m.ref)}
        ).first()
        if row is not None:
            fids[row[0] * CODES + m.code] = m
    if not fids:
        return {}
    marks = {"a": START, "b": STOP, "q": fts5_query(terms)}
    rows = session.execute(
        text(
            f"SELECT rowid, highlight({FTS_TABLE}, 0, :a, :b), "
            f"snippet({FTS_TABLE}, 1, :a, :b, '…', 24) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH :q AND rowid IN ({', '.join(map(str, fids))})"
        ),
        marks,
    )
    return {id(fids[r[0]]): (r[1], r[2]) for r in rows}


def _key(source: Source, ref: str) -> Any:
    return int(ref) if source.table in _INTEGER_KEYS else ref


def _pg_passages(session: Session, terms: list[str], page: list[Match]) -> dict[int, Any]:
    options = f"StartSel={START}, StopSel={STOP}"
    out = {}
    for m in page:
        s = BY_CODE[m.code]
        row = session.execute(
            text(
                f"SELECT ts_headline('{PG_CONFIG}', {pg_text(s.title_sql('x.'))}, tq.q, "
                f"'{options}, HighlightAll=true'), "
                f"ts_headline('{PG_CONFIG}', {pg_text(s.body_sql('x.'))}, tq.q, "
                f"'{options}, MaxWords=30, MinWords=12, MaxFragments=2, "
                f'FragmentDelimiter=" … "\') '
                f"FROM {s.table} x CROSS JOIN (SELECT plainto_tsquery('{PG_CONFIG}', :q) AS q) tq "
                f"WHERE x.{s.key} = :ref"
            ),
            {"q": " ".join(terms), "ref": _key(s, m.ref)},
        ).first()
        if row is not None:
            out[id(m)] = (_angles(row[0]), _angles(row[1]))
    return out


_BACK = str.maketrans(PG_ANGLES, "<>")


def _angles(passage: str | None) -> str:
    return (passage or "").translate(_BACK)


def _titled(title_hl: str, title: str) -> str:
    """The title with its hits marked (the title itself, escaped, when the database gave none)."""
    return str(marked(title_hl)) if plain(title_hl) else str(escape(title))


def _hit(session: Session, m: Match, title_hl: str, body_hl: str) -> SearchHit | None:
    source = BY_CODE[m.code]
    kind = source.kind
    base: dict[str, Any] = {
        "kind": kind,
        "passage": plain(body_hl),
        "passage_html": str(marked(body_hl)),
        "rank": round(m.rank, 6),
        "draft_id": m.draft_id,
    }
    draft = session.get(Draft, m.draft_id) if m.draft_id else None
    if kind == "meeting":
        meeting = session.get(Meeting, m.ref)
        if meeting is None:
            return None
        return SearchHit(
            **base,
            title=meeting.title,
            heading=meeting.title,
            heading_html=_titled(title_hl, meeting.title),
            meeting_id=meeting.id,
            url=f"/meetings/{_q(meeting.id)}",
        )
    if draft is None:
        return None
    page = f"/drafts/{_q(draft.id)}"
    if source.table in ("draft_translations", "section_translations"):
        return _translated(session, m, base, draft.title, page, title_hl)
    if kind == "draft":
        return SearchHit(
            **base,
            title=draft.title,
            heading=draft.title,
            heading_html=_titled(title_hl, draft.title),
            url=page,
        )
    if kind == "section":
        section = session.get(SectionRow, int(m.ref))
        if section is None:
            return None
        number = section.position + 1
        return SearchHit(
            **base,
            title=draft.title,
            heading=f"{number}. {section.title}",
            heading_html=f"{number}. {_titled(title_hl, section.title)}",
            section_id=section.section_id,
            version=section.version,
            url=f"{page}#section-{_q(section.section_id)}",
        )
    if kind in ("comment", "disposition"):
        comment = session.get(CommentRow, m.ref)
        if comment is None:
            return None
        return SearchHit(
            **base,
            title=draft.title,
            comment_id=comment.id,
            participant_id=comment.participant_id,
            url=f"{page}#comment-{_q(comment.id)}",
        )
    decision = session.get(DecisionRow, int(m.ref))
    if decision is None:
        return None
    by_meeting = decision.route == Route.MEETING.value
    return SearchHit(
        **base,
        title=draft.title,
        meeting_id=decision.source_id if by_meeting else None,
        url=f"/meetings/{_q(decision.source_id)}" if by_meeting else page,
    )


def _translated(
    session: Session, m: Match, base: dict[str, Any], title: str, page: str, title_hl: str
) -> SearchHit | None:
    """A hit in a draft's translation: its title (as a draft) or one of its sections."""
    if BY_CODE[m.code].table == "draft_translations":
        head = session.get(DraftTranslation, int(m.ref))
        if head is None:
            return None
        return SearchHit(
            **base,
            title=title,
            heading=head.title,
            heading_html=_titled(title_hl, head.title),
            language=head.language,
            url=page,
        )
    section = session.get(SectionTranslation, int(m.ref))
    if section is None:
        return None
    number = section.position + 1
    return SearchHit(
        **base,
        title=title,
        heading=f"{number}. {section.title}",
        heading_html=f"{number}. {_titled(title_hl, section.title)}",
        section_id=section.section_id,
        version=section.based_on,
        language=section.language,
        url=f"{page}#section-{_q(section.section_id)}",
    )


def _q(value: str) -> str:
    return quote(value, safe="")


# ---------------------------------------------------------------- the one function


def search(
    session: Session,
    principal: Principal,
    query: str,
    limit: int = 20,
    offset: int = 0,
    kinds: Sequence[str] | None = None,
) -> SearchPage:
    """One page of what `query` finds that `principal` may see, best first. Invalid (422) for
    a text with no word in it or over MAX_QUERY characters, or an unknown kind."""
    terms = checked(query)
    if kinds and any(k not in KINDS for k in kinds):
        raise Invalid(f"kind: one of {', '.join(KINDS)}")
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, MAX_OFFSET))
    found = matches(session, principal, terms, kinds)
    results = _one_per_section(found)
    page = results[offset : offset + limit]
    postgres = session.get_bind().dialect.name == "postgresql"
    passages = (_pg_passages if postgres else _sqlite_passages)(session, terms, page)
    hits = []
    for m in page:
        title_hl, body_hl = passages.get(id(m), ("", ""))
        hit = _hit(session, m, title_hl or "", body_hl or "")
        if hit is not None:
            hits.append(hit)
    return SearchPage(
        query=query,
        kind=kinds[0] if kinds and len(kinds) == 1 else None,  # type: ignore[arg-type]
        total=len(results),
        more=len(found) >= CAP,
        limit=limit,
        offset=offset,
        hits=hits,
    )


def reindex(session: Session) -> int:
    """SQLite: the FTS5 index made again from the tables (after a VACUUM, which may renumber the
    rows it is keyed by); PostgreSQL's indexes need nothing. The number of rows indexed."""
    if session.get_bind().dialect.name == "postgresql":
        return 0
    session.execute(text(f"DELETE FROM {FTS_TABLE}"))
    for source in ALL_SOURCES:
        session.execute(text(sqlite_fill(source)))
    return int(session.scalar(text(f"SELECT count(*) FROM {FTS_TABLE}")) or 0)
