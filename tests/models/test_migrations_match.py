"""The migrations build the schema the code declares: a table or column added to models/db*.py
without its Alembic migration (or the other way round) fails here, before a deploy finds it."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from models.db import Base
from models.migrate import upgrade


def test_upgrading_an_empty_database_gives_the_declared_schema() -> None:
    engine = create_engine("sqlite://")
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    # SQLite reflects no server defaults and names constraints its own way: compare what
    # matters to the code — tables, columns, indexes.
    kinds = {"add_table", "remove_table", "add_column", "remove_column"}
    kinds |= {"add_index", "remove_index"}
    wanted = [d for d in _flat(differences) if d[0] in kinds and not _search_index(d)]
    assert wanted == [], "migrations and models/db*.py disagree:\n" + "\n".join(map(str, wanted))


def _search_index(difference: tuple) -> bool:  # type: ignore[type-arg]
    """The full-text index (FTS5 and its shadow tables: models/db_search.py) is no model's."""
    return getattr(difference[1], "name", "").startswith("search_fts")


def _flat(differences: list) -> list[tuple]:  # type: ignore[type-arg]
    out: list[tuple] = []  # type: ignore[type-arg]
    for d in differences:
        out.extend(_flat(d) if isinstance(d, list) else [d])
    return out
