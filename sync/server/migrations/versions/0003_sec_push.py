"""shop isolation on push: the ids a till sends are scoped by its shop (primary keys (shop_id, id))

Two shops may hold records with the same id; neither can pre-empt, overwrite or see the other's.

Revision ID: 0003_sec_push
Revises: 0002
Create Date: 2026-12-01
"""
from alembic import op


revision = '0003_sec_push'
down_revision = '0002'
branch_labels = None
depends_on = None

# Tables whose rows carry an id made at a till: their key becomes (shop_id, id).
TABLES = (
    'events', 'sales', 'sale_lines', 'payments', 'refunds', 'refund_lines', 'stock_movements', 'customers',
    'loyalty_entries', 'cash_sessions', 'audit_entries', 'orders', 'delivery_receipts',
)
# (table, column, parent): the child's reference to a till-made id, within the same shop.
REFERENCES = (
    ('sale_lines', 'sale_id', 'sales'),
    ('refund_lines', 'refund_id', 'refunds'),
    ('shipments', 'order_id', 'orders'),
)


def _rekey(key_columns: dict[str, list[str]], fk_shop_first: bool) -> None:
    for table, child, parent in REFERENCES:
        with op.batch_alter_table(table, recreate='always') as batch_op:
            if fk_shop_first:
                batch_op.drop_constraint(f'fk_{table}_{child}_{parent}', type_='foreignkey')
            else:
                batch_op.drop_constraint(f'fk_{table}_shop_id_{parent}', type_='foreignkey')
    for table in TABLES:
        with op.batch_alter_table(table, recreate='always') as batch_op:
            batch_op.drop_constraint(f'pk_{table}', type_='primary')
            batch_op.create_primary_key(f'pk_{table}', key_columns[table])
    for table, child, parent in REFERENCES:
        with op.batch_alter_table(table, recreate='always') as batch_op:
            if fk_shop_first:
                batch_op.create_foreign_key(f'fk_{table}_shop_id_{parent}', parent, ['shop_id', child], ['shop_id', 'id'])
            else:
                batch_op.create_foreign_key(f'fk_{table}_{child}_{parent}', parent, [child], ['id'])


def upgrade() -> None:
    _rekey({t: ['shop_id', 'id'] for t in TABLES}, fk_shop_first=True)
    # A sale's refunds, looked up when the sale arrives (refunds may come first) and per refund.
    op.create_index('ix_refunds_shop_id_sale_id', 'refunds', ['shop_id', 'sale_id'])


def downgrade() -> None:
    op.drop_index('ix_refunds_shop_id_sale_id', table_name='refunds')
    _rekey({t: ['id'] for t in TABLES}, fk_shop_first=False)
