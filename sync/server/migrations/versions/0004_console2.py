"""PostgreSQL: trigram (pg_trgm) GIN indexes on products.name and products.sku, so the console's
catalog search by a name fragment (ILIKE '%...%') uses an index instead of scanning the table.
SQLite keeps LIKE (no change). Without the pg_trgm extension available, nothing is done and the
search stays a scan.

Revision ID: 0004_console2
Revises: 0004_brand
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError


revision = '0004_console2'
down_revision = '0004_brand'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    if not bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).scalar():
        return
    try:
        with bind.begin_nested():
            bind.execute(sa.text('CREATE EXTENSION IF NOT EXISTS pg_trgm'))
    except DBAPIError:  # not allowed to create it: the search stays a scan
        return
    op.execute('CREATE INDEX IF NOT EXISTS ix_products_name_trgm ON products USING gin (name gin_trgm_ops)')
    op.execute('CREATE INDEX IF NOT EXISTS ix_products_sku_trgm ON products USING gin (sku gin_trgm_ops)')


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute('DROP INDEX IF EXISTS ix_products_sku_trgm')
    op.execute('DROP INDEX IF EXISTS ix_products_name_trgm')
