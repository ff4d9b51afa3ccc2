"""outbox rows claimed before they are sent; what a link answers kept in its grant

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 18:40:00
"""

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=36), nullable=True))
        batch_op.add_column(
            sa.Column("claimed_until", models.db.UTCDateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("link_grants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purpose", sa.String(length=20), nullable=True))
    # Grants issued before: what each answers, from the read model (never from the id's words).
    op.execute(
        "UPDATE link_grants SET purpose = 'round' WHERE workflow_id IN "
        "(SELECT id FROM rounds WHERE kind = 'comment_round')"
    )
    op.execute(
        "UPDATE link_grants SET purpose = 'silence' WHERE workflow_id IN "
        "(SELECT id FROM rounds WHERE kind = 'written_procedure')"
    )
    op.execute(
        "UPDATE link_grants SET purpose = 'mission' WHERE workflow_id IN (SELECT id FROM missions)"
    )


def downgrade() -> None:
    with op.batch_alter_table("link_grants", schema=None) as batch_op:
        batch_op.drop_column("purpose")
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_column("claimed_until")
        batch_op.drop_column("claimed_by")
