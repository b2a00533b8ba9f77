"""The platform's catalog and policies: import, edit, price bounds, publish to the change feed.

Imports are all or nothing: every bad row is reported with its line number and reason, and a file
with any bad row changes nothing. Edits mark products dirty; publishing writes one
``product.upserted`` change per dirty product and stores the published JSON, which is what
snapshots serve.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import uuid6
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from sync import catalog_row
from sync.protocol import ProductData

from . import changefeed
from .changefeed import NewChange, dumps
from .identity import utcnow
from .models import Policy, Product

CSV_COLUMNS = [c for c in catalog_row.COLUMNS if c != "plu"]  # what an export writes
MAX_MONEY = catalog_row.MAX_MONEY
RowError = catalog_row.RowError
check_barcode = catalog_row.check_barcode
check_bounds = catalog_row.check_bounds
_int = catalog_row.whole_number


class CatalogError(ValueError):
    """Bad catalog input; ``errors`` lists every bad row (line numbers count from 1)."""

    def __init__(self, message: str, errors: list[RowError] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []

    def as_dict(self) -> dict[str, Any]:
        return {"message": str(self), "errors": [e.as_dict() for e in self.errors]}


@dataclass
class ProductInput:
    line: int
    sku: str
    name: str
    category: str | None
    unit: str
    vat_rate_bp: int
    price: int
    min_price: int | None
    max_price: int | None
    cost: int
    barcodes: list[str] = field(default_factory=list)
    image: str | None = None
    active: bool = True
    brand: str | None = None


def _input(line: int, row: catalog_row.CatalogRow) -> ProductInput:
    return ProductInput(line=line, **row.model_dump(exclude={"plu"}))  # the scale's item code is the till's


def parse_row(line: int, raw: dict[str, Any]) -> ProductInput:
    """One catalog row to a product (the shared row model, ``sync/catalog_row.py``); raises
    ValueError with every problem of the row."""
    return _input(line, catalog_row.parse_row(raw))


# --------------------------------------------------------------------------- file formats

def read_csv(text: str) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    """Rows of a catalog CSV with the line each starts on (the header is line 1), and rows that
    are not even CSV-shaped."""
    try:
        return catalog_row.read_csv(text)
    except catalog_row.FileError as exc:
        raise CatalogError(str(exc), [exc.error]) from None


def read_json(text: str) -> list[tuple[int, dict[str, Any]]]:
    """Rows of a catalog JSON array (``[{...}, ...]``) with the line each object starts on."""
    decoder = json.JSONDecoder()
    text = text.lstrip("\ufeff")

    def line_of(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    def skip_ws(pos: int) -> int:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        return pos

    pos = skip_ws(0)
    if pos >= len(text) or text[pos] != "[":
        raise CatalogError("the file is not a JSON array of products", [RowError(line_of(pos), "expected '['")])
    pos = skip_ws(pos + 1)
    rows: list[tuple[int, dict[str, Any]]] = []
    if pos < len(text) and text[pos] == "]":
        return rows
    while True:
        try:
            obj, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise CatalogError("the file is not valid JSON", [RowError(exc.lineno, exc.msg)]) from None
        if not isinstance(obj, dict):
            raise CatalogError("the file has bad rows", [RowError(line_of(pos), "each product must be a JSON object")])
        rows.append((line_of(pos), obj))
        pos = skip_ws(end)
        if pos < len(text) and text[pos] == ",":
            pos = skip_ws(pos + 1)
            continue
        if pos < len(text) and text[pos] == "]":
            if skip_ws(pos + 1) != len(text):
                raise CatalogError("the file is not valid JSON", [RowError(line_of(pos + 1), "extra data after the array")])
            return rows
        raise CatalogError("the file is not valid JSON", [RowError(line_of(pos), "expected ',' or ']'")])


def parse_catalog(text: str, fmt: str) -> list[ProductInput]:
    """Parse and check a whole file; raises CatalogError listing every bad row."""
    errors: list[RowError] = []
    if fmt == "csv":
        raw_rows, errors = read_csv(text)
    elif fmt == "json":
        raw_rows = read_json(text)
    else:
        raise CatalogError(f"unknown catalog format {fmt!r}: use csv or json")
    good, errors = catalog_row.check_rows(raw_rows, errors)
    if errors:
        raise CatalogError(f"{len(errors)} bad row(s); nothing was imported", errors)
    return [_input(line, row) for line, row in good]


# --------------------------------------------------------------------------- writing

_FIELDS = ("name", "category", "brand", "unit", "vat_rate_bp", "price", "min_price", "max_price", "cost", "barcodes", "image", "active")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    published: int = 0
    cursor: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def import_products(session: Session, items: list[ProductInput], *, publish_now: bool = False) -> ImportResult:
    """Upsert ``items`` by sku (all or nothing); barcodes must not belong to another product."""
    existing = {
        row.sku: row
        for row in session.execute(select(*(Product.__table__.c[name] for name in ("id", "sku", *_FIELDS))))
    }
    owner = {code: row.sku for row in existing.values() for code in row.barcodes}
    incoming_skus = {item.sku for item in items}
    errors = []
    for item in items:
        for code in item.barcodes:
            other = owner.get(code)
            if other is not None and other != item.sku and other not in incoming_skus:
                errors.append(RowError(item.line, f"barcode {code} already belongs to product {other}"))
    if errors:
        raise CatalogError(f"{len(errors)} bad row(s); nothing was imported", errors)

    now = utcnow()
    result = ImportResult()
    new_rows, changed_rows = [], []
    for item in items:
        values = {name: getattr(item, name) for name in _FIELDS}
        old = existing.get(item.sku)
        if old is None:
            new_rows.append({"id": uuid6.uuid7(), "sku": item.sku, **values, "updated_at": now, "dirty": True})
        elif any(getattr(old, name) != values[name] for name in _FIELDS):
            changed_rows.append({"b_id": old.id, **values, "updated_at": now, "dirty": True})
        else:
            result.unchanged += 1
    if new_rows:
        session.execute(insert(Product), new_rows)
    if changed_rows:
        table = Product.__table__
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({name: bindparam(name) for name in (*_FIELDS, "updated_at", "dirty")}),
            changed_rows,
        )
    result.created, result.updated = len(new_rows), len(changed_rows)
    if publish_now:
        result.published, result.cursor = publish(session)
    return result


def product_data(row) -> ProductData:
    return ProductData(
        id=row.id,
        sku=row.sku,
        name=row.name,
        category=row.category,
        brand=row.brand,
        unit=row.unit,
        vat_rate_bp=row.vat_rate_bp,
        price=row.price,
        min_price=row.min_price,
        max_price=row.max_price,
        cost=row.cost,
        barcodes=list(row.barcodes),
        image=row.image,
        active=row.active,
    )


def publish(session: Session) -> tuple[int, int]:
    """Publish every dirty product to the change feed; returns (count, cursor after)."""
    from .promotions import apply_due_prices

    apply_due_prices(session)  # a scheduled price that is due is the product's price from now on
    table = Product.__table__
    rows = session.execute(select(table).where(table.c.dirty.is_(True)).order_by(table.c.sku)).all()
    payloads = [(row.id, product_data(row).model_dump_json()) for row in rows]
    if payloads:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(published=bindparam("published"), dirty=False),
            [{"b_id": pid, "published": text} for pid, text in payloads],
        )
    cursor = changefeed.append(session, [NewChange(None, "product.upserted", text) for _, text in payloads])
    return len(payloads), cursor if cursor is not None else changefeed.current_cursor(session)


def get_product(session: Session, sku: str) -> Product:
    product = session.scalar(select(Product).where(Product.sku == sku))
    if product is None:
        raise CatalogError(f"no product with sku {sku!r}")
    return product


def edit_product(session: Session, sku: str, changes: dict[str, Any]) -> Product:
    """Change some fields of a product (checked like an import row); it is published later."""
    product = get_product(session, sku)
    merged = {name: getattr(product, name) for name in _FIELDS}
    merged.update(changes)
    merged["sku"] = sku
    try:
        item = parse_row(0, merged)
    except ValueError as exc:
        raise CatalogError(str(exc)) from None
    if item.barcodes:
        wanted = set(item.barcodes)
        for other_sku, codes in session.execute(select(Product.sku, Product.barcodes).where(Product.sku != sku)):
            taken = wanted.intersection(codes)
            if taken:
                raise CatalogError(f"barcode {min(taken)} already belongs to product {other_sku}")
    changed = False
    for name in _FIELDS:
        value = getattr(item, name)
        if getattr(product, name) != value:
            setattr(product, name, value)
            changed = True
    if changed:
        product.updated_at = utcnow()
        product.dirty = True
    session.flush()
    return product


class _Keep(enum.Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP  # a bound left as it is


def set_price(
    session: Session,
    sku: str,
    price: int,
    min_price: int | None | _Keep = KEEP,
    max_price: int | None | _Keep = KEEP,
) -> Product:
    """Set a product's price. A bound not given (``KEEP``) stays as it is; ``None`` clears it.

    A price edit never wipes the bounds: the till checks a shop's local price against them."""
    changes: dict[str, Any] = {"price": price}
    if min_price is not KEEP:
        changes["min_price"] = min_price
    if max_price is not KEEP:
        changes["max_price"] = max_price
    return edit_product(session, sku, changes)


# --------------------------------------------------------------------------- policies

def _policy_int(low: int, high: int, unit: str):
    def check(value: str) -> str:
        number = _int(value, "value", required=True, low=low, high=high, unit=unit)
        return str(number)

    return check


def _policy_bool(value: str) -> str:
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes", "on"):
        return "true"
    if lowered in ("false", "0", "no", "off"):
        return "false"
    raise ValueError(f"value must be true or false, not {value!r}")


def _policy_text(value: str) -> str:
    if "\x00" in value or len(value) > 1000:
        raise ValueError("value must be at most 1000 characters of text")
    return value


POLICY_CHECKS = {
    "return_window_days": _policy_int(0, 3650, "days"),
    "cashier_discount_limit_bp": _policy_int(0, 10_000, "basis points"),
    "loyalty_earn_per_100": _policy_int(0, 10_000, "points per 100 spent"),
    "commission_bp": _policy_int(0, 10_000, "basis points"),
    "receipt_footer": _policy_text,
    "feedback_qr": _policy_bool,
    "cash_rounding": _policy_int(0, 100_000, "minor units"),
}
POLICY_KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def set_policy(session: Session, key: str, value: str) -> tuple[str, int]:
    """Set one policy and publish it at once as a ``policy.set`` change; returns (value, seq)."""
    if not POLICY_KEY_RE.match(key):
        raise CatalogError(f"policy key {key!r} must be lower-case letters, digits and underscores")
    try:
        value = POLICY_CHECKS.get(key, _policy_text)(value)
    except ValueError as exc:
        raise CatalogError(f"policy {key}: {exc}") from None
    now = utcnow()
    row = session.get(Policy, key, with_for_update=True)
    if row is None:
        session.add(Policy(key=key, value=value, updated_at=now))
    else:
        row.value, row.updated_at = value, now
    session.flush()
    seq = changefeed.append(session, [NewChange(None, "policy.set", dumps({"key": key, "value": value}))])
    assert seq is not None
    return value, seq


def policies(session: Session) -> dict[str, str]:
    return {key: value for key, value in session.execute(select(Policy.key, Policy.value).order_by(Policy.key))}


def snapshot_json(session: Session) -> str:
    """The Snapshot document, built from the stored published JSON (no re-serialising)."""
    cursor = changefeed.begin_consistent_read(session)
    published = session.scalars(
        select(Product.published).where(Product.published.is_not(None)).order_by(Product.sku)
    ).all()
    return f'{{"cursor":{cursor},"products":[{",".join(published)}],"policies":{dumps(policies(session))}}}'


def iter_products(session: Session, limit: int, offset: int) -> Iterable[Product]:
    return session.scalars(select(Product).order_by(Product.sku).limit(limit).offset(offset))
