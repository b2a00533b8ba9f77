"""Receipt-page feedback is keyed by (shop, receipt token), not by the token alone

A receipt token is unique only within the shop that printed it: another shop may push a sale with
the same token, and must not be able to take (or block) the first shop's feedback with it.

Revision ID: 0003_sec_robust
Revises: 0003_sec_push
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_sec_robust'
down_revision = '0003_sec_push'
branch_labels = None
depends_on = None

_RECEIPT_PAGE = sa.text("source = 'receipt_page'")


def upgrade() -> None:
    op.drop_index('uq_feedback_receipt_page_token', table_name='feedback')
    op.create_index('uq_feedback_receipt_page_shop_token', 'feedback', ['shop_id', 'receipt_token'], unique=True,
                    sqlite_where=_RECEIPT_PAGE, postgresql_where=_RECEIPT_PAGE)


def downgrade() -> None:
    op.drop_index('uq_feedback_receipt_page_shop_token', table_name='feedback')
    op.create_index('uq_feedback_receipt_page_token', 'feedback', ['receipt_token'], unique=True,
                    sqlite_where=_RECEIPT_PAGE, postgresql_where=_RECEIPT_PAGE)
