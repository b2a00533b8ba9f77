"""console: users, sessions, audit, marks on feedback and quarantined events, pending imports

Revision ID: 0003_console
Revises: 0003_sec_robust
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_console'
down_revision = '0003_sec_robust'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    # The console filters and lists the catalog by category (100,000 products).
    op.create_index('ix_console_products_category', 'products', ['category'], unique=False)
    # "Not yet published", counted on every catalog page and listed by SKU: the few dirty rows only.
    op.create_index('ix_console_products_dirty_sku', 'products', ['sku'], unique=False,
                    sqlite_where=sa.text('dirty'), postgresql_where=sa.text('dirty'))
    op.create_table('console_users',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('created_at', TZ, nullable=False),
    sa.Column('disabled_at', TZ, nullable=True),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', TZ, nullable=True),
    sa.Column('last_login_at', TZ, nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_users')),
    sa.UniqueConstraint('name', name=op.f('uq_console_users_name'))
    )
    op.create_table('console_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('csrf', sa.String(length=64), nullable=False),
    sa.Column('created_at', TZ, nullable=False),
    sa.Column('expires_at', TZ, nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['console_users.id'], name=op.f('fk_console_sessions_user_id_console_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_sessions'))
    )
    op.create_index(op.f('ix_console_sessions_user_id'), 'console_sessions', ['user_id'], unique=False)
    op.create_table('console_audit',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('at', TZ, nullable=False),
    sa.Column('user_name', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_audit'))
    )
    op.create_index(op.f('ix_console_audit_at'), 'console_audit', ['at'], unique=False)
    op.create_index('ix_console_audit_target_at', 'console_audit', ['target', 'at'], unique=False)
    op.create_table('console_marks',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('ref', sa.Uuid(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('by', sa.String(length=100), nullable=False),
    sa.Column('at', TZ, nullable=False),
    sa.PrimaryKeyConstraint('kind', 'ref', name=op.f('pk_console_marks'))
    )
    op.create_table('console_imports',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', TZ, nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_console_imports'))
    )
    op.create_table('console_secrets',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('value', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_console_secrets'))
    )


def downgrade() -> None:
    op.drop_table('console_secrets')
    op.drop_table('console_imports')
    op.drop_table('console_marks')
    op.drop_index('ix_console_audit_target_at', table_name='console_audit')
    op.drop_index(op.f('ix_console_audit_at'), table_name='console_audit')
    op.drop_table('console_audit')
    op.drop_index(op.f('ix_console_sessions_user_id'), table_name='console_sessions')
    op.drop_table('console_sessions')
    op.drop_table('console_users')
    op.drop_index('ix_console_products_dirty_sku', table_name='products')
    op.drop_index('ix_console_products_category', table_name='products')
