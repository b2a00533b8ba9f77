"""Console-only reads and the few actions no admin route has yet (quarantine resolution, feedback
marks, the import preview). Anything the JSON admin API can do is done by calling its service
functions (catalog, identity, orders, settlement, insights), never by a copy of them."""

from __future__ import annotations

import inspect
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session, defer

from sync import protocol as p

from .. import catalog, changefeed, orders
from ..catalog import CatalogError, ProductInput
from ..db import is_postgres
from ..identity import utcnow
from ..models import EVENT_QUARANTINED, Device, EventConflict, EventRow, Feedback, Order, Product, Sale, SaleLine, Shop
from ..push import Projector
from ..security import DeviceCaller
from .models import ConsoleAudit, ConsoleMark

PAGE_SIZE = 50
PRODUCT_FIELDS = ("name", "category", "brand", "unit", "vat_rate_bp", "price", "min_price", "max_price", "cost",
                  "barcodes", "image", "active")


def product_dict(product: Product) -> dict[str, Any]:
    return {name: getattr(product, name) for name in PRODUCT_FIELDS}


# --------------------------------------------------------------------------- catalog

@dataclass
class ProductPage:
    rows: list[Product]
    total: int
    page: int
    pages: int


def search_products(session: Session, q: str = "", category: str = "", status: str = "",
                    page: int = 1) -> ProductPage:
    """Products matching a text (SKU or name, or an exact barcode), a category and a status."""
    conds = []
    q = q.strip()
    if q:
        like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        if is_postgres(session):
            terms = [Product.sku.ilike(like, escape="\\"), Product.name.ilike(like, escape="\\")]
        else:  # SQLite's LIKE ignores ASCII case already; ilike's lower() doubled the scan's time
            terms = [Product.sku.like(like, escape="\\"), Product.name.like(like, escape="\\")]
        if q.isdigit() and 8 <= len(q) <= 13:
            terms = [cast(Product.barcodes, String).like(f'%"{q}"%'), Product.sku == q]  # a scanned barcode
        conds.append(or_(*terms))
    if category:
        conds.append(Product.category == category)
    if status == "active":
        conds.append(Product.active.is_(True))
    elif status == "inactive":
        conds.append(Product.active.is_(False))
    elif status == "unpublished":
        conds.append(Product.dirty == True)  # noqa: E712 - "= true" uses the index, "IS true" does not
    where = and_(*conds) if conds else None
    count_q = select(func.count()).select_from(Product)
    if where is not None:
        count_q = count_q.where(where)
    page = max(page, 1)
    if q:
        # A text search scans the table: the page and its total in one scan, not two.
        found = session.execute(select(Product, func.count().over()).options(defer(Product.published))
                                .where(where).order_by(Product.sku)
                                .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
        if found:
            total = found[0][1]
            return ProductPage([row for row, _ in found], total, page, max(1, -(-total // PAGE_SIZE)))
    total = session.scalar(count_q) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(page, pages)
    rows_q = select(Product).options(defer(Product.published)).order_by(Product.sku)  # not the published JSON
    if where is not None:
        rows_q = rows_q.where(where)
    rows = list(session.scalars(rows_q.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    return ProductPage(rows, total, page, pages)


_CATEGORIES: dict[str, tuple[float, list[str]]] = {}
CATEGORIES_TTL = 30.0  # seconds: a new category shows in the filter within half a minute


def categories(session: Session) -> list[str]:
    """The categories of the catalog (for the filter), kept for a few seconds per database: a
    DISTINCT over 100,000 products is most of a catalog page's time on PostgreSQL."""
    key = str(session.get_bind().url)
    cached = _CATEGORIES.get(key)
    if cached is not None and time.monotonic() - cached[0] < CATEGORIES_TTL:
        return cached[1]
    found = [c for c in session.scalars(select(Product.category).distinct().order_by(Product.category)) if c]
    _CATEGORIES[key] = (time.monotonic(), found)
    return found


def unpublished_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Product).where(Product.dirty == True)) or 0  # noqa: E712


def history(session: Session, target: str, limit: int = 50) -> list[ConsoleAudit]:
    return list(session.scalars(select(ConsoleAudit).where(ConsoleAudit.target == target)
                                .order_by(ConsoleAudit.at.desc()).limit(limit)))


@dataclass
class Preview:
    """What an import would do: errors by line, else the diff per product."""

    errors: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""
    new: list[ProductInput] = field(default_factory=list)
    changed: list[tuple[ProductInput, dict[str, tuple[Any, Any]], bool]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.message


def preview_import(session: Session, text: str, fmt: str, threshold_bp: int) -> Preview:
    """Parse and check a file like the import does, then try the import in a savepoint that is
    always rolled back (so a barcode that belongs to another product shows here, not at apply)."""
    out = Preview()
    try:
        items = catalog.parse_catalog(text, fmt)
        with session.begin_nested() as nested:
            try:
                catalog.import_products(session, items)
            finally:
                nested.rollback()
    except CatalogError as exc:
        out.message = str(exc)
        out.errors = [e.as_dict() for e in exc.errors]
        return out
    existing: dict[str, Product] = {}
    skus = [item.sku for item in items]
    for start in range(0, len(skus), 500):
        for row in session.scalars(select(Product).where(Product.sku.in_(skus[start:start + 500]))):
            existing[row.sku] = row
    for item in items:
        old = existing.get(item.sku)
        if old is None:
            out.new.append(item)
            continue
        diff = {name: (getattr(old, name), getattr(item, name)) for name in PRODUCT_FIELDS
                if getattr(old, name) != getattr(item, name)}
        if not diff:
            out.unchanged += 1
            continue
        big = False
        if "price" in diff and old.price:
            big = abs(item.price - old.price) * 10_000 > threshold_bp * old.price
        out.changed.append((item, diff, big))
    return out


# --------------------------------------------------------------------------- shops

def shop_extras(session: Session) -> dict[uuid.UUID, dict[str, Any]]:
    """Per shop: events received today, open orders, the newest sale, the app version (if told)."""
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    out: dict[uuid.UUID, dict[str, Any]] = {}
    for shop_id, n in session.execute(select(EventRow.shop_id, func.count()).where(EventRow.received_at >= today)
                                      .group_by(EventRow.shop_id)):
        out.setdefault(shop_id, {})["events_today"] = n
    for shop_id, n in session.execute(select(Order.shop_id, func.count()).where(Order.status == "placed")
                                      .group_by(Order.shop_id)):
        out.setdefault(shop_id, {})["open_orders"] = n
    for shop_id, last in session.execute(select(EventRow.shop_id, func.max(EventRow.received_at))
                                         .group_by(EventRow.shop_id)):
        out.setdefault(shop_id, {})["last_push"] = last
    return out


def devices(session: Session, shop_id: uuid.UUID) -> list[Device]:
    return list(session.scalars(select(Device).where(Device.shop_id == shop_id).order_by(Device.till_no)))


def shops(session: Session) -> list[Shop]:
    return list(session.scalars(select(Shop).order_by(Shop.code)))


# --------------------------------------------------------------------------- orders

def ship_takes_costs() -> bool:
    """Whether ``orders.ship`` takes a cost per line (being added alongside the console)."""
    return "costs" in inspect.signature(orders.ship).parameters


def ship(session: Session, order_id: uuid.UUID, lines: list[tuple[str, int]], costs: dict[str, int],
         by: str):
    if costs and ship_takes_costs():
        return orders.ship(session, order_id, lines, by, costs=costs)
    return orders.ship(session, order_id, lines, by)


# --------------------------------------------------------------------------- quarantine and feedback

def marks(session: Session, kind: str, refs: list[uuid.UUID]) -> dict[uuid.UUID, ConsoleMark]:
    if not refs:
        return {}
    return {m.ref: m for m in session.scalars(select(ConsoleMark).where(ConsoleMark.kind == kind,
                                                                         ConsoleMark.ref.in_(refs)))}


def set_mark(session: Session, kind: str, ref: uuid.UUID, state: str, note: str, by: str) -> ConsoleMark | None:
    """Set a mark; returns the mark it replaced (for the audit)."""
    old = session.get(ConsoleMark, (kind, ref))
    before = None if old is None else ConsoleMark(kind=kind, ref=ref, state=old.state, note=old.note, by=old.by,
                                                  at=old.at)
    if old is None:
        session.add(ConsoleMark(kind=kind, ref=ref, state=state, note=note, by=by, at=utcnow()))
    else:
        old.state, old.note, old.by, old.at = state, note, by, utcnow()
    session.flush()
    return before


def quarantined(session: Session, shop_id: uuid.UUID | None = None, show: str = "open",
                limit: int = 200) -> list[tuple[EventRow, str, ConsoleMark | None]]:
    query = select(EventRow, Shop.code).join(Shop, Shop.id == EventRow.shop_id)
    if show == "open":
        query = query.where(EVENT_QUARANTINED)
    else:
        query = query.where(or_(EVENT_QUARANTINED,
                                EventRow.id.in_(select(ConsoleMark.ref).where(ConsoleMark.kind == "event"))))
    if shop_id is not None:
        query = query.where(EventRow.shop_id == shop_id)
    rows = session.execute(query.order_by(EventRow.received_at.desc(), EventRow.id).limit(limit)).all()
    found = marks(session, "event", [e.id for e, _ in rows])
    out = [(e, code, found.get(e.id)) for e, code in rows]
    if show == "open":
        out = [row for row in out if row[2] is None or row[2].state != "rejected"]
    return out


@dataclass(frozen=True)
class Difference:
    """One field that differs between the event kept and a later one with the same id."""

    field: str
    kept: str  # the value as first received, in short JSON ("" when the field was absent)
    later: str


@dataclass(frozen=True)
class HeldConflict:
    """An event id a shop used again with another kind or payload (``event_conflicts``): the first
    stays in ``events``; this is the later one, with what differs from the first."""

    conflict: EventConflict
    shop_code: str
    kept: EventRow | None
    differences: list[Difference]
    more: int  # differences beyond those listed


def _short(value: Any, absent: bool = False, width: int = 60) -> str:
    import json

    if absent:
        return ""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= width else text[:width - 1] + "…"


def differences(kept_kind: str, kept: Any, later_kind: str, later: Any, limit: int = 6) -> tuple[list[Difference], int]:
    """The top-level fields (and the kind) that differ between two payloads, in field order."""
    out: list[Difference] = []
    if kept_kind != later_kind:
        out.append(Difference("kind", kept_kind, later_kind))
    if isinstance(kept, dict) and isinstance(later, dict):
        for key in [*kept, *(k for k in later if k not in kept)]:
            if kept.get(key, ...) != later.get(key, ...):
                out.append(Difference(str(key), _short(kept.get(key), key not in kept),
                                      _short(later.get(key), key not in later)))
    elif kept != later:
        out.append(Difference("payload", _short(kept), _short(later)))
    return out[:limit], max(0, len(out) - limit)


def held_conflicts(session: Session, shop_id: uuid.UUID | None = None, limit: int = 200) -> list[HeldConflict]:
    """Events that reused an id of their shop with another payload, newest first, each beside the
    event that was kept (the same shop, the same id) and what differs."""
    query = select(EventConflict, Shop.code).join(Shop, Shop.id == EventConflict.shop_id)
    if shop_id is not None:
        query = query.where(EventConflict.shop_id == shop_id)
    rows = session.execute(query.order_by(EventConflict.received_at.desc(), EventConflict.event_id)
                           .limit(limit)).all()
    kept: dict[tuple[uuid.UUID, uuid.UUID], EventRow] = {}
    ids = list({c.event_id for c, _ in rows})
    for start in range(0, len(ids), 500):
        for ev in session.scalars(select(EventRow).where(EventRow.id.in_(ids[start:start + 500]))):
            kept[(ev.shop_id, ev.id)] = ev
    out = []
    for c, code in rows:
        first = kept.get((c.shop_id, c.event_id))  # only the same shop's event: ids are scoped by shop
        diffs, more = ([], 0) if first is None else differences(first.kind, first.payload, c.kind, c.payload)
        out.append(HeldConflict(c, code, first, diffs, more))
    return out


def reject(session: Session, event: EventRow, reason: str, by: str) -> ConsoleMark | None:
    """Reject a quarantined event for good, with a reason the shop sees: a feed row for that shop
    (``event.rejected`` {event_id, kind, reason}) tells its tills, which show it in their sync
    status. Returns the mark it replaced (for the audit)."""
    old = set_mark(session, "event", event.id, "rejected", reason, by)
    changefeed.append(session, [changefeed.NewChange(event.shop_id, "event.rejected", changefeed.dumps(
        {"event_id": str(event.id), "kind": event.kind, "reason": reason, "rejected_at": utcnow().isoformat()}))])
    return old


def reapplied(session: Session, event: EventRow, by: str) -> None:
    """After a successful re-apply: the shop's tills learn their event counts after all."""
    set_mark(session, "event", event.id, "reapplied", "", by)
    changefeed.append(session, [changefeed.NewChange(event.shop_id, "event.reapplied", changefeed.dumps(
        {"event_id": str(event.id), "kind": event.kind}))])


class ReapplyError(ValueError):
    pass


def reapply(session: Session, event: EventRow) -> None:
    """Project a quarantined event again (after a fix on the server), with the push's own
    validation and projector, in a savepoint: it applies whole or not at all."""
    if event.status != "quarantined":
        raise ReapplyError("this event is not quarantined")
    device = session.get(Device, event.device_id)
    shop = session.get(Shop, event.shop_id)
    assert device is not None and shop is not None
    ev = p.Event(id=event.id, kind=event.kind, created_at=event.created_at, payload=event.payload)
    try:
        model = p.validate_payload(ev.kind, ev.payload)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise ReapplyError(str(exc).splitlines()[0][:300]) from None
    projector = Projector(session, DeviceCaller(device.id, shop.id, shop.code, device.till_no))
    try:
        with session.begin_nested():
            projector.add(ev, model)
            projector.flush()
    except Exception as exc:  # noqa: BLE001 - shown to the central team; nothing was written
        raise ReapplyError(f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}") from None
    event.status, event.reason = "accepted", None
    changefeed.append(session, projector.changes)


def feedback_rows(session: Session, rating: int | None, shop_id: uuid.UUID | None, unread: bool,
                  days: int | None, limit: int = 200) -> list[tuple[Feedback, str | None, ConsoleMark | None]]:
    query = select(Feedback, Shop.code).outerjoin(Shop, Shop.id == Feedback.shop_id)
    if rating is not None:
        query = query.where(Feedback.rating == rating)
    if shop_id is not None:
        query = query.where(Feedback.shop_id == shop_id)
    if days:
        query = query.where(Feedback.created_at >= utcnow() - timedelta(days=days))
    if unread:
        handled = select(ConsoleMark.ref).where(ConsoleMark.kind == "feedback", ConsoleMark.state == "handled")
        query = query.where(Feedback.id.not_in(handled))
    rows = session.execute(query.order_by(Feedback.created_at.desc(), Feedback.id).limit(limit)).all()
    found = marks(session, "feedback", [f.id for f, _ in rows])
    return [(f, code, found.get(f.id)) for f, code in rows]


# --------------------------------------------------------------------------- network dashboard

def sales_by_day(session: Session, days: int = 14) -> tuple[list[str], dict[str, list[int]]]:
    """Day labels and per shop code the sales (tax included, minor units) of each day."""
    today = utcnow().date()
    first = today - timedelta(days=days - 1)
    start = datetime.combine(first, datetime.min.time()).replace(tzinfo=utcnow().tzinfo)
    day = func.date(Sale.created_at)
    rows = session.execute(select(Shop.code, day, func.sum(Sale.total)).join(Shop, Shop.id == Sale.shop_id)
                           .where(Sale.created_at >= start).group_by(Shop.code, day)).all()
    labels = [(first + timedelta(days=i)).isoformat() for i in range(days)]
    index = {label: i for i, label in enumerate(labels)}
    series: dict[str, list[int]] = {}
    for code, d, total in rows:
        key = str(d)[:10]
        if key in index:
            series.setdefault(code, [0] * days)[index[key]] += int(total or 0)
    return labels, dict(sorted(series.items()))


def top_products(session: Session, days: int = 28, limit: int = 10, slow: bool = False) -> list[tuple[str, str, int, int]]:
    since = utcnow() - timedelta(days=days)
    value = func.sum(SaleLine.total)
    query = (select(SaleLine.sku, func.min(SaleLine.name), func.sum(SaleLine.qty), value)
             .join(Sale, (Sale.shop_id == SaleLine.shop_id) & (Sale.id == SaleLine.sale_id)).where(Sale.created_at >= since, SaleLine.is_local.is_(False))
             .group_by(SaleLine.sku).order_by(value.asc() if slow else value.desc(), SaleLine.sku).limit(limit))
    return [(sku, name, int(qty), int(total)) for sku, name, qty, total in session.execute(query)]


def falling_shops(session: Session, days: int = 14) -> list[tuple[str, str, int, int]]:
    """Shops whose sales of the last ``days`` days fell against the ``days`` before."""
    now = utcnow()
    mid, start = now - timedelta(days=days), now - timedelta(days=2 * days)
    recent = func.sum(case((Sale.created_at >= mid, Sale.total), else_=0))
    before = func.sum(case((Sale.created_at < mid, Sale.total), else_=0))
    rows = session.execute(select(Shop.code, Shop.name, recent, before).join(Shop, Shop.id == Sale.shop_id)
                           .where(Sale.created_at >= start).group_by(Shop.code, Shop.name)).all()
    return [(code, name, int(r or 0), int(b or 0)) for code, name, r, b in rows if int(r or 0) < int(b or 0)]
