"""peers: the shop's other tills, the events of theirs applied here, conflicts for the owner

Revision ID: 0004_peers
Revises: 0004_promo
Create Date: 2026-12-01 18:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_peers'
down_revision = '0004_promo'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('peer',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('till_no', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('cursor', sa.Integer(), nullable=False),
    sa.Column('last_contact_at', sa.String(length=32), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('device_id', name=op.f('pk_peer'))
    )
    op.create_table('peer_event',
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('origin', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('applied_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_peer_event'))
    )
    op.create_table('peer_conflict',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('ref_id', sa.String(length=36), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('resolved_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_conflict'))
    )
    with op.batch_alter_table('peer_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_peer_conflict_ref_id'), ['ref_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('peer_conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_peer_conflict_ref_id'))
    op.drop_table('peer_conflict')
    op.drop_table('peer_event')
    op.drop_table('peer')
