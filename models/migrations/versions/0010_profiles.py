"""migration profiles by country and edition

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 07:30:00
"""

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("country", sa.String(length=40), nullable=False),
        sa.Column("edition", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("draft_id", sa.String(length=80), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("endorsed_on", sa.Date(), nullable=True),
        sa.Column("updated_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("country", "edition"),
    )
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_profiles_country"), ["country"], unique=False)
        batch_op.create_index(batch_op.f("ix_profiles_draft_id"), ["draft_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_profiles_draft_id"))
        batch_op.drop_index(batch_op.f("ix_profiles_country"))
    op.drop_table("profiles")
