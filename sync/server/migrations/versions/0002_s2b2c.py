"""s2b2c: shipments; feedback from the receipt page (keyed by token, may precede its sale)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_RECEIPT_PAGE = sa.text("source = 'receipt_page'")


def upgrade() -> None:
    op.create_table('shipments',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('shop_id', sa.Uuid(), nullable=False),
    sa.Column('order_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('shipped_by', sa.String(length=100), nullable=False),
    sa.Column('lines', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_shipments_order_id_orders')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_shipments_shop_id_shops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shipments'))
    )
    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shipments_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shipments_shop_id'), ['shop_id'], unique=False)

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column('shop_id', existing_type=sa.Uuid(), nullable=True)
    op.create_index('uq_feedback_receipt_page_token', 'feedback', ['receipt_token'], unique=True,
                    sqlite_where=_RECEIPT_PAGE, postgresql_where=_RECEIPT_PAGE)


def downgrade() -> None:
    op.drop_index('uq_feedback_receipt_page_token', table_name='feedback')
    op.execute("DELETE FROM feedback WHERE shop_id IS NULL")
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.alter_column('shop_id', existing_type=sa.Uuid(), nullable=False)
        batch_op.drop_column('updated_at')
    with op.batch_alter_table('shipments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shipments_shop_id'))
        batch_op.drop_index(batch_op.f('ix_shipments_order_id'))
    op.drop_table('shipments')
