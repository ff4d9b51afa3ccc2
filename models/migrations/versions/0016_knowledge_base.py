"""knowledge base readers and access log

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 14:30:00
"""

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kb_readers",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("workflow_id", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("registered_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decide_by", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=120), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("revoked_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=120), nullable=True),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("updated_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("kb_readers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kb_readers_workflow_id"), ["workflow_id"])
        batch_op.create_index(batch_op.f("ix_kb_readers_email"), ["email"])
        batch_op.create_index(batch_op.f("ix_kb_readers_status"), ["status"])
    op.create_table(
        "kb_access_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reader_id", sa.String(length=40), nullable=False),
        sa.Column("at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("what", sa.String(length=300), nullable=False),
        sa.Column("artifact_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("kb_access_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kb_access_log_reader_id"), ["reader_id"])
        batch_op.create_index(batch_op.f("ix_kb_access_log_at"), ["at"])


def downgrade() -> None:
    with op.batch_alter_table("kb_access_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kb_access_log_at"))
        batch_op.drop_index(batch_op.f("ix_kb_access_log_reader_id"))
    op.drop_table("kb_access_log")
    with op.batch_alter_table("kb_readers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kb_readers_status"))
        batch_op.drop_index(batch_op.f("ix_kb_readers_email"))
        batch_op.drop_index(batch_op.f("ix_kb_readers_workflow_id"))
    op.drop_table("kb_readers")
