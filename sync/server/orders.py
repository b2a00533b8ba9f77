"""Replenishment on the platform's side: orders from the shops, shipments against them, and the
shops' counts of what arrived (with shortages and damage) set beside what was shipped.

A shipment and its two feed changes (``delivery.shipped`` and ``order.updated``) are written in
one transaction, the changes through the change-log writer and its lock.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import uuid6
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import changefeed
from .changefeed import NewChange, dumps
from .identity import utcnow
from .models import DeliveryReceipt, Order, Product, Shipment, Shop

log = logging.getLogger("corner.server.orders")

ORDER_STATUSES = ("placed", "shipped", "received")


class OrderError(ValueError):
    """A shipment that cannot be made; the message says why."""


class OrderNotFound(OrderError):
    pass


@dataclass
class OrderView:
    id: uuid.UUID
    shop_code: str
    created_at: datetime
    status: str
    note: str
    lines: list[dict[str, Any]]  # [{product_id, sku, qty, shipped}]
    shipments: list[uuid.UUID] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": str(self.id), "shop_code": self.shop_code, "created_at": self.created_at.isoformat(),
            "status": self.status, "note": self.note, "lines": self.lines,
            "shipments": [str(s) for s in self.shipments],
        }


def _shipped_by_order(session: Session, orders: list[Order]) -> dict[tuple[uuid.UUID, uuid.UUID], list[Shipment]]:
    """Shipments per (shop, order id): order ids are unique within a shop only."""
    out: dict[tuple[uuid.UUID, uuid.UUID], list[Shipment]] = defaultdict(list)
    wanted = {(o.shop_id, o.id) for o in orders}
    order_ids = sorted({o.id for o in orders})
    for start in range(0, len(order_ids), 500):
        for shipment in session.scalars(
            select(Shipment).where(Shipment.order_id.in_(order_ids[start:start + 500])).order_by(Shipment.created_at)
        ):
            if (shipment.shop_id, shipment.order_id) in wanted:
                out[(shipment.shop_id, shipment.order_id)].append(shipment)
    return out


def _shipped_qty(shipments: list[Shipment]) -> dict[str, int]:
    qty: dict[str, int] = defaultdict(int)
    for shipment in shipments:
        for line in shipment.lines:
            qty[line["sku"]] += int(line["qty"])
    return qty


def list_orders(
    session: Session, *, status: str | None = None, shop_id: uuid.UUID | None = None, limit: int = 100, offset: int = 0
) -> list[OrderView]:
    query = select(Order, Shop.code).join(Shop, Shop.id == Order.shop_id)
    if status is not None:
        query = query.where(Order.status == status)
    if shop_id is not None:
        query = query.where(Order.shop_id == shop_id)
    rows = session.execute(query.order_by(Order.created_at, Order.id).limit(limit).offset(offset)).all()
    shipments = _shipped_by_order(session, [o for o, _ in rows])
    out = []
    for order, code in rows:
        shipped = _shipped_qty(shipments.get((order.shop_id, order.id), []))
        lines = [{**line, "shipped": shipped.get(line["sku"], 0)} for line in order.lines]
        out.append(OrderView(order.id, code, order.created_at, order.status, order.note, lines,
                             [s.id for s in shipments.get((order.shop_id, order.id), [])]))
    return out


def ship(session: Session, order_id: uuid.UUID, lines: list[tuple[str, int]] | None, shipped_by: str,
         costs: dict[str, int] | None = None) -> Shipment:
    """Ship ``lines`` (sku, qty) of an order, or by default whatever of it is not shipped yet.

    Partial shipments are fine; shipping more of a line than is still open is refused.
    ``costs``: the unit cost the shop is charged per SKU of this shipment (minor units; per kg for
    weighed goods), as the shipper gives it; a SKU without one ships at the catalog's cost now.
    The cost travels with the shipment to the till, which values the goods received at it.
    """
    found = session.scalars(select(Order).where(Order.id == order_id).limit(2).with_for_update()).all()
    if not found:
        raise OrderNotFound(f"no order {order_id}")
    if len(found) > 1:  # order ids are made by the tills and unique within a shop only
        raise OrderError(f"order id {order_id} was sent by more than one shop; it cannot be shipped by id alone")
    order = found[0]
    ordered: dict[str, int] = defaultdict(int)
    for line in order.lines:
        ordered[line["sku"]] += int(line["qty"])
    already = _shipped_qty(_shipped_by_order(session, [order]).get((order.shop_id, order.id), []))
    open_qty = {sku: qty - already.get(sku, 0) for sku, qty in ordered.items()}
    if lines is None:
        wanted = [(sku, qty) for sku, qty in open_qty.items() if qty > 0]
        if not wanted:
            raise OrderError(f"order {order_id} has been shipped in full already")
    else:
        if not lines:
            raise OrderError("a shipment needs at least one line")
        merged: dict[str, int] = defaultdict(int)
        for sku, qty in lines:
            if qty <= 0:
                raise OrderError(f"{sku}: a shipped quantity must be above zero")
            if sku not in ordered:
                raise OrderError(f"{sku} is not on order {order_id}")
            merged[sku] += qty
        for sku, qty in merged.items():
            if qty > open_qty[sku]:
                raise OrderError(f"{sku}: {qty} is more than the {max(open_qty[sku], 0)} still to ship")
        wanted = list(merged.items())
    products = {
        p.sku: p for p in session.scalars(select(Product).where(Product.sku.in_([sku for sku, _ in wanted])))
    }
    missing = sorted(sku for sku, _ in wanted if sku not in products)
    if missing:
        raise OrderError(f"not in the platform catalog: {', '.join(missing)}")
    costs = dict(costs or {})
    for sku, cost in costs.items():
        if sku not in {s for s, _ in wanted}:
            raise OrderError(f"{sku}: a cost is given but the SKU is not in this shipment")
        if isinstance(cost, bool) or not isinstance(cost, int) or not 0 <= cost <= 10**12:
            raise OrderError(f"{sku}: a unit cost must be a whole number of minor units, zero or more")
    ship_lines = [
        {"product_id": str(products[sku].id), "sku": sku, "qty": qty, "unit_cost": costs.get(sku, products[sku].cost)}
        for sku, qty in wanted
    ]
    shipment = Shipment(
        id=uuid.UUID(str(uuid6.uuid7())), shop_id=order.shop_id, order_id=order.id, created_at=utcnow(),
        shipped_by=shipped_by[:100], lines=ship_lines,
    )
    session.add(shipment)
    order.status = "shipped"
    session.flush()
    changefeed.append(session, [
        NewChange(order.shop_id, "delivery.shipped",
                  dumps({"id": str(shipment.id), "order_id": str(order.id), "lines": ship_lines})),
        NewChange(order.shop_id, "order.updated", dumps({"id": str(order.id), "status": "shipped"})),
    ])
    return shipment


def value_at_shipment_cost(shipment: Shipment, count: Any) -> list[Any]:
    """The movements of a shop's count of ``shipment`` (a ``DeliveryReceivedPayload``), valued at
    the platform's cost on the shipment, never at the till's. A count whose cost differs is logged
    (and shown as ``cost_mismatch`` by :func:`delivery_view`); goods that were not on the shipment
    are refused."""
    costs: dict[str, int] = {}
    for line in shipment.lines:
        costs[str(line["product_id"])] = int(line["unit_cost"])
        costs[line["sku"]] = int(line["unit_cost"])
    for line in count.lines:
        cost = costs.get(str(line.product_id), costs.get(line.sku))
        if cost is None:
            raise OrderError(f"{line.sku} was not on shipment {shipment.id}")
        if line.unit_cost != cost:
            log.warning("shop %s counted shipment %s with %s at cost %s; the shipment's cost is %s",
                        shipment.shop_id, shipment.id, line.sku, line.unit_cost, cost)
    movements = []
    for m in count.movements:
        cost = costs.get(str(m.product_id), costs.get(m.sku))
        if cost is None:
            raise OrderError(f"{m.sku} was not on shipment {shipment.id}")
        if m.kind != "delivery" or m.qty < 0:
            raise OrderError(f"a count of a shipment moves goods in as deliveries only ({m.sku}: {m.kind} {m.qty})")
        movements.append(m if m.unit_cost == cost else m.model_copy(update={"unit_cost": cost}))
    return movements


def delivery_view(session: Session, shop_id: uuid.UUID | None = None, limit: int = 100,
                  offset: int = 0) -> list[dict[str, Any]]:
    """Shipments with the shop's count beside them: per line shipped, received, damaged, discrepancy.

    A line has a discrepancy when the shop received other than was shipped or found damage.
    """
    query = select(Shipment, Shop.code, DeliveryReceipt).join(Shop, Shop.id == Shipment.shop_id).outerjoin(
        DeliveryReceipt, (DeliveryReceipt.shop_id == Shipment.shop_id) & (DeliveryReceipt.id == Shipment.id)
    )
    if shop_id is not None:
        query = query.where(Shipment.shop_id == shop_id)
    out = []
    for shipment, code, receipt in session.execute(
        query.order_by(Shipment.created_at.desc(), Shipment.id).limit(limit).offset(offset)
    ):
        counted = {line["sku"]: line for line in (receipt.lines if receipt is not None else [])}
        lines = []
        for line in shipment.lines:
            count = counted.pop(line["sku"], None)
            received = int(count["received"]) if count else None
            damaged = int(count.get("damaged", 0)) if count else None
            counted_cost = int(count["unit_cost"]) if count else None
            lines.append({
                "product_id": line["product_id"], "sku": line["sku"], "unit_cost": line["unit_cost"],
                "shipped": int(line["qty"]), "received": received, "damaged": damaged,
                "discrepancy": receipt is not None and (received != int(line["qty"]) or bool(damaged)),
                "counted_unit_cost": counted_cost,
                "cost_mismatch": counted_cost is not None and counted_cost != int(line["unit_cost"]),
            })
        for sku, count in counted.items():  # counted by the shop but never shipped
            lines.append({
                "product_id": count["product_id"], "sku": sku, "unit_cost": count["unit_cost"], "shipped": 0,
                "received": int(count["received"]), "damaged": int(count.get("damaged", 0)), "discrepancy": True,
            })
        out.append({
            "id": str(shipment.id), "shop_code": code, "order_id": str(shipment.order_id) if shipment.order_id else None,
            "shipped_at": shipment.created_at.isoformat(), "shipped_by": shipment.shipped_by,
            "status": "received" if receipt is not None else "shipped",
            "received_at": receipt.received_at.isoformat() if receipt is not None else None,
            "lines": lines, "discrepancy": any(line["discrepancy"] for line in lines),
        })
    return out
