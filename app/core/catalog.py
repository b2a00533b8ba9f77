"""The catalog: products, barcodes, scale labels, price bounds, local prices and local products."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Callable, Iterable

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session, make_transient_to_detached, selectinload

from . import outbox
from .barcodes import BarcodeError, parse_scale_label, validate
from .errors import QT_TRANSLATE_NOOP, NotFound, TillError, line_error, not_imported
from .ids import new_id
from .money import fmt
from .store import moment, now
from .store.models import Barcode, Product, StockLevel

if TYPE_CHECKING:
    from sync import catalog_row

UNITS = ("each", "kg")


def __getattr__(name: str) -> Any:
    # The shared catalog format (sync/catalog_row.py) is read only for a CSV import or export:
    # its pydantic models cost a start-up ~0.15 s of CPU, so it is imported when first needed.
    if name == "CSV_COLUMNS":
        from sync import catalog_row

        return catalog_row.COLUMNS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Scan:
    """What a scanned code resolves to: a product, and for scale labels its weight or price."""

    product: Product
    grams: int | None = None
    label_price: int | None = None


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def get(session: Session, product_id: str) -> Product:
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(QT_TRANSLATE_NOOP("CoreError", "No product with id {product_id}."), product_id=product_id)
    return product


def by_sku(session: Session, sku: str) -> Product | None:
    return session.scalar(select(Product).where(Product.sku == sku))


def resolve(session: Session, code: str) -> Scan:
    """A scanned or typed code: a barcode, a scale label, or a SKU (products in ``session``)."""
    return _resolve(
        code,
        lambda c: session.scalar(select(Product).join(Barcode, Barcode.product_id == Product.id).where(Barcode.code == c)),
        lambda plu: session.scalar(select(Product).where(Product.plu == plu)),
        lambda sku: by_sku(session, sku),
    )


# The counter's lookup as plain SQL: sqlite3 keeps each statement prepared on the connection.
_COLUMNS = tuple(c.key for c in Product.__table__.columns)
_BOOLEANS = tuple(c.key for c in Product.__table__.columns if c.type.python_type is bool)
_SELECT = "SELECT " + ", ".join(f"p.{c}" for c in _COLUMNS) + " FROM product p "
_BY_BARCODE = _SELECT + "JOIN barcode b ON b.product_id = p.id WHERE b.code = ?"
_BY_PLU = _SELECT + "WHERE p.plu = ?"
_BY_SKU = _SELECT + "WHERE p.sku = ?"
_new_product = Product.__mapper__.class_manager.new_instance


def _detached(row) -> Product:
    """A Product as a query would load it, then detached (its barcodes are not loaded)."""
    product = _new_product()
    values = dict(zip(_COLUMNS, row))
    for key in _BOOLEANS:
        values[key] = bool(values[key])
    product.__dict__.update(values)
    make_transient_to_detached(product)
    return product


def lookup(cur, code: str) -> Scan:
    """``resolve`` for reading at the counter, on a DBAPI cursor: prepared statements, the
    product detached (as ``Till.scan`` always gave it). Same answers, same errors."""

    def one(sql: str, value: str) -> Product | None:
        row = cur.execute(sql, (value,)).fetchone()
        return None if row is None else _detached(row)

    return _resolve(code, lambda c: one(_BY_BARCODE, c), lambda plu: one(_BY_PLU, plu), lambda sku: one(_BY_SKU, sku))


def _resolve(code: str, by_barcode, by_plu, by_code_sku) -> Scan:
    code = (code or "").strip()
    if not code:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "Nothing was scanned."))
    if code.isdigit():
        product = by_barcode(code)
        if product is not None:
            return Scan(product)
        label = parse_scale_label(code)
        if label is not None:
            product = by_plu(label.plu)
            if product is None:
                raise NotFound(QT_TRANSLATE_NOOP(
                    "CoreError", "Scale label {code}: no weighed product has item code {plu}."),
                    code=code, plu=label.plu)
            return Scan(product, grams=label.grams, label_price=label.price)
        if len(code) in (8, 12, 13):
            validate(code)  # a bad check digit says so, rather than "unknown"
    product = by_code_sku(code)
    if product is not None:
        return Scan(product)
    raise NotFound(QT_TRANSLATE_NOOP("CoreError", "Unknown barcode or SKU: {code}."), code=code)


def search(session: Session, text: str, limit: int = 50) -> list[Product]:
    """Products whose name contains, or whose SKU or barcode starts with, ``text``."""
    text = text.strip()
    if not text:
        return []
    key = name_key(text)
    like = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    stmt = (
        select(Product)
        .where(
            Product.active.is_(True),
            or_(
                Product.name_key.like(f"%{like}%", escape="\\"),
                Product.sku.like(f"{like}%", escape="\\"),
                Product.id.in_(select(Barcode.product_id).where(Barcode.code.like(f"{like}%", escape="\\"))),
            ),
        )
        .order_by(Product.name_key)
        .limit(limit)
    )
    return list(session.scalars(stmt))


# The shop's best sellers of the last four weeks, from the daily aggregates kept as sales are
# written (agg_product_day: a range of its key, ~28 days x the products sold a day, never the
# sale lines nor the catalog), most bought first.
_BEST_SELLERS = text(
    "SELECT product_id FROM agg_product_day WHERE day >= :since "
    "GROUP BY product_id ORDER BY SUM(items) DESC, product_id LIMIT :limit"
)
BEST_SELLER_DAYS = 28


def favourites(session: Session, limit: int = 24) -> list[Product]:
    """The favourite tiles in their order: the products marked favourite (read from
    ix_product_favourite, never a pass over the catalog), then, to fill the row, the shop's best
    sellers of the last four weeks. A real shop marks none at first, and its Favourites tab, the
    first thing the sell screen shows, stayed empty for good; now it fills as the shop sells."""
    marked = list(session.scalars(select(Product).where(Product.favourite.is_(True), Product.active.is_(True))
                                  .order_by(Product.category, Product.name_key).limit(limit)))
    if len(marked) >= limit:
        return marked
    since = (moment(session) - timedelta(days=BEST_SELLER_DAYS)).date().isoformat()
    ids = [pid for (pid,) in session.execute(_BEST_SELLERS, {"since": since, "limit": limit * 2})]
    taken = {p.id for p in marked}
    wanted = [pid for pid in ids if pid not in taken]
    if not wanted:
        return marked
    found = {p.id: p for p in session.scalars(select(Product).where(Product.id.in_(wanted), Product.active.is_(True)))}
    return marked + [found[pid] for pid in wanted if pid in found][:limit - len(marked)]


# A skip-scan of ix_product_category: one index probe per category, whatever the catalog's size
# (SELECT DISTINCT would step through every product's index entry).
_CATEGORIES = text(
    "WITH RECURSIVE c(name) AS (SELECT MIN(category) FROM product UNION ALL "
    "SELECT (SELECT MIN(category) FROM product WHERE category > c.name) FROM c WHERE c.name IS NOT NULL) "
    "SELECT name FROM c WHERE name IS NOT NULL"
)


def categories(session: Session) -> list[str]:
    """The categories in use (by any product), in order, without the empty one."""
    return [c for (c,) in session.execute(_CATEGORIES) if c]


def check_price_in_bounds(product: Product, price: int, money: Callable[[int], str] = fmt) -> None:
    """Refuse a price outside the platform's bounds; ``money`` formats the amounts in the refusal
    (the till passes the shop's currency and locale)."""
    if price <= 0:
        raise TillError(QT_TRANSLATE_NOOP("CoreError", "A price must be above zero."))
    if product.min_price is not None and price < product.min_price:
        raise TillError(
            QT_TRANSLATE_NOOP("CoreError", "{price} is below the platform's minimum of {minimum} for {name}."),
            price=money(price), minimum=money(product.min_price), name=product.name
        )
    if product.max_price is not None and price > product.max_price:
        raise TillError(
            QT_TRANSLATE_NOOP("CoreError", "{price} is above the platform's maximum of {maximum} for {name}."),
            price=money(price), maximum=money(product.max_price), name=product.name
        )


def set_local_price(session: Session, product: Product, price: int | None, money: Callable[[int], str] = fmt) -> None:
    """The shop's own price inside the platform's bounds; None goes back to the recommended one."""
    if price is not None:
        check_price_in_bounds(product, price, money)
    product.local_price = price
    product.updated_at = now(session)
    if product.is_local:
        outbox.emit(session, "product.local_upserted", local_product_payload(product))
    else:
        outbox.emit(session, "price.local_set", {
            "product_id": product.id, "sku": product.sku, "price": price, "created_at": product.updated_at,
        })


def local_product_payload(product: Product) -> dict:
    return {
        "id": product.id, "sku": product.sku, "name": product.name, "category": product.category or None,
        "unit": product.unit, "vat_rate_bp": product.vat_rate_bp, "price": product.sell_price,
        "barcodes": [b.code for b in product.barcodes],
    }


@dataclass
class ProductSpec:
    """A product as typed, imported or received from the platform, before it is stored."""

    sku: str
    name: str
    vat_rate_bp: int
    price: int
    category: str = ""
    brand: str = ""
    unit: str = "each"
    min_price: int | None = None
    max_price: int | None = None
    cost: int = 0
    barcodes: tuple[str, ...] = ()
    plu: str | None = None
    id: str | None = None
    active: bool = True
    image: str | None = None

    def check(self) -> None:
        if not self.sku.strip():
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "A product needs a SKU."))
        if not self.name.strip():
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Product {sku} needs a name."), sku=self.sku)
        if self.unit not in UNITS:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Unit must be 'each' or 'kg', not {unit}."),
                            unit=repr(self.unit))
        if not 0 <= self.vat_rate_bp <= 10000:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "VAT rate {vat_rate_bp} bp is not between 0 and 10000."),
                            vat_rate_bp=self.vat_rate_bp)
        if self.price <= 0:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Product {sku}: the price must be above zero."),
                            sku=self.sku)
        if self.min_price is not None and self.max_price is not None and self.min_price > self.max_price:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Product {sku}: the minimum price is above the maximum."),
                            sku=self.sku)
        if self.cost < 0:
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Product {sku}: the cost cannot be negative."), sku=self.sku)
        for code in self.barcodes:
            validate(code)
        if self.plu is not None and not (self.plu.isdigit() and len(self.plu) <= 5):
            raise TillError(QT_TRANSLATE_NOOP("CoreError", "Product {sku}: a scale item code (PLU) is up to 5 digits."),
                            sku=self.sku)


def upsert(session: Session, spec: ProductSpec, *, is_local: bool = False) -> Product:
    """Insert or update a product by SKU (the platform's rows win over the till's copy)."""
    spec.check()
    product = by_sku(session, spec.sku)
    stamp = now(session)
    if product is None:
        product = Product(id=spec.id or new_id(), sku=spec.sku, is_local=is_local, updated_at=stamp)
        session.add(product)
        session.add(StockLevel(product_id=product.id, qty=0))
    product.name = spec.name.strip()
    product.name_key = name_key(spec.name)
    product.category = spec.category or ""
    product.brand = spec.brand or ""
    product.unit = spec.unit
    product.vat_rate_bp = spec.vat_rate_bp
    product.price = spec.price
    product.min_price = spec.min_price
    product.max_price = spec.max_price
    product.cost = spec.cost
    product.plu = f"{int(spec.plu):05d}" if spec.plu else None
    product.active = spec.active
    product.image = spec.image
    product.updated_at = stamp
    if product.local_price is not None:
        try:
            check_price_in_bounds(product, product.local_price)
        except TillError:
            product.local_price = None  # new bounds exclude the shop's price: back to recommended
    wanted = list(dict.fromkeys(spec.barcodes))
    session.flush()
    if wanted:
        taken = session.scalars(
            select(Barcode).where(Barcode.code.in_(wanted), Barcode.product_id != product.id)
        ).all()
        for other in taken:  # a barcode moved to this product
            session.delete(other)
        session.flush()
    have = {b.code for b in product.barcodes}
    for code in wanted:
        if code not in have:
            product.barcodes.append(Barcode(code=code))
    for barcode in list(product.barcodes):
        if barcode.code not in wanted:
            product.barcodes.remove(barcode)
    return product


def parse_csv(text: str) -> list[ProductSpec]:
    """Parse a catalog CSV in the shared format (``sync/catalog_row.py``, docs/catalog-format.md:
    money in minor units, the same file the platform imports); every bad row is reported with its
    line number, nothing is returned half."""
    from sync import catalog_row

    try:
        good, errors = catalog_row.parse_csv(text)
    except catalog_row.FileError as exc:
        raise not_imported([line_error(exc.error.line, exc.error.reason)]) from None
    specs = []
    for line, row in good:
        spec = spec_from_row(row)
        try:
            spec.check()  # the till's own scanner rules (its barcode reader) on top of the contract
        except (TillError, BarcodeError) as exc:
            errors.append(catalog_row.RowError(line, str(exc)))
            continue
        specs.append(spec)
    if errors:
        raise not_imported([line_error(e.line, e.reason) for e in sorted(errors, key=lambda e: e.line)])
    return specs


def spec_from_row(row: catalog_row.CatalogRow) -> ProductSpec:
    return ProductSpec(
        sku=row.sku, name=row.name, category=row.category or "", brand=row.brand or "", unit=row.unit,
        vat_rate_bp=row.vat_rate_bp, price=row.price, min_price=row.min_price, max_price=row.max_price,
        cost=row.cost, barcodes=tuple(row.barcodes), plu=row.plu, active=row.active, image=row.image,
    )


def import_specs(session: Session, specs: Iterable[ProductSpec], *, is_local: bool = True) -> int:
    count = 0
    for spec in specs:
        product = upsert(session, spec, is_local=is_local)
        if product.is_local:
            session.flush()
            outbox.emit(session, "product.local_upserted", local_product_payload(product))
        count += 1
    return count


def export_rows(session: Session) -> Iterable[list[str]]:
    """The catalog in the shared format (money in minor units; the shop's price where it set one)."""
    from sync import catalog_row

    yield catalog_row.COLUMNS
    for p in session.scalars(select(Product).options(selectinload(Product.barcodes)).order_by(Product.sku)):
        yield catalog_row.csv_cells(catalog_row.CatalogRow(
            sku=p.sku, name=p.name, category=p.category or None, brand=p.brand or None, unit=p.unit,
            vat_rate_bp=p.vat_rate_bp, price=p.sell_price, min_price=p.min_price, max_price=p.max_price,
            cost=p.cost, barcodes=[b.code for b in p.barcodes], plu=p.plu, image=p.image, active=p.active,
        ))
