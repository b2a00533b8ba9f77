"""The owner's figures: computed by SQL in app/core/insights.py, checked by hand and against each other."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone

import pytest

from app.core import insights, reports
from app.core.sales import Tender
from app.core.store import now
from app.core.store.models import Insight
from tests.history_gen import demo_till, generate_sales


@pytest.fixture
def till(tmp_path):
    t = demo_till(tmp_path / "till")
    yield t
    t.close()


def today_range(offset: int = 0) -> insights.DateRange:
    today = datetime.now(timezone.utc).date()
    return insights.DateRange(today - timedelta(days=1), today + timedelta(days=1), offset)


def sell(till, items: list[tuple[str, int]], method: str = "cash", customer_id=None):
    cart = till.new_cart()
    for code, qty in items:
        till.add_to_cart(cart, code, qty)
    if customer_id:
        till.attach_customer(cart, customer_id)
    total = cart.totals().total
    return till.pay(cart, [Tender(method, total, None if method == "cash" else "AUTH1")])


def test_real_sales_show_up_in_every_figure(till):
    p1, w = till.product("P0001"), till.product("W0101")  # whole milk 1.19 (cost 0.79); apples per kg
    sell(till, [("P0001", 2)], "cash")
    sell(till, [("P0001", 1), ("W0101", 500)], "card")
    board = till.insights(today_range())

    apples = (w.price * 500 + 500) // 1000
    revenue = 3 * p1.price + apples
    assert board.summary.sales == 2
    assert board.summary.revenue == revenue
    assert board.summary.items == 3 + 1  # a weighed line counts once
    assert sum(d.revenue for d in board.by_day) == revenue
    assert sum(h.sales for h in board.by_hour) == 2
    assert {t.method: t.amount for t in board.tenders} == {"cash": 2 * p1.price, "card": p1.price + apples}
    assert [(s.name, s.sales) for s in board.staff] == [("Mei Chen", 2)]

    milk = next(r for r in board.products if r.sku == "P0001")
    assert (milk.qty, milk.revenue, milk.cost) == (3, 3 * p1.price, 3 * p1.cost)
    apple_row = next(r for r in board.products if r.sku == "W0101")
    assert apple_row.cost == (w.cost * 500 + 500) // 1000
    dairy = next(c for c in board.categories if c.category == "Dairy")
    assert dairy.margin == milk.net - milk.cost
    assert board.top(1)[0].revenue == max(r.revenue for r in board.products)


def test_refunds_count_separately_and_lower_net_revenue(till):
    sale = sell(till, [("P0001", 2)])
    till.refund(sale.receipt_no, {"P0001": 1}, restock=True)
    board = till.insights(today_range())
    assert board.summary.refunds == 1
    assert board.summary.refunded == till.product("P0001").price
    assert board.summary.net_revenue == board.summary.revenue - board.summary.refunded


def test_a_range_is_shop_days_with_the_utc_offset(till):
    # a sale at 23:30 UTC belongs to the next day for a shop two hours ahead of UTC
    generate_sales(till, start=date(2025, 3, 10), days=1, lines=1, lines_per_sale=1, open_hour=23, close_hour=24)
    utc = insights.DateRange(date(2025, 3, 10), date(2025, 3, 10), 0)
    ahead = insights.DateRange(date(2025, 3, 11), date(2025, 3, 11), 120)
    with till.read() as s:
        assert insights.summary(s, utc).sales == 1
        assert insights.summary(s, ahead).sales == 1
        assert insights.summary(s, insights.DateRange(date(2025, 3, 10), date(2025, 3, 10), 120)).sales == 0
        hours = insights.sales_by_hour(s, ahead)
    assert [h.hour for h in hours if h.sales] in ([1], [2])  # 23:xx UTC + 2 h


def test_dashboard_over_a_generated_year_matches_the_single_figure_queries(till):
    made = generate_sales(till, start=date(2025, 1, 1), days=365, lines=15_000, seed=3)
    rng = insights.DateRange(date(2025, 1, 1), date(2025, 12, 31))
    board = till.insights(rng)
    with till.read() as s:
        assert board.summary == insights.summary(s, rng)
        assert board.by_day == insights.sales_by_day(s, rng)
        assert board.by_hour == insights.sales_by_hour(s, rng)
        assert board.products == insights.product_sales(s, rng)
        assert board.staff == insights.sales_per_staff(s, rng)
        assert board.categories == insights.margin_by_category(s, rng)
        assert board.slow == insights.slow_sellers(s, rng)
    assert board.summary.sales == made["sales"]
    assert board.summary.revenue == made["revenue"] == sum(t.amount for t in board.tenders)
    assert len(board.by_day) == 365
    assert sum(c.revenue for c in board.categories) == made["revenue"]
    # a shorter range is a part of the year
    june = insights.DateRange(date(2025, 6, 1), date(2025, 6, 30))
    assert till.insights(june).summary.revenue == sum(d.revenue for d in board.by_day if d.day.month == 6)


def test_slow_sellers_are_products_on_the_shelf_that_did_not_sell(till):
    sell(till, [("P0001", 1)])
    board = till.insights(today_range())
    assert board.slow and all(r.level > 0 for r in board.slow)
    assert board.slow[0].revenue == 0
    assert "P0001" not in [r.sku for r in board.slow[:10]]


def test_low_stock_lists_products_at_or_below_their_reorder_point(till):
    sku = "P0002"
    product = till.product(sku)
    level = till.level(sku)
    till.adjust_stock(sku, product.reorder_point - level - 1, "test")
    board = till.insights(today_range())
    row = next(r for r in board.low_stock if r.sku == sku)
    assert row.level == product.reorder_point - 1
    assert all(r.level <= r.reorder_point for r in board.low_stock)


def test_network_benchmarks_sit_next_to_the_shops_own_figure(till):
    sell(till, [("P0001", 2)])
    with till.write() as s:
        s.add(Insight(key="avg_basket", received_at=now(), payload=json.dumps(
            {"title": "Average basket in the network", "value": 1234, "unit": "money", "metric": "avg_basket",
             "period": "2025-W10"})))
        s.add(Insight(key="odd", received_at=now(), payload="not json"))
    board = till.insights(today_range())
    bench = {b.key: b for b in board.benchmarks}
    assert bench["avg_basket"].value == 1234
    assert bench["avg_basket"].shop_value == board.summary.avg_basket
    assert bench["odd"].value == "not json" and bench["odd"].shop_value is None
    report = reports.build(board, "benchmarks")
    assert report.rows[0][2] == "12.34"


def test_cancelling_the_dashboard_stops_between_steps(till):
    seen = []
    with pytest.raises(insights.Cancelled):
        till.insights(today_range(), progress=lambda d, t: seen.append(d), cancelled=lambda: len(seen) >= 2)
    assert seen == [1, 2]


def test_every_report_exports_as_csv_with_plain_amounts(till):
    sell(till, [("P0001", 2), ("W0101", 1250)])
    board = till.insights(today_range())
    for key in reports.REPORT_KEYS:
        report = reports.build(board, key)
        rows = list(csv.reader(io.StringIO(reports.csv_text(report))))
        assert rows[0] == report.names
        assert len(rows) == len(report.rows) + 1
    top = list(csv.DictReader(io.StringIO(reports.csv_text(reports.build(board, "top")))))
    apples = next(r for r in top if r["sku"] == "W0101")
    assert apples["qty"] == "1.250 kg"
    milk = next(r for r in top if r["sku"] == "P0001")
    assert milk["revenue"] == "2.38"


def test_margin_percent_is_on_revenue_without_vat():
    row = insights.CategoryRow("x", revenue=1190, net=1000, cost=600)
    assert row.margin == 400 and row.margin_bp == 4000
    assert reports.fmt_bp(row.margin_bp) == "40.00%"
    assert reports.fmt_qty(-1500, "kg") == "-1.500 kg"
