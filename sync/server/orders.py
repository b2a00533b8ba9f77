"""Replenishment on the platform's side: orders from the shops, shipments against them, and the
shops' counts of what arrived (with shortages and damage) set beside what was shipped.

A shipment and its two feed changes (``delivery.shipped`` and ``order.updated``) are written in
one transaction, the changes through the change-log writer and its lock.
"""

from __future__ import annotations

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


def _shipped_by_order(session: Session, order_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Shipment]]:
    out: dict[uuid.UUID, list[Shipment]] = defaultdict(list)
    for start in range(0, len(order_ids), 500):
        for shipment in session.scalars(
            select(Shipment).where(Shipment.order_id.in_(order_ids[start:start + 500])).order_by(Shipment.created_at)
        ):
            out[shipment.order_id].append(shipment)
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
    shipments = _shipped_by_order(session, [o.id for o, _ in rows])
    out = []
    for order, code in rows:
        shipped = _shipped_qty(shipments.get(order.id, []))
        lines = [{**line, "shipped": shipped.get(line["sku"], 0)} for line in order.lines]
        out.append(OrderView(order.id, code, order.created_at, order.status, order.note, lines,
                             [s.id for s in shipments.get(order.id, [])]))
    return out


def ship(session: Session, order_id: uuid.UUID, lines: list[tuple[str, int]] | None, shipped_by: str,
         costs: dict[str, int] | None = None) -> Shipment:
    """Ship ``lines`` (sku, qty) of an order, or by default whatever of it is not shipped yet.

    Partial shipments are fine; shipping more of a line than is still open is refused.
    ``costs``: the unit cost the shop is charged per SKU of this shipment (minor units; per kg for
    weighed goods), as the shipper gives it; a SKU without one ships at the catalog's cost now.
    The cost travels with the shipment to the till, which values the goods received at it.
    """
    order = session.scalar(select(Order).where(Order.id == order_id).with_for_update())
    if order is None:
        raise OrderNotFound(f"no order {order_id}")
    ordered: dict[str, int] = defaultdict(int)
    for line in order.lines:
        ordered[line["sku"]] += int(line["qty"])
    already = _shipped_qty(_shipped_by_order(session, [order.id]).get(order.id, []))
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


def delivery_view(session: Session, shop_id: uuid.UUID | None = None, limit: int = 100,
                  offset: int = 0) -> list[dict[str, Any]]:
    """Shipments with the shop's count beside them: per line shipped, received, damaged, discrepancy.

    A line has a discrepancy when the shop received other than was shipped or found damage.
    """
    query = select(Shipment, Shop.code, DeliveryReceipt).join(Shop, Shop.id == Shipment.shop_id).outerjoin(
        DeliveryReceipt, DeliveryReceipt.id == Shipment.id
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
            lines.append({
                "product_id": line["product_id"], "sku": line["sku"], "unit_cost": line["unit_cost"],
                "shipped": int(line["qty"]), "received": received, "damaged": damaged,
                "discrepancy": receipt is not None and (received != int(line["qty"]) or bool(damaged)),
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
