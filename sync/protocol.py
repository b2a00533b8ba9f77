"""The wire protocol between a till and the platform's server (version 1).

Both ends import this module; nothing here knows about the till's store or the
server's database. Money is always integer minor units, quantities are integers
(units for counted goods, grams for weighed goods), ids are UUIDs made where the
record was born.

Push: the till sends a batch of outbox events; the server answers with one result
per event id. Pull: the server serves its change feed after a cursor; each change
is one row with a strictly increasing ``seq``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal, NotRequired

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from typing_extensions import TypedDict

from .money import MAX_AMOUNT  # minor units: a billion in major units
from .promotions import CouponData, LinePromotion, PromotionData, ScheduledPrice

PROTOCOL_VERSION = 1
PROTOCOL_HEADER = "X-Corner-Protocol"
SUPPORTED_VERSIONS = frozenset({1})
# Two batches of one till in flight at once (docs/sync.md, "Two batches in flight"). The server
# says on every push answer how many batches of a till it can work on at once (its processes);
# a till sends the next batch before the answer only when that is more than one, naming the last
# event of the batch before it: the server applies the batch only once that event is stored, and
# answers 409 when it is not, after waiting for it a while (its setting push_after_wait_seconds).
PUSH_LANES_HEADER = "X-Corner-Push-Lanes"
PUSH_AFTER_HEADER = "X-Corner-Push-After"

MAX_BATCH_EVENTS = 1000
MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_PULL_LIMIT = 5000

Minor = int  # money in minor units (cents)
Sku = Annotated[str, Field(min_length=1, max_length=64)]

# Range checks at the door (push payloads): values that cannot be real are refused, and sums of
# any number of them stay far inside 64 bits.
MAX_QTY = 10**9  # units, or grams of weighed goods
MAX_VAT_BP = 10_000  # 100 %
Amount = Annotated[int, Field(ge=0, le=MAX_AMOUNT)]  # money that is never negative
SignedAmount = Annotated[int, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT)]
Quantity = Annotated[int, Field(gt=0, le=MAX_QTY)]  # what was sold, refunded or ordered
Count = Annotated[int, Field(ge=0, le=MAX_QTY)]  # what was shipped, received or found damaged
VatRate = Annotated[int, Field(ge=0, le=MAX_VAT_BP)]
Points = Annotated[int, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT)]


def _not_zero(value: int) -> int:
    if value == 0:
        raise ValueError("a quantity of zero moves nothing")
    return value


Movement = Annotated[int, Field(ge=-MAX_QTY, le=MAX_QTY), AfterValidator(_not_zero)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------------------
# Events: till -> server (push). ``kind`` names the payload model below.
# ---------------------------------------------------------------------------

def _iso_time(value: Any) -> Any:
    """A time on the wire is an ISO 8601 string (pydantic alone would read ``0`` as 1970)."""
    if not isinstance(value, (str, datetime)):
        raise ValueError("an ISO 8601 date and time (a string) is needed here")
    return value


class Event(_Model):
    id: uuid.UUID
    kind: Annotated[str, Field(min_length=1, max_length=64)]
    created_at: Annotated[datetime, BeforeValidator(_iso_time)]
    payload: dict[str, Any]


class PushRequest(_Model):
    events: Annotated[list[Event], Field(max_length=MAX_BATCH_EVENTS)]


class EventResult(_Model):
    id: uuid.UUID
    status: Literal["accepted", "duplicate", "quarantined"]
    reason: str | None = None


class PushResponse(_Model):
    results: list[EventResult]


# Payloads of the event kinds. The server validates each payload against its model;
# a payload that does not fit is quarantined with the validation message as reason.

class StockMovementPayload(_Model):
    """One ledger row. ``qty`` is signed: negative leaves the shelf."""

    id: uuid.UUID
    product_id: uuid.UUID
    sku: Sku
    kind: Literal["sale", "refund", "delivery", "write_off", "adjustment", "count"]
    qty: Movement
    reason: str | None = None
    unit_cost: Amount | None = None
    ref_id: uuid.UUID | None = None
    staff_id: uuid.UUID | None = None
    created_at: datetime


class SaleLinePayload(_Model):
    id: uuid.UUID
    line_no: int
    product_id: uuid.UUID
    sku: Sku
    name: str
    is_local: bool = False
    qty: Quantity
    unit: Literal["each", "kg"]
    unit_price: Amount
    discount: SignedAmount
    total: Amount
    vat_rate_bp: VatRate
    tax: Amount
    unit_cost: Amount = 0
    # the promotions that priced this line (their amounts are part of ``discount``)
    promotions: Annotated[list[LinePromotion], Field(max_length=50)] = Field(default_factory=list)

    @model_validator(mode="after")
    def _promotions_within_discount(self) -> "SaleLinePayload":
        taken = sum(p.amount for p in self.promotions)
        if taken and taken > self.discount:
            raise ValueError(f"line {self.line_no}: promotions take {taken}, more than its discount {self.discount}")
        return self


class PaymentPayload(_Model):
    id: uuid.UUID
    method: Literal["cash", "card", "mobile"]
    amount: SignedAmount  # negative: money back on a refund
    tendered: Amount = 0
    change: Amount = 0
    reference: str | None = None


class SalePayload(_Model):
    """``sale.completed``: a sale is immutable once made."""

    id: uuid.UUID
    receipt_no: str
    receipt_token: str
    created_at: datetime
    staff_id: uuid.UUID
    staff_name: str = ""
    customer_id: uuid.UUID | None = None  # only when the customer consented to sharing
    cash_session_id: uuid.UUID | None = None
    subtotal: Amount
    discount: SignedAmount
    rounding: SignedAmount = 0
    total: Amount
    tax: Amount
    lines: Annotated[list[SaleLinePayload], Field(min_length=1)]
    payments: list[PaymentPayload]
    movements: list[StockMovementPayload]
    loyalty_points: Points = 0
    coupons: Annotated[list[Annotated[str, Field(min_length=1, max_length=32)]], Field(max_length=20)] = Field(
        default_factory=list)  # coupon codes redeemed on this sale

    @model_validator(mode="after")
    def _agrees(self) -> "SalePayload":
        lines = sum(line.total for line in self.lines)
        if self.subtotal - self.discount != lines:
            raise ValueError(f"subtotal less discount ({self.subtotal} - {self.discount}) is not the lines' {lines}")
        if self.total != lines + self.rounding:
            raise ValueError(f"total {self.total} is not the lines' {lines} plus rounding {self.rounding}")
        paid = sum(pay.amount for pay in self.payments)
        if paid != self.total:
            raise ValueError(f"the payments come to {paid}, not the total {self.total}")
        if self.tax > self.total:
            raise ValueError(f"tax {self.tax} is more than the total {self.total}")
        return self


class RefundLinePayload(_Model):
    id: uuid.UUID
    sale_line_id: uuid.UUID
    product_id: uuid.UUID
    sku: Sku
    qty: Quantity
    amount: Amount
    tax: Amount
    # what this refund gives back of each promotion's saving on the sold line (for settlement)
    promotions: Annotated[list[LinePromotion], Field(max_length=50)] = Field(default_factory=list)


class RefundPayload(_Model):
    """``refund.completed``: money back against an earlier sale."""

    id: uuid.UUID
    sale_id: uuid.UUID
    receipt_no: str
    created_at: datetime
    staff_id: uuid.UUID
    approved_by: uuid.UUID | None = None
    restock: bool
    reason: str | None = None
    total: Amount
    tax: Amount
    lines: Annotated[list[RefundLinePayload], Field(min_length=1)]
    payments: list[PaymentPayload]
    movements: list[StockMovementPayload]


class CustomerPayload(_Model):
    """``customer.upserted``: the fields that changed, stamped with one hybrid logical clock.

    Only customers who consented to sharing with the platform are sent with
    identifying fields; the server merges per field, the larger HLC wins.
    """

    id: uuid.UUID
    hlc: str
    fields: dict[str, Any]


class LoyaltyPayload(_Model):
    """``loyalty.entry``: one row of a customer's points ledger."""

    id: uuid.UUID
    customer_id: uuid.UUID
    points: Points
    reason: str
    sale_id: uuid.UUID | None = None
    created_at: datetime


class CashSessionPayload(_Model):
    """``cash.session_closed``"""

    id: uuid.UUID
    opened_at: datetime
    closed_at: datetime
    opened_by: uuid.UUID
    closed_by: uuid.UUID
    float_amount: Amount
    expected: SignedAmount
    counted: Amount
    over_short: SignedAmount
    report: dict[str, Any] = Field(default_factory=dict)


class AuditPayload(_Model):
    """``audit.entry``: a sensitive action at the till (and who approved it)."""

    id: uuid.UUID
    action: str
    staff_id: uuid.UUID | None = None
    approved_by: uuid.UUID | None = None
    detail: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime


class FeedbackPayload(_Model):
    """``feedback.created``: feedback given at the counter and recorded by staff."""

    id: uuid.UUID
    sale_id: uuid.UUID | None = None
    receipt_token: str | None = None
    rating: Annotated[int, Field(ge=1, le=5)]
    comment: Annotated[str, Field(max_length=2000)] = ""
    created_at: datetime


class LocalProductPayload(_Model):
    """``product.local_upserted``: a shop's own product, sent up for insight only."""

    id: uuid.UUID
    sku: Sku
    name: str
    category: str | None = None
    unit: Literal["each", "kg"] = "each"
    vat_rate_bp: VatRate
    price: Amount
    barcodes: list[str] = Field(default_factory=list)


class LocalPricePayload(_Model):
    """``price.local_set``: the shop's own price for a platform product (None clears it)."""

    product_id: uuid.UUID
    sku: Sku
    price: Amount | None
    created_at: datetime


class OrderLinePayload(_Model):
    product_id: uuid.UUID
    sku: Sku
    qty: Quantity


class OrderPayload(_Model):
    """``order.placed``: a replenishment order from the shop to the platform."""

    id: uuid.UUID
    created_at: datetime
    staff_id: uuid.UUID | None = None
    note: str = ""
    lines: list[OrderLinePayload]


class DeliveryLineReceived(_Model):
    product_id: uuid.UUID
    sku: Sku
    shipped: Count
    received: Count
    damaged: Count = 0
    unit_cost: Amount


class DeliveryReceivedPayload(_Model):
    """``delivery.received``: the shop's count of a shipment, with discrepancies."""

    id: uuid.UUID  # the delivery (shipment) id made by the server
    order_id: uuid.UUID | None = None
    received_at: datetime
    staff_id: uuid.UUID | None = None
    lines: list[DeliveryLineReceived]
    movements: list[StockMovementPayload]


EVENT_PAYLOADS: dict[str, type[BaseModel]] = {
    "sale.completed": SalePayload,
    "refund.completed": RefundPayload,
    "stock.movement": StockMovementPayload,
    "customer.upserted": CustomerPayload,
    "loyalty.entry": LoyaltyPayload,
    "cash.session_closed": CashSessionPayload,
    "audit.entry": AuditPayload,
    "feedback.created": FeedbackPayload,
    "product.local_upserted": LocalProductPayload,
    "price.local_set": LocalPricePayload,
    "order.placed": OrderPayload,
    "delivery.received": DeliveryReceivedPayload,
}


# ---------------------------------------------------------------------------
# Changes: server -> till (pull and snapshot).
# ---------------------------------------------------------------------------

class ProductData(_Model):
    """A platform product as the till needs it (``product.upserted``)."""

    id: uuid.UUID
    sku: Sku
    name: str
    category: str | None = None
    brand: str | None = None  # what a promotion may name besides SKUs and categories
    unit: Literal["each", "kg"] = "each"
    vat_rate_bp: int
    price: Minor  # recommended, tax-inclusive (per kg for weighed goods)
    min_price: Minor | None = None
    max_price: Minor | None = None
    cost: Minor = 0  # wholesale cost to the shop
    barcodes: list[str] = Field(default_factory=list)
    image: str | None = None
    active: bool = True


class Change(_Model):
    """One row of the change feed.

    kinds: ``product.upserted`` (ProductData), ``policy.set`` ({key, value}),
    ``stock.movement`` (StockMovementPayload, other tills and deliveries of this shop),
    ``feedback.created`` ({id, sale_id, receipt_token, rating, comment, created_at, source}),
    ``delivery.shipped`` ({id, order_id, lines: [{product_id, sku, qty, unit_cost}]}),
    ``customer.upserted`` (CustomerPayload), ``insights.published`` (free-form dict),
    ``order.updated`` ({id, status}), ``promotion.upserted`` (sync.promotions.PromotionData),
    ``coupon.issued`` (CouponData), ``price.scheduled`` (ScheduledPrice),
    ``event.rejected`` ({event_id, kind, reason, rejected_at}: the central team rejected a
    quarantined event of this shop), ``event.reapplied`` ({event_id, kind}: applied after a fix).
    """

    seq: int
    kind: str
    payload: dict[str, Any]


class PullResponse(_Model):
    changes: list[Change]
    cursor: int  # the seq to send as ``after`` next time
    more: bool


class Snapshot(_Model):
    """A new till's starting state: the catalog and policies as of ``cursor``, and (only when there
    are any) the promotions, coupons and scheduled prices current for the till's shop then."""

    cursor: int
    products: list[ProductData]
    policies: dict[str, str]
    promotions: list[PromotionData] = Field(default_factory=list)
    coupons: list[CouponData] = Field(default_factory=list)
    scheduled_prices: list[ScheduledPrice] = Field(default_factory=list)


# A snapshot as the till reads it: the same document and the same checks as ``Snapshot``, but each
# product is validated into a plain dict, not a ProductData (and its id stays the canonical text the
# server writes). For 100,000 products ``Snapshot.model_validate_json`` spent ~1 s of CPU building
# models and UUIDs that the till turned straight back into text; this takes ~0.4 s.
CANONICAL_UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class SnapshotProduct(TypedDict):
    """ProductData's fields and types, as a dict; a field left out takes ProductData's default
    (``snapshot_product_defaults``). tests/unit/test_snapshot_fast.py keeps the two in step."""

    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]
    id: Annotated[str, Field(pattern=CANONICAL_UUID)]
    sku: Sku
    name: str
    category: NotRequired[str | None]
    brand: NotRequired[str | None]
    unit: NotRequired[Literal["each", "kg"]]
    vat_rate_bp: int
    price: Minor
    min_price: NotRequired[Minor | None]
    max_price: NotRequired[Minor | None]
    cost: NotRequired[Minor]
    barcodes: NotRequired[list[str]]
    image: NotRequired[str | None]
    active: NotRequired[bool]


class SnapshotBody(TypedDict):
    """``Snapshot`` with its products as ``SnapshotProduct`` dicts (what ``parse_snapshot`` returns)."""

    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]
    cursor: int
    products: list[SnapshotProduct]
    policies: dict[str, str]
    promotions: NotRequired[list[PromotionData]]
    coupons: NotRequired[list[CouponData]]
    scheduled_prices: NotRequired[list[ScheduledPrice]]


@cache
def _snapshot_adapter() -> TypeAdapter:
    return TypeAdapter(SnapshotBody)


def parse_snapshot(body: bytes) -> SnapshotBody:
    """Validate a snapshot document once, on its bytes. Whatever ``Snapshot`` refuses is refused
    (pydantic's ValidationError, with Snapshot's own messages); whatever it accepts gives the same
    values. An id in another spelling than the canonical lower-case one (which ``uuid.UUID``
    accepts) goes through ``Snapshot`` itself, whose ids are then written out canonically."""
    try:
        return _snapshot_adapter().validate_json(body)
    except ValidationError:
        snap = Snapshot.model_validate_json(body)  # raises the refusal as Snapshot words it
    products = [{**p.__dict__, "id": str(p.id)} for p in snap.products]
    return SnapshotBody(cursor=snap.cursor, products=products, policies=snap.policies,  # type: ignore[typeddict-item]
                        promotions=snap.promotions, coupons=snap.coupons, scheduled_prices=snap.scheduled_prices)


class EnrollRequest(_Model):
    code: Annotated[str, Field(min_length=4, max_length=64)]
    device_name: Annotated[str, Field(min_length=1, max_length=100)] = "till"


class EnrollResponse(_Model):
    device_id: uuid.UUID
    token: str
    shop_id: uuid.UUID
    shop_code: str
    shop_name: str
    till_no: int


class PeerSecretResponse(_Model):
    """The shop's peer secret (``GET /v1/devices/peer-secret``): tills of one shop use it to trust each
    other on the shop's network (docs/peers.md). A separate call, not a field of ``EnrollResponse``,
    so tills that forbid unknown fields in the enrollment answer keep enrolling."""

    shop_id: uuid.UUID
    peer_secret: str


class ErrorBody(BaseModel):
    detail: Any


def validate_payload(kind: str, payload: dict[str, Any]) -> BaseModel:
    """Parse an event payload by kind; raises ``ValueError`` for an unknown kind or a bad payload."""
    model = EVENT_PAYLOADS.get(kind)
    if model is None:
        raise ValueError(f"unknown event kind {kind!r}")
    return model.model_validate(payload)
