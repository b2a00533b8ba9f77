"""The till's tables. Alembic migrations make them; these models read and write them.

Conventions: ids are UUIDv7 text made on the till (or by the platform for platform
rows); money is integer minor units; quantities are integers (units, or grams for
weighed products); times are UTC ISO strings made by ``store.now()``.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Meta(Base):
    """Key/value facts about this till: shop code, till number, receipt sequence, sync cursor."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Policy(Base):
    """The platform's policies as last synced (return window, discount limit, ...)."""

    __tablename__ = "policy"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Product(Base):
    __tablename__ = "product"
    # the favourite tiles, in the order they show, read from the index alone (0003_speed)
    __table_args__ = (Index("ix_product_favourite", "favourite", "active", "category", "name_key"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sku: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)  # casefolded, for search
    category: Mapped[str] = mapped_column(String(100), default="", index=True)
    brand: Mapped[str] = mapped_column(String(100), default="")  # from the platform; promotions name it
    unit: Mapped[str] = mapped_column(String(8), default="each")  # each | kg
    vat_rate_bp: Mapped[int] = mapped_column(Integer)
    price: Mapped[int] = mapped_column(Integer)  # platform's recommended price (per kg if weighed)
    min_price: Mapped[int | None] = mapped_column(Integer)
    max_price: Mapped[int | None] = mapped_column(Integer)
    local_price: Mapped[int | None] = mapped_column(Integer)  # the shop's own, inside the bounds
    cost: Mapped[int] = mapped_column(Integer, default=0)  # wholesale cost to the shop
    plu: Mapped[str | None] = mapped_column(String(5), unique=True)  # scale-label item code
    is_local: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    favourite: Mapped[bool] = mapped_column(default=False)
    reorder_point: Mapped[int] = mapped_column(Integer, default=0)
    pack_size: Mapped[int] = mapped_column(Integer, default=1)
    image: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[str] = mapped_column(String(32))

    barcodes: Mapped[list[Barcode]] = relationship(back_populates="product", cascade="all, delete-orphan")

    @property
    def sell_price(self) -> int:
        return self.local_price if self.local_price is not None else self.price


class Barcode(Base):
    __tablename__ = "barcode"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"), index=True)
    product: Mapped[Product] = relationship(back_populates="barcodes")


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))  # cashier | owner
    pin_salt: Mapped[str] = mapped_column(String(64))
    pin_hash: Mapped[str] = mapped_column(String(128))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[str] = mapped_column(String(32))


class Customer(Base):
    __tablename__ = "customer"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="", index=True)
    email: Mapped[str] = mapped_column(String(200), default="")
    consent_marketing: Mapped[bool] = mapped_column(default=False)
    consent_share: Mapped[bool] = mapped_column(default=False)
    hlc: Mapped[str] = mapped_column(String(64), default="")  # JSON: field -> stamp
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))


class LoyaltyEntry(Base):
    __tablename__ = "loyalty_entry"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    customer_id: Mapped[str] = mapped_column(ForeignKey("customer.id"), index=True)
    sale_id: Mapped[str | None] = mapped_column(String(36))
    points: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[str] = mapped_column(String(32))


class CashSession(Base):
    __tablename__ = "cash_session"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    opened_by: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    opened_at: Mapped[str] = mapped_column(String(32))
    float_amount: Mapped[int] = mapped_column(Integer)
    closed_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[str | None] = mapped_column(String(32))
    expected: Mapped[int | None] = mapped_column(Integer)
    counted: Mapped[int | None] = mapped_column(Integer)
    over_short: Mapped[int | None] = mapped_column(Integer)


class CashMovement(Base):
    """Paid in / paid out of the drawer, with a reason."""

    __tablename__ = "cash_movement"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("cash_session.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # paid_in | paid_out
    amount: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[str] = mapped_column(String(32))


class Sale(Base):
    __tablename__ = "sale"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(40), unique=True)
    receipt_token: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[str] = mapped_column(String(32), index=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customer.id"), index=True)
    cash_session_id: Mapped[str | None] = mapped_column(ForeignKey("cash_session.id"), index=True)
    subtotal: Mapped[int] = mapped_column(Integer)  # before discounts
    discount: Mapped[int] = mapped_column(Integer)  # line + sale discounts
    rounding: Mapped[int] = mapped_column(Integer, default=0)  # cash rounding, added to total
    total: Mapped[int] = mapped_column(Integer)  # what the customer paid
    tax: Mapped[int] = mapped_column(Integer)
    loyalty_points: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[bool] = mapped_column(default=False)  # history from a previous till

    lines: Mapped[list[SaleLine]] = relationship(
        back_populates="sale", order_by="SaleLine.line_no", cascade="all, delete-orphan"
    )
    payments: Mapped[list[Payment]] = relationship(
        primaryjoin="and_(Sale.id == Payment.sale_id, Payment.refund_id.is_(None))",
        viewonly=True,
        order_by="Payment.id",
    )


class SaleLine(Base):
    __tablename__ = "sale_line"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    qty: Mapped[int] = mapped_column(Integer)  # units, or grams when unit == "kg"
    unit: Mapped[str] = mapped_column(String(8))
    unit_price: Mapped[int] = mapped_column(Integer)
    discount: Mapped[int] = mapped_column(Integer)  # line discount + its share of the sale discount
    total: Mapped[int] = mapped_column(Integer)  # after discounts
    vat_rate_bp: Mapped[int] = mapped_column(Integer)
    tax: Mapped[int] = mapped_column(Integer)
    unit_cost: Mapped[int] = mapped_column(Integer, default=0)
    sale: Mapped[Sale] = relationship(back_populates="lines")


class Payment(Base):
    """A tender of a sale (refund_id NULL) or money given back by a refund (amount < 0)."""

    __tablename__ = "payment"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), index=True)
    refund_id: Mapped[str | None] = mapped_column(ForeignKey("refund.id"), index=True)
    method: Mapped[str] = mapped_column(String(16))  # cash | card | mobile
    amount: Mapped[int] = mapped_column(Integer)  # applied to the sale (negative for refunds)
    tendered: Mapped[int] = mapped_column(Integer, default=0)  # cash handed over
    change: Mapped[int] = mapped_column(Integer, default=0)
    reference: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[str] = mapped_column(String(32), index=True)


class Refund(Base):
    __tablename__ = "refund"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), index=True)
    created_at: Mapped[str] = mapped_column(String(32), index=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    approved_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))
    cash_session_id: Mapped[str | None] = mapped_column(ForeignKey("cash_session.id"))
    restock: Mapped[bool] = mapped_column()
    reason: Mapped[str | None] = mapped_column(String(200))
    total: Mapped[int] = mapped_column(Integer)
    tax: Mapped[int] = mapped_column(Integer)
    lines: Mapped[list[RefundLine]] = relationship(cascade="all, delete-orphan")


class RefundLine(Base):
    __tablename__ = "refund_line"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    refund_id: Mapped[str] = mapped_column(ForeignKey("refund.id", ondelete="CASCADE"), index=True)
    sale_line_id: Mapped[str] = mapped_column(ForeignKey("sale_line.id"), index=True)
    qty: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)
    tax: Mapped[int] = mapped_column(Integer)


class StockMovement(Base):
    """The stock ledger. A level is the sum of its product's movements."""

    __tablename__ = "stock_movement"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"))
    kind: Mapped[str] = mapped_column(String(16))  # sale refund delivery write_off adjustment count
    qty: Mapped[int] = mapped_column(Integer)  # signed
    reason: Mapped[str | None] = mapped_column(String(200))
    unit_cost: Mapped[int | None] = mapped_column(Integer)
    ref_id: Mapped[str | None] = mapped_column(String(36))
    staff_id: Mapped[str | None] = mapped_column(String(36))
    origin: Mapped[str] = mapped_column(String(16), default="local")  # local | remote
    created_at: Mapped[str] = mapped_column(String(32))
    __table_args__ = (Index("ix_stock_movement_product_created", "product_id", "created_at"),)


class StockLevel(Base):
    """Maintained sum of movements per product, updated in the movement's transaction."""

    __tablename__ = "stock_level"
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"), primary_key=True)
    qty: Mapped[int] = mapped_column(Integer, default=0)


class Outbox(Base):
    """Changes waiting to reach the platform, written in the change's own transaction."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)  # JSON
    created_at: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[str | None] = mapped_column(String(32), index=True)
    status: Mapped[str | None] = mapped_column(String(16))  # accepted | duplicate | quarantined
    note: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    action: Mapped[str] = mapped_column(String(64))
    staff_id: Mapped[str | None] = mapped_column(String(36))
    approved_by: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[str] = mapped_column(String(32), index=True)


class ParkedCart(Base):
    __tablename__ = "parked_cart"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    payload: Mapped[str] = mapped_column(Text)
    staff_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[str] = mapped_column(String(32))


# --- s2b2c (revision 0002) --------------------------------------------------------


class Feedback(Base):
    """Feedback on a visit: from the receipt page (pulled) or recorded at the counter."""

    __tablename__ = "feedback"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str | None] = mapped_column(String(36), index=True)
    receipt_token: Mapped[str | None] = mapped_column(String(40))
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(16))  # receipt_page | counter
    created_at: Mapped[str] = mapped_column(String(32))
    read: Mapped[bool] = mapped_column(default=False)


class PurchaseOrder(Base):
    """A replenishment order placed with the platform."""

    __tablename__ = "purchase_order"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # placed | shipped | received
    note: Mapped[str] = mapped_column(Text, default="")
    staff_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[str] = mapped_column(String(32))
    lines: Mapped[list[PurchaseOrderLine]] = relationship(cascade="all, delete-orphan")


class PurchaseOrderLine(Base):
    __tablename__ = "purchase_order_line"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("purchase_order.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"))
    qty: Mapped[int] = mapped_column(Integer)
    __table_args__ = (UniqueConstraint("order_id", "product_id"),)


class Delivery(Base):
    """A shipment from the platform, waiting to be received (or received)."""

    __tablename__ = "delivery"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # made by the platform
    order_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16))  # shipped | received
    payload: Mapped[str] = mapped_column(Text)  # shipped lines, JSON
    received_at: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[str] = mapped_column(String(32))


class Insight(Base):
    """Network benchmarks computed by the platform and pushed down."""

    __tablename__ = "insight"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(32))


# --- promotions (revision 0004_promo) ------------------------------------------------


class PromotionRow(Base):
    """A platform promotion as last received (``promotion.upserted``): its JSON and whether it runs."""

    __tablename__ = "promotion"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    payload: Mapped[str] = mapped_column(Text)  # sync.promotions.PromotionData JSON
    active: Mapped[bool] = mapped_column(default=True)
    received_at: Mapped[str] = mapped_column(String(32))


class CouponRow(Base):
    """A platform coupon code (``coupon.issued``)."""

    __tablename__ = "coupon"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    promotion_id: Mapped[str] = mapped_column(String(36), index=True)
    payload: Mapped[str] = mapped_column(Text)  # sync.promotions.CouponData JSON
    received_at: Mapped[str] = mapped_column(String(32))


class CouponUse(Base):
    """A coupon code redeemed on this till (a single-use code is refused here the second time)."""

    __tablename__ = "coupon_use"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    sale_id: Mapped[str] = mapped_column(String(36))
    used_at: Mapped[str] = mapped_column(String(32))


class ScheduledPriceRow(Base):
    """A platform price that takes effect at ``effective_at`` (UTC ISO) by the till's own clock."""

    __tablename__ = "scheduled_price"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    product_id: Mapped[str] = mapped_column(String(36))
    sku: Mapped[str] = mapped_column(String(64), index=True)
    price: Mapped[int] = mapped_column(Integer)
    min_price: Mapped[int | None] = mapped_column(Integer)
    max_price: Mapped[int | None] = mapped_column(Integer)
    effective_at: Mapped[str] = mapped_column(String(32), index=True)
    applied_at: Mapped[str | None] = mapped_column(String(32))


class SaleLinePromotion(Base):
    """What one promotion took off one sale line (part of the line's discount), and the platform's part."""

    __tablename__ = "sale_line_promotion"
    sale_line_id: Mapped[str] = mapped_column(ForeignKey("sale_line.id", ondelete="CASCADE"), primary_key=True)
    promotion_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)
    amount: Mapped[int] = mapped_column(Integer)
    platform_amount: Mapped[int] = mapped_column(Integer)


class RefundLinePromotion(Base):
    """What a refund line gives back of one promotion's saving (positive numbers)."""

    __tablename__ = "refund_line_promotion"
    refund_line_id: Mapped[str] = mapped_column(ForeignKey("refund_line.id", ondelete="CASCADE"), primary_key=True)
    promotion_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)
    amount: Mapped[int] = mapped_column(Integer)
    platform_amount: Mapped[int] = mapped_column(Integer)


class SaleCoupon(Base):
    """A coupon code redeemed on a sale."""

    __tablename__ = "sale_coupon"
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
# --- peers (revision 0004_peers) ----------------------------------------------------


class Peer(Base):
    """Another till of this shop met on the shop's network (docs/peers.md)."""

    __tablename__ = "peer"
    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)  # its platform device id
    till_no: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(200), default="")  # host:port it was last reached at
    source: Mapped[str] = mapped_column(String(16), default="static")  # static | mdns | inbound
    cursor: Mapped[int] = mapped_column(Integer, default=0)  # its outbox seq applied up to here
    last_contact_at: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(Text)


class PeerEvent(Base):
    """An event of another till applied here (once, by event id)."""

    __tablename__ = "peer_event"
    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(64))  # the device it came from
    note: Mapped[str | None] = mapped_column(Text)  # why it changed nothing here, if it did not
    applied_at: Mapped[str] = mapped_column(String(32))


class PeerConflict(Base):
    """Something two tills did while they could not see each other, for the owner to look at."""

    __tablename__ = "peer_conflict"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # over_refund | points_overspent | customer_edited
    ref_id: Mapped[str] = mapped_column(String(36), index=True)  # the sale / customer concerned
    detail: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    created_at: Mapped[str] = mapped_column(String(32))
    resolved_at: Mapped[str | None] = mapped_column(String(32))
    resolved_by: Mapped[str | None] = mapped_column(String(120))  # the owner who settled it (0005_conflict_note)
    note: Mapped[str | None] = mapped_column(Text)  # what they did about it


# -- running totals for the dashboard, kept by triggers (app/core/store/aggregates.py); ----------
# WITHOUT ROWID: each is one B-tree in key order, so a range of days is read in one sweep


class AggSaleQuarter(Base):
    """Sales per UTC quarter hour (``2025-03-30T01:15``)."""

    __tablename__ = "agg_sale_quarter"
    __table_args__ = {"sqlite_with_rowid": False}
    bucket: Mapped[str] = mapped_column(String(16), primary_key=True)
    sales: Mapped[int] = mapped_column(Integer)
    revenue: Mapped[int] = mapped_column(Integer)
    tax: Mapped[int] = mapped_column(Integer)
    discount: Mapped[int] = mapped_column(Integer)


class AggStaffDay(Base):
    """Sales per UTC day and staff member."""

    __tablename__ = "agg_staff_day"
    __table_args__ = {"sqlite_with_rowid": False}
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    staff_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sales: Mapped[int] = mapped_column(Integer)
    revenue: Mapped[int] = mapped_column(Integer)


class AggProductDay(Base):
    """Sale lines per UTC day and product: quantity, revenue, revenue without VAT, cost, items."""

    __tablename__ = "agg_product_day"
    __table_args__ = {"sqlite_with_rowid": False}
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    product_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    qty: Mapped[int] = mapped_column(Integer)
    revenue: Mapped[int] = mapped_column(Integer)
    net: Mapped[int] = mapped_column(Integer)
    cost: Mapped[int] = mapped_column(Integer)
    items: Mapped[int] = mapped_column(Integer)


class AggProductMonth(Base):
    """Sale lines per UTC month (``2025-03``) and product, like ``AggProductDay``."""

    __tablename__ = "agg_product_month"
    __table_args__ = {"sqlite_with_rowid": False}
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    product_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    qty: Mapped[int] = mapped_column(Integer)
    revenue: Mapped[int] = mapped_column(Integer)
    net: Mapped[int] = mapped_column(Integer)
    cost: Mapped[int] = mapped_column(Integer)
    items: Mapped[int] = mapped_column(Integer)


class AggTenderDay(Base):
    """Sale tenders (not refunds) per UTC day and method."""

    __tablename__ = "agg_tender_day"
    __table_args__ = {"sqlite_with_rowid": False}
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    method: Mapped[str] = mapped_column(String(16), primary_key=True)
    payments: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)


class AggRefundDay(Base):
    """Refunds per UTC day: how many, and the money given back."""

    __tablename__ = "agg_refund_day"
    __table_args__ = {"sqlite_with_rowid": False}
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    refunds: Mapped[int] = mapped_column(Integer)
    refunded: Mapped[int] = mapped_column(Integer)
