"""event_conflicts: a reused event id with another payload is kept for the central team

Revision ID: 0005_conflicts
Revises: 0004_scale
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_conflicts'
down_revision = '0004_scale'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table('event_conflicts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('shop_id', sa.Uuid(), nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('received_at', TZ, nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], name=op.f('fk_event_conflicts_device_id_devices')),
    sa.ForeignKeyConstraint(['shop_id'], ['shops.id'], name=op.f('fk_event_conflicts_shop_id_shops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_conflicts')),
    sa.UniqueConstraint('shop_id', 'event_id', 'digest', name=op.f('uq_event_conflicts_shop_id_event_id_digest')),
    )


def downgrade() -> None:
    op.drop_table('event_conflicts')
