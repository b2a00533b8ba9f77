"""Takings and VAT for a period (``till.reports``), against figures worked out by hand; the
shop's time zone for days; a week of trading on a settable clock; the CLI."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from app import cli
from app.core import demo, insights
from app.core.catalog import ProductSpec
from app.core.clock import SettableClock
from app.core.errors import TillError
from app.core.sales import Tender
from app.core.till import Till

PARIS = "Europe/Paris"


@pytest.fixture
def clock():
    return SettableClock("2026-03-02T09:00+01:00")


@pytest.fixture
def shop(tmp_path, clock):
    till = Till(tmp_path / "till", clock=clock)
    demo.seed(till)
    till.set_time_zone(PARIS)
    till.login(demo.OWNER_PIN)
    for sku, rate, price in (("T20", 2000, 103), ("H20", 2000, 63), ("T05", 500, 210), ("Z00", 0, 150)):
        till.upsert_product(ProductSpec(sku=sku, name=sku, vat_rate_bp=rate, price=price, cost=price // 2))
    yield till
    till.close()


def sell(till, items, method="cash", pay=None):
    cart = till.new_cart()
    for code, qty in items:
        till.add_to_cart(cart, code, qty)
    total = cart.totals().total
    return till.pay(cart, [Tender(method, pay or total, None if method == "cash" else "AUTH1")])


def rate(report, bp):
    return next(r for r in report.rates if r.rate_bp == bp)


def test_a_days_takings_and_vat_match_the_hand_worked_figures(shop, clock):
    sell(shop, [("T20", 1), ("T05", 1)], "cash")  # 1.03 (VAT 0.17) + 2.10 (VAT 0.10)
    clock.advance(minutes=5)
    sell(shop, [("H20", 1)], "card")  # 0.63: VAT 0.105 -> 0.11
    clock.advance(minutes=5)
    sell(shop, [("H20", 1)], "cash")  # 0.11
    clock.advance(minutes=5)
    s4 = sell(shop, [("H20", 2)], "card")  # 1.26: VAT 0.21
    clock.advance(minutes=5)
    shop.refund(s4.receipt_no, {"H20": 1}, restock=True)  # 0.63 back, VAT 0.105 -> 0.11

    report = shop.reports.takings("2026-03-02")
    r20, r5 = rate(report, 2000), rate(report, 500)
    assert (r20.gross_sales, r20.refunds, r20.net) == (355, 63, 292)
    assert (r20.sales_vat, r20.refunds_vat, r20.vat_receipts) == (60, 11, 49)
    assert r20.vat_on_total == 49  # 2.92 / 6 = 0.4867
    assert r20.difference == 0
    assert (r5.gross_sales, r5.refunds, r5.net, r5.vat_receipts, r5.vat_on_total) == (210, 0, 210, 10, 10)
    assert (report.gross_sales, report.refunded, report.net) == (565, 63, 502)
    assert (report.sales, report.refunds) == (4, 1)
    assert {t.method: (t.taken, t.given_back) for t in report.tenders} == {"cash": (376, 0), "card": (189, 63)}
    assert sum(t.net for t in report.tenders) == report.net + report.rounding
    assert report.rounding == 0
    assert shop.reports.vat("2026-03-02") == report
    assert shop.reports.takings("2026-03-03").rates == []


def test_vat_on_the_period_total_is_shown_beside_the_receipts_and_the_difference(shop):
    for _ in range(3):
        sell(shop, [("H20", 1)])  # each receipt 0.105 -> 0.11
    r20 = rate(shop.reports.vat("2026-03-02"), 2000)
    assert r20.vat_receipts == 33
    assert r20.vat_on_total == 32  # 1.89 / 6 = 0.315
    assert r20.difference == -1


def test_zero_rated_goods_have_takings_and_no_vat(shop):
    sell(shop, [("Z00", 2)])
    r0 = rate(shop.reports.takings("2026-03-02"), 0)
    assert (r0.gross_sales, r0.vat_receipts, r0.vat_on_total) == (300, 0, 0)


def test_a_day_is_the_shops_midnight_to_midnight(shop, clock):
    clock.set("2026-03-02T23:30+01:00")  # 22:30 UTC: still the 2nd in Paris
    sell(shop, [("T20", 1)])
    clock.set("2026-03-03T00:30+01:00")  # 23:30 UTC on the 2nd: the 3rd in Paris
    sell(shop, [("T05", 1)])
    assert shop.reports.takings("2026-03-02").gross_sales == 103
    assert shop.reports.takings("2026-03-03").gross_sales == 210
    assert shop.reports.takings("2026-03-02", "2026-03-03").gross_sales == 313


def test_months_and_quarters_are_calendar_periods_in_the_shops_zone(shop, clock):
    clock.set("2026-01-01T00:10+01:00")  # 2025-12-31 23:10 UTC
    sell(shop, [("T20", 1)])
    clock.set("2026-03-31T23:50+02:00")  # summer time already
    sell(shop, [("T05", 1)])
    clock.set("2026-04-01T00:10+02:00")
    sell(shop, [("Z00", 1)])
    assert shop.reports.month(2026, 1).bounds() == ("2025-12-31T23:00:00.000000+00:00",
                                                    "2026-01-31T23:00:00.000000+00:00")
    assert shop.reports.takings(shop.reports.month(2026, 1)).gross_sales == 103
    assert shop.reports.takings(shop.reports.quarter(2026, 1)).gross_sales == 313
    assert shop.reports.takings(shop.reports.quarter(2026, 2)).gross_sales == 150
    assert shop.reports.quarter(2026, 1).start == date(2026, 1, 1)
    assert shop.reports.quarter(2026, 1).end == date(2026, 3, 31)


def test_the_z_report_is_the_cash_sessions_takings_and_vat(shop, clock):
    sell(shop, [("T20", 1), ("T05", 1)])
    s2 = sell(shop, [("H20", 2)], "card")
    shop.refund(s2.receipt_no, {"H20": 2}, restock=True)
    z = shop.reports.z()
    assert (z.gross_sales, z.refunded, z.net) == (439, 126, 313)
    assert rate(z, 2000).vat_receipts == 17
    day = shop.reports.takings("2026-03-02")  # one session, one day: the same figures
    assert (z.rates, z.tenders, z.sales, z.refunds) == (day.rates, day.tenders, day.sales, day.refunds)


def test_reports_are_the_owners(shop):
    shop.login(demo.CASHIER_PIN)
    with pytest.raises(Exception, match="owner"):
        shop.reports.takings("2026-03-02")


def test_a_bad_period_is_refused_in_words(shop):
    with pytest.raises(TillError, match="not a date"):
        shop.reports.takings("yesterday")
    with pytest.raises(TillError, match="end after it starts"):
        shop.reports.takings("2026-03-05", "2026-03-01")


def test_a_week_traded_on_the_settable_clock_gives_each_days_takings_and_vat(shop, clock):
    """Seven shop days in a second: day n sells n x T20 and one T05 from 08:00 Paris time, a
    sale every 20 minutes, and refunds one T20 the next morning."""
    start = datetime(2026, 3, 23, 8, 0, tzinfo=timezone(timedelta(hours=1)))  # summer time from the 29th
    receipts = {}
    for n in range(1, 8):
        day = start.date() + timedelta(days=n - 1)
        opening = datetime.combine(day, datetime.min.time()).replace(hour=8)
        clock.set(opening.replace(tzinfo=shop.time_zone()))
        if n > 1:  # this morning, one T20 of yesterday's first receipt comes back
            shop.refund(receipts[n - 1], {"T20": 1}, restock=True)
            clock.advance(minutes=20)
        for i in range(n):
            sale = sell(shop, [("T20", 1)])
            receipts.setdefault(n, sale.receipt_no)
            clock.advance(minutes=20)
        sell(shop, [("T05", 1)], "card")
    for n in range(1, 8):
        day = start.date() + timedelta(days=n - 1)
        report = shop.reports.takings(day)
        r20, r5 = rate(report, 2000), rate(report, 500)
        back = 0 if n == 1 else 1
        assert (report.sales, report.refunds) == (n + 1, back), day
        assert (r20.gross_sales, r20.refunds, r20.net) == (103 * n, 103 * back, 103 * (n - back)), day
        assert r20.vat_receipts == 17 * (n - back), day
        assert r20.vat_on_total == (103 * (n - back) * 2000 * 2 + 12000) // 24000, day  # half up
        assert (r5.gross_sales, r5.vat_receipts) == (210, 10), day
    week = shop.reports.takings(start.date(), start.date() + timedelta(days=6))
    assert week.gross_sales == 103 * 28 + 210 * 7
    assert week.refunded == 103 * 6
    board = shop.insights(insights.DateRange(start.date(), start.date() + timedelta(days=6), zone=PARIS))
    assert [d.sales for d in board.by_day] == [n + 1 for n in range(1, 8)]
    # each day two sales before 09:00 by the shop's clock (at 08:00 and 08:20, or 08:20 and 08:40
    # after the morning's refund), in winter and in summer time alike
    assert board.by_hour[8].sales == 14
    assert sum(h.sales for h in board.by_hour) == 35
    for d in board.by_day:
        assert d.revenue == shop.reports.takings(d.day).gross_sales


def test_the_dashboard_counts_hours_by_the_shops_clock_across_daylight_saving(shop, clock):
    clock.set("2026-03-28T09:30+01:00")  # winter time
    sell(shop, [("T20", 1)])
    clock.set("2026-03-30T09:30+02:00")  # summer time
    sell(shop, [("T20", 1)])
    board = shop.insights(insights.DateRange(date(2026, 3, 28), date(2026, 3, 30), zone=PARIS))
    assert board.by_hour[9].sales == 2
    assert [d.sales for d in board.by_day] == [1, 0, 1]


def test_cart_removals_are_in_the_audit_log_and_on_the_dashboard(shop, clock):
    shop.login(demo.CASHIER_PIN)
    cart = shop.new_cart()
    shop.add_to_cart(cart, "T20", 3)
    shop.add_to_cart(cart, "T05", 1)
    clock.advance(minutes=1)
    shop.set_quantity(cart, 0, 1)  # two T20 taken off
    shop.set_quantity(cart, 0, 2)  # raising a quantity is not a removal
    shop.remove_line(cart, 1)
    shop.pay(cart, [Tender("cash", cart.totals().total)])
    shop.login(demo.OWNER_PIN)
    board = shop.insights(insights.DateRange(date(2026, 3, 2), date(2026, 3, 2), zone=PARIS))
    got = sorted((r.action, r.sku, r.qty, r.value, r.staff) for r in board.removals)
    assert got == [("cart_line_removed", "T05", 1, 210, "Sam Patel"), ("cart_qty_reduced", "T20", 2, 206, "Sam Patel")]
    assert all(r.when.startswith("2026-03-02T08:01") for r in board.removals)
    kinds = [kind for _, kind, _ in shop.iter_outbox()]
    assert kinds.count("audit.entry") >= 2  # they reach the platform like every audit entry


def test_the_cli_prints_the_vat_report_as_json(shop, clock, capsys):
    for _ in range(3):
        sell(shop, [("H20", 1)])
    data_dir = str(shop.data_dir)
    shop.close()
    code = cli.main(["--data-dir", data_dir, "--json", "report", "vat", "--from", "2026-03-02", "--to",
                     "2026-03-02", "--pin", demo.OWNER_PIN])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    row = next(r for r in data["rates"] if r["rate_bp"] == 2000)
    assert (row["net"], row["vat_on_total"], row["vat_receipts"], row["difference"]) == (189, 32, 33, -1)
    code = cli.main(["--data-dir", data_dir, "report", "takings", "--month", "2026-03", "--pin", demo.OWNER_PIN])
    assert code == 0
    assert "1.89" in capsys.readouterr().out
    for bad in (["--from", "soon"], ["--month", "2026-13"], ["--quarter", "Q5"], ["--to", "2026-03-01"]):
        assert cli.main(["--data-dir", data_dir, "report", "vat", *bad, "--pin", demo.OWNER_PIN]) == 2
        assert capsys.readouterr().err.startswith("error:")


def test_the_cli_exports_refunds_one_row_per_line_with_its_rate(shop, tmp_path, capsys):
    sale = sell(shop, [("T20", 2), ("T05", 1)])
    shop.refund(sale.receipt_no, {"T20": 1, "T05": 1}, restock=True)
    data_dir = str(shop.data_dir)
    shop.close()
    dest = tmp_path / "refunds.csv"
    assert cli.main(["--data-dir", data_dir, "export", "refunds", str(dest)]) == 0
    rows = dest.read_text().splitlines()
    assert rows[0].split(",")[-2:] == ["vat_rate_bp", "tax"]
    assert sorted(r.split(",")[3] + ":" + r.split(",")[-2] for r in rows[1:]) == ["T05:500", "T20:2000"]


def test_the_time_zone_setting_defaults_to_the_machines_and_refuses_nonsense(tmp_path):
    till = Till(tmp_path / "t")
    try:
        assert till.time_zone_name()  # the machine's zone, or UTC
        with pytest.raises(TillError, match="time zone"):
            till.set_time_zone("Mars/Olympus")
        till.set_time_zone("Asia/Shanghai")
        assert till.time_zone_name() == "Asia/Shanghai"
    finally:
        till.close()


def test_the_return_window_is_judged_by_the_tills_clock(shop, clock):
    sale = sell(shop, [("T20", 1)])
    clock.advance(days=29, hours=23)
    shop.refund(sale.receipt_no, {"T20": 1}, restock=True)  # still inside 30 days
    again = sell(shop, [("T20", 1)])
    clock.advance(days=30, minutes=1)
    with pytest.raises(TillError, match="return window"):
        shop.refund(again.receipt_no, {"T20": 1}, restock=True)
    assert shop.sale(again.receipt_no).created_at.startswith("2026-04-01T07:00")  # 08:00 UTC + 29d23h
