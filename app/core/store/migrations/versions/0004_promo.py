"""promotions, coupons and scheduled prices from the platform; the promotions on sale and refund lines

Revision ID: 0004_promo
Revises: 0004_brand
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_promo'
down_revision = '0004_brand'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('promotion',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('received_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_promotion'))
    )
    op.create_table('coupon',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('promotion_id', sa.String(length=36), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('received_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_coupon'))
    )
    with op.batch_alter_table('coupon', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coupon_promotion_id'), ['promotion_id'], unique=False)
    op.create_table('coupon_use',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('sale_id', sa.String(length=36), nullable=False),
    sa.Column('used_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_coupon_use'))
    )
    op.create_table('scheduled_price',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('price', sa.Integer(), nullable=False),
    sa.Column('min_price', sa.Integer(), nullable=True),
    sa.Column('max_price', sa.Integer(), nullable=True),
    sa.Column('effective_at', sa.String(length=32), nullable=False),
    sa.Column('applied_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_price'))
    )
    with op.batch_alter_table('scheduled_price', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scheduled_price_effective_at'), ['effective_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_scheduled_price_sku'), ['sku'], unique=False)
    op.create_table('sale_line_promotion',
    sa.Column('sale_line_id', sa.String(length=36), nullable=False),
    sa.Column('promotion_id', sa.String(length=36), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('platform_amount', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['sale_line_id'], ['sale_line.id'], name=op.f('fk_sale_line_promotion_sale_line_id_sale_line'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sale_line_id', 'promotion_id', name=op.f('pk_sale_line_promotion'))
    )
    with op.batch_alter_table('sale_line_promotion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sale_line_promotion_promotion_id'), ['promotion_id'], unique=False)
    op.create_table('refund_line_promotion',
    sa.Column('refund_line_id', sa.String(length=36), nullable=False),
    sa.Column('promotion_id', sa.String(length=36), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('platform_amount', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['refund_line_id'], ['refund_line.id'], name=op.f('fk_refund_line_promotion_refund_line_id_refund_line'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('refund_line_id', 'promotion_id', name=op.f('pk_refund_line_promotion'))
    )
    with op.batch_alter_table('refund_line_promotion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_refund_line_promotion_promotion_id'), ['promotion_id'], unique=False)
    op.create_table('sale_coupon',
    sa.Column('sale_id', sa.String(length=36), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['sale_id'], ['sale.id'], name=op.f('fk_sale_coupon_sale_id_sale'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sale_id', 'code', name=op.f('pk_sale_coupon'))
    )


def downgrade() -> None:
    op.drop_table('sale_coupon')
    with op.batch_alter_table('refund_line_promotion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_refund_line_promotion_promotion_id'))
    op.drop_table('refund_line_promotion')
    with op.batch_alter_table('sale_line_promotion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sale_line_promotion_promotion_id'))
    op.drop_table('sale_line_promotion')
    with op.batch_alter_table('scheduled_price', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scheduled_price_sku'))
        batch_op.drop_index(batch_op.f('ix_scheduled_price_effective_at'))
    op.drop_table('scheduled_price')
    op.drop_table('coupon_use')
    with op.batch_alter_table('coupon', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coupon_promotion_id'))
    op.drop_table('coupon')
    op.drop_table('promotion')
