"""Promotions, coupons and scheduled prices as the platform publishes them (the contract).

Both ends import these models: the server validates what the central team defines and publishes
it on the change feed; the till stores what it receives and prices carts with it offline
(``sync/pricing.py``). Money is integer minor units, tax included, like every price in Corner.

Feed kinds (server -> till):

- ``promotion.upserted``: :class:`PromotionData` (a withdrawn promotion comes again with
  ``active = false``; the till keeps the last version it received per id).
- ``coupon.issued``: :class:`CouponData`.
- ``price.scheduled``: :class:`ScheduledPrice` (the till switches at ``effective_at`` by its own
  clock, online or not).

Times of a promotion (``starts_at``, ``ends_at``, ``hours_from``, ``hours_to``) are wall-clock
times in the shop's time zone (the ``time_zone`` setting of each till), so "Saturday 8:00 to
12:00" means the same at every shop; ``effective_at`` of a scheduled price is an instant.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, time
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .money import MAX_AMOUNT  # as sync.protocol

Amount = Annotated[int, Field(ge=0, le=MAX_AMOUNT)]
Name = Annotated[str, Field(min_length=1, max_length=100)]
Basis = Annotated[int, Field(ge=0, le=10_000)]  # basis points: 10,000 is 100 %

KINDS = ("percent_off", "amount_off", "multi_buy", "bundle", "basket")
PromotionKind = Literal["percent_off", "amount_off", "multi_buy", "bundle", "basket"]

COUPON_RE = re.compile(r"[A-Z0-9][A-Z0-9-]{3,31}")


def _naive(value: datetime) -> datetime:
    if value.tzinfo is not None:
        raise ValueError("a promotion's times are the shop's wall-clock time: give them without a time zone")
    return value


def _coupon_code(value: str) -> str:
    code = value.strip().upper()
    if not COUPON_RE.fullmatch(code):
        raise ValueError("a coupon code is 4 to 32 letters, digits or dashes")
    return code


LocalTime = Annotated[datetime, AfterValidator(_naive)]
CouponCode = Annotated[str, AfterValidator(_coupon_code)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PromotionData(_Model):
    """One promotion. What it applies to: the products named by ``skus``, ``categories`` or
    ``brands`` (any of them); all three empty means every platform product.

    Kinds and their fields:

    - ``percent_off``: ``percent_bp`` off each unit of the goods it applies to.
    - ``amount_off``: ``amount`` off each unit (each kilogram of weighed goods), never below zero.
    - ``multi_buy``: every ``buy_qty`` units of the goods pay as ``pay_qty`` units ("3 for 2"), or
      cost ``bundle_price`` together ("3 for 5.00"); counted goods only.
    - ``bundle``: ``buy_qty`` units mixed from the goods it applies to cost ``bundle_price``
      (mix and match); counted goods only.
    - ``basket``: a basket of at least ``threshold`` (of the goods it applies to) saves ``amount``,
      or ``percent_bp`` of it.

    ``platform_share_bp`` is the part of every saving the platform funds (10,000: all of it;
    0: the shop funds it). ``coupon_required``: the promotion applies only with one of its coupons.
    """

    id: uuid.UUID
    name: Name
    kind: PromotionKind
    skus: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(default_factory=list, max_length=10_000)
    categories: list[Name] = Field(default_factory=list, max_length=1000)
    brands: list[Name] = Field(default_factory=list, max_length=1000)
    percent_bp: Annotated[int, Field(ge=1, le=10_000)] | None = None
    amount: Annotated[int, Field(ge=1, le=MAX_AMOUNT)] | None = None
    buy_qty: Annotated[int, Field(ge=2, le=1000)] | None = None
    pay_qty: Annotated[int, Field(ge=1, le=999)] | None = None
    bundle_price: Amount | None = None
    threshold: Amount | None = None
    starts_at: LocalTime
    ends_at: LocalTime
    weekdays: list[Annotated[int, Field(ge=1, le=7)]] = Field(default_factory=list, max_length=7)  # 1 = Monday
    hours_from: time | None = None  # daily window, shop's wall clock; both or neither
    hours_to: time | None = None
    shops: list[Annotated[str, Field(min_length=1, max_length=32)]] = Field(default_factory=list)  # codes; [] = all
    platform_share_bp: Basis = 10_000
    coupon_required: bool = False
    active: bool = True

    @model_validator(mode="after")
    def _fits_kind(self) -> "PromotionData":
        if self.ends_at <= self.starts_at:
            raise ValueError("the promotion ends before it starts")
        if (self.hours_from is None) != (self.hours_to is None):
            raise ValueError("give both hours_from and hours_to, or neither")
        if self.hours_from is not None and self.hours_to is not None and self.hours_to <= self.hours_from:
            raise ValueError("hours_to must be after hours_from (a window may not cross midnight)")
        given = {name for name in ("percent_bp", "amount", "buy_qty", "pay_qty", "bundle_price", "threshold")
                 if getattr(self, name) is not None}
        kind = self.kind
        if kind == "percent_off":
            allowed, needed = {"percent_bp"}, [{"percent_bp"}]
        elif kind == "amount_off":
            allowed, needed = {"amount"}, [{"amount"}]
        elif kind == "multi_buy":
            allowed, needed = {"buy_qty", "pay_qty", "bundle_price"}, [{"buy_qty", "pay_qty"}, {"buy_qty", "bundle_price"}]
        elif kind == "bundle":
            allowed, needed = {"buy_qty", "bundle_price"}, [{"buy_qty", "bundle_price"}]
        else:
            allowed, needed = {"threshold", "amount", "percent_bp"}, [{"threshold", "amount"}, {"threshold", "percent_bp"}]
        extra = given - allowed
        if extra:
            raise ValueError(f"a {kind} promotion does not take {', '.join(sorted(extra))}")
        if given not in needed:
            wanted = " or ".join(" and ".join(sorted(n)) for n in needed)
            raise ValueError(f"a {kind} promotion needs {wanted}")
        if self.pay_qty is not None and self.buy_qty is not None and self.pay_qty >= self.buy_qty:
            raise ValueError("pay_qty must be less than buy_qty (3 for the price of 2)")
        if kind == "basket" and self.amount is not None and self.threshold is not None and self.amount > self.threshold:
            raise ValueError("a basket promotion cannot save more than its threshold")
        return self


class CouponData(_Model):
    """A coupon code for one promotion (which has ``coupon_required``). ``customer_id``: issued
    to one customer (only that customer may redeem it); ``single_use``: once across the network."""

    code: CouponCode
    promotion_id: uuid.UUID
    customer_id: uuid.UUID | None = None
    single_use: bool = True
    expires_at: LocalTime | None = None
    active: bool = True


class ScheduledPrice(_Model):
    """A platform price that takes effect at an instant (the till switches by its own clock)."""

    id: uuid.UUID
    product_id: uuid.UUID
    sku: Annotated[str, Field(min_length=1, max_length=64)]
    price: Amount
    min_price: Amount | None = None
    max_price: Amount | None = None
    effective_at: datetime

    @model_validator(mode="after")
    def _aware(self) -> "ScheduledPrice":
        if self.effective_at.tzinfo is None:
            raise ValueError("effective_at must carry its time zone (it is an instant)")
        return self


class LinePromotion(BaseModel):
    """On a sale line (and a refund line): how much one promotion took off this line, tax included,
    and the part of it the platform funds. On a refund line: what the refund gives back of it."""

    model_config = ConfigDict(extra="forbid")

    promotion_id: uuid.UUID
    amount: Amount
    platform_amount: Amount

    @model_validator(mode="after")
    def _within(self) -> "LinePromotion":
        if self.platform_amount > self.amount:
            raise ValueError("the platform's part of a saving is more than the saving")
        return self
