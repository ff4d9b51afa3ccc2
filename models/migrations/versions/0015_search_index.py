"""full-text search index

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 14:30:00

PostgreSQL: a GIN expression index per searched table (nothing to back-fill: an index covers
the rows already there). SQLite: an FTS5 table kept by triggers, filled with the rows already
there. The SQL is in models/db_search.py.
"""

import sqlalchemy as sa
from alembic import op

from models.db_search import create_statements, drop_statements

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in create_statements(dialect):
        op.execute(sa.text(statement))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in drop_statements(dialect):
        op.execute(sa.text(statement))
