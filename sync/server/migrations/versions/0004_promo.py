"""promotions, coupons, scheduled prices; line promotions of sales and refunds; coupon redemptions
and conflicts

Revision ID: 0004_promo
Revises: 0004_console2
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_promo'
down_revision = '0004_console2'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table('promotions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('starts_at', sa.String(length=32), nullable=False),
    sa.Column('ends_at', sa.String(length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', TZ, nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', TZ, nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_promotions'))
    )
    op.create_index(op.f('ix_promotions_ends_at'), 'promotions', ['ends_at'], unique=False)
    op.create_table('coupons',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('promotion_id', sa.Uuid(), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('shop_id', sa.Uuid(), nullable=True),
    sa.Column('single_use', sa.Boolean(), nullable=False),
    sa.Column('expires_at', sa.String(length=32), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', TZ, nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['promotion_id'], ['promotions.id'], name=op.f('fk_coupons_promotion_id_promotions')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_coupons_shop_id_shops')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_coupons'))
    )
    op.create_index(op.f('ix_coupons_promotion_id'), 'coupons', ['promotion_id'], unique=False)
    op.create_table('scheduled_prices',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('product_id', sa.Uuid(), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('price', sa.BigInteger(), nullable=False),
    sa.Column('min_price', sa.BigInteger(), nullable=True),
    sa.Column('max_price', sa.BigInteger(), nullable=True),
    sa.Column('effective_at', TZ, nullable=False),
    sa.Column('created_at', TZ, nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('applied_at', TZ, nullable=True),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_scheduled_prices_product_id_products')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_prices'))
    )
    op.create_index(op.f('ix_scheduled_prices_product_id'), 'scheduled_prices', ['product_id'], unique=False)
    op.create_index(op.f('ix_scheduled_prices_effective_at'), 'scheduled_prices', ['effective_at'], unique=False)
    op.create_table('sale_line_promotions',
    sa.Column('shop_id', sa.Uuid(), nullable=False),
    sa.Column('sale_line_id', sa.Uuid(), nullable=False),
    sa.Column('promotion_id', sa.Uuid(), nullable=False),
    sa.Column('sale_id', sa.Uuid(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('platform_amount', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['shop_id', 'sale_line_id'], ['sale_lines.shop_id', 'sale_lines.id'],
                            name=op.f('fk_sale_line_promotions_shop_id_sale_lines')),
    sa.PrimaryKeyConstraint('shop_id', 'sale_line_id', 'promotion_id', name=op.f('pk_sale_line_promotions'))
    )
    op.create_index('ix_sale_line_promotions_shop_id_sale_id', 'sale_line_promotions', ['shop_id', 'sale_id'], unique=False)
    op.create_index('ix_sale_line_promotions_promotion_id', 'sale_line_promotions', ['promotion_id'], unique=False)
    op.create_table('refund_line_promotions',
    sa.Column('shop_id', sa.Uuid(), nullable=False),
    sa.Column('refund_line_id', sa.Uuid(), nullable=False),
    sa.Column('promotion_id', sa.Uuid(), nullable=False),
    sa.Column('refund_id', sa.Uuid(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('platform_amount', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['shop_id', 'refund_line_id'], ['refund_lines.shop_id', 'refund_lines.id'],
                            name=op.f('fk_refund_line_promotions_shop_id_refund_lines')),
    sa.PrimaryKeyConstraint('shop_id', 'refund_line_id', 'promotion_id', name=op.f('pk_refund_line_promotions'))
    )
    op.create_index('ix_refund_line_promotions_shop_id_refund_id', 'refund_line_promotions', ['shop_id', 'refund_id'],
                    unique=False)
    op.create_table('coupon_redemptions',
    sa.Column('shop_id', sa.Uuid(), nullable=False),
    sa.Column('sale_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('created_at', TZ, nullable=False),
    sa.Column('received_at', TZ, nullable=False),
    sa.PrimaryKeyConstraint('shop_id', 'sale_id', 'code', name=op.f('pk_coupon_redemptions'))
    )
    op.create_index('ix_coupon_redemptions_code', 'coupon_redemptions', ['code'], unique=False)
    op.create_table('coupon_conflicts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('promotion_id', sa.Uuid(), nullable=False),
    sa.Column('first_shop_id', sa.Uuid(), nullable=False),
    sa.Column('first_sale_id', sa.Uuid(), nullable=False),
    sa.Column('shop_id', sa.Uuid(), nullable=False),
    sa.Column('sale_id', sa.Uuid(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('platform_amount', sa.BigInteger(), nullable=False),
    sa.Column('rule', sa.Text(), nullable=False),
    sa.Column('detected_at', TZ, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coupon_conflicts'))
    )
    op.create_index(op.f('ix_coupon_conflicts_code'), 'coupon_conflicts', ['code'], unique=False)
    op.create_index('uq_coupon_conflicts_shop_id_sale_id_code', 'coupon_conflicts', ['shop_id', 'sale_id', 'code'],
                    unique=True)


def downgrade() -> None:
    op.drop_table('coupon_conflicts')
    op.drop_table('coupon_redemptions')
    op.drop_table('refund_line_promotions')
    op.drop_table('sale_line_promotions')
    op.drop_table('scheduled_prices')
    op.drop_table('coupons')
    op.drop_table('promotions')
