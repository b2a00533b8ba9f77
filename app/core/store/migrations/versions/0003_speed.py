"""An index for the favourite tiles: the sell screen reads them without scanning the catalog

Revision ID: 0003_speed
Revises: 0002
Create Date: 2026-12-01 16:10:00
"""
from alembic import op


revision = '0003_speed'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.create_index('ix_product_favourite', ['favourite', 'active', 'category', 'name_key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_index('ix_product_favourite')
