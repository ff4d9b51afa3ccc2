"""profile update cycles: the cycle of a country's final and endorsed profile edition

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 14:30:00
"""

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

COLUMNS = (
    "cycle_months",
    "cycle_paused",
    "cycle_due",
    "cycle_fired_at",
    "cycle_note",
    "cycle_opened_due",
)


def upgrade() -> None:
    moment = models.db.UTCDateTime(timezone=True)
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("cycle_months", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("cycle_paused", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("cycle_due", moment, nullable=True))
        batch.add_column(sa.Column("cycle_fired_at", moment, nullable=True))
        batch.add_column(sa.Column("cycle_note", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("cycle_opened_due", moment, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
