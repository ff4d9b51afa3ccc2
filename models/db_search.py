"""The full-text index of the read model, as SQL (no tables of its own for SQLAlchemy).

What is searched: drafts (title, reference), every version's sections (title, text), comments
(text and proposed text), dispositions (justification), decisions (notes, reservations) and
meetings (title, place). Each kind is a `Source`: a table and two SQL expressions, the row's
title and body.

- PostgreSQL: one GIN expression index per table over `DOCUMENT` (title weighted A, body B) in
  the `russian` configuration, which stems Cyrillic words with the Russian Snowball stemmer and
  Latin ones with the English one. Nothing to keep current: the index is the table's.
- SQLite: one FTS5 table `search_fts(title, body)` with the porter tokenizer, kept by AFTER
  INSERT/UPDATE/DELETE triggers on the source tables. Its rowid is the source row's rowid times 8
  plus the kind's code, so a trigger finds its row by key.

The migration 0015 creates both from here (for SOURCES), 0018 adds TRANSLATED (a draft's
translations); ppflow/search.py queries them all (ALL_SOURCES).
"""

from __future__ import annotations

from dataclasses import dataclass

FTS_TABLE = "search_fts"
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"
PG_CONFIG = "russian"
CODES = 8  # rowid = source rowid * CODES + code


@dataclass(frozen=True)
class Source:
    kind: str
    code: int
    table: str
    key: str  # the primary key column
    title: str | None  # SQL over the row; "{r}" is the row's prefix ("new.", "s.", "")
    body: str
    columns: tuple[str, ...]  # a change of these re-indexes the row

    def title_sql(self, r: str = "") -> str:
        return self.title.format(r=r) if self.title else "''"

    def body_sql(self, r: str = "") -> str:
        return self.body.format(r=r)


SOURCES: tuple[Source, ...] = (
    Source("draft", 0, "drafts", "id", "{r}title", "{r}reference", ("title", "reference")),
    Source("section", 1, "sections", "id", "{r}title", "{r}text", ("title", "text")),
    Source(
        "comment",
        2,
        "comments",
        "id",
        None,
        "{r}text || ' ' || coalesce({r}proposed_text, '')",
        ("text", "proposed_text"),
    ),
    Source(
        "disposition",
        3,
        "dispositions",
        "comment_id",
        None,
        "coalesce({r}justification, '')",
        ("justification",),
    ),
    Source(
        "decision",
        4,
        "decisions",
        "id",
        None,
        "coalesce({r}notes, '') || ' ' || coalesce({r}reservations, '')",
        ("notes", "reservations"),
    ),
    Source("meeting", 5, "meetings", "id", "{r}title", "{r}place", ("title", "place")),
)
# Translations of drafts (models/db_translations.py; indexed from migration 0018): a translated
# section is found as a section, a translated title as a draft.
TRANSLATED: tuple[Source, ...] = (
    Source("section", 6, "section_translations", "id", "{r}title", "{r}text", ("title", "text")),
    Source("draft", 7, "draft_translations", "id", "{r}title", "''", ("title",)),
)
ALL_SOURCES: tuple[Source, ...] = SOURCES + TRANSLATED
BY_KIND = {s.kind: s for s in SOURCES}
BY_CODE = {s.code: s for s in ALL_SOURCES}


# ---------------------------------------------------------------- PostgreSQL


# PostgreSQL's parser takes `<word ...>` for an HTML tag and leaves it out: the text is searched
# (and its passages made) with `<` and `>` as two private-use characters, turned back after.
PG_ANGLES = "\ue000\ue001"


def pg_text(sql: str) -> str:
    """A text expression as PostgreSQL indexes and highlights it."""
    return f"translate(coalesce({sql}, ''), '<>', '{PG_ANGLES}')"


def pg_document(source: Source, r: str = "") -> str:
    """The tsvector of a row: the expression of its GIN index (a query must use it verbatim)."""
    body = f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, {pg_text(source.body_sql(r))}), 'B')"
    if source.title is None:
        return body
    title = f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, {pg_text(source.title_sql(r))}), 'A')"
    return f"({title} || {body})"


def pg_index(source: Source) -> str:
    return f"ix_search_{source.table}"


def pg_create(sources: tuple[Source, ...] = SOURCES) -> list[str]:
    return [
        f"CREATE INDEX IF NOT EXISTS {pg_index(s)} ON {s.table} USING gin (({pg_document(s)}))"
        for s in sources
    ]


def pg_drop(sources: tuple[Source, ...] = SOURCES) -> list[str]:
    return [f"DROP INDEX IF EXISTS {pg_index(s)}" for s in sources]


# ---------------------------------------------------------------- SQLite


def _insert(source: Source, r: str) -> str:
    return (
        f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES ({r}rowid * {CODES} + {source.code}, "
        f"coalesce({source.title_sql(r)}, ''), coalesce({source.body_sql(r)}, ''));"
    )


def _delete(source: Source, r: str) -> str:
    return f"DELETE FROM {FTS_TABLE} WHERE rowid = {r}rowid * {CODES} + {source.code};"


def sqlite_triggers(source: Source) -> list[str]:
    t = source.table
    columns = ", ".join(source.columns)
    return [
        f"CREATE TRIGGER search_{t}_ai AFTER INSERT ON {t} BEGIN {_insert(source, 'new.')} END",
        f"CREATE TRIGGER search_{t}_au AFTER UPDATE OF {columns} ON {t} BEGIN "
        f"{_delete(source, 'old.')} {_insert(source, 'new.')} END",
        f"CREATE TRIGGER search_{t}_ad AFTER DELETE ON {t} BEGIN {_delete(source, 'old.')} END",
    ]


def sqlite_fill(source: Source) -> str:
    """Every row of the source into the index (the back-fill, and `reindex`)."""
    return (
        f"INSERT INTO {FTS_TABLE}(rowid, title, body) SELECT rowid * {CODES} + {source.code}, "
        f"coalesce({source.title_sql()}, ''), coalesce({source.body_sql()}, '') FROM {source.table}"
    )


def sqlite_create() -> list[str]:
    statements = [
        f"DROP TABLE IF EXISTS {FTS_TABLE}",  # one left behind by a dropped schema (tests)
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body, tokenize='{FTS_TOKENIZE}')",
    ]
    return statements + sqlite_add(SOURCES)


def sqlite_add(sources: tuple[Source, ...]) -> list[str]:
    """The triggers of these sources, and their rows into the (existing) index."""
    statements: list[str] = []
    for source in sources:
        statements += [
            f"DROP TRIGGER IF EXISTS search_{source.table}_{x}" for x in ("ai", "au", "ad")
        ]
        statements += sqlite_triggers(source)
        statements.append(sqlite_fill(source))
    return statements


def sqlite_remove(sources: tuple[Source, ...]) -> list[str]:
    """The triggers of these sources, and their rows out of the index (the table stays)."""
    codes = ", ".join(str(s.code) for s in sources)
    triggers = [f"search_{s.table}_{x}" for s in sources for x in ("ai", "au", "ad")]
    return [
        *(f"DROP TRIGGER IF EXISTS {t}" for t in triggers),
        f"DELETE FROM {FTS_TABLE} WHERE rowid % {CODES} IN ({codes})",
    ]


def sqlite_drop() -> list[str]:
    statements = [
        f"DROP TRIGGER IF EXISTS search_{s.table}_{x}" for s in SOURCES for x in ("ai", "au", "ad")
    ]
    return [*statements, f"DROP TABLE IF EXISTS {FTS_TABLE}"]


def create_statements(dialect: str) -> list[str]:
    return pg_create() if dialect == "postgresql" else sqlite_create()


def drop_statements(dialect: str) -> list[str]:
    return pg_drop() if dialect == "postgresql" else sqlite_drop()


def add_statements(dialect: str, sources: tuple[Source, ...]) -> list[str]:
    """Sources indexed after 0015 (their migration's upgrade)."""
    return pg_create(sources) if dialect == "postgresql" else sqlite_add(sources)


def remove_statements(dialect: str, sources: tuple[Source, ...]) -> list[str]:
    return pg_drop(sources) if dialect == "postgresql" else sqlite_remove(sources)
