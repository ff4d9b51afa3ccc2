"""translations of drafts in the read model, and in the full-text index

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 15:30:00

The latest translation of each draft into each language (models/db_translations.py): its title
(draft_translations) and its sections (section_translations), indexed for search like the
others (models/db_search.py TRANSLATED: SQLite FTS5 triggers, PostgreSQL GIN indexes). The rows
come with the drafts' next projection (or `ppflow db rebuild`).
"""

import sqlalchemy as sa
from alembic import op

from models.db_search import TRANSLATED, add_statements, remove_statements

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draft_translations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("draft_id", sa.String(80), sa.ForeignKey("drafts.id"), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("based_on", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.UniqueConstraint("draft_id", "language"),
    )
    op.create_index("ix_draft_translations_draft_id", "draft_translations", ["draft_id"])
    op.create_table(
        "section_translations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("draft_id", sa.String(80), sa.ForeignKey("drafts.id"), nullable=False),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("based_on", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.String(40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.UniqueConstraint("draft_id", "language", "section_id"),
    )
    op.create_index("ix_section_translations_draft_id", "section_translations", ["draft_id"])
    dialect = op.get_bind().dialect.name
    for statement in add_statements(dialect, TRANSLATED):
        op.execute(sa.text(statement))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in remove_statements(dialect, TRANSLATED):
        op.execute(sa.text(statement))
    op.drop_index("ix_section_translations_draft_id", table_name="section_translations")
    op.drop_table("section_translations")
    op.drop_index("ix_draft_translations_draft_id", table_name="draft_translations")
    op.drop_table("draft_translations")
