"""Fewer WAL bytes a push (tests/bench/bench_wal.py): index entries only where a query looks.

- events: ``ix_events_shop_id_status`` (every event pushed, ~3 a push) becomes
  ``ix_events_quarantined``, the shop of the quarantined events alone: the queries that filter on
  the status ask for ``status = 'quarantined'``; an accepted event no longer writes an index entry.
- payments: ``ix_payments_refund_id`` and ``ix_payments_sale_id`` keep only the rows that have one
  (a sale's payment has no refund, a refund's payment no sale): every query by either column asks
  for a value (``=``), which implies ``IS NOT NULL``, so both databases use the partial index.
- stock_movements: ``ix_stock_movements_shop_id_product_id`` goes (7 entries a push of 3 sales, and
  the page of a random product within the shop: after a checkpoint, a full-page image a movement).
  No query looks up movements by product: the stock levels read all of a shop's movements, which
  the primary key's ``shop_id`` prefix finds as well; the settlement and a refund's replay filter
  by shop too.
- devices (PostgreSQL): fillfactor 70, so that ``last_seen_at`` (every push, at most every 30 s a
  till) and ``pulled_to`` (every 5 minutes) are HOT updates on the row's own page: no new entry in
  the table's four indexes. Pages written from now on keep the room; ``VACUUM FULL devices`` gives
  the existing ones room at once (docs/operations.md).

Revision ID: 0007_wal
Revises: 0006_global_feed
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_wal'
down_revision = '0006_global_feed'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_events_shop_id_status', table_name='events')
    op.create_index('ix_events_quarantined', 'events', ['shop_id'], unique=False,
                    postgresql_where=sa.text("status = 'quarantined'"), sqlite_where=sa.text("status = 'quarantined'"))
    for column in ('refund_id', 'sale_id'):
        op.drop_index(f'ix_payments_{column}', table_name='payments')
        op.create_index(f'ix_payments_{column}', 'payments', [column], unique=False,
                        postgresql_where=sa.text(f'{column} IS NOT NULL'), sqlite_where=sa.text(f'{column} IS NOT NULL'))
    op.drop_index('ix_stock_movements_shop_id_product_id', table_name='stock_movements')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE devices SET (fillfactor = 70)')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('ALTER TABLE devices RESET (fillfactor)')
    op.create_index('ix_stock_movements_shop_id_product_id', 'stock_movements', ['shop_id', 'product_id'], unique=False)
    for column in ('refund_id', 'sale_id'):
        op.drop_index(f'ix_payments_{column}', table_name='payments')
        op.create_index(f'ix_payments_{column}', 'payments', [column], unique=False)
    op.drop_index('ix_events_quarantined', table_name='events')
    op.create_index('ix_events_shop_id_status', 'events', ['shop_id', 'status'], unique=False)
