"""The push's fast path for the usual sale, on SQLite: payloads validated into plain dicts and
made straight into the rows the driver takes.

A push is mostly ``sale.completed`` events of sales with no promotion and no coupon, sent by a
till that writes every field and every id in the canonical form. For those, building a
``SalePayload`` with its lines, payments and movements (eight models, twenty ``uuid.UUID``, four
Python validators a sale) and then turning every value back into what SQLite stores was a good
part of the server's time. Here:

- :func:`prepare` validates the batch's payloads, :data:`CHUNK` at a time, against
  :class:`FastSale`, a TypedDict with SalePayload's fields and types, except that every field is
  required, values must be of the very type JSON gives (strict; stamps are read from text as the
  model reads them), ids must be the canonical lower-case text (which ``uuid.UUID`` reads as
  itself) and the promotion and coupon lists must be empty. So whatever it accepts, SalePayload
  accepts with the same values; what it refuses (an older till that leaves a default out, an id in
  another spelling, a promotion) sends the batch the model way in sync/server/push.py, which
  gives every refusal its reason. :func:`agrees` makes the model's checks the TypedDicts leave out
  (the sums, a movement of zero); a sale that fails them takes the model path alone.
- Each sale is made ready (:class:`Prepared`) right after its chunk is validated, while its
  objects are still in the CPU's caches: its rows as the tuples SQLite is given for them (what
  sync/server/bulk.py's converters make of the model's values: ids as 32 hex digits, stamps as UTC
  text with six digits of microseconds), its stock movements' feed rows as the JSON text
  ``StockMovementPayload.model_dump_json()`` writes, and its payload's JSON text for the events
  table (``bulk.json_text``, as the converter would write it). The projection only gathers them
  (:class:`SaleRows`).

tests/server/test_fast_sale.py keeps the TypedDicts in step with the models and compares rows,
feed text and refusals with the model path.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal, NamedTuple

import orjson
from pydantic import ConfigDict, Field, Strict, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from sync import protocol as p

from .bulk import JSONText, json_text, sqlite_stamp
from .models import Payment, Sale, SaleLine, StockMovement

# Strict: a value of the very type JSON gives (an int for an int, not "12" or 12.0, which the model
# would convert); anything else takes the model path. Stamps are read from their text as the model
# reads them.
_CONFIG = ConfigDict(extra="forbid", strict=True)
Id = Annotated[str, Field(pattern=p.CANONICAL_UUID)]  # what a till writes (str(uuid))
Stamp = Annotated[datetime, Strict(False)]
_Empty = Annotated[list[Any], Field(max_length=0)]


class Line(TypedDict):
    """SaleLinePayload with no promotions."""

    __pydantic_config__ = _CONFIG  # type: ignore[misc]
    id: Id
    line_no: int
    product_id: Id
    sku: p.Sku
    name: str
    is_local: bool
    qty: p.Quantity
    unit: Literal["each", "kg"]
    unit_price: p.Amount
    discount: p.SignedAmount
    total: p.Amount
    vat_rate_bp: p.VatRate
    tax: p.Amount
    unit_cost: p.Amount
    promotions: _Empty


class Pay(TypedDict):
    """PaymentPayload."""

    __pydantic_config__ = _CONFIG  # type: ignore[misc]
    id: Id
    method: Literal["cash", "card", "mobile"]
    amount: p.SignedAmount
    tendered: p.Amount
    change: p.Amount
    reference: str | None


class Movement(TypedDict):
    """StockMovementPayload (same fields, same order)."""

    __pydantic_config__ = _CONFIG  # type: ignore[misc]
    id: Id
    product_id: Id
    sku: p.Sku
    kind: Literal["sale", "refund", "delivery", "write_off", "adjustment", "count"]
    qty: Annotated[int, Field(ge=-p.MAX_QTY, le=p.MAX_QTY)]  # and not 0: checked by agrees()
    reason: str | None
    unit_cost: p.Amount | None
    ref_id: Id | None
    staff_id: Id | None
    created_at: Stamp


class FastSale(TypedDict):
    """SalePayload with no coupons."""

    __pydantic_config__ = _CONFIG  # type: ignore[misc]
    id: Id
    receipt_no: str
    receipt_token: str
    created_at: Stamp
    staff_id: Id
    staff_name: str
    customer_id: Id | None
    cash_session_id: Id | None
    subtotal: p.Amount
    discount: p.SignedAmount
    rounding: p.SignedAmount
    total: p.Amount
    tax: p.Amount
    lines: Annotated[list[Line], Field(min_length=1)]
    payments: list[Pay]
    movements: list[Movement]
    loyalty_points: p.Points
    coupons: _Empty


SALES = TypeAdapter(list[FastSale])
_STAMP_JSON = TypeAdapter(datetime)  # a datetime as pydantic writes it in JSON (the models' way)


def agrees(s: dict[str, Any]) -> bool:
    """The model's checks that the TypedDicts leave out: SalePayload's sums (``_agrees``) and a
    movement's quantity that is not zero. False when the model would refuse the sale."""
    for m in s["movements"]:
        if not m["qty"]:
            return False
    lines = 0
    for line in s["lines"]:
        lines += line["total"]
    paid = 0
    for pay in s["payments"]:
        paid += pay["amount"]
    total = s["total"]
    return s["subtotal"] - s["discount"] == lines and total == lines + s["rounding"] and paid == total \
        and s["tax"] <= total


SALE_COLUMNS = ("shop_id", "device_id", "event_id", "id", "receipt_no", "receipt_token", "created_at", "staff_id",
                "staff_name", "customer_id", "cash_session_id", "subtotal", "discount", "rounding", "total", "tax",
                "loyalty_points")
LINE_COLUMNS = ("id", "line_no", "product_id", "sku", "name", "is_local", "qty", "unit", "unit_price", "discount",
                "total", "vat_rate_bp", "tax", "unit_cost", "sale_id", "shop_id")
PAYMENT_COLUMNS = ("shop_id", "sale_id", "refund_id", "id", "method", "amount", "tendered", "change", "reference")
MOVEMENT_COLUMNS = ("shop_id", "device_id", "event_id", "id", "product_id", "sku", "kind", "qty", "reason", "unit_cost",
                    "ref_id", "staff_id", "created_at")
TABLES = ((Sale.__table__, SALE_COLUMNS), (SaleLine.__table__, LINE_COLUMNS), (Payment.__table__, PAYMENT_COLUMNS),
          (StockMovement.__table__, MOVEMENT_COLUMNS))


class Prepared(NamedTuple):
    """A sale of the fast path, ready to be written: its rows in SQLite's form and its movements'
    feed texts (in order)."""

    sale_id: str  # as stored: 32 hex digits
    receipt_token: str
    customer_id: str | None  # canonical text
    sale: tuple
    lines: list[tuple]
    payments: list[tuple]
    movements: list[tuple]
    feed: list[str]


CHUNK = 32  # sales validated, serialised and made into rows at a time: while their objects are in the CPU's caches


def prepare(events: list[p.Event], shop_id: uuid.UUID, device_id: uuid.UUID
            ) -> tuple[dict[int, Prepared], dict[int, JSONText], list[p.Event]] | None:
    """The batch's sales made ready (by event id as an integer), each payload's JSON text for the
    events table, and the sales whose sums the model would refuse; None when a sale of the batch
    is not one the fast path takes (the batch then goes the model way)."""
    shop, device = "%032x" % shop_id.int, "%032x" % device_id.int
    prepared: dict[int, Prepared] = {}
    texts: dict[int, JSONText] = {}
    odd: list[p.Event] = []
    for start in range(0, len(events), CHUNK):
        part = events[start:start + CHUNK]
        try:
            sales = SALES.validate_python([ev.payload for ev in part])
        except (ValidationError, ValueError):
            return None
        for ev, sale in zip(part, sales):
            if not agrees(sale):
                odd.append(ev)
                continue
            key = ev.id.int
            prepared[key] = _prepared(ev.id, sale, shop, device)
            texts[key] = JSONText(json_text(ev.payload))
    return prepared, texts, odd


def _stamps(value: datetime) -> tuple[str, str]:
    """``value`` as SQLite stores it (UTC text) and as the models write it in JSON."""
    iso = value.isoformat()
    if len(iso) == 32 and iso.endswith("+00:00"):  # UTC, with microseconds: a till's usual stamp
        return iso[:10] + " " + iso[11:26], iso[:26] + "Z"
    return sqlite_stamp(value), _STAMP_JSON.dump_python(value, mode="json")


def _prepared(event_id: uuid.UUID, s: dict[str, Any], shop: str, device: str) -> Prepared:
    event = "%032x" % event_id.int
    sale = s["id"].replace("-", "")
    created = s["created_at"]
    zone = created.tzinfo
    stamp, text = _stamps(created)
    customer, cash = s["customer_id"], s["cash_session_id"]
    row = (
        shop, device, event, sale, s["receipt_no"], s["receipt_token"], stamp, s["staff_id"].replace("-", ""),
        s["staff_name"], None if customer is None else customer.replace("-", ""),
        None if cash is None else cash.replace("-", ""), s["subtotal"], s["discount"], s["rounding"], s["total"],
        s["tax"], s["loyalty_points"],
    )
    lines = [
        (line["id"].replace("-", ""), line["line_no"], line["product_id"].replace("-", ""), line["sku"],
         line["name"], line["is_local"], line["qty"], line["unit"], line["unit_price"], line["discount"],
         line["total"], line["vat_rate_bp"], line["tax"], line["unit_cost"], sale, shop)
        for line in s["lines"]
    ]
    payments = [
        (shop, sale, None, pay["id"].replace("-", ""), pay["method"], pay["amount"], pay["tendered"],
         pay["change"], pay["reference"])
        for pay in s["payments"]
    ]
    movements, feed, dumps = [], [], orjson.dumps
    for m in s["movements"]:
        at, ref, staff = m["created_at"], m["ref_id"], m["staff_id"]
        # The sale's stamp, written in the same zone (the same tzinfo: pydantic shares UTC's), as usual
        at_stamp, at_text = (stamp, text) if at == created and at.tzinfo is zone else _stamps(at)
        movements.append((
            shop, device, event, m["id"].replace("-", ""), m["product_id"].replace("-", ""), m["sku"], m["kind"],
            m["qty"], m["reason"], m["unit_cost"], None if ref is None else ref.replace("-", ""),
            None if staff is None else staff.replace("-", ""), at_stamp,
        ))
        # The movement as StockMovementPayload.model_dump_json() writes it: its fields in its order
        # (the TypedDict's), the stamp as pydantic writes a datetime.
        feed.append(dumps({**m, "created_at": at_text}).decode())
    return Prepared(sale, s["receipt_token"], customer, row, lines, payments, movements, feed)


class SaleRows:
    """The rows of a batch's fast sales, table by table (:data:`TABLES` order)."""

    def __init__(self) -> None:
        self.sales: list[tuple] = []
        self.lines: list[tuple] = []
        self.payments: list[tuple] = []
        self.movements: list[tuple] = []

    def add(self, sale: Prepared) -> None:
        self.sales.append(sale.sale)
        self.lines.extend(sale.lines)
        self.payments.extend(sale.payments)
        self.movements.extend(sale.movements)

    def tables(self) -> list[tuple[Any, tuple[str, ...], list[tuple]]]:
        return [(table, columns, rows) for (table, columns), rows in
                zip(TABLES, (self.sales, self.lines, self.payments, self.movements)) if rows]
