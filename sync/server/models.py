"""The server's tables (SQLAlchemy 2 typed models). Alembic migrations create them; nothing else does.

Money columns are integer minor units. Every shop-owned row carries ``shop_id`` and every query
that serves a device filters by it.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
    literal_column,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Plain JSON (not JSONB) on PostgreSQL too: raw event payloads are kept exactly as received,
# including escapes such as \u0000 that JSONB refuses.
JsonType = JSON()
Money = BigInteger


class UTCDateTime(TypeDecorator):
    """Timestamps stored as UTC and always read back timezone-aware (SQLite keeps no zone).

    A naive value from a till is taken to be UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        elif value is not None and dialect.name != "sqlite":
            value = value.replace(tzinfo=timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


TZDateTime = UTCDateTime()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dict[str, Any]: JsonType,
        list[Any]: JsonType,
        datetime: TZDateTime,
        uuid.UUID: Uuid(),
    }


# --------------------------------------------------------------------------- identity

class Shop(Base):
    __tablename__ = "shops"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    # the key the shop's tills share to trust each other on the shop's network (0004_peers);
    # made on the first request, handed only to the shop's own enrolled devices
    peer_secret: Mapped[str | None] = mapped_column(String(64))


class Device(Base):
    """An enrolled till. On PostgreSQL the table keeps 30 % of each page free (fillfactor 70,
    migration 0007): ``last_seen_at`` and ``pulled_to`` change all the time and then stay HOT
    updates on the row's own page, with no new entry in the table's indexes."""

    __tablename__ = "devices"
    __table_args__ = (UniqueConstraint("shop_id", "till_no"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), index=True)
    till_no: Mapped[int]
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]
    pulled_to: Mapped[int | None] = mapped_column(BigInteger)  # the cursor it last pulled after


class EnrollmentCode(Base):
    __tablename__ = "enrollment_codes"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    device_id: Mapped[uuid.UUID | None]


class AdminToken(Base):
    __tablename__ = "admin_tokens"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


# --------------------------------------------------------------------------- events and feed

class EventRow(Base):
    """Every event a till ever pushed, kept raw forever (unique by (shop, id): ids are scoped by shop)."""

    __tablename__ = "events"
    __table_args__ = (
        PrimaryKeyConstraint("shop_id", "id"),
        # The quarantined events alone (migration 0007): an accepted one, nearly every event, writes
        # no entry here. Queries on the status ask for status = 'quarantined'.
        Index("ix_events_quarantined", "shop_id", postgresql_where=text("status = 'quarantined'"),
              sqlite_where=text("status = 'quarantined'")),
    )

    id: Mapped[uuid.UUID]
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("devices.id"))
    kind: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    received_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))  # accepted | quarantined
    reason: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[dict[str, Any]]


# The filter the partial index ix_events_quarantined answers. The status is written in the SQL, not
# bound: a prepared statement's generic plan cannot prove a partial index's predicate from a parameter.
EVENT_QUARANTINED = EventRow.status == literal_column("'quarantined'")


class EventConflict(Base):
    """An event that reuses an id this shop already sent, with another kind or payload. The first
    stays in ``events``; each different later one is held here once (by digest) for the central team,
    and ``GET /admin/quarantine`` lists it beside the quarantined events."""

    __tablename__ = "event_conflicts"
    __table_args__ = (UniqueConstraint("shop_id", "event_id", "digest"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    event_id: Mapped[uuid.UUID]
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("devices.id"))
    kind: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))  # sha256 of kind and payload
    received_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]]


class ChangeLog(Base):
    """The change feed; NULL shop = global. ``seq``: see sync/server/changefeed.py (PostgreSQL: from
    the sequence ``change_log_seq``, served only up to the horizon)."""

    __tablename__ = "change_log"
    __table_args__ = (
        Index("ix_change_log_shop_id_seq", "shop_id", "seq"),
        # The global rows alone: a pull reads its shop's rows and these by two index ranges
        # (changefeed._FLOOR_AND_PAGE), not every shop's rows after its cursor.
        Index("ix_change_log_global_seq", "seq", postgresql_where=text("shop_id IS NULL"),
              sqlite_where=text("shop_id IS NULL")),
    )

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    shop_id: Mapped[uuid.UUID | None]
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)  # JSON text, served as is
    created_at: Mapped[datetime]


class FeedFloor(Base):
    """Rows of this shop at or below ``expired_to`` may have been expired: an older cursor starts
    again from a snapshot."""

    __tablename__ = "feed_floors"

    shop_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    expired_to: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime]


class RateBucket(Base):
    """A token bucket shared by every server process (PostgreSQL store): tokens left at ``stamp``
    (seconds, the database's clock). An unlogged table on PostgreSQL (migration 0006): taking a
    token writes no WAL, and a crash empties it (every bucket starts full again)."""

    __tablename__ = "rate_buckets"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    tokens: Mapped[float]
    stamp: Mapped[float]


# --------------------------------------------------------------------------- catalog

class Product(Base):
    """A platform product: the working copy, plus the JSON last published to the tills."""

    __tablename__ = "products"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str | None] = mapped_column(String(100))
    brand: Mapped[str | None] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(8))
    vat_rate_bp: Mapped[int]
    price: Mapped[int] = mapped_column(Money)
    min_price: Mapped[int | None] = mapped_column(Money)
    max_price: Mapped[int | None] = mapped_column(Money)
    cost: Mapped[int] = mapped_column(Money)
    barcodes: Mapped[list[Any]]
    image: Mapped[str | None] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime]
    dirty: Mapped[bool] = mapped_column(Boolean, index=True)  # edited since the last publish
    published: Mapped[str | None] = mapped_column(Text)  # ProductData JSON as of the last publish


class Policy(Base):
    __tablename__ = "policies"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


# --------------------------------------------------------------------------- projections of events

class Sale(Base):
    __tablename__ = "sales"
    __table_args__ = (PrimaryKeyConstraint("shop_id", "id"), Index("ix_sales_shop_id_created_at", "shop_id", "created_at"),)

    id: Mapped[uuid.UUID]
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    device_id: Mapped[uuid.UUID]
    event_id: Mapped[uuid.UUID]
    receipt_no: Mapped[str] = mapped_column(String(64))
    receipt_token: Mapped[str] = mapped_column(String(128), index=True)
    created_at: Mapped[datetime]
    staff_id: Mapped[uuid.UUID]
    staff_name: Mapped[str] = mapped_column(String(200))
    customer_id: Mapped[uuid.UUID | None]
    cash_session_id: Mapped[uuid.UUID | None]
    subtotal: Mapped[int] = mapped_column(Money)
    discount: Mapped[int] = mapped_column(Money)
    rounding: Mapped[int] = mapped_column(Money)
    total: Mapped[int] = mapped_column(Money)
    tax: Mapped[int] = mapped_column(Money)
    loyalty_points: Mapped[int] = mapped_column(BigInteger)


class SaleLine(Base):
    __tablename__ = "sale_lines"
    __table_args__ = (PrimaryKeyConstraint("shop_id", "id"), ForeignKeyConstraint(["shop_id", "sale_id"], ["sales.shop_id", "sales.id"]),)

    id: Mapped[uuid.UUID]
    sale_id: Mapped[uuid.UUID] = mapped_column(index=True)
    shop_id: Mapped[uuid.UUID]
    line_no: Mapped[int] = mapped_column(BigInteger)
    product_id: Mapped[uuid.UUID]
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    is_local: Mapped[bool]
    qty: Mapped[int] = mapped_column(BigInteger)
    unit: Mapped[str] = mapped_column(String(8))
    unit_price: Mapped[int] = mapped_column(Money)
    discount: Mapped[int] = mapped_column(Money)
    total: Mapped[int] = mapped_column(Money)
    vat_rate_bp: Mapped[int] = mapped_column(BigInteger)
    tax: Mapped[int] = mapped_column(Money)
    unit_cost: Mapped[int] = mapped_column(Money)


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (
        PrimaryKeyConstraint("shop_id", "id"),
        Index("ix_payments_sale_id", "sale_id", postgresql_where=text("sale_id IS NOT NULL"),
              sqlite_where=text("sale_id IS NOT NULL")),
        Index("ix_payments_refund_id", "refund_id", postgresql_where=text("refund_id IS NOT NULL"),
              sqlite_where=text("refund_id IS NOT NULL")),
    )

    id: Mapped[uuid.UUID]
    shop_id: Mapped[uuid.UUID]
    # Each index keeps only the rows with a value (migration 0007): a sale's payment writes no entry
    # in the refunds' index, and a refund's none in the sales'; queries ask by value (= implies NOT NULL).
    sale_id: Mapped[uuid.UUID | None]
    refund_id: Mapped[uuid.UUID | None]
    method: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(Money)
    tendered: Mapped[int] = mapped_column(Money)
    change: Mapped[int] = mapped_column(Money)
    reference: Mapped[str | None] = mapped_column(Text)


class Refund(Base):
    __tablename__ = "refunds"
    __table_args__ = (PrimaryKeyConstraint("shop_id", "id"), Index("ix_refunds_shop_id_sale_id", "shop_id", "sale_id"))

    id: Mapped[uuid.UUID]
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), index=True)
    device_id: Mapped[uuid.UUID]
    event_id: Mapped[uuid.UUID]
    sale_id: Mapped[uuid.UUID]
    receipt_no: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    staff_id: Mapped[uuid.UUID]
    approved_by: Mapped[uuid.UUID | None]
    restock: Mapped[bool]
    reason: Mapped[str | None] = mapped_column(Text)
    total: Mapped[int] = mapped_column(Money)
    tax: Mapped[int] = mapped_column(Money)


class RefundLine(Base):
    __tablename__ = "refund_lines"
    __table_args__ = (PrimaryKeyConstraint("shop_id", "id"), ForeignKeyConstraint(["shop_id", "refund_id"], ["refunds.shop_id", "refunds.id"]),)

    id: Mapped[uuid.UUID]
    refund_id: Mapped[uuid.UUID] = mapped_column(index=True)
    shop_id: Mapped[uuid.UUID]
    sale_line_id: Mapped[uuid.UUID]
    product_id: Mapped[uuid.UUID]
    sku: Mapped[str] = mapped_column(String(64))
    qty: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(Money)
    tax: Mapped[int] = mapped_column(Money)


class StockMovement(Base):
    __tablename__ = "stock_movements"
    # No index by product (dropped in migration 0007): the stock levels sum all of a shop's
    # movements, found by the primary key's shop_id prefix.
    __table_args__ = (PrimaryKeyConstraint("shop_id", "id"),)

    id: Mapped[uuid.UUID]
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    device_id: Mapped[uuid.UUID]
    event_id: Mapped[uuid.UUID]
    product_id: Mapped[uuid.UUID]
    sku: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    qty: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(Text)
    unit_cost: Mapped[int | None] = mapped_column(Money)
    ref_id: Mapped[uuid.UUID | None]
    staff_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]


class Customer(Base):
    """A shop's customer as far as it was shared; ``field_hlc`` holds the winning stamp per field."""

    __tablename__ = "customers"
    __table_args__ = (PrimaryKeyConstraint("shop_id", "id"),)

    id: Mapped[uuid.UUID]
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), index=True)
    fields: Mapped[dict[str, Any]]
    field_hlc: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class LoyaltyEntry(Base):
    __tablename__ = "loyalty_entries"
    __table_args__ = (PrimaryKeyConstraint("shop_id", "id"),)

    id: Mapped[uuid.UUID]
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"))
    customer_id: Mapped[uuid.UUID] = mapped_column(index=True)
    points: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(Text)
    sale_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime]


class CashSession(Base):
    __tablename__ = "cash_sessions"
    __table_args__ = (PrimaryKeyConstraint("shop_id", "id"),)

    id: Mapped[uuid.UUID]
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), index=True)
    device_id: Mapped[uuid.UUID]
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime]
    opened_by: Mapped[uuid.UUID]
    closed_by: Mapped[uuid.UUID]
    float_amount: Mapped[int] = mapped_column(Money)
    expected: Mapped[int] = mapped_column(Money)
    counted: Mapped[int] = mapped_column(Money)
    over_short: Mapped[int] = mapped_column(Money)
    report: Mapped[dict[str, Any]]


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (PrimaryKeyConstraint("shop_id", "id"),)

    id: Mapped[uuid.UUID]
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), index=True)
    device_id: Mapped[uuid.UUID]
    action: Mapped[str] = mapped_column(Text)
    staff_id: Mapped[uuid.UUID | None]
    approved_by: Mapped[uuid.UUID | None]
    detail: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class Feedback(Base):
    """Feedback on a visit: recorded at a till (``till``) or left on the receipt page (``receipt_page``).

    A receipt page's feedback is keyed by the shop and the receipt token, one per receipt, and may be
    left before the sale has reached the server: then ``sale_id`` is empty until the sale arrives.
    (Rows from before revision 0003 may have no shop: their page address did not name one.)
    """

    __tablename__ = "feedback"
    __table_args__ = (
        Index(
            "uq_feedback_receipt_page_shop_token",
            "shop_id",
            "receipt_token",
            unique=True,
            sqlite_where=text("source = 'receipt_page'"),
            postgresql_where=text("source = 'receipt_page'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    shop_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("shops.id"), index=True)
    sale_id: Mapped[uuid.UUID | None]
    receipt_token: Mapped[str | None] = mapped_column(String(128))
    rating: Mapped[int]
    comment: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))  # till | receipt_page
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime | None]  # the last edit on the receipt page


class LocalProduct(Base):
    __tablename__ = "local_products"

    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(8))
    vat_rate_bp: Mapped[int] = mapped_column(BigInteger)
    price: Mapped[int] = mapped_column(Money)
    barcodes: Mapped[list[Any]]
    updated_at: Mapped[datetime]


class LocalPrice(Base):
    __tablename__ = "local_prices"

    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(64))
    price: Mapped[int | None] = mapped_column(Money)
    set_at: Mapped[datetime]


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (PrimaryKeyConstraint("shop_id", "id"),)

    id: Mapped[uuid.UUID]
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), index=True)
    device_id: Mapped[uuid.UUID]
    created_at: Mapped[datetime]
    staff_id: Mapped[uuid.UUID | None]
    note: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # placed | shipped | received
    lines: Mapped[list[Any]]


class DeliveryReceipt(Base):
    __tablename__ = "delivery_receipts"
    __table_args__ = (PrimaryKeyConstraint("shop_id", "id"),)

    id: Mapped[uuid.UUID]
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), index=True)
    device_id: Mapped[uuid.UUID]
    order_id: Mapped[uuid.UUID | None]
    received_at: Mapped[datetime]
    staff_id: Mapped[uuid.UUID | None]
    lines: Mapped[list[Any]]


class Shipment(Base):
    """Goods the platform sent to a shop against an order (one order may ship in parts).

    ``lines``: ``[{product_id, sku, qty, unit_cost}]``, unit cost = the wholesale cost at shipping.
    The shop's count of it comes back as a :class:`DeliveryReceipt` with the same id.
    """

    __tablename__ = "shipments"
    __table_args__ = (ForeignKeyConstraint(["shop_id", "order_id"], ["orders.shop_id", "orders.id"]),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    shop_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("shops.id"), index=True)
    order_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    created_at: Mapped[datetime]
    shipped_by: Mapped[str] = mapped_column(String(100))
    lines: Mapped[list[Any]]
