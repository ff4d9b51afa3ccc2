"""the activities of an endorsed Action Plan

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 07:30:00
"""

import sqlalchemy as sa
from alembic import op

import models.db

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_activities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("plan_id", sa.String(length=80), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("part_draft_id", sa.String(length=80), nullable=False),
        sa.Column("section_id", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("thematic_area", sa.String(length=40), nullable=True),
        sa.Column("lead", sa.String(length=40), nullable=False),
        sa.Column("start_month", sa.String(length=7), nullable=True),
        sa.Column("end_month", sa.String(length=7), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("endorsed_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("source_id", sa.String(length=120), nullable=False),
        sa.Column("recorded_at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", models.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_id", "number"),
    )
    with op.batch_alter_table("plan_activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_activities_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_activities_status"), ["status"], unique=False)

    op.create_table(
        "plan_activity_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("plan_id", sa.String(length=80), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("at", models.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=120), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("from_lead", sa.String(length=40), nullable=False),
        sa.Column("to_lead", sa.String(length=40), nullable=False),
        sa.Column("from_period", sa.String(length=15), nullable=False),
        sa.Column("to_period", sa.String(length=15), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_activity_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_activity_changes_plan_id"), ["plan_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("plan_activity_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_activity_changes_plan_id"))
    op.drop_table("plan_activity_changes")
    with op.batch_alter_table("plan_activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_activities_status"))
        batch_op.drop_index(batch_op.f("ix_plan_activities_plan_id"))
    op.drop_table("plan_activities")
