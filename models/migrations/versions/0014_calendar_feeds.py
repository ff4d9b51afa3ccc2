"""personal calendar feeds

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 14:30:00
"""

import sqlalchemy as sa
from alembic import op

from models.db import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("owner_kind", sa.String(10), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("issued_at", UTCDateTime(), nullable=False),
        sa.Column("issued_by", sa.String(120), nullable=False),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
        sa.Column("last_read_at", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "meeting_invitees",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("meeting_id", sa.String(120), sa.ForeignKey("meetings.id"), nullable=False),
        sa.Column("participant_id", sa.String(40), nullable=False),
        sa.UniqueConstraint("meeting_id", "participant_id"),
    )
    op.create_index("ix_meeting_invitees_meeting_id", "meeting_invitees", ["meeting_id"])
    op.create_index("ix_meeting_invitees_participant_id", "meeting_invitees", ["participant_id"])
    op.create_table(
        "calendar_stamps",
        sa.Column("uid", sa.String(250), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("modified_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("calendar_stamps")
    op.drop_index("ix_meeting_invitees_participant_id", table_name="meeting_invitees")
    op.drop_index("ix_meeting_invitees_meeting_id", table_name="meeting_invitees")
    op.drop_table("meeting_invitees")
    op.drop_table("calendar_feeds")
