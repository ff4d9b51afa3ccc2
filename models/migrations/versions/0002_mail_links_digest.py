"""mail: multipart outbox columns, link grants (revocable links), answers by mail, digests

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 13:10:00
"""

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("html", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("reply_to", sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column("attachment_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("unsubscribe_url", sa.String(length=1000), nullable=True))
        batch_op.add_column(sa.Column("fallback_for", sa.Integer(), nullable=True))
    op.create_table(
        "link_grants",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workflow_id", sa.String(length=160), nullable=False),
        sa.Column("participant_id", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("handed_by", sa.String(length=320), nullable=True),
        sa.Column("issued_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workflow_id", "email"),
    )
    with op.batch_alter_table("link_grants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_link_grants_workflow_id"), ["workflow_id"], unique=False
        )
    op.create_table(
        "pending_answers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=250), nullable=False),
        sa.Column("from_email", sa.String(length=320), nullable=False),
        sa.Column("position", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("attachment_id", sa.String(length=64), nullable=True),
        sa.Column("attachment_name", sa.String(length=300), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("received_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["grant_id"], ["link_grants.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id"),
    )
    with op.batch_alter_table("pending_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pending_answers_grant_id"), ["grant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_pending_answers_received_at"), ["received_at"], unique=False
        )
    op.create_table(
        "digest_preferences",
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("frequency", sa.String(length=10), nullable=False),
        sa.Column("last_sent_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("email"),
    )


def downgrade() -> None:
    op.drop_table("digest_preferences")
    with op.batch_alter_table("pending_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_answers_received_at"))
        batch_op.drop_index(batch_op.f("ix_pending_answers_grant_id"))
    op.drop_table("pending_answers")
    with op.batch_alter_table("link_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_link_grants_workflow_id"))
    op.drop_table("link_grants")
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_column("fallback_for")
        batch_op.drop_column("unsubscribe_url")
        batch_op.drop_column("attachment_id")
        batch_op.drop_column("reply_to")
        batch_op.drop_column("html")
