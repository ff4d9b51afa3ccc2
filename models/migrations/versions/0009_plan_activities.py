"""the activities of an endorsed Action Plan

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 07:30:00
"""

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
