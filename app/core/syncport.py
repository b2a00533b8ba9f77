"""The till's side of sync: what the engine in ``sync.client`` reads from and writes to the store.

Each pulled page is applied together with its cursor in one local transaction, so a
crash between pages neither skips nor repeats a change. Catalog rows are written in
bulk (a 100,000-product snapshot is one transaction of a few statements).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Iterable

from sqlalchemy.orm import Session

from sync.client import Outgoing
from sync.protocol import PullResponse, Snapshot, SnapshotBody

from . import customers, outbox, promotions, stock
from .barcodes import check_digit_ok
from .catalog import name_key
from .clock import now_text
from .store import fast, now
from .store.models import (Delivery, Feedback, Insight, Meta, Policy, PurchaseOrder)

log = logging.getLogger("corner.sync")

CURSOR_KEY = "sync_cursor"


_UPSERT_PRODUCT = (
    "INSERT INTO product (id, sku, name, name_key, category, brand, unit, vat_rate_bp, price, min_price, max_price, "
    "cost, is_local, active, image, favourite, reorder_point, pack_size, updated_at) VALUES (:id, :sku, :name, "
    ":name_key, :category, :brand, :unit, :vat_rate_bp, :price, :min_price, :max_price, :cost, 0, :active, :image, 0, 0, 1, "
    ":updated_at) ON CONFLICT (sku) DO UPDATE SET name = excluded.name, name_key = excluded.name_key, "
    "category = excluded.category, brand = excluded.brand, unit = excluded.unit, vat_rate_bp = excluded.vat_rate_bp, price = excluded.price, "
    "min_price = excluded.min_price, max_price = excluded.max_price, cost = excluded.cost, active = excluded.active, "
    "image = excluded.image, updated_at = excluded.updated_at, is_local = 0, "
    # the shop's own price survives unless the platform's new bounds exclude it
    "local_price = CASE WHEN (excluded.min_price IS NULL OR local_price >= excluded.min_price) "
    "AND (excluded.max_price IS NULL OR local_price <= excluded.max_price) THEN local_price ELSE NULL END"
)
_UPSERT_BARCODE = ("INSERT INTO barcode (code, product_id) VALUES (?, ?) "
                   "ON CONFLICT (code) DO UPDATE SET product_id = excluded.product_id")


_PRODUCT_COLUMNS = ("id", "sku", "name", "name_key", "category", "brand", "unit", "vat_rate_bp", "price", "min_price",
                    "max_price", "cost", "active", "image", "updated_at")
_UPSERT_PRODUCT_ROW = _UPSERT_PRODUCT  # named parameters in column order, bound from tuples below
for _column in _PRODUCT_COLUMNS:
    _UPSERT_PRODUCT_ROW = _UPSERT_PRODUCT_ROW.replace(f":{_column},", "?,").replace(f":{_column})", "?)")
assert ":" not in _UPSERT_PRODUCT_ROW.split(") ON CONFLICT")[0].split("VALUES")[1], _UPSERT_PRODUCT_ROW
del _column

# A load this large into an empty catalog drops the product and barcode tables' secondary indexes
# and builds them again (same SQL, same transaction) after the rows are in: one sort each instead
# of 100,000 scattered inserts into each.
BULK_ROWS = 20_000
BULK_CACHE_KIB = 128 * 1024  # the connection's page cache during a bulk load (given back after)


def upsert_platform_products(session: Session, products: Iterable[dict[str, Any]]) -> int:
    """Insert or update platform products by SKU in bulk. The platform's rows win; a shop's
    local price survives unless the new bounds exclude it.

    Plain DBAPI statements in the session's transaction (store/fast.py), bound from tuples: through
    SQLAlchemy, or even from dicts, building parameters for 100,000 rows cost more than SQLite's
    own work. Products are dicts with ProductData's fields (a field left out takes its default).
    """
    stamp = now(session)
    rows, codes = [], {}
    add_row = rows.append
    for p in products:
        get = p.get
        sku, name = p["sku"], p["name"]
        add_row((str(p["id"]), sku, name, name_key(name), get("category") or "", get("brand") or "",
                 get("unit", "each"), p["vat_rate_bp"], p["price"], get("min_price"), get("max_price"), get("cost", 0),
                 get("active", True), get("image"), stamp))
        barcodes = get("barcodes")
        if barcodes:
            good = [code for code in barcodes if check_digit_ok(code)]
            if len(good) != len(barcodes):
                for code in barcodes:
                    if code not in good:
                        log.warning("platform product %s has a bad barcode %r; skipped", sku, code)
            codes[sku] = good
        else:
            codes[sku] = []
    if not rows:
        return 0
    conn = fast.connection(session)
    cur = conn.cursor()
    try:
        empty = not any(cur.execute(f"SELECT EXISTS (SELECT 1 FROM {t})").fetchone()[0]
                        for t in ("product", "barcode", "stock_level"))
        rebuild: list[tuple[str, str]] = []
        cache = None
        if empty and len(rows) >= BULK_ROWS:
            cache = cur.execute("PRAGMA cache_size").fetchone()[0]
            cur.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
            rebuild = cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                  "AND tbl_name IN ('product', 'barcode') ORDER BY name").fetchall()
            for index, _ in rebuild:
                cur.execute(f'DROP INDEX "{index}"')
        try:
            cur.executemany(_UPSERT_PRODUCT_ROW, rows)
            skus = list(codes)
            if empty:  # every row is one of these: a SKU's id is the first row's that carried it
                ids = {}
                for row in rows:
                    ids.setdefault(row[1], row[0])
            else:
                ids = {}
                for chunk in _chunks(skus, 900):
                    ids.update(cur.execute(f"SELECT sku, id FROM product WHERE sku IN ({', '.join('?' * len(chunk))})",
                                           chunk).fetchall())
            id_list = list(ids.values())
            if not empty:  # an empty catalog has no barcodes to take away
                cur.executemany("DELETE FROM barcode WHERE product_id = ?", [(i,) for i in id_list])
            cur.executemany(_UPSERT_BARCODE, [(c, ids[sku]) for sku, cs in codes.items() for c in cs])
            if empty:  # the table's rows are exactly these products
                cur.execute("INSERT INTO stock_level (product_id, qty) SELECT id, 0 FROM product ORDER BY rowid")
            else:
                cur.executemany("INSERT INTO stock_level (product_id, qty) VALUES (?, 0) ON CONFLICT DO NOTHING",
                                [(i,) for i in id_list])
            for _, sql in rebuild:
                cur.execute(sql)
        finally:
            if cache is not None:
                cur.execute(f"PRAGMA cache_size = {int(cache)}")
    finally:
        cur.close()
    return len(rows)


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


_MARK_SENT = "UPDATE outbox SET sent_at = ?, status = ?, note = ? WHERE event_id = ? AND sent_at IS NULL"


class TillSyncPort:
    """Implements ``sync.client.SyncPort`` over a ``Till``."""

    def __init__(self, till) -> None:
        self.till = till

    # -- push -------------------------------------------------------------------------

    def pending(self, limit: int, max_bytes: int, after: int | None = None) -> list[Outgoing]:
        with self.till.read() as s:
            rows = outbox.pending(s, limit, max_bytes, after)
        return [Outgoing(r.event_id, r.kind, r.created_at, r.payload, r.seq) for r in rows]

    def mark_sent(self, results: list[dict[str, Any]]) -> int:
        """Mark a push's events sent, in one prepared statement run for all of them (a row-by-row
        ORM update cost about as much as the server's whole push for a batch of 500)."""
        if not results:
            return 0
        stamp = now_text(self.till.store.clock)
        params = [(stamp, r["status"], r.get("reason"), str(r["id"])) for r in results]
        with self.till.write() as s:
            cur = fast.cursor(s)
            try:
                cur.executemany(_MARK_SENT, params)
                return cur.rowcount
            finally:
                cur.close()

    # -- pull -------------------------------------------------------------------------

    def cursor(self) -> int | None:
        value = self.till.meta(CURSOR_KEY)
        return int(value) if value is not None else None

    def apply_snapshot(self, snapshot: SnapshotBody | Snapshot) -> None:
        """Apply a snapshot (``SnapshotBody`` from ``SyncClient.snapshot``, or a ``Snapshot``) and its
        cursor in one local transaction: all of it, or (on any error) nothing."""
        if isinstance(snapshot, dict):
            products, policies, cursor = snapshot["products"], snapshot["policies"], snapshot["cursor"]
            promo_items = [snapshot.get("promotions") or [], snapshot.get("coupons") or [],
                           snapshot.get("scheduled_prices") or []]
        else:  # a Snapshot model: each product's validated fields as they are (``__dict__``)
            products = [p.__dict__ for p in snapshot.products]
            policies, cursor = snapshot.policies, snapshot.cursor
            promo_items = [getattr(snapshot, "promotions", None) or [], getattr(snapshot, "coupons", None) or [],
                           getattr(snapshot, "scheduled_prices", None) or []]
        with self.till.write() as s:
            upsert_platform_products(s, products)
            for key, value in policies.items():
                s.merge(Policy(key=key, value=str(value)))
            # promotions, coupons and scheduled prices, when the server's snapshot carries them
            # (else the feed from cursor 0 does)
            promos = list(zip((promotions.apply_promotion, promotions.apply_coupon, promotions.apply_scheduled_price),
                              promo_items))
            for apply, items in promos:
                for item in items:
                    apply(s, item.model_dump(mode="json") if hasattr(item, "model_dump") else item)
            s.merge(Meta(key=CURSOR_KEY, value=str(cursor)))
        self.till.notify("catalog")
        self.till.notify("policy")
        if any(items for _, items in promos):
            self.till.notify(promotions.TOPIC)
            self.till.promotions.apply_due_prices()

    def apply_page(self, page: PullResponse) -> None:
        topics: set[str] = set()
        with self.till.write() as s:
            products = []
            for change in page.changes:
                if change.kind == "product.upserted":
                    products.append(change.payload)
                    continue
                if products:  # keep order: products before anything that refers to them
                    upsert_platform_products(s, products)
                    products = []
                    topics.add("catalog")
                topic = self._apply(s, change.kind, change.payload)
                if topic:
                    topics.add(topic)
            if products:
                upsert_platform_products(s, products)
                topics.add("catalog")
            s.merge(Meta(key=CURSOR_KEY, value=str(page.cursor)))
        for topic in topics:
            self.till.notify(topic)
        if promotions.TOPIC in topics:
            self.till.promotions.apply_due_prices()  # a price whose time has come switches now

    def _apply(self, s: Session, kind: str, payload: dict[str, Any]) -> str | None:
        if kind == "policy.set":
            s.merge(Policy(key=payload["key"], value=str(payload["value"])))
            return "policy"
        if kind == "stock.movement":
            return "stock" if stock.apply_remote(s, payload) else None
        if kind == "customer.upserted":
            customers.apply_remote(s, self.till.clock, payload)
            return "customers"
        if kind == "feedback.created":
            if s.get(Feedback, str(payload["id"])) is None:
                s.add(Feedback(
                    id=str(payload["id"]), sale_id=payload.get("sale_id"), receipt_token=payload.get("receipt_token"),
                    rating=int(payload["rating"]), comment=payload.get("comment") or "",
                    source=payload.get("source") or "receipt_page", created_at=payload.get("created_at") or now(s),
                ))
            else:  # edited on the receipt page, or its sale reached the server
                fb = s.get(Feedback, str(payload["id"]))
                rating, comment = int(payload["rating"]), payload.get("comment") or ""
                if (fb.rating, fb.comment) != (rating, comment):
                    fb.rating, fb.comment, fb.read = rating, comment, False
                fb.sale_id = payload.get("sale_id") or fb.sale_id
            return "feedback"
        if kind == "delivery.shipped":
            if s.get(Delivery, str(payload["id"])) is None:
                s.add(Delivery(id=str(payload["id"]), order_id=payload.get("order_id"), status="shipped",
                               payload=json.dumps(payload), created_at=now(s)))
            return "deliveries"
        if kind == "order.updated":
            order = s.get(PurchaseOrder, str(payload["id"]))
            if order is not None and order.status != "received":
                order.status = payload["status"]
            return "orders"
        if kind == "event.rejected":  # the central team rejected an event of this shop, with a reason
            found = outbox.set_verdict(s, str(payload["event_id"]), "rejected", payload.get("reason") or "")
            return "sync" if found else None  # another till of the shop sent it
        if kind == "event.reapplied":  # a quarantined event was applied after a fix on the platform
            found = outbox.set_verdict(s, str(payload["event_id"]), "accepted", None)
            return "sync" if found else None
        if kind == "promotion.upserted":
            promotions.apply_promotion(s, payload)
            return promotions.TOPIC
        if kind == "coupon.issued":
            promotions.apply_coupon(s, payload)
            return promotions.TOPIC
        if kind == "price.scheduled":
            promotions.apply_scheduled_price(s, payload)
            return promotions.TOPIC
        if kind == "insights.published":
            s.merge(Insight(key=payload.get("key", "network"), payload=json.dumps(payload), received_at=now(s)))
            return "insights"
        log.info("ignoring change of unknown kind %s (a newer server?)", kind)
        return None

    def record(self, state) -> None:
        """Keep the engine's last state (a ``sync.client.SyncState``) for `corner status` and the window."""
        values = {"sync_online": "1" if state.online else "0", "sync_message": state.message}
        if state.last_sync:
            values["last_sync_at"] = state.last_sync
        self.till.set_meta(**values)
        self.till.notify("sync")

