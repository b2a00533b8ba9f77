"""Stock as a ledger of movements; a level is their sum, kept up to date in the same transaction.

A sale is never refused for lack of book stock: the level goes negative until a
delivery or a count corrects it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from . import outbox
from .errors import COMMA, QT_TRANSLATE_NOOP, Lines, Message, TillError
from .ids import new_id
from .store import fast, now
from .store.models import Product, StockLevel, StockMovement

KINDS = ("sale", "refund", "delivery", "write_off", "adjustment", "count")
WRITE_OFF_REASONS = ("spoilage", "damage", "theft", "expiry", "other")
# what a person reads for a write-off reason code (the code stays in the ledger and the CLI)
WRITE_OFF_LABELS = {"spoilage": QT_TRANSLATE_NOOP("CoreError", "spoiled"),
                    "damage": QT_TRANSLATE_NOOP("CoreError", "damaged"),
                    "theft": QT_TRANSLATE_NOOP("CoreError", "stolen"),
                    "expiry": QT_TRANSLATE_NOOP("CoreError", "past its date"),
                    "other": QT_TRANSLATE_NOOP("CoreError", "other")}
# reasons the till itself writes into the ledger, as a person reads them
_OWN_REASONS = {"stock count": QT_TRANSLATE_NOOP("CoreError", "stock count"),
                "opening stock": QT_TRANSLATE_NOOP("CoreError", "opening stock"),
                "platform delivery": QT_TRANSLATE_NOOP("CoreError", "platform delivery")}


def reason_label(code: str) -> Message | str:
    """A write-off reason code as a person reads it (an unknown code as it is)."""
    return Message(WRITE_OFF_LABELS[code]) if code in WRITE_OFF_LABELS else code


def shown_reason(stored: str | None) -> Message | str:
    """A movement's stored reason for the ledger view: write-off codes and the till's own words
    translated, what a person wrote kept as written (``"spoilage: fell"`` -> ``spoiled: fell``)."""
    if not stored:
        return ""
    if stored in _OWN_REASONS:
        return Message(_OWN_REASONS[stored])
    code, sep, note = stored.partition(": ")
    if code in WRITE_OFF_LABELS:
        return Message(QT_TRANSLATE_NOOP("CoreError", "{reason}: {note}"), reason=reason_label(code), note=note) \
            if sep else reason_label(code)
    return stored


def record(
    session: Session,
    product: Product,
    kind: str,
    qty: int,
    *,
    reason: str | None = None,
    unit_cost: int | None = None,
    ref_id: str | None = None,
    staff_id: str | None = None,
    movement_id: str | None = None,
    created_at: str | None = None,
    origin: str = "local",
) -> StockMovement:
    """Add one movement and move the level by it. Does not emit; callers put it in their event."""
    if kind not in KINDS:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Unknown stock movement kind {kind}."), kind=repr(kind))
    movement = StockMovement(
        id=movement_id or new_id(), product_id=product.id, kind=kind, qty=qty, reason=reason,
        unit_cost=unit_cost, ref_id=ref_id, staff_id=staff_id, origin=origin, created_at=created_at or now(session),
    )
    session.add(movement)
    _bump(session, product.id, qty)
    return movement


def _bump(session: Session, product_id: str, qty: int) -> None:
    stmt = sqlite_insert(StockLevel).values(product_id=product_id, qty=qty)
    session.execute(stmt.on_conflict_do_update(index_elements=["product_id"], set_={"qty": StockLevel.qty + qty}))


_BUMP = ("INSERT INTO stock_level (product_id, qty) VALUES (:product_id, :qty) "
         "ON CONFLICT (product_id) DO UPDATE SET qty = qty + excluded.qty")
_INSERT_MOVEMENT = fast.insert_sql(StockMovement.__table__)


def record_many(session: Session, movements: list[dict]) -> None:
    """Add movements (dicts shaped like ``movement_payload``) and move the levels, in bulk."""
    fast.executemany(session, _INSERT_MOVEMENT, [
        {"id": m["id"], "product_id": m["product_id"], "kind": m["kind"], "qty": m["qty"], "reason": m.get("reason"),
         "unit_cost": m.get("unit_cost"), "ref_id": m.get("ref_id"), "staff_id": m.get("staff_id"),
         "origin": m.get("origin", "local"), "created_at": m["created_at"]}
        for m in movements
    ])
    fast.executemany(session, _BUMP, [{"product_id": m["product_id"], "qty": m["qty"]} for m in movements])


def apply_remote(session: Session, payload: dict) -> bool:
    """A movement from the platform's feed (another till, a delivery); ignored if already here."""
    if session.get(StockMovement, payload["id"]) is not None:
        return False
    product = session.get(Product, payload["product_id"])
    if product is None:
        product = session.scalar(select(Product).where(Product.sku == payload["sku"]))
    if product is None:
        return False
    record(
        session, product, payload["kind"], int(payload["qty"]), reason=payload.get("reason"),
        unit_cost=payload.get("unit_cost"), ref_id=payload.get("ref_id"), staff_id=payload.get("staff_id"),
        movement_id=payload["id"], created_at=payload.get("created_at"), origin="remote",
    )
    return True


def movement_payload(m: StockMovement, sku: str) -> dict:
    return {
        "id": m.id, "product_id": m.product_id, "sku": sku, "kind": m.kind, "qty": m.qty, "reason": m.reason,
        "unit_cost": m.unit_cost, "ref_id": m.ref_id, "staff_id": m.staff_id, "created_at": m.created_at,
    }


def level(session: Session, product_id: str) -> int:
    return session.scalar(select(StockLevel.qty).where(StockLevel.product_id == product_id)) or 0


def write_off(session: Session, product: Product, qty: int, reason: str, staff_id: str | None, note: str = "") -> StockMovement:
    if qty <= 0:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Write off a quantity above zero."))
    if reason not in WRITE_OFF_REASONS:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Reason must be one of: {reasons}."),
                        reasons=Lines([reason_label(code) for code in WRITE_OFF_REASONS], sep=Message(COMMA)), code=reason)
    text = f"{reason}: {note}" if note else reason
    m = record(session, product, "write_off", -qty, reason=text, unit_cost=product.cost, staff_id=staff_id)
    outbox.emit(session, "stock.movement", movement_payload(m, product.sku))
    return m


def receive(session: Session, product: Product, qty: int, unit_cost: int, staff_id: str | None, ref_id: str | None = None, reason: str | None = None) -> StockMovement:
    if qty <= 0:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Receive a quantity above zero."))
    m = record(session, product, "delivery", qty, unit_cost=unit_cost, staff_id=staff_id, ref_id=ref_id, reason=reason)
    outbox.emit(session, "stock.movement", movement_payload(m, product.sku))
    return m


def adjust(session: Session, product: Product, delta: int, reason: str, staff_id: str | None) -> StockMovement:
    if delta == 0:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "An adjustment of zero changes nothing."))
    if not reason.strip():
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Say why the stock is adjusted."))
    m = record(session, product, "adjustment", delta, reason=reason, staff_id=staff_id)
    outbox.emit(session, "stock.movement", movement_payload(m, product.sku))
    return m


@dataclass(frozen=True)
class CountLine:
    product_id: str
    sku: str
    name: str
    expected: int
    counted: int

    @property
    def difference(self) -> int:
        return self.counted - self.expected


def review_count(session: Session, counted: dict[str, int]) -> list[CountLine]:
    """Compare counted quantities (product id -> qty) with the till's current view.

    A partial count (one shelf, one category) only touches the products counted.
    """
    lines = []
    for product_id, qty in counted.items():
        if qty < 0:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "A counted quantity cannot be negative."))
        product = session.get(Product, product_id)
        if product is None:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Unknown product {product_id} on the count sheet."),
                            product_id=product_id)
        lines.append(CountLine(product.id, product.sku, product.name, level(session, product.id), qty))
    return lines


def post_count(session: Session, counted: dict[str, int], staff_id: str | None, note: str = "") -> list[StockMovement]:
    """Post a count: one ``count`` movement of (counted - current view) per product that differs."""
    moves = []
    count_id = new_id()
    for line in review_count(session, counted):
        if line.difference == 0:
            continue
        product = session.get(Product, line.product_id)
        m = record(session, product, "count", line.difference, reason=note or "stock count", ref_id=count_id, staff_id=staff_id)
        outbox.emit(session, "stock.movement", movement_payload(m, product.sku))
        moves.append(m)
    return moves


def history(session: Session, product_id: str, limit: int = 200) -> list[StockMovement]:
    return list(
        session.scalars(
            select(StockMovement).where(StockMovement.product_id == product_id)
            .order_by(StockMovement.created_at.desc()).limit(limit)
        )
    )


