"""change_log: an index of the global rows alone, so a pull reads its shop's rows and the global
rows by two index ranges instead of filtering every shop's rows after its cursor; rate_buckets
unlogged on PostgreSQL (no WAL for a rate-limit token taken on every request: a crash empties the
table, and every bucket starts full again)

Revision ID: 0006_global_feed
Revises: 0005_conflicts
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_global_feed'
down_revision = '0005_conflicts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_change_log_global_seq', 'change_log', ['seq'], unique=False,
                    postgresql_where=sa.text('shop_id IS NULL'), sqlite_where=sa.text('shop_id IS NULL'))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE rate_buckets SET UNLOGGED')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE rate_buckets SET LOGGED')
    op.drop_index('ix_change_log_global_seq', table_name='change_log')
