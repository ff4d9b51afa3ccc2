"""meetings' end, host, co-chairs and attendance

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 07:30:00
"""

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Meetings projected before: no end, no host, no co-chairs (their workflows still have them:
    # the next projection of an open meeting, or `ppflow db rebuild`, fills them in).
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("ends_at", models.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("host", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("co_chairs", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "meeting_attendance",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("meeting_id", sa.String(length=120), nullable=False),
        sa.Column("participant_id", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "participant_id"),
    )
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_attendance_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendance_meeting_id"))
    op.drop_table("meeting_attendance")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_column("co_chairs")
        batch_op.drop_column("host")
        batch_op.drop_column("ends_at")
