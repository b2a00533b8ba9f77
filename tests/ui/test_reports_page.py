"""The back office's Reports page: takings and VAT for a period of shop days, as till.reports
computes them, exported as CSV and PDF; and what the counter removed, on the dashboard."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from app.core import demo
from app.core.catalog import ProductSpec
from app.core.clock import SettableClock
from app.core.sales import Tender
from app.core.till import Till
from app.ui.backoffice import BackOffice, reports_page
from app.ui.backoffice.reports_page import preset_days


@pytest.fixture
def till(tmp_path):
    t = Till(tmp_path / "till", clock=SettableClock("2026-03-02T10:00+01:00"))
    demo.seed(t)
    t.set_time_zone("Europe/Paris")
    t.login(demo.OWNER_PIN)
    t.upsert_product(ProductSpec(sku="H20", name="Half", vat_rate_bp=2000, price=63))
    yield t
    t.close()


@pytest.fixture
def office(qtbot, till):
    window = BackOffice(till)
    qtbot.addWidget(window)
    window.show()
    yield window
    qtbot.waitUntil(lambda: not any(p.jobs.busy for p in (window.dashboard, window.reports)))


def test_presets_are_days_months_and_quarters():
    d = date(2026, 2, 10)
    assert preset_days("today", d) == (d, d)
    assert preset_days("last_month", d) == (date(2026, 1, 1), date(2026, 1, 31))
    assert preset_days("this_quarter", d) == (date(2026, 1, 1), date(2026, 3, 31))
    assert preset_days("last_quarter", d) == (date(2025, 10, 1), date(2025, 12, 31))
    assert preset_days("this_quarter", date(2026, 11, 30)) == (date(2026, 10, 1), date(2026, 12, 31))


def test_the_reports_page_shows_the_periods_takings_and_vat_and_exports_them(qtbot, office, till, tmp_path,
                                                                            monkeypatch):
    for _ in range(3):
        cart = till.new_cart()
        till.add_to_cart(cart, "H20", 1)
        till.pay(cart, [Tender("cash", 63)])
    page = office.reports
    office.tabs.setCurrentIndex(BackOffice.REPORTS)
    page.preset.setCurrentIndex(page.preset.findData("today"))
    page.refresh()
    qtbot.waitUntil(lambda: not page.jobs.busy and page.shown_days == (date(2026, 3, 2), date(2026, 3, 2)))
    shown = page.figures()
    # net takings, VAT on the total, VAT on sales receipts, on refunds, receipts' VAT, difference
    assert shown["vat"]["20.00%"] == (189, 32, 33, 0, 33, -1)
    assert shown["takings"]["20.00%"] == (189, 0, 189, 156, 33)
    assert shown["tenders"]["cash"] == (189, 0, 189)
    assert "3 sales" in page.heading.text()

    written = None
    with qtbot.waitSignal(page.jobs.finished, timeout=10000):
        page.export_csv(tmp_path)
    written = page.last_export
    assert sorted(p.name for p in written) == ["takings_2026-03-02_2026-03-02.csv", "tenders_2026-03-02_2026-03-02.csv",
                                               "vat_2026-03-02_2026-03-02.csv"]
    with open(tmp_path / "vat_2026-03-02_2026-03-02.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["rate", "net_takings", "vat_on_total", "sales_vat", "refunds_vat", "vat_receipts", "difference"]
    assert rows[1] == ["20.00%", "1.89", "0.32", "0.33", "0.00", "0.33", "-0.01"]

    monkeypatch.setattr(reports_page.Files, "save", classmethod(lambda cls, *a: tmp_path / "takings.pdf"))
    with qtbot.waitSignal(page.jobs.finished, timeout=10000) as done:
        page.export_pdf()
    assert done.args == [True]
    assert (tmp_path / "takings.pdf").read_bytes()[:4] == b"%PDF"


def test_the_dashboard_shows_what_the_counter_removed(qtbot, office, till):
    till.login(demo.CASHIER_PIN)
    cart = till.new_cart()
    till.add_to_cart(cart, "H20", 4)
    till.set_quantity(cart, 0, 1)
    till.add_to_cart(cart, "P0001", 1)
    till.remove_line(cart, 1)
    till.login(demo.OWNER_PIN)
    page = office.dashboard
    page.set_range(date(2026, 3, 2), date(2026, 3, 2))
    office.tabs.setCurrentIndex(BackOffice.DASHBOARD)
    page.refresh()
    qtbot.waitUntil(lambda: not page.jobs.busy and page.board is not None and bool(page.board.removals))
    model = page.report_tabs["removals"].model
    assert model.rowCount() == 2
    texts = {model.text(r, 3): (model.text(r, 1), model.text(r, 2), model.text(r, 0)) for r in range(2)}
    assert texts["H20"][:2] == ("Sam Patel", "quantity reduced")
    assert texts["P0001"][1] == "line removed"
    assert texts["H20"][2] == "2026-03-02 10:00"  # the shop's clock
