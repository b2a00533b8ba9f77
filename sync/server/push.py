"""Push: store a batch of events exactly once and project them into the server's tables.

One transaction per batch. Events are inserted with ON CONFLICT DO NOTHING (sorted by id, so two
servers inserting the same batch lock rows in the same order); only the rows this transaction
actually inserted are projected. Projection runs for the whole batch inside one savepoint; if
anything in it fails, the batch is replayed one event per savepoint so that only the bad events
are quarantined. Changes for the shop's feed are appended last, under the change-log lock.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable
from operator import attrgetter
from datetime import datetime, timezone
from typing import Any, NamedTuple

from pydantic import BaseModel, TypeAdapter, ValidationError
from sqlalchemy import Table, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from sync import protocol as p
from sync.gcpause import collector_paused
from sync.hlc import Stamp

from . import changefeed, fastsale, feedback, orders, promotions, refunds
from .bulk import JSONText, bulk_insert, insert_new, insert_sqlite_rows, insert_tuples
from .changefeed import NewChange, dumps
from .identity import utcnow
from .models import (
    AuditEntry,
    CashSession,
    Customer,
    DeliveryReceipt,
    EventConflict,
    EventRow,
    Feedback,
    LocalPrice,
    LocalProduct,
    LoyaltyEntry,
    Order,
    Payment,
    Refund,
    RefundLine,
    Sale,
    SaleLine,
    Shipment,
    StockMovement,
)
from .promo_models import Coupon, CouponConflict, CouponRedemption, Promotion, RefundLinePromotion, SaleLinePromotion
from .security import DeviceCaller

log = logging.getLogger("corner.server.push")

MAX_REASON = 1000
CONFLICT_REASON = "conflicts with an event already received with this id (the first one is kept)"


class Result(NamedTuple):
    """One event's answer (``EventResult``'s fields): made a thousand times a push, so without a
    model's validation (the id is a UUID already; the statuses are EventResult's)."""

    id: uuid.UUID
    status: str  # "accepted", "duplicate" or "quarantined"
    reason: str | None = None


class ProjectionError(ValueError):
    """An event that is well-formed but cannot be applied (the message is the quarantine reason)."""


def _insert_ignore(session: Session, table: Table):
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table)


def validation_reason(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False):
        loc = ".".join(str(x) for x in err["loc"]) or "payload"
        parts.append(f"{loc}: {err['msg']}")
    return ("invalid payload: " + "; ".join(parts))[:MAX_REASON]


def _has_nul(value: Any) -> bool:
    return "\\u0000" in json.dumps(value)


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


_CHILDREN = frozenset({"lines", "payments", "movements", "coupons"})
_LINE_CHILDREN = frozenset({"promotions"})


def _may_match(session: Session, table: str, where: str, column: str, shop_id: uuid.UUID, keys: list[Any],
               ids: bool = False) -> bool:
    """Whether a row of ``table`` of the shop, with ``where`` (a fixed condition, or ""), has
    ``column`` among ``keys`` (``ids``: UUIDs, as a UUID or as stored on SQLite). Asked with the
    driver alone: the usual answer, "no", then costs no ORM query with a bound parameter per key
    (on PostgreSQL the two ORM queries it spares were a fifth of a small push's time)."""
    dbapi = session.connection().connection.driver_connection
    condition = f"{where} AND " if where else ""
    if session.get_bind().dialect.name == "postgresql":
        values = [_uuid(k) for k in keys] if ids else keys
        query = f"SELECT 1 FROM {table} WHERE {condition}shop_id = %s AND {column} = ANY(%s) LIMIT 1"
        return dbapi.execute(query, [shop_id, values]).fetchone() is not None
    values = [_stored_id(k) for k in keys] if ids else keys
    shop = "%032x" % shop_id.int
    for start in range(0, len(values), 500):
        part = values[start:start + 500]
        query = f"SELECT 1 FROM {table} WHERE {condition}shop_id = ? AND {column} IN ({', '.join('?' * len(part))}) LIMIT 1"
        if dbapi.execute(query, [shop, *part]).fetchone():
            return True
    return False


class Projector:
    """Collects the rows and feed changes of the events it is given, then writes them."""

    def __init__(self, session: Session, caller: DeviceCaller) -> None:
        self.session = session
        self.caller = caller
        self.rows: dict[Table, list[dict[str, Any]]] = defaultdict(list)
        # The hot kinds' rows, built once as tuples in a fixed column order: (table, columns) -> rows
        self.tuples: dict[tuple[Table, tuple[str, ...]], list[tuple]] = defaultdict(list)
        self.deferred: list[Callable[[], None]] = []  # per-row upserts that read current state
        self.changes: list[NewChange] = []
        # Of the batch's sales (a sale of the fast path, fastsale.py, by its id as stored: hex)
        self.receipt_tokens: list[tuple[str, uuid.UUID | str]] = []
        self.sale_ids: list[uuid.UUID | str] = []  # (refunds that came first are checked)
        self.fast: fastsale.SaleRows | None = None  # rows of the fast path's sales, in SQLite's form
        self._promotions: dict[uuid.UUID, Any] = {}  # PromotionData (None: unknown), read once a batch

    # -- writing ------------------------------------------------------------------------------

    def flush(self) -> None:
        # Parents before children: table order of the metadata follows foreign keys.
        fast = self.fast.tables() if self.fast is not None else []
        tables = set(self.rows) | {table for table, _ in self.tuples} | {table for table, _, _ in fast}
        for table in sorted(tables, key=lambda t: (_TABLE_ORDER.get(t.name, 99), t.name)):
            if self.rows.get(table):
                bulk_insert(self.session, table, self.rows[table])
            for (into, columns), rows in self.tuples.items():
                if into is table:
                    insert_tuples(self.session, table, columns, rows)
            for into, columns, rows in fast:
                if into is table:
                    insert_sqlite_rows(self.session, table, columns, rows)
        for op in self.deferred:
            op()
        shop_id = self.caller.shop_id
        # Refunds that arrived before their sale: bounded now that it is here.
        if self.sale_ids and _may_match(self.session, "refunds", "", "sale_id", shop_id, self.sale_ids, ids=True):
            refunds.settle_early_refunds(self.session, shop_id, [_uuid(u) for u in self.sale_ids])
        # Feedback left on a receipt page before its sale arrived: one query per batch.
        if self.receipt_tokens and _may_match(
                self.session, "feedback", f"source = '{feedback.SOURCE}' AND sale_id IS NULL", "receipt_token",
                shop_id, [token for token, _ in self.receipt_tokens]):
            self.changes.extend(feedback.attach_pending(
                self.session, shop_id, [(token, _uuid(sale_id)) for token, sale_id in self.receipt_tokens]))

    # -- projections per kind ------------------------------------------------------------------

    def add(self, event: p.Event, model: BaseModel | fastsale.Prepared) -> None:
        if type(model) is fastsale.Prepared:  # a sale of the fast path (fastsale.py), its rows made
            self.fast_sale(model)
            return
        handler = _HANDLERS[event.kind]
        handler(self, event, model)

    def _base(self, event: p.Event) -> dict[str, Any]:
        return {"shop_id": self.caller.shop_id, "device_id": self.caller.device_id, "event_id": event.id}

    def _movements(self, event: p.Event, movements: list[p.StockMovementPayload]) -> None:
        if not movements:
            return
        shop_id = self.caller.shop_id
        base = (shop_id, self.caller.device_id, event.id)
        self.tuples[_MOVEMENTS].extend([base + _movement_values(m) for m in movements])
        self.changes.extend([NewChange(shop_id, "stock.movement", m.model_dump_json()) for m in movements])

    def _payments(self, payments: list[p.PaymentPayload], sale_id=None, refund_id=None) -> None:
        keys = (self.caller.shop_id, sale_id, refund_id)
        self.tuples[_PAYMENTS].extend([keys + _payment_values(pay) for pay in payments])

    def _own_customer(self, customer_id: uuid.UUID, what: str) -> None:
        """A sale or loyalty entry names a customer of the pushing shop, shared before it (its
        ``customer.upserted`` comes first in the till's outbox); anything else is refused."""
        shop_id = self.caller.shop_id

        def check() -> None:
            found = self.session.scalar(
                select(Customer.id).where(Customer.shop_id == shop_id, Customer.id == customer_id)
            )
            if found is None:
                raise ProjectionError(f"{what}: customer {customer_id} is not a customer of this shop")

        self.deferred.append(check)

    def fast_sale(self, s: fastsale.Prepared) -> None:
        """``sale`` for a sale of the fast path (no promotions, no coupons), its rows made already."""
        if s.customer_id is not None:
            self._own_customer(uuid.UUID(s.customer_id), "sale")
        if self.fast is None:
            self.fast = fastsale.SaleRows()
        self.fast.add(s)
        shop_id = self.caller.shop_id
        self.changes.extend([NewChange(shop_id, "stock.movement", text) for text in s.feed])
        self.sale_ids.append(s.sale_id)
        self.receipt_tokens.append((s.receipt_token, s.sale_id))

    def sale(self, event: p.Event, s: p.SalePayload) -> None:
        if s.customer_id is not None:
            self._own_customer(s.customer_id, "sale")
        self.sale_ids.append(s.id)
        shop_id = self.caller.shop_id
        self.tuples[_SALES].append((shop_id, self.caller.device_id, event.id) + _sale_values(s))
        keys = (s.id, shop_id)
        self.tuples[_SALE_LINES].extend([_line_values(line) + keys for line in s.lines])
        for line in s.lines:
            if line.promotions:
                self._line_promotions(SaleLinePromotion.__table__, f"sale line {line.line_no}", line.promotions,
                                      {"sale_line_id": line.id, "sale_id": s.id})
        needs_coupon = {lp.promotion_id for line in s.lines for lp in line.promotions
                        if self._promotions[lp.promotion_id].coupon_required}
        if s.coupons or needs_coupon:
            self._redeem(s, needs_coupon)
        self._payments(s.payments, sale_id=s.id)
        self._movements(event, s.movements)
        self.receipt_tokens.append((s.receipt_token, s.id))

    # -- promotions and coupons (docs/promotions-platform.md) -------------------------------------

    def _promotion(self, promotion_id: uuid.UUID, what: str):
        """The promotion as the platform published it, when it is one for this shop; else refused
        (the same words whether it does not exist or is another shop's)."""
        if promotion_id not in self._promotions:
            row = self.session.get(Promotion, promotion_id)
            self._promotions[promotion_id] = None if row is None else promotions.promotion_data(row)
        promo = self._promotions[promotion_id]
        if promo is None or (promo.shops and self.caller.shop_code not in promo.shops):
            raise ProjectionError(f"{what}: promotion {promotion_id} is not a promotion the platform published "
                                  "for this shop")
        return promo

    def _line_promotions(self, table: Table, what: str, applied: list, keys: dict[str, Any]) -> None:
        """Store a line's savings per promotion; the platform's part claimed may not be more than
        the promotion's share of the saving (rounded half up, per line)."""
        seen: set[uuid.UUID] = set()
        rows = self.rows[table]
        for lp in applied:
            promo = self._promotion(lp.promotion_id, what)
            if lp.promotion_id in seen:
                raise ProjectionError(f"{what}: promotion {lp.promotion_id} is named twice")
            seen.add(lp.promotion_id)
            allowed = promotions.round_share(lp.amount, promo.platform_share_bp)
            if lp.platform_amount > allowed:
                raise ProjectionError(
                    f"{what}: the platform's part {lp.platform_amount} of the saving {lp.amount} of promotion "
                    f"{promo.name!r} is more than its share of {promo.platform_share_bp / 100:g} % allows ({allowed})")
            rows.append({"shop_id": self.caller.shop_id, **keys, "promotion_id": lp.promotion_id,
                         "amount": lp.amount, "platform_amount": lp.platform_amount})

    def _redeem(self, s: p.SalePayload, needs_coupon: set[uuid.UUID]) -> None:
        """Record the sale's coupons. A single-use code redeemed before (another till, offline) is
        accepted and recorded once as a conflict; the first redemption tells the other tills that
        the code is used (``coupon.issued`` with ``active = false``). A promotion that takes a
        coupon must come with one of its codes."""
        shop_id = self.caller.shop_id
        codes = sorted({c.strip().upper() for c in s.coupons})
        saving: dict[uuid.UUID, list[int]] = defaultdict(lambda: [0, 0])
        for line in s.lines:
            for lp in line.promotions:
                saving[lp.promotion_id][0] += lp.amount
                saving[lp.promotion_id][1] += lp.platform_amount

        def redeem() -> None:
            session = self.session
            for code in codes:
                coupon = session.scalar(select(Coupon).where(Coupon.code == code).with_for_update())
                if coupon is None or (coupon.shop_id is not None and coupon.shop_id != shop_id):
                    raise ProjectionError(f"sale: coupon {code} was not issued for this shop")
                promo = self._promotion(coupon.promotion_id, f"sale: coupon {code}")
                first = session.execute(
                    select(CouponRedemption.shop_id, CouponRedemption.sale_id)
                    .where(CouponRedemption.code == code)
                    .order_by(CouponRedemption.created_at, CouponRedemption.shop_id, CouponRedemption.sale_id)
                    .limit(1)
                ).first()
                session.execute(CouponRedemption.__table__.insert().values(
                    shop_id=shop_id, sale_id=s.id, code=code, created_at=s.created_at, received_at=utcnow()))
                if not coupon.single_use:
                    continue
                if first is None:
                    self.changes.extend(promotions.coupon_changes(session, coupon, promo, active=False))
                    continue
                amount, platform = saving.get(coupon.promotion_id, (0, 0))
                session.execute(CouponConflict.__table__.insert().values(
                    id=uuid.uuid4(), code=code, promotion_id=coupon.promotion_id, first_shop_id=first.shop_id,
                    first_sale_id=first.sale_id, shop_id=shop_id, sale_id=s.id, amount=amount,
                    platform_amount=platform, rule=promotions.DUPLICATE_RULE, detected_at=utcnow()))
                log.warning("coupon %s redeemed again: shop %s sale %s (first: shop %s sale %s)", code, shop_id, s.id,
                            first.shop_id, first.sale_id)
            covered = set(session.scalars(select(Coupon.promotion_id).where(Coupon.code.in_(codes)))) if codes else set()
            for pid in sorted(needs_coupon - covered, key=str):
                raise ProjectionError(f"sale: promotion {self._promotions[pid].name!r} applies only with one of its "
                                      "coupons, and the sale names none")

        self.deferred.append(redeem)

    def refund(self, event: p.Event, r: p.RefundPayload) -> None:
        row = self._base(event)
        row.update(r.model_dump(exclude={"lines", "payments", "movements"}))
        self.rows[Refund.__table__].append(row)
        for line in r.lines:
            self.rows[RefundLine.__table__].append(
                {**line.model_dump(exclude={"promotions"}), "refund_id": r.id, "shop_id": self.caller.shop_id}
            )
            if line.promotions:
                self._line_promotions(RefundLinePromotion.__table__, f"refund line {line.id}", line.promotions,
                                      {"refund_line_id": line.id, "refund_id": r.id})
        self._payments(r.payments, refund_id=r.id)
        self._movements(event, r.movements)
        shop_id = self.caller.shop_id

        def bounded() -> None:
            try:
                refunds.check_refund(self.session, shop_id, r.sale_id)
            except refunds.RefundError as exc:
                raise ProjectionError(str(exc)) from None

        self.deferred.append(bounded)

    def stock_movement(self, event: p.Event, m: p.StockMovementPayload) -> None:
        self._movements(event, [m])

    def delivery(self, event: p.Event, d: p.DeliveryReceivedPayload) -> None:
        shipment = self.session.scalar(
            select(Shipment).where(Shipment.shop_id == self.caller.shop_id, Shipment.id == d.id)
        )
        if shipment is None:  # the same answer whether the id is unknown or another shop's
            raise ProjectionError(f"no shipment {d.id} was sent to this shop")
        try:
            movements = orders.value_at_shipment_cost(shipment, d)
        except orders.OrderError as exc:
            raise ProjectionError(str(exc)) from None
        self.rows[DeliveryReceipt.__table__].append(
            {
                "id": d.id,
                "shop_id": self.caller.shop_id,
                "device_id": self.caller.device_id,
                "order_id": shipment.order_id,
                "received_at": d.received_at,
                "staff_id": d.staff_id,
                "lines": [line.model_dump(mode="json") for line in d.lines],
            }
        )
        self._movements(event, movements)
        if shipment.order_id is not None:
            shop_id, order_id = self.caller.shop_id, shipment.order_id

            def received() -> None:
                self.session.execute(
                    update(Order)
                    .where(Order.id == order_id, Order.shop_id == shop_id)
                    .values(status="received")
                )

            self.deferred.append(received)

    def loyalty(self, event: p.Event, e: p.LoyaltyPayload) -> None:
        self._own_customer(e.customer_id, "loyalty entry")
        self.rows[LoyaltyEntry.__table__].append({**e.model_dump(), "shop_id": self.caller.shop_id})

    def cash_session(self, event: p.Event, c: p.CashSessionPayload) -> None:
        self.rows[CashSession.__table__].append(
            {**c.model_dump(), "shop_id": self.caller.shop_id, "device_id": self.caller.device_id}
        )

    def audit(self, event: p.Event, a: p.AuditPayload) -> None:
        self.rows[AuditEntry.__table__].append(
            {**a.model_dump(), "shop_id": self.caller.shop_id, "device_id": self.caller.device_id}
        )

    def feedback(self, event: p.Event, f: p.FeedbackPayload) -> None:
        self.rows[Feedback.__table__].append({**f.model_dump(), "shop_id": self.caller.shop_id, "source": "till"})
        change = {**f.model_dump(mode="json"), "source": "till"}
        self.changes.append(NewChange(self.caller.shop_id, "feedback.created", dumps(change)))

    def order(self, event: p.Event, o: p.OrderPayload) -> None:
        self.rows[Order.__table__].append(
            {
                "id": o.id,
                "shop_id": self.caller.shop_id,
                "device_id": self.caller.device_id,
                "created_at": o.created_at,
                "staff_id": o.staff_id,
                "note": o.note,
                "status": "placed",
                "lines": [line.model_dump(mode="json") for line in o.lines],
            }
        )

    def local_product(self, event: p.Event, lp: p.LocalProductPayload) -> None:
        shop_id = self.caller.shop_id

        def upsert() -> None:
            existing = self.session.get(LocalProduct, (shop_id, lp.id), with_for_update=True)
            values = lp.model_dump(exclude={"id"})
            if existing is None:
                self.session.add(LocalProduct(shop_id=shop_id, id=lp.id, updated_at=_aware(event.created_at), **values))
            elif existing.updated_at <= _aware(event.created_at):
                for key, value in values.items():
                    setattr(existing, key, value)
                existing.updated_at = _aware(event.created_at)
            self.session.flush()

        self.deferred.append(upsert)

    def local_price(self, event: p.Event, lp: p.LocalPricePayload) -> None:
        shop_id = self.caller.shop_id

        def upsert() -> None:
            existing = self.session.get(LocalPrice, (shop_id, lp.product_id), with_for_update=True)
            if existing is None:
                self.session.add(
                    LocalPrice(shop_id=shop_id, product_id=lp.product_id, sku=lp.sku, price=lp.price, set_at=_aware(lp.created_at))
                )
            elif existing.set_at <= _aware(lp.created_at):
                existing.sku, existing.price, existing.set_at = lp.sku, lp.price, _aware(lp.created_at)
            self.session.flush()

        self.deferred.append(upsert)

    def customer(self, event: p.Event, c: p.CustomerPayload) -> None:
        shop_id = self.caller.shop_id
        try:
            stamp = str(Stamp.parse(c.hlc))
        except ValueError:
            raise ProjectionError(f"hlc {c.hlc!r} is not a hybrid logical clock stamp") from None
        if stamp != c.hlc:
            raise ProjectionError(f"hlc {c.hlc!r} is not in canonical form")

        def merge() -> None:
            session = self.session
            session.execute(
                _insert_ignore(session, Customer.__table__)
                .values(id=c.id, shop_id=shop_id, fields={}, field_hlc={}, updated_at=utcnow())
                .on_conflict_do_nothing(index_elements=["shop_id", "id"])
            )
            row = session.execute(
                select(Customer.fields, Customer.field_hlc)
                .where(Customer.shop_id == shop_id, Customer.id == c.id)
                .with_for_update()
            ).one()
            fields, stamps = dict(row.fields), dict(row.field_hlc)
            for key, value in c.fields.items():
                if key not in stamps or stamps[key] < c.hlc:
                    fields[key], stamps[key] = value, c.hlc
            session.execute(
                update(Customer)
                .where(Customer.shop_id == shop_id, Customer.id == c.id)
                .values(fields=fields, field_hlc=stamps, updated_at=utcnow())
            )

        self.deferred.append(merge)
        self.changes.append(NewChange(shop_id, "customer.upserted", c.model_dump_json()))


_HANDLERS: dict[str, Callable[[Projector, p.Event, Any], None]] = {
    "sale.completed": Projector.sale,
    "refund.completed": Projector.refund,
    "stock.movement": Projector.stock_movement,
    "customer.upserted": Projector.customer,
    "loyalty.entry": Projector.loyalty,
    "cash.session_closed": Projector.cash_session,
    "audit.entry": Projector.audit,
    "feedback.created": Projector.feedback,
    "product.local_upserted": Projector.local_product,
    "price.local_set": Projector.local_price,
    "order.placed": Projector.order,
    "delivery.received": Projector.delivery,
}
assert set(_HANDLERS) == set(p.EVENT_PAYLOADS), "every event kind of the protocol needs a projection"

def _columns_of(model: type[BaseModel], exclude: frozenset[str] = frozenset()) -> tuple[str, ...]:
    return tuple(name for name in model.model_fields if name not in exclude)


# The hot kinds' rows as tuples: (table, columns) and the getter of the payload's own values.
_SALE_FIELDS = _columns_of(p.SalePayload, _CHILDREN)
_SALES = (Sale.__table__, ("shop_id", "device_id", "event_id") + _SALE_FIELDS)
_sale_values = attrgetter(*_SALE_FIELDS)
_LINE_FIELDS = _columns_of(p.SaleLinePayload, _LINE_CHILDREN)
_SALE_LINES = (SaleLine.__table__, _LINE_FIELDS + ("sale_id", "shop_id"))
_line_values = attrgetter(*_LINE_FIELDS)
_MOVEMENT_FIELDS = ("id", "product_id", "sku", "kind", "qty", "reason", "unit_cost", "ref_id", "staff_id", "created_at")
_MOVEMENTS = (StockMovement.__table__, ("shop_id", "device_id", "event_id") + _MOVEMENT_FIELDS)
_movement_values = attrgetter(*_MOVEMENT_FIELDS)
_PAYMENT_FIELDS = ("id", "method", "amount", "tendered", "change", "reference")
_PAYMENTS = (Payment.__table__, ("shop_id", "sale_id", "refund_id") + _PAYMENT_FIELDS)
_payment_values = attrgetter(*_PAYMENT_FIELDS)

_TABLE_ORDER = {
    "sales": 0,
    "refunds": 0,
    "sale_lines": 1,
    "refund_lines": 1,
    "sale_line_promotions": 2,
    "refund_line_promotions": 2,
}


def _stored_id(value: uuid.UUID | str) -> str:
    """An id as SQLite stores it (32 hex digits); the fast path's ids are stored text already."""
    return value if isinstance(value, str) else "%032x" % value.int


def _uuid(value: uuid.UUID | str) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(value)


def _failure_reason(exc: Exception) -> str:
    if isinstance(exc, ProjectionError):
        return str(exc)[:MAX_REASON]
    if isinstance(exc, IntegrityError):
        return "could not be applied: a record with one of its ids was already received from this shop"
    if isinstance(exc, DBAPIError):
        first = str(exc.orig).splitlines()[0] if exc.orig is not None else type(exc).__name__
        return f"could not be applied: {first}"[:MAX_REASON]
    return f"could not be applied: {type(exc).__name__}: {exc}"[:MAX_REASON]


def _same(a: p.Event, b_kind: str, b_payload: Any) -> bool:
    return a.kind.replace("\x00", "\ufffd") == b_kind.replace("\x00", "\ufffd") and a.payload == b_payload


def _conflicting(session: Session, shop_id: uuid.UUID, events: list[p.Event]) -> set[uuid.UUID]:
    """Of events this shop sent before (by id), the ones whose kind or payload differ from the stored."""
    conflicts: set[uuid.UUID] = set()
    for start in range(0, len(events), 500):
        part = {ev.id: ev for ev in events[start:start + 500]}
        for ev_id, kind, payload in session.execute(
            select(EventRow.id, EventRow.kind, EventRow.payload).where(
                EventRow.shop_id == shop_id, EventRow.id.in_(list(part))
            )
        ):
            if not _same(part[ev_id], kind, payload):
                conflicts.add(ev_id)
    return conflicts


def _hold_conflicts(session: Session, caller: DeviceCaller, held: list[p.Event], now: datetime) -> None:
    """Keep each conflicting event once (by digest of kind and payload) for the central team."""
    for ev in held:
        kind = ev.kind.replace("\x00", "\ufffd")
        digest = hashlib.sha256(json.dumps([kind, ev.payload], sort_keys=True).encode()).hexdigest()
        exists = session.scalar(select(EventConflict.id).where(
            EventConflict.shop_id == caller.shop_id, EventConflict.event_id == ev.id, EventConflict.digest == digest))
        if exists is not None:
            continue
        try:
            with session.begin_nested():
                session.add(EventConflict(
                    id=uuid.uuid4(), shop_id=caller.shop_id, event_id=ev.id, device_id=caller.device_id, kind=kind,
                    digest=digest, received_at=now, reason=CONFLICT_REASON, payload=ev.payload))
        except IntegrityError:  # the same conflicting event, held by a push in parallel
            pass


_BATCH_VALIDATORS = {kind: TypeAdapter(list[model]) for kind, model in p.EVENT_PAYLOADS.items()}


def _validate(kind: str, events: list[p.Event | fastsale.Event], models: dict[int, Any], quarantine: dict[int, str],
              fast: DeviceCaller | None = None) -> None:
    """Validate the payloads of events of one kind: the whole list in one call, and only when
    that fails one by one, so that each bad event gets its own reason (the same as alone).

    ``fast`` (SQLite): the sales the fast path decoded (fastsale.py, ``Event.sale``) are made
    ready there (``models``: their rows); one it does not take after all (its sums, say) goes the
    model way, for the model's words."""
    if fast is not None and kind == "sale.completed":
        decoded = [ev for ev in events if type(ev) is fastsale.Event and ev.sale is not None]
        if decoded:
            prepared = fastsale.prepare(decoded, fast.shop_id, fast.device_id)
            models.update(prepared)
            events = [ev for ev in events if ev.id.int not in prepared]
            if not events:
                return
    if len(events) > 1 and kind in _BATCH_VALIDATORS:
        try:
            validated = _BATCH_VALIDATORS[kind].validate_python([ev.payload for ev in events])
        except (ValidationError, ValueError):
            pass
        else:
            models.update(zip([ev.id.int for ev in events], validated))
            return
    for ev in events:
        try:
            models[ev.id.int] = p.validate_payload(ev.kind, ev.payload)
        except ValidationError as exc:
            quarantine[ev.id.int] = validation_reason(exc)
        except ValueError as exc:
            quarantine[ev.id.int] = str(exc)[:MAX_REASON]


class PushPlan(NamedTuple):
    """A batch checked and made ready without the database (:func:`plan_push`): what
    :func:`apply_plan` writes. Keyed by the events' ids as integers."""

    events: list[p.Event] | list[fastsale.Event]
    first_seen: dict[int, p.Event]
    models: dict[int, Any]  # BaseModel, or a fastsale.Prepared for a sale of the fast path
    quarantine: dict[int, str]
    repeated_apart: set[int]  # positions of events that repeat an id in this batch differently
    as_received: bool  # the payloads' text as received is stored (fastsale.py decoded the batch)


def apply_push(
    session: Session, caller: DeviceCaller, events: list[p.Event] | list[fastsale.Event], raw_body: bytes | None = None
) -> list[Result]:
    """Store and project one batch; the caller commits. Returns one result per event, in order.

    Event ids are scoped by the pushing shop: what another shop sent never makes an event of this
    one a duplicate. An id this shop sent before with another kind or payload is a conflict: the
    first is kept, the second answered ``quarantined`` and logged.

    ``raw_body`` (the request as received) lets the NUL-character check be skipped for the usual
    batch that has none. ``events`` decoded by fastsale.py keep their payloads' text as received
    (stored as it is) and parse them only when asked.
    """
    with collector_paused():  # sync/gcpause.py: a batch's objects live until it is done
        plan = plan_push(caller, events, raw_body, sqlite=session.get_bind().dialect.name == "sqlite")
        return _apply_plan(session, caller, plan)


def apply_plan(session: Session, caller: DeviceCaller, plan: PushPlan) -> list[Result]:
    """:func:`apply_push` of a batch planned already (the caller commits)."""
    with collector_paused():
        return _apply_plan(session, caller, plan)


def plan_push(
    caller: DeviceCaller, events: list[p.Event] | list[fastsale.Event], raw_body: bytes | None, sqlite: bool
) -> PushPlan:
    """The part of a push that needs no database: repeated ids, NUL characters, every payload
    validated (``sqlite``: the usual sales made into their rows, fastsale.py). A server process
    can do it for one batch of a till while another process writes the batch before it."""
    may_have_nul = raw_body is None or b"\\u0000" in raw_body or b"\x00" in raw_body
    # Keyed by the id's integer: a UUID's own hash is Python code, and a batch of 1,000 asked it
    # sixteen thousand times.
    first_seen: dict[int, p.Event] = {}
    models: dict[int, Any] = {}  # BaseModel, or a fastsale.Prepared for a sale of the fast path
    quarantine: dict[int, str] = {}
    repeated_apart: set[int] = set()  # positions of events that repeat an id in this batch differently

    by_kind: dict[str, list[p.Event]] = defaultdict(list)
    for position, ev in enumerate(events):
        key = ev.id.int
        if key in first_seen:
            if not _same(ev, first_seen[key].kind, first_seen[key].payload):
                repeated_apart.add(position)
            continue
        first_seen[key] = ev
        if may_have_nul and ("\x00" in ev.kind or _has_nul(ev.payload)):
            quarantine[key] = "payload contains NUL characters"
            continue
        by_kind[ev.kind].append(ev)
    fast = caller if sqlite else None
    for kind, same_kind in by_kind.items():
        _validate(kind, same_kind, models, quarantine, fast)
    # The payloads' text as received, when the batch was decoded by fastsale.py (no NUL in it)
    as_received = bool(events) and not may_have_nul and type(events[0]) is fastsale.Event
    return PushPlan(events, first_seen, models, quarantine, repeated_apart, as_received)


def _apply_plan(session: Session, caller: DeviceCaller, plan: PushPlan) -> list[Result]:
    events, first_seen, models, quarantine, repeated_apart, as_received = plan
    quarantine = dict(quarantine)  # projection adds to it: a retried plan starts from its own
    now = utcnow()
    unique = sorted(first_seen.values(), key=lambda e: e.id.int)  # UUID order, compared in C
    inserted: set[int] = set()
    if unique:
        shop_id, device_id = caller.shop_id, caller.device_id
        inserted = {
            ev_id.int
            for ev_id in insert_new(
                session,
                EventRow.__table__,
                [
                    {
                        "id": ev.id,
                        "shop_id": shop_id,
                        "device_id": device_id,
                        "kind": ev.kind.replace("\x00", "\ufffd"),
                        "created_at": ev.created_at,
                        "received_at": now,
                        "status": "quarantined" if ev.id.int in quarantine else "accepted",
                        "reason": quarantine.get(ev.id.int),
                        "payload": JSONText(ev.text) if as_received else ev.payload,
                    }
                    for ev in unique
                ],
                key="id",
                scope="shop_id",
            )
        }
    again = [ev for ev in unique if ev.id.int not in inserted]
    conflicts = {ev_id.int for ev_id in _conflicting(session, caller.shop_id, again)} if again else set()

    # Project in the till's order (its outbox order), not in the lock order used for the insert.
    to_project = [ev for key, ev in first_seen.items() if key in inserted and key in models]
    changes = _project(session, caller, to_project, models, quarantine)

    failed = [(key, reason) for key, reason in quarantine.items() if key in inserted]
    for key, reason in failed:
        if key in models:  # failed in projection, not validation: mark the stored row
            session.execute(
                update(EventRow)
                .where(EventRow.shop_id == caller.shop_id, EventRow.id == first_seen[key].id)
                .values(status="quarantined", reason=reason)
            )
    changefeed.append(session, changes)
    held = [events[position] for position in sorted(repeated_apart)]
    held += [ev for ev in again if ev.id.int in conflicts]
    if held:
        _hold_conflicts(session, caller, held, now)

    seen: set[int] = set()
    out: list[Result] = []
    accepted = "accepted"
    for position, ev in enumerate(events):
        key = ev.id.int
        if position in repeated_apart or (key not in seen and key in conflicts):
            log.warning(
                "shop %s device %s: event %s (%s) %s", caller.shop_id, caller.device_id, ev.id, ev.kind, CONFLICT_REASON
            )
            out.append(Result(ev.id, "quarantined", CONFLICT_REASON))
        elif key in seen or key not in inserted:
            out.append(Result(ev.id, "duplicate"))
        elif key in quarantine:
            out.append(Result(ev.id, "quarantined", quarantine[key]))
        else:
            out.append(Result(ev.id, accepted))
        seen.add(key)
    return out


def _project(
    session: Session,
    caller: DeviceCaller,
    events: list[p.Event],
    models: dict[int, Any],
    quarantine: dict[int, str],
) -> list[NewChange]:
    """``models`` and ``quarantine`` are keyed by the events' ids as integers (``id.int``)."""
    if not events:
        return []
    # Fast path: the whole batch at once, bulk inserts per table.
    projector = Projector(session, caller)
    try:
        with session.begin_nested():
            for ev in events:
                projector.add(ev, models[ev.id.int])
            projector.flush()
        return projector.changes
    except Exception as exc:  # noqa: BLE001 - any failure falls back to finding the bad events
        log.info("batch projection failed (%s); retrying event by event", type(exc).__name__)
    changes: list[NewChange] = []
    for ev in events:
        projector = Projector(session, caller)
        try:
            with session.begin_nested():
                projector.add(ev, models[ev.id.int])
                projector.flush()
        except Exception as exc:  # noqa: BLE001 - quarantined with the reason, never a 500
            quarantine[ev.id.int] = _failure_reason(exc)
            log.warning("event %s (%s) quarantined: %s", ev.id, ev.kind, quarantine[ev.id.int])
            continue
        changes.extend(projector.changes)
    return changes
