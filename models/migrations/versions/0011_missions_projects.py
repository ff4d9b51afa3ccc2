"""missions' kinds and members; projects and their outputs

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 07:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _missions_upgrade()
    _projects_upgrade()


def downgrade() -> None:
    _projects_downgrade()
    _missions_downgrade()


# ---------------------------------------------------------------- missions (helper E1)


def _missions_upgrade() -> None:
    with op.batch_alter_table("missions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=40), nullable=False, server_default="expert_mission")
        )
    op.create_table(
        "mission_members",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("mission_id", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=False),
        sa.Column("participant_id", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.ForeignKeyConstraint(["mission_id"], ["missions.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("mission_id", "position"),
    )
    with op.batch_alter_table("mission_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mission_members_mission_id"), ["mission_id"], unique=False
        )


def _missions_downgrade() -> None:
    with op.batch_alter_table("mission_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mission_members_mission_id"))
    op.drop_table("mission_members")
    with op.batch_alter_table("missions", schema=None) as batch_op:
        batch_op.drop_column("kind")


# ---------------------------------------------------------------- projects and their outputs


def _projects_upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.String(length=60), nullable=False),
        sa.Column("programme", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("title_ru", sa.String(length=300), nullable=False),
        sa.Column("thematic_area", sa.String(length=40), nullable=True),
        sa.Column("lead_state", sa.String(length=40), nullable=False),
        sa.Column("supporting_states", sa.String(length=400), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_ru", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "project_outputs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project_id", sa.String(length=60), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("title_ru", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("document_type", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("draft_id", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("project_id", "number"),
        sa.UniqueConstraint("draft_id"),
    )
    with op.batch_alter_table("project_outputs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_outputs_project_id"), ["project_id"], unique=False
        )


def _projects_downgrade() -> None:
    with op.batch_alter_table("project_outputs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_outputs_project_id"))
    op.drop_table("project_outputs")
    op.drop_table("projects")
