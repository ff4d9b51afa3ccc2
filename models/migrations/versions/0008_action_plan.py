"""drafts that are parts of a parent draft (the Action Plan)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 07:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Drafts projected before are no part of any plan: the column stays empty for them.
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.String(length=80), nullable=True))
        batch_op.create_index(batch_op.f("ix_drafts_parent_id"), ["parent_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drafts_parent_id"))
        batch_op.drop_column("parent_id")
