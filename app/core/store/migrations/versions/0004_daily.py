"""Running totals for the dashboard (sales per UTC quarter hour; staff, products, tenders and
refunds per UTC day; products per UTC month too) kept by triggers as rows are written, backfilled from the existing sales;
an index on payment times (the dashboard reads a range's edges from the rows)

Revision ID: 0004_daily
Revises: 0004_peers
Create Date: 2026-12-01 18:40:00
"""
from alembic import op
import sqlalchemy as sa

from app.core.store import aggregates

revision = '0004_daily'
down_revision = '0004_peers'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agg_sale_quarter',
    sa.Column('bucket', sa.String(length=16), nullable=False),
    sa.Column('sales', sa.Integer(), nullable=False),
    sa.Column('revenue', sa.Integer(), nullable=False),
    sa.Column('tax', sa.Integer(), nullable=False),
    sa.Column('discount', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('bucket', name=op.f('pk_agg_sale_quarter')),
    sqlite_with_rowid=False
    )
    op.create_table('agg_staff_day',
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('staff_id', sa.String(length=36), nullable=False),
    sa.Column('sales', sa.Integer(), nullable=False),
    sa.Column('revenue', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'staff_id', name=op.f('pk_agg_staff_day')),
    sqlite_with_rowid=False
    )
    op.create_table('agg_product_day',
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('revenue', sa.Integer(), nullable=False),
    sa.Column('net', sa.Integer(), nullable=False),
    sa.Column('cost', sa.Integer(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'product_id', name=op.f('pk_agg_product_day')),
    sqlite_with_rowid=False
    )
    op.create_table('agg_product_month',
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('qty', sa.Integer(), nullable=False),
    sa.Column('revenue', sa.Integer(), nullable=False),
    sa.Column('net', sa.Integer(), nullable=False),
    sa.Column('cost', sa.Integer(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('month', 'product_id', name=op.f('pk_agg_product_month')),
    sqlite_with_rowid=False
    )
    op.create_table('agg_tender_day',
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('payments', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'method', name=op.f('pk_agg_tender_day')),
    sqlite_with_rowid=False
    )
    op.create_table('agg_refund_day',
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('refunds', sa.Integer(), nullable=False),
    sa.Column('refunded', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_agg_refund_day')),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_created_at'), ['created_at'], unique=False)
    for sql in aggregates.TRIGGERS.values():
        op.execute(sql)
    for sql in aggregates.REBUILD:
        op.execute(sql)


def downgrade() -> None:
    for name in aggregates.TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_created_at'))
    for table in reversed(aggregates.TABLES):
        op.drop_table(table)
