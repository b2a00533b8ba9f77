"""peer_conflict: who settled a conflict between tills, and their note (the back office's
Conflicts between tills)

Revision ID: 0005_conflict_note
Revises: 0004_daily
Create Date: 2026-12-01 21:45:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0005_conflict_note'
down_revision = '0004_daily'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('peer_conflict', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resolved_by', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('peer_conflict', schema=None) as batch_op:
        batch_op.drop_column('note')
        batch_op.drop_column('resolved_by')
