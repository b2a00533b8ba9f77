"""The counter's reads do not grow with the catalog: counted in SQLite VM steps, never timed."""

from __future__ import annotations

from sqlalchemy import insert

from app.core import catalog
from app.core.ids import new_id
from app.core.store import now
from app.core.store.models import Product


def steps(till, read) -> int:
    """How many SQLite VM instructions ``read(session)`` runs (a progress handler called on each)."""
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    with till.read() as s:
        raw = s.connection().connection.driver_connection
        raw.set_progress_handler(tick, 1)
        try:
            read(s)
        finally:
            raw.set_progress_handler(None, 1)
    return count[0]


def add_plain_products(till, count: int) -> None:
    """``count`` products that are no favourites, in the demo's own categories."""
    stamp = now()
    names = sorted({p.category for p in till.search("a", 1000)} - {""}) or ["Bulk"]
    rows = []
    for n in range(count):
        name = f"Plain product {n:05d}"
        rows.append(dict(id=new_id(), sku=f"PLAIN{n:05d}", name=name, name_key=name.casefold(),
                         category=names[n % len(names)], unit="each", vat_rate_bp=700, price=100, cost=50,
                         min_price=None, max_price=None, local_price=None, plu=None, is_local=False, active=True,
                         favourite=False, reorder_point=0, pack_size=1, image=None, updated_at=stamp))
    with till.write() as s:
        s.execute(insert(Product), rows)


def test_favourites_and_categories_read_an_index_not_the_catalog(till):
    favourites, categories = till.favourites(), till.categories()
    assert favourites and categories
    before = steps(till, catalog.favourites), steps(till, catalog.categories)
    add_plain_products(till, 4000)
    after = steps(till, catalog.favourites), steps(till, catalog.categories)
    # the same tiles and categories...
    assert [p.sku for p in till.favourites()] == [p.sku for p in favourites]
    assert till.categories() == categories
    # ...for about the same work: a pass over 4,000 more products would cost >= 4,000 more steps
    assert after[0] <= before[0] + 400, (before, after)
    assert after[1] <= before[1] + 400, (before, after)


def test_the_favourites_query_plan_uses_its_index(till):
    from sqlalchemy import event

    seen = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    engine = till.store.engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        with till.read() as s:
            catalog.favourites(s)
            asked = list(seen)  # the plans asked below are statements too
            plans = {statement: " ".join(r[3] for r in s.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters)) for statement, parameters in asked}
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    marked = [plan for statement, plan in plans.items() if "favourite" in statement]
    assert marked and "ix_product_favourite" in marked[0] and "TEMP B-TREE" not in marked[0], marked
    # The best sellers that fill the row: a range of the daily aggregates' key (four weeks of days),
    # never a pass over the catalog or the sale lines.
    best = [plan for statement, plan in plans.items() if "agg_product_day" in statement]
    assert best and "SEARCH agg_product_day USING PRIMARY KEY (day>?)" in best[0], best
    assert not any("SCAN product" in plan or "sale_line" in plan for plan in plans.values()), plans


def test_categories_skip_empty_and_inactive_products_keep_theirs(till):
    from app.core.catalog import ProductSpec

    till.upsert_product(ProductSpec(sku="ZZ1", name="Zither", vat_rate_bp=700, price=100, category="Zz music"))
    till.upsert_product(ProductSpec(sku="ZZ2", name="Nothing", vat_rate_bp=700, price=100, category=""))
    till.upsert_product(ProductSpec(sku="AA1", name="Gone", vat_rate_bp=700, price=100, category="Aa gone",
                                    active=False))
    names = till.categories()
    assert names == sorted(names) and "" not in names
    assert names[0] == "Aa gone" and names[-1] == "Zz music"  # as SELECT DISTINCT did: inactive ones too


def test_the_counter_lookup_gives_what_a_session_query_gives(till):
    import pytest
    from sqlalchemy import inspect, select

    from app.core.barcodes import make_scale_label
    from app.core.store.models import Barcode

    with till.read() as s:
        code = s.scalar(select(Barcode.code).limit(1))
        plu = s.scalar(select(Product.plu).where(Product.plu.is_not(None)).limit(1))
    for typed in (code, "P0003", make_scale_label(plu, grams=450)):
        fast = till.scan(typed)
        with till.read() as s:
            slow = catalog.resolve(s, typed)
            expected = {c.key: getattr(slow.product, c.key) for c in Product.__table__.columns}
        assert {c.key: getattr(fast.product, c.key) for c in Product.__table__.columns} == expected
        assert (fast.grams, fast.label_price) == (slow.grams, slow.label_price)
        state = inspect(fast.product)
        assert state.detached and not state.modified  # as a loaded, then expunged, product
        assert isinstance(fast.product.active, bool) and isinstance(fast.product.favourite, bool)
    for bad in ("", "  ", "NO-SUCH-SKU", "4006381333932", "4006381333931", make_scale_label("99999", grams=5)):
        with till.read() as s, pytest.raises(Exception) as slow:
            catalog.resolve(s, bad)
        with pytest.raises(type(slow.value)) as fast:
            till.scan(bad)
        assert str(fast.value) == str(slow.value) and isinstance(fast.value, Exception)
