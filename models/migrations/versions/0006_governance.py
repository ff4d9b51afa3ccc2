"""governance bodies, their members over time, the Presidency's holders; the United Kingdom in
a group of its own

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 07:30:00
"""

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bodies",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_ru", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_ru", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "body_members",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("body_id", sa.String(length=40), nullable=False),
        sa.Column("participant_id", sa.String(length=40), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("added_by", sa.String(length=80), nullable=False),
        sa.Column("removed_by", sa.String(length=80), nullable=True),
        sa.Column("recorded_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"]),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("body_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_body_members_body_id"), ["body_id"], unique=False)
    op.create_table(
        "body_chairs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("body_id", sa.String(length=40), nullable=False),
        sa.Column("participant_id", sa.String(length=40), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("set_by", sa.String(length=80), nullable=False),
        sa.Column("recorded_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"]),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("body_id", "since"),
    )
    with op.batch_alter_table("body_chairs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_body_chairs_body_id"), ["body_id"], unique=False)
    op.create_table(
        "presidency_terms",
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("holder_id", sa.String(length=40), nullable=False),
        sa.Column("set_by", sa.String(length=80), nullable=False),
        sa.Column("recorded_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["holder_id"], ["participants.id"]),
        sa.PrimaryKeyConstraint("starts_on"),
    )
    # The United Kingdom has left the EU: a group of its own (the seed says so for new databases).
    op.execute(
        "UPDATE participants SET group_name = 'united_kingdom' "
        "WHERE id = 'GB' AND group_name = 'eu_schengen'"
    )


def downgrade() -> None:
    op.execute(
        "UPDATE participants SET group_name = 'eu_schengen' "
        "WHERE id = 'GB' AND group_name = 'united_kingdom'"
    )
    op.drop_table("presidency_terms")
    with op.batch_alter_table("body_chairs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_body_chairs_body_id"))
    op.drop_table("body_chairs")
    with op.batch_alter_table("body_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_body_members_body_id"))
    op.drop_table("body_members")
    op.drop_table("bodies")
