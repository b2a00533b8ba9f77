"""The dashboard's running totals (app/core/store/aggregates.py): kept by triggers as sales and
refunds are written, backfilled by migration 0004_daily, and always equal to the figures
computed straight from the rows, whatever the shop's time zone and whichever days are asked."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from app.core import insights
from app.core.clock import SettableClock, zone
from app.core.sales import Tender
from app.core.store import aggregates
from app.core.store.engine import Store, make_engine, migrate
from app.core.till import Till
from tests.history_gen import demo_till, generate_sales

START = datetime(2025, 3, 29, 18, 0, tzinfo=timezone.utc)  # Paris changes its clocks on 30 March, 01:00 UTC
ZONES = ("Europe/Paris", "Asia/Kolkata", "America/St_Johns", "UTC", None)  # None: fixed offset +120
ITEMS = ("P0001", "P0002", "W0101", "P0003")


def open_till(path, at: datetime = START) -> tuple[Till, SettableClock]:
    demo_till(path, login_pin=None).close()
    clock = SettableClock(at)
    till = Till(path, clock=clock)
    till.login("1234")
    return till, clock


def sell(till: Till, items: list[tuple[str, int]], method: str) -> str:
    cart = till.new_cart()
    for code, qty in items:
        till.add_to_cart(cart, code, qty * 250 if code.startswith("W") else qty)
    total = cart.totals().total
    return till.pay(cart, [Tender(method, total, None if method == "cash" else "AUTH1")]).receipt_no


def differences(till: Till) -> list[str]:
    conn = sqlite3.connect(till.store.path)
    try:
        return aggregates.differences(conn)
    finally:
        conn.close()


def ranges(first: date, last: date) -> list[insights.DateRange]:
    out = []
    for name in ZONES:
        for a, b in ((first, last), (first, first + timedelta(days=1)), (first - timedelta(days=40), last)):
            if b >= a:
                out.append(insights.DateRange(a, b, 120, zone=name))
    out.append(insights.DateRange(first, last, 345))  # Nepal's clock: 5 h 45 min from UTC
    return out


def direct_by_day(till: Till, rng: insights.DateRange) -> dict[date, tuple[int, int]]:
    """Sales per shop day, computed in Python from each sale's own time."""
    tz = rng.tz
    out: dict[date, list[int]] = {}
    conn = sqlite3.connect(till.store.path)
    try:
        for created, total in conn.execute("SELECT created_at, total FROM sale"):
            day = datetime.fromisoformat(created).astimezone(tz).date()
            if rng.start <= day <= rng.end:
                acc = out.setdefault(day, [0, 0])
                acc[0] += 1
                acc[1] += total
    finally:
        conn.close()
    return {d: (n, t) for d, (n, t) in out.items()}


def assert_dashboard_matches_the_rows(till: Till, rng: insights.DateRange) -> None:
    board = till.insights(rng)
    with till.read() as s:
        assert board.summary == insights.summary(s, rng), rng
        assert board.by_day == insights.sales_by_day(s, rng), rng
        assert board.by_hour == insights.sales_by_hour(s, rng), rng
        assert board.products == insights.product_sales(s, rng), rng
        assert board.staff == insights.sales_per_staff(s, rng), rng
        assert board.tenders == insights.tender_mix(s, rng), rng
        assert board.categories == insights.margin_by_category(s, rng), rng
    assert {d.day: (d.sales, d.revenue) for d in board.by_day if d.sales} == direct_by_day(till, rng), rng


action = st.one_of(
    st.tuples(st.just("sell"), st.integers(0, 9 * 60),
              st.lists(st.tuples(st.sampled_from(ITEMS), st.integers(1, 3)), min_size=1, max_size=3),
              st.sampled_from(("cash", "card", "mobile"))),
    st.tuples(st.just("refund"), st.integers(0, 9 * 60), st.integers(0, 50), st.booleans()),
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(action, min_size=1, max_size=10))
def test_running_totals_equal_the_rows_after_any_sales_and_refunds(tmp_path_factory, actions):
    till, clock = open_till(tmp_path_factory.mktemp("till"))
    try:
        receipts: list[tuple[str, list[tuple[str, int]]]] = []
        for kind, minutes, *rest in actions:
            clock.advance(minutes=minutes)
            if kind == "sell":
                items, method = rest
                receipts.append((sell(till, items, method), items))
            elif receipts:
                pick, whole = rest
                receipt, items = receipts.pop(pick % len(receipts))
                code = items[0][0]
                qty = sum(q for c, q in items if c == code) * (250 if code.startswith("W") else 1)
                till.refund(receipt, {code: qty if whole else 1}, restock=True)
        assert differences(till) == []
        last = clock.now().date() + timedelta(days=1)
        for rng in ranges(START.date() - timedelta(days=1), last):
            assert_dashboard_matches_the_rows(till, rng)
    finally:
        till.close()


def test_an_offset_that_is_not_a_whole_quarter_hour_is_refused():
    # The running totals are per UTC quarter hour: a 7-minute clock would split a quarter over two days.
    with pytest.raises(ValueError, match="quarter hours"):
        insights.DateRange(date(2025, 3, 28), date(2025, 3, 30), 7)
    assert insights.DateRange(date(2025, 3, 28), date(2025, 3, 30), -570).days == 3  # the Marquesas: -9:30


def test_a_refund_counts_on_its_own_day_with_its_final_total(tmp_path):
    till, clock = open_till(tmp_path / "till")
    receipt = sell(till, [("P0001", 2), ("P0002", 1)], "cash")
    clock.advance(days=2)
    till.refund(receipt, {"P0001": 2, "P0002": 1}, restock=True)  # the whole sale: its total is set after its lines
    with till.read() as s:
        refunded = s.execute(text("SELECT total FROM refund")).scalar_one()
    assert refunded > 0
    day_of_sale = insights.DateRange(START.date(), START.date(), zone="UTC")
    day_of_refund = insights.DateRange(START.date() + timedelta(days=2), START.date() + timedelta(days=2), zone="UTC")
    assert till.insights(day_of_sale).summary.refunds == 0
    assert (till.insights(day_of_refund).summary.refunds, till.insights(day_of_refund).summary.refunded) == (1, refunded)
    whole = insights.DateRange(START.date() - timedelta(days=60), START.date() + timedelta(days=60), zone="UTC")
    assert till.insights(whole).summary.refunded == refunded
    assert differences(till) == []
    till.close()


def test_generated_years_are_summed_the_same_by_triggers_and_by_a_bulk_rebuild(tmp_path):
    by_trigger = demo_till(tmp_path / "a")
    by_rebuild = demo_till(tmp_path / "b")
    for till, bulk in ((by_trigger, False), (by_rebuild, True)):
        generate_sales(till, start=date(2024, 12, 20), days=45, lines=3_000, seed=4, bulk=bulk)
        assert differences(till) == []
    for rng in ranges(date(2024, 12, 25), date(2025, 1, 31)):
        assert till_figures(by_trigger, rng) == till_figures(by_rebuild, rng)
        assert_dashboard_matches_the_rows(by_rebuild, rng)
    by_trigger.close()
    by_rebuild.close()


def till_figures(till: Till, rng: insights.DateRange):
    board = till.insights(rng)
    return board.summary, board.by_day, board.by_hour, board.products, board.tenders, board.staff


def test_summer_time_moves_the_hours_of_its_season_only(tmp_path):
    # 00:30 UTC is 01:30 in Paris in winter and 02:30 in summer (from 30 March 01:00 UTC)
    till, clock = open_till(tmp_path / "till", datetime(2025, 3, 29, 0, 30, tzinfo=timezone.utc))
    sell(till, [("P0001", 1)], "cash")
    clock.set(datetime(2025, 3, 31, 0, 30, tzinfo=timezone.utc))
    sell(till, [("P0001", 1)], "cash")
    board = till.insights(insights.DateRange(date(2025, 3, 1), date(2025, 4, 30), zone="Europe/Paris"))
    assert [(h.hour, h.sales) for h in board.by_hour if h.sales] == [(1, 1), (2, 1)]
    assert [(d.day.day, d.sales) for d in board.by_day if d.sales] == [(29, 1), (31, 1)]
    assert zone("Europe/Paris")  # the zone database is there
    till.close()


def test_the_migration_backfills_the_totals_from_existing_sales(tmp_path):
    engine = make_engine(tmp_path / "corner.sqlite3")
    migrate(engine, "0003_speed")
    engine.dispose()
    conn = sqlite3.connect(tmp_path / "corner.sqlite3")
    with conn:
        conn.execute("INSERT INTO staff (id, name, role, pin_salt, pin_hash, active, created_at) "
                     "VALUES ('st1', 'Ann', 'owner', 'x', 'x', 1, '2025-01-01T00:00:00.000000+00:00')")
        conn.execute("INSERT INTO product (id, sku, name, name_key, category, unit, vat_rate_bp, price, cost, is_local, "
                     "active, favourite, reorder_point, pack_size, updated_at) VALUES ('p1', 'S1', 'Tea', 'tea', 'Hot', "
                     "'each', 2000, 300, 120, 0, 1, 0, 0, 1, '2025-01-01T00:00:00.000000+00:00')")
        for n, when in enumerate(("2025-01-01T23:50:00.000000+00:00", "2025-01-02T08:05:00.000000+00:00")):
            conn.execute("INSERT INTO sale (id, receipt_no, receipt_token, created_at, staff_id, subtotal, discount, "
                         "rounding, total, tax, loyalty_points, imported) VALUES (?, ?, ?, ?, 'st1', 600, 0, 0, 600, "
                         "100, 0, 1)", (f"s{n}", f"R{n}", f"T{n}", when))
            conn.execute("INSERT INTO sale_line (id, sale_id, line_no, product_id, sku, name, qty, unit, unit_price, "
                         "discount, total, vat_rate_bp, tax, unit_cost) VALUES (?, ?, 1, 'p1', 'S1', 'Tea', 2, 'each', "
                         "300, 0, 600, 2000, 100, 120)", (f"l{n}", f"s{n}"))
            conn.execute("INSERT INTO payment (id, sale_id, method, amount, tendered, change, created_at) "
                         "VALUES (?, ?, 'card', 600, 600, 0, ?)", (f"pay{n}", f"s{n}", when))
    conn.close()
    store = Store(tmp_path)  # upgrades to the head, backfilling
    with store.engine.connect() as c:
        assert aggregates.differences(c) == []
        assert c.exec_driver_sql("SELECT day, qty, revenue, cost FROM agg_product_day ORDER BY day").fetchall() == [
            ("2025-01-01", 2, 600, 240), ("2025-01-02", 2, 600, 240)]
        assert c.exec_driver_sql("SELECT month, qty FROM agg_product_month").fetchall() == [("2025-01", 4)]
        assert c.exec_driver_sql("SELECT bucket, sales FROM agg_sale_quarter ORDER BY bucket").fetchall() == [
            ("2025-01-01T23:45", 1), ("2025-01-02T08:00", 1)]
    store.close()


def test_the_doctor_finds_running_totals_that_disagree_with_the_rows(tmp_path):
    till, _clock = open_till(tmp_path / "till")
    sell(till, [("P0001", 1)], "cash")
    assert not [p for p in till.store.check() if "running totals" in p]
    conn = sqlite3.connect(till.store.path)
    with conn:
        conn.execute("UPDATE agg_product_day SET qty = qty + 5")
    conn.close()
    assert [p for p in till.store.check() if "running totals in agg_product_day" in p]
    till.close()
