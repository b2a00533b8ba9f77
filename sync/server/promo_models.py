"""The server's promotion tables (migration ``0004_promo``): what the platform defined and published,
and what the tills reported of it (line savings, coupon redemptions, coupon conflicts).

They live on the server's one ``Base``. Times of a promotion and a coupon's expiry are the shop's
wall clock (naive), kept as ISO text (``2026-12-05T08:00:00``), which sorts like the times.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, ForeignKeyConstraint, Index, PrimaryKeyConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base, Money


class Promotion(Base):
    """One promotion as last defined; ``data`` is its :class:`sync.promotions.PromotionData` JSON."""

    __tablename__ = "promotions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[str] = mapped_column(String(32))  # shop's wall clock, ISO
    ends_at: Mapped[str] = mapped_column(String(32), index=True)
    active: Mapped[bool] = mapped_column(Boolean)
    data: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(100))


class Coupon(Base):
    """A coupon code. ``shop_id``: the shop of ``customer_id`` (a coupon issued to one customer);
    None for a campaign's codes (the promotion's shops)."""

    __tablename__ = "coupons"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    promotion_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("promotions.id"), index=True)
    customer_id: Mapped[uuid.UUID | None]
    shop_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("shops.id"))
    single_use: Mapped[bool] = mapped_column(Boolean)
    expires_at: Mapped[str | None] = mapped_column(String(32))  # shop's wall clock, ISO
    active: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(100))


class ScheduledPriceRow(Base):
    """A platform price that takes effect at ``effective_at`` (published as ``price.scheduled``).
    ``applied_at``: when the server's working catalog took it (so a later publish keeps it)."""

    __tablename__ = "scheduled_prices"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    product_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("products.id"), index=True)
    sku: Mapped[str] = mapped_column(String(64))
    price: Mapped[int] = mapped_column(Money)
    min_price: Mapped[int | None] = mapped_column(Money)
    max_price: Mapped[int | None] = mapped_column(Money)
    effective_at: Mapped[datetime] = mapped_column(index=True)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(100))
    applied_at: Mapped[datetime | None]


class SaleLinePromotion(Base):
    """What one promotion took off one sale line, and the part the platform funds."""

    __tablename__ = "sale_line_promotions"
    __table_args__ = (
        PrimaryKeyConstraint("shop_id", "sale_line_id", "promotion_id"),
        ForeignKeyConstraint(["shop_id", "sale_line_id"], ["sale_lines.shop_id", "sale_lines.id"]),
        Index("ix_sale_line_promotions_shop_id_sale_id", "shop_id", "sale_id"),
        Index("ix_sale_line_promotions_promotion_id", "promotion_id"),
    )

    shop_id: Mapped[uuid.UUID]
    sale_line_id: Mapped[uuid.UUID]
    promotion_id: Mapped[uuid.UUID]
    sale_id: Mapped[uuid.UUID]
    amount: Mapped[int] = mapped_column(Money)
    platform_amount: Mapped[int] = mapped_column(Money)


class RefundLinePromotion(Base):
    """What a refund line gave back of one promotion's saving (positive numbers)."""

    __tablename__ = "refund_line_promotions"
    __table_args__ = (
        PrimaryKeyConstraint("shop_id", "refund_line_id", "promotion_id"),
        ForeignKeyConstraint(["shop_id", "refund_line_id"], ["refund_lines.shop_id", "refund_lines.id"]),
        Index("ix_refund_line_promotions_shop_id_refund_id", "shop_id", "refund_id"),
    )

    shop_id: Mapped[uuid.UUID]
    refund_line_id: Mapped[uuid.UUID]
    promotion_id: Mapped[uuid.UUID]
    refund_id: Mapped[uuid.UUID]
    amount: Mapped[int] = mapped_column(Money)
    platform_amount: Mapped[int] = mapped_column(Money)


class CouponRedemption(Base):
    """A coupon code redeemed on a sale (one row per sale and code)."""

    __tablename__ = "coupon_redemptions"
    __table_args__ = (PrimaryKeyConstraint("shop_id", "sale_id", "code"), Index("ix_coupon_redemptions_code", "code"))

    shop_id: Mapped[uuid.UUID]
    sale_id: Mapped[uuid.UUID]
    code: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]  # the sale's time
    received_at: Mapped[datetime]


class CouponConflict(Base):
    """A single-use code redeemed again (two tills offline): recorded once per extra redemption.

    The money happened: both sales stand, and the platform bears the duplicate (see
    docs/promotions-platform.md); ``amount`` / ``platform_amount``: the coupon promotion's saving on
    the duplicate sale."""

    __tablename__ = "coupon_conflicts"
    __table_args__ = (Index("uq_coupon_conflicts_shop_id_sale_id_code", "shop_id", "sale_id", "code", unique=True),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), index=True)
    promotion_id: Mapped[uuid.UUID]
    first_shop_id: Mapped[uuid.UUID]
    first_sale_id: Mapped[uuid.UUID]
    shop_id: Mapped[uuid.UUID]  # the redemption found to be a second one
    sale_id: Mapped[uuid.UUID]
    amount: Mapped[int] = mapped_column(Money)
    platform_amount: Mapped[int] = mapped_column(Money)
    rule: Mapped[str] = mapped_column(Text)
    detected_at: Mapped[datetime]
