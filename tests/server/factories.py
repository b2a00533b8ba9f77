"""Event payloads as a till would send them (dicts, the wire form)."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

import uuid6


def now() -> str:
    return datetime.now(timezone.utc).isoformat()


_new_id = uuid.uuid4


def uid() -> str:
    return str(_new_id())


def time_ordered_ids() -> None:
    """From now on, ids made as tills make them (UUIDv7, app/core/ids.py): for simulations, where the
    order of ids decides which index pages a push writes (random ids wrote ~40% more WAL a push on
    PostgreSQL: tests/bench/bench_wal.py)."""
    global _new_id
    _new_id = uuid6.uuid7


def event(kind: str, payload: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
    return {"id": event_id or uid(), "kind": kind, "created_at": now(), "payload": payload}


def movement(product_id: str | None = None, qty: int = -1, kind: str = "sale", sku: str = "A1") -> dict[str, Any]:
    return {
        "id": uid(),
        "product_id": product_id or uid(),
        "sku": sku,
        "kind": kind,
        "qty": qty,
        "created_at": now(),
    }


def sale(lines: int = 2, sale_id: str | None = None, customer_id: str | None = None) -> dict[str, Any]:
    products = [uid() for _ in range(lines)]
    return {
        "id": sale_id or uid(),
        "receipt_no": "S001-1-1",
        "receipt_token": uid(),
        "created_at": now(),
        "staff_id": uid(),
        "staff_name": "Ana",
        "customer_id": customer_id,
        "subtotal": 250 * lines,
        "discount": 0,
        "total": 250 * lines,
        "tax": 21 * lines,
        "lines": [
            {
                "id": uid(),
                "line_no": n + 1,
                "product_id": pid,
                "sku": f"SKU{n}",
                "name": f"Product {n}",
                "qty": 1,
                "unit": "each",
                "unit_price": 250,
                "discount": 0,
                "total": 250,
                "vat_rate_bp": 900,
                "tax": 21,
                "unit_cost": 150,
            }
            for n, pid in enumerate(products)
        ],
        "payments": [{"id": uid(), "method": "cash", "amount": 250 * lines, "tendered": 1000, "change": 1000 - 250 * lines}],
        "movements": [movement(pid, -1, "sale", f"SKU{n}") for n, pid in enumerate(products)],
        "loyalty_points": 2,
    }


def refund(sale_payload: dict[str, Any]) -> dict[str, Any]:
    line = sale_payload["lines"][0]
    return {
        "id": uid(),
        "sale_id": sale_payload["id"],
        "receipt_no": sale_payload["receipt_no"],
        "created_at": now(),
        "staff_id": uid(),
        "approved_by": uid(),
        "restock": True,
        "reason": "changed mind",
        "total": line["total"],
        "tax": line["tax"],
        "lines": [
            {
                "id": uid(),
                "sale_line_id": line["id"],
                "product_id": line["product_id"],
                "sku": line["sku"],
                "qty": 1,
                "amount": line["total"],
                "tax": line["tax"],
            }
        ],
        "payments": [{"id": uid(), "method": "cash", "amount": -line["total"]}],
        "movements": [movement(line["product_id"], 1, "refund", line["sku"])],
    }


def customer(customer_id: str, hlc: str, **fields: Any) -> dict[str, Any]:
    return {"id": customer_id, "hlc": hlc, "fields": fields}


def one_of_each_kind() -> list[dict[str, Any]]:
    """One valid event of every kind in the protocol."""
    s = sale()
    customer_id = uid()
    return [
        event("sale.completed", s),
        event("refund.completed", refund(s)),
        event("stock.movement", movement(qty=12, kind="delivery")),
        event("customer.upserted", customer(customer_id, "1700000000000:00000:t1", name="Eva")),
        event(
            "loyalty.entry",
            {"id": uid(), "customer_id": customer_id, "points": 5, "reason": "sale", "sale_id": s["id"], "created_at": now()},
        ),
        event(
            "cash.session_closed",
            {
                "id": uid(), "opened_at": now(), "closed_at": now(), "opened_by": uid(), "closed_by": uid(),
                "float_amount": 5000, "expected": 5500, "counted": 5490, "over_short": -10, "report": {"sales": 1},
            },
        ),
        event("audit.entry", {"id": uid(), "action": "refund", "staff_id": uid(), "approved_by": uid(), "detail": {"x": 1}, "created_at": now()}),
        event("feedback.created", {"id": uid(), "sale_id": s["id"], "receipt_token": s["receipt_token"], "rating": 5, "comment": "nice", "created_at": now()}),
        event("product.local_upserted", {"id": uid(), "sku": "LOC1", "name": "Local honey", "vat_rate_bp": 900, "price": 700, "barcodes": []}),
        event("price.local_set", {"product_id": uid(), "sku": "A1", "price": 130, "created_at": now()}),
        event("order.placed", {"id": uid(), "created_at": now(), "note": "", "lines": [{"product_id": uid(), "sku": "A1", "qty": 10}]}),
        event(
            "delivery.received",
            {
                "id": uid(), "order_id": uid(), "received_at": now(),
                "lines": [{"product_id": uid(), "sku": "A1", "shipped": 10, "received": 9, "damaged": 1, "unit_cost": 80}],
                "movements": [movement(qty=9, kind="delivery")],
            },
        ),
    ]
