"""Replenishment: suggested orders from sales velocity, orders to the platform, and receiving
its deliveries (with shortages and damage) as stock movements at wholesale cost."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import outbox, stock
from .errors import QT_TRANSLATE_NOOP, NotFound, TillError
from .ids import new_id
from .store import moment, now
from .store.models import Delivery, Product, PurchaseOrder, PurchaseOrderLine, Sale, SaleLine, StockLevel


@dataclass(frozen=True)
class Suggestion:
    product_id: str
    sku: str
    name: str
    on_hand: int
    on_order: int
    daily_sales: float  # display only; the quantity below is computed in integers
    suggested: int
    pack_size: int


def suggest(session: Session, *, weeks: int = 4, lead_days: int = 2, review_days: int = 7, safety_days: int = 2,
            at: datetime | None = None) -> list[Suggestion]:
    """Quantity to order per platform product: expected demand over the lead time, the review
    period and a safety margin, less stock on hand and already on order, rounded up to packs.

    Demand is the units sold over the last ``weeks`` spread evenly over those days.
    Weighed goods (sold by the gram) are left to the owner.
    """
    at = at or moment(session)
    since = (at - timedelta(weeks=weeks)).isoformat()
    days = weeks * 7
    sold = dict(session.execute(
        select(SaleLine.product_id, func.sum(SaleLine.qty)).join(Sale, Sale.id == SaleLine.sale_id)
        .where(Sale.created_at >= since).group_by(SaleLine.product_id)
    ).all())
    on_order = dict(session.execute(
        select(PurchaseOrderLine.product_id, func.sum(PurchaseOrderLine.qty))
        .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.order_id)
        .where(PurchaseOrder.status.in_(("placed", "shipped"))).group_by(PurchaseOrderLine.product_id)
    ).all())
    horizon = lead_days + review_days + safety_days
    out = []
    rows = session.execute(
        select(Product, StockLevel.qty).join(StockLevel, StockLevel.product_id == Product.id)
        .where(Product.is_local.is_(False), Product.active.is_(True), Product.unit == "each")
        .where(Product.id.in_(list(sold)) | (StockLevel.qty <= Product.reorder_point))
    ).all()
    for product, level in rows:
        units = int(sold.get(product.id, 0))
        pending = int(on_order.get(product.id, 0))
        need = -(-units * horizon // days) if units else 0  # ceil(units / days * horizon)
        need = max(need, product.reorder_point + 1 if level <= product.reorder_point else 0)
        short = need - level - pending
        if short <= 0:
            continue
        pack = max(product.pack_size, 1)
        qty = -(-short // pack) * pack
        out.append(Suggestion(product.id, product.sku, product.name, level, pending, round(units / days, 2), qty, pack))
    return sorted(out, key=lambda s: s.sku)


def place_order(session: Session, lines: dict[str, int], staff_id: str | None, note: str = "") -> PurchaseOrder:
    """An order to the platform (product id -> qty); it waits in the outbox while offline."""
    lines = {k: v for k, v in lines.items() if v}
    if not lines:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "An order needs at least one line."))
    order = PurchaseOrder(id=new_id(), status="placed", note=note, staff_id=staff_id, created_at=now(session))
    session.add(order)
    payload_lines = []
    for product_id, qty in lines.items():
        if qty < 0:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Order quantities must be above zero."))
        product = session.get(Product, product_id)
        if product is None:
            raise NotFound(QT_TRANSLATE_NOOP("CoreError", "Unknown product {product_id}."), product_id=product_id)
        if product.is_local:
            raise TillError(QT_TRANSLATE_NOOP(
                "CoreError", "{name} is the shop's own product; the platform does not supply it."),
                name=product.name)
        session.add(PurchaseOrderLine(id=new_id(), order_id=order.id, product_id=product.id, qty=qty))
        payload_lines.append({"product_id": product.id, "sku": product.sku, "qty": qty})
    outbox.emit(session, "order.placed", {"id": order.id, "created_at": order.created_at, "staff_id": staff_id,
                                          "note": note, "lines": payload_lines})
    return order


def delivery_lines(delivery: Delivery) -> list[dict]:
    return json.loads(delivery.payload).get("lines", [])


def receive_delivery(session: Session, delivery_id: str, counts: dict[str, tuple[int, int]],
                     staff_id: str | None) -> Delivery:
    """Receive a shipment. ``counts``: sku -> (received, damaged). Lines not given are taken as
    received in full. Good goods (received - damaged) become delivery movements at wholesale cost;
    the shop's counts go back to the platform, so shortages and damage show centrally."""
    delivery = session.get(Delivery, delivery_id)
    if delivery is None:
        raise NotFound(QT_TRANSLATE_NOOP("CoreError", "No such delivery."))
    if delivery.status == "received":
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "This delivery was already received."))
    shipped = delivery_lines(delivery)
    unknown = set(counts) - {line["sku"] for line in shipped}
    if unknown:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Not on this delivery: {skus}."),
                        skus=', '.join(sorted(unknown)))
    stamp = now(session)
    lines, movements = [], []
    for line in shipped:
        received, damaged = counts.get(line["sku"], (line["qty"], 0))
        if received < 0 or damaged < 0 or damaged > received:
            raise TillError(QT_TRANSLATE_NOOP(
                "CoreError", "{sku}: received and damaged must be zero or more, damaged at most received."),
                sku=line['sku'])
        product = session.get(Product, str(line["product_id"])) or session.scalar(
            select(Product).where(Product.sku == line["sku"]))
        if product is None:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "{sku} is not in this till's catalog yet; sync first."),
                            sku=line['sku'])
        lines.append({"product_id": product.id, "sku": product.sku, "shipped": line["qty"], "received": received,
                      "damaged": damaged, "unit_cost": line["unit_cost"]})
        good = received - damaged
        if good:
            m = stock.record(session, product, "delivery", good, unit_cost=line["unit_cost"], ref_id=delivery.id,
                             staff_id=staff_id, reason="platform delivery", created_at=stamp)
            movements.append(stock.movement_payload(m, product.sku))
    delivery.status = "received"
    delivery.received_at = stamp
    if delivery.order_id:
        order = session.get(PurchaseOrder, delivery.order_id)
        if order is not None:
            order.status = "received"
    outbox.emit(session, "delivery.received", {
        "id": delivery.id, "order_id": delivery.order_id, "received_at": stamp, "staff_id": staff_id,
        "lines": lines, "movements": movements,
    })
    return delivery
