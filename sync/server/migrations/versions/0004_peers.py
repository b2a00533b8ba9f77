"""peers: the per-shop secret a shop's tills share to trust each other on the shop's network

Revision ID: 0004_peers
Revises: 0004_promo
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_peers'
down_revision = '0004_promo'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('shops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('peer_secret', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('shops', schema=None) as batch_op:
        batch_op.drop_column('peer_secret')
