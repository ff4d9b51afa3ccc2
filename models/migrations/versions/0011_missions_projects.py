"""missions' kinds and members; projects and their outputs

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 07:30:00
"""

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
