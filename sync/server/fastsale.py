"""The push's fast path: a batch decoded straight from its bytes, and the usual sale made straight
into the rows SQLite is given for it.

A push is mostly ``sale.completed`` events of sales with no promotion and no coupon, sent by a
till that writes every field and every id in the canonical form. Going the general way, its
megabyte of JSON was parsed into dicts (orjson), the events validated by pydantic (``PushRequest``),
each sale's dicts validated again into new ones, and every value turned back into what SQLite
stores: together more of the server's time than SQLite's own inserts. Here:

- :func:`decode_push` reads the body with msgspec in one pass: the events' ids, kinds and
  stamps, and each payload as its raw bytes (:class:`Event`). A sale's bytes are decoded into
  :class:`Sale`, a msgspec Struct with SalePayload's fields and the models' bounds, except that
  every field is required, values must be of the very type JSON gives (an int for an int, not
  ``"12"`` or ``12.0``), ids must be the canonical lower-case text and the promotion and coupon
  lists must be empty. So whatever it accepts, SalePayload accepts with the same values; a sale
  it refuses (an older till that leaves a default out, an id in another spelling, a promotion)
  takes the model path in sync/server/push.py, which gives every refusal its reason. Any other
  event's payload is parsed to a dict only when something asks for it (:attr:`Event.payload`).
- :func:`agrees` makes the model's checks the Structs leave out (the sums, a movement of zero);
  a sale that fails them takes the model path alone.
- :func:`prepare` makes each sale ready (:class:`Prepared`): its rows as the tuples SQLite is
  given for them (what sync/server/bulk.py's converters make of the model's values: ids as 32
  hex digits, stamps as UTC text with six digits of microseconds) and its stock movements' feed
  rows as the JSON text ``StockMovementPayload.model_dump_json()`` writes. The events table keeps
  each payload's text as the till sent it.

``decode_push`` answers None for any body it does not take whole (anything odd in the envelope);
the FastAPI operation then judges it, with its own words. tests/server/test_fast_sale.py keeps the
Structs in step with the models and compares rows, feed text and refusals with the model path;
tests/server/test_fastpush.py compares the answers of the two routes.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from functools import cached_property
from typing import Annotated, Any, Literal, NamedTuple

import msgspec
import orjson
from msgspec import Meta, Raw, Struct
from pydantic import TypeAdapter, ValidationError

from sync import protocol as p

from . import jsondoor
from .bulk import sqlite_stamp
from .models import Payment, Sale as SaleRow, SaleLine, StockMovement

# -- the envelope -----------------------------------------------------------------------------

_Kind = Annotated[str, Meta(min_length=1, max_length=64)]  # Event.kind's bounds


class _Envelope(Struct, forbid_unknown_fields=True):
    """``Event`` with its payload left as bytes."""

    id: uuid.UUID
    kind: _Kind
    created_at: str
    payload: Raw


class _Body(Struct, forbid_unknown_fields=True):
    events: Annotated[list[_Envelope], Meta(max_length=p.MAX_BATCH_EVENTS)]


_BODY = msgspec.json.Decoder(_Body)
# Event.created_at, read as the model reads it (one call for a batch's stamps)
_EVENT_STAMPS = TypeAdapter(list[Annotated[datetime, p.Event.model_fields["created_at"]]])
_LEVELS_ABOVE_A_PAYLOAD = 3  # the body, its list of events, the event


class Event:
    """One event of a push decoded here: what ``sync.protocol.Event`` holds, the payload kept as the
    bytes received and parsed on first use; ``sale``, a sale the fast path took."""

    __slots__ = ("id", "kind", "created_at", "raw", "sale", "__dict__")

    def __init__(self, id: uuid.UUID, kind: str, created_at: datetime, raw: bytes) -> None:
        self.id, self.kind, self.created_at, self.raw = id, kind, created_at, raw
        self.sale: Sale | None = None

    @cached_property
    def payload(self) -> dict[str, Any]:
        return orjson.loads(self.raw)

    @property
    def text(self) -> str:
        """The payload's JSON text as received (for the events table)."""
        return self.raw.decode()


def decode_push(body: bytes, sales: bool) -> list[Event] | None:
    """The batch in ``body`` (a ``PushRequest``'s JSON), or None when anything in it is not what a
    till sends: the FastAPI operation then judges it, with its own answers. ``sales``: decode
    ``sale.completed`` payloads for the fast path too (SQLite)."""
    try:
        envelopes = _BODY.decode(body).events
        stamps = _EVENT_STAMPS.validate_python([e.created_at for e in envelopes])
    except (msgspec.DecodeError, ValidationError, ValueError, RecursionError):  # deep: the door's words
        return None
    events = [Event(e.id, e.kind, stamp, bytes(e.payload)) for e, stamp in zip(envelopes, stamps)]
    others = []
    for ev in events:
        if sales and ev.kind == "sale.completed":
            try:
                ev.sale = _SALE.decode(ev.raw)
                continue
            except (msgspec.DecodeError, ValueError, RecursionError):
                pass
        if not ev.raw.startswith(b"{"):  # a payload is an object
            return None
        others.append(ev)
    for ev in others:  # parsed now, as the door parses a body (jsondoor.py), at the payload's depth
        try:
            ev.__dict__["payload"] = jsondoor.parse(ev.raw, jsondoor.MAX_DEPTH - _LEVELS_ABOVE_A_PAYLOAD)
        except jsondoor.JSONError:
            return None
    return events


# -- the usual sale ---------------------------------------------------------------------------

# Ids: 36 characters here; the canonical form (what a till writes, str(uuid)) is checked for a
# whole batch at once by _canonical, so that the stored hex is the id's own.
_Id = Annotated[str, Meta(min_length=36, max_length=36)]
_HEX_DIGITS = b"0123456789abcdef"


def _canonical(ids: list[str]) -> bool:
    """Whether every one of ``ids`` (36 characters each) is a UUID in canonical text: lower-case
    hex digits with hyphens at 8, 13, 18 and 23 and nowhere else. Asked of the ids joined, with C's
    loops (a regular expression over a batch's 15,000 ids took a tenth of the push)."""
    n = len(ids)
    text = "".join(ids).encode()
    if len(text) != 36 * n:  # a character beyond ASCII
        return False
    if text.translate(None, _HEX_DIGITS) != b"-" * (4 * n):  # 4 hyphens an id, and hex digits
        return False
    hyphens = b"-" * n
    return text[8::36] == hyphens and text[13::36] == hyphens and text[18::36] == hyphens and text[23::36] == hyphens
# Stamps: text, read below as the model reads a datetime (the usual UTC form without pydantic).
_Stamp = Annotated[str, Meta(min_length=1, max_length=64)]
_UTC = re.compile(r"(\d{4}-\d\d-\d\d)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}(?:Z|\+00:00)")
_MODEL_STAMP = TypeAdapter(datetime)  # SalePayload.created_at's type
_Int = Annotated[int, Meta(ge=-(2**63), le=2**63 - 1)]  # an int SQLite can store
_Amount = Annotated[int, Meta(ge=0, le=p.MAX_AMOUNT)]
_Signed = Annotated[int, Meta(ge=-p.MAX_AMOUNT, le=p.MAX_AMOUNT)]
_Sku = Annotated[str, Meta(min_length=1, max_length=64)]
_Empty = Annotated[list[int], Meta(max_length=0)]


class Line(Struct, forbid_unknown_fields=True):
    """SaleLinePayload with no promotions."""

    id: _Id
    line_no: _Int
    product_id: _Id
    sku: _Sku
    name: str
    is_local: bool
    qty: Annotated[int, Meta(gt=0, le=p.MAX_QTY)]
    unit: Literal["each", "kg"]
    unit_price: _Amount
    discount: _Signed
    total: _Amount
    vat_rate_bp: Annotated[int, Meta(ge=0, le=p.MAX_VAT_BP)]
    tax: _Amount
    unit_cost: _Amount
    promotions: _Empty


class Pay(Struct, forbid_unknown_fields=True):
    """PaymentPayload."""

    id: _Id
    method: Literal["cash", "card", "mobile"]
    amount: _Signed
    tendered: _Amount
    change: _Amount
    reference: str | None


class Movement(Struct, forbid_unknown_fields=True):
    """StockMovementPayload (same fields, same order: its feed text is this Struct's JSON)."""

    id: _Id
    product_id: _Id
    sku: _Sku
    kind: Literal["sale", "refund", "delivery", "write_off", "adjustment", "count"]
    qty: Annotated[int, Meta(ge=-p.MAX_QTY, le=p.MAX_QTY)]  # and not 0: checked by agrees()
    reason: str | None
    unit_cost: _Amount | None
    ref_id: _Id | None
    staff_id: _Id | None
    created_at: _Stamp


class Sale(Struct, forbid_unknown_fields=True):
    """SalePayload with no coupons."""

    id: _Id
    receipt_no: str
    receipt_token: str
    created_at: _Stamp
    staff_id: _Id
    staff_name: str
    customer_id: _Id | None
    cash_session_id: _Id | None
    subtotal: _Amount
    discount: _Signed
    rounding: _Signed
    total: _Amount
    tax: _Amount
    lines: Annotated[list[Line], Meta(min_length=1)]
    payments: list[Pay]
    movements: list[Movement]
    loyalty_points: _Signed
    coupons: _Empty


_SALE = msgspec.json.Decoder(Sale)


def agrees(s: Sale) -> bool:
    """The model's checks that the Structs leave out: SalePayload's sums (``_agrees``) and a
    movement's quantity that is not zero. False when the model would refuse the sale."""
    for m in s.movements:
        if not m.qty:
            return False
    lines = 0
    for line in s.lines:
        lines += line.total
    paid = 0
    for pay in s.payments:
        paid += pay.amount
    total = s.total
    return s.subtotal - s.discount == lines and total == lines + s.rounding and paid == total and s.tax <= total


def _ids(s: Sale) -> list[str]:
    ids = [s.id, s.staff_id]
    if s.customer_id is not None:
        ids.append(s.customer_id)
    if s.cash_session_id is not None:
        ids.append(s.cash_session_id)
    for line in s.lines:
        ids += (line.id, line.product_id)
    for pay in s.payments:
        ids.append(pay.id)
    for m in s.movements:
        ids += (m.id, m.product_id)
        if m.ref_id is not None:
            ids.append(m.ref_id)
        if m.staff_id is not None:
            ids.append(m.staff_id)
    return ids


SALE_COLUMNS = ("shop_id", "device_id", "event_id", "id", "receipt_no", "receipt_token", "created_at", "staff_id",
                "staff_name", "customer_id", "cash_session_id", "subtotal", "discount", "rounding", "total", "tax",
                "loyalty_points")
LINE_COLUMNS = ("id", "line_no", "product_id", "sku", "name", "is_local", "qty", "unit", "unit_price", "discount",
                "total", "vat_rate_bp", "tax", "unit_cost", "sale_id", "shop_id")
PAYMENT_COLUMNS = ("shop_id", "sale_id", "refund_id", "id", "method", "amount", "tendered", "change", "reference")
MOVEMENT_COLUMNS = ("shop_id", "device_id", "event_id", "id", "product_id", "sku", "kind", "qty", "reason", "unit_cost",
                    "ref_id", "staff_id", "created_at")
TABLES = ((SaleRow.__table__, SALE_COLUMNS), (SaleLine.__table__, LINE_COLUMNS), (Payment.__table__, PAYMENT_COLUMNS),
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


def prepare(events: list[Event], shop_id: uuid.UUID, device_id: uuid.UUID) -> dict[int, Prepared]:
    """The sales of ``events`` (each with its ``sale``) made ready, by event id as an integer. One
    left out is not taken after all (ids not in the canonical form, a stamp the model reads
    otherwise or refuses, sums the model refuses): it goes the model way, for the model's words."""
    shop, device = "%032x" % shop_id.int, "%032x" % device_id.int
    if not _canonical([i for ev in events for i in _ids(ev.sale)]):
        events = [ev for ev in events if _canonical(_ids(ev.sale))]
    stamps = _Stamps()
    prepared: dict[int, Prepared] = {}
    for ev in events:
        if agrees(ev.sale):
            try:
                prepared[ev.id.int] = _prepared(ev.id, ev.sale, shop, device, stamps)
            except ValueError:  # a stamp the model refuses
                pass
    return prepared


class _Stamps:
    """A stamp's text read as the model reads it, as (SQLite's UTC text, pydantic's JSON text)."""

    def __init__(self) -> None:
        self.dates: set[str] = set()  # calendar dates seen valid (a batch's stamps share a few)

    def __call__(self, text: str) -> tuple[str, str]:
        usual = _UTC.fullmatch(text)
        if usual is not None:  # UTC with microseconds: a till's usual stamp
            day = usual.group(1)
            if day not in self.dates:
                date.fromisoformat(day)  # a real day (ValueError: the model path says why not)
                self.dates.add(day)
            # pydantic writes a whole second without its fraction
            return day + " " + text[11:26], (text[:19] if text[20:26] == "000000" else text[:26]) + "Z"
        try:
            value = _MODEL_STAMP.validate_python(text)
        except ValidationError as exc:
            raise ValueError(str(exc)) from None
        return sqlite_stamp(value), _MODEL_STAMP.dump_python(value, mode="json")


_encode = msgspec.json.encode
_replace = msgspec.structs.replace


def _prepared(event_id: uuid.UUID, s: Sale, shop: str, device: str, stamps: _Stamps) -> Prepared:
    event = "%032x" % event_id.int
    sale = s.id.replace("-", "")
    stamp, text = stamps(s.created_at)
    customer, cash = s.customer_id, s.cash_session_id
    row = (
        shop, device, event, sale, s.receipt_no, s.receipt_token, stamp, s.staff_id.replace("-", ""),
        s.staff_name, None if customer is None else customer.replace("-", ""),
        None if cash is None else cash.replace("-", ""), s.subtotal, s.discount, s.rounding, s.total,
        s.tax, s.loyalty_points,
    )
    lines = [
        (line.id.replace("-", ""), line.line_no, line.product_id.replace("-", ""), line.sku, line.name,
         line.is_local, line.qty, line.unit, line.unit_price, line.discount, line.total, line.vat_rate_bp,
         line.tax, line.unit_cost, sale, shop)
        for line in s.lines
    ]
    payments = [
        (shop, sale, None, pay.id.replace("-", ""), pay.method, pay.amount, pay.tendered, pay.change, pay.reference)
        for pay in s.payments
    ]
    movements, feed = [], []
    for m in s.movements:
        ref, staff = m.ref_id, m.staff_id
        at_stamp, at_text = (stamp, text) if m.created_at == s.created_at else stamps(m.created_at)
        movements.append((
            shop, device, event, m.id.replace("-", ""), m.product_id.replace("-", ""), m.sku, m.kind, m.qty,
            m.reason, m.unit_cost, None if ref is None else ref.replace("-", ""),
            None if staff is None else staff.replace("-", ""), at_stamp,
        ))
        # The movement as StockMovementPayload.model_dump_json() writes it: its fields in its order
        # (the Struct's), the stamp as pydantic writes a datetime.
        feed.append(_encode(m if m.created_at == at_text else _replace(m, created_at=at_text)).decode())
    return Prepared(sale, s.receipt_token, customer, row, lines, payments, movements, feed)


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
