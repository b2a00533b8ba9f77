"""products.brand: promotions may name a brand besides SKUs and categories

Revision ID: 0004_brand
Revises: 0003_console
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_brand'
down_revision = '0003_console'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('brand', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_column('brand')
