"""scale: the change feed without a network-wide lock, compaction floors, shared rate limits

- PostgreSQL: seqs come from the sequence ``change_log_seq``; ``corner_feed_seqs(n)`` marks the
  writer in flight (a shared advisory lock keyed by the sequence's last value) and takes n seqs;
  ``corner_feed_horizon()`` is the largest seq below which every row that will commit is visible.
  See sync/server/changefeed.py.
- ``devices.pulled_to``: the cursor a till last pulled after (expiry keeps what a till still needs).
- ``feed_floors``: per shop, rows at or below ``expired_to`` may be gone (older cursors: snapshot).
- ``rate_buckets``: token buckets shared by every server process (PostgreSQL).

Revision ID: 0004_scale
Revises: 0004_peers
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_scale'
down_revision = '0004_peers'
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
MARK_BASE = 1 << 62  # sync.server.changefeed.MARK_BASE


def upgrade() -> None:
    op.add_column('devices', sa.Column('pulled_to', sa.BigInteger(), nullable=True))
    op.create_table('feed_floors',
    sa.Column('shop_id', sa.Uuid(), nullable=False),
    sa.Column('expired_to', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', TZ, nullable=False),
    sa.PrimaryKeyConstraint('shop_id', name=op.f('pk_feed_floors'))
    )
    op.create_table('rate_buckets',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('tokens', sa.Float(), nullable=False),
    sa.Column('stamp', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_buckets'))
    )
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("CREATE SEQUENCE change_log_seq AS bigint")
    op.execute("SELECT setval('change_log_seq', COALESCE((SELECT max(seq) FROM change_log), 0) + 1, false)")
    op.execute(f"""
CREATE FUNCTION corner_feed_seqs(n integer) RETURNS SETOF bigint LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    -- The marker first (shared: writers never wait for each other), then the seqs, all above it.
    PERFORM pg_advisory_xact_lock_shared({MARK_BASE}::bigint
        + (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM change_log_seq));
    RETURN QUERY SELECT nextval('change_log_seq') FROM generate_series(1, n);
END $$""")
    op.execute(f"""
CREATE FUNCTION corner_feed_horizon() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v bigint;
    m bigint;
BEGIN
    -- The sequence's last value first, then the markers still held: in this order (see changefeed.py).
    SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END INTO v FROM change_log_seq;
    SELECT min(((l.classid::bigint) << 32) | l.objid::bigint) - {MARK_BASE}::bigint INTO m
      FROM pg_locks l
     WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.classid::bigint >= ({MARK_BASE}::bigint >> 32)
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database());
    RETURN CASE WHEN m IS NULL OR m > v THEN v ELSE m END;
END $$""")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP FUNCTION corner_feed_horizon()")
        op.execute("DROP FUNCTION corner_feed_seqs(integer)")
        op.execute("DROP SEQUENCE change_log_seq")
    op.drop_table('rate_buckets')
    op.drop_table('feed_floors')
    op.drop_column('devices', 'pulled_to')
