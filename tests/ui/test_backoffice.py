"""The back office window over a real till: counts, write-offs, consent, the dashboard, backups."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.core import insights, reports
from app.core.barcodes import with_check_digit
from app.core.money import fmt_plain
from app.core.sales import Tender
from app.ui.backoffice import BackOffice
from app.ui.backoffice import count_page, data_page, stock_page
from app.ui.backoffice.models import CountModel, RawRole, StockModel
from tests.history_gen import demo_till, generate_sales


@pytest.fixture
def till(tmp_path):
    t = demo_till(tmp_path / "till")
    yield t
    t.close()


@pytest.fixture
def office(qtbot, till):
    window = BackOffice(till)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.stock.loaded)
    yield window
    qtbot.waitUntil(lambda: not any(p.jobs.busy for p in (window.stock, window.dashboard, window.data)))


def wait_job(qtbot, jobs, start):
    with qtbot.waitSignal(jobs.finished, timeout=20000) as blocker:
        task = start()
        assert task is not None
    return blocker.args[0]


# -- stock -----------------------------------------------------------------------------------


def test_stock_models_pass_the_model_tester(qtmodeltester, till):
    model = StockModel(till.money)
    model.set_rows(till.stock_table())
    qtmodeltester.check(model)
    count = CountModel()
    count.set_sheet(till.count_sheet("Dairy"))
    count.set_counted(0, 3)
    qtmodeltester.check(count)


def test_stock_search_and_filters_match_the_core(qtbot, office, till):
    page = office.stock
    page.search.setText("milk")
    shown = {page.model.sku_at(r) for r in range(page.model.rowCount())}
    assert shown == {row[0] for row in till.stock_rows("milk")} and shown
    page.search.clear()
    till.adjust_stock("P0003", -till.level("P0003") - 2, "broken shelf")  # the page reloads on the notice
    qtbot.waitUntil(lambda: not page.jobs.busy and page.model.index(
        page.model.row_of("P0003"), StockModel.LEVEL).data(RawRole) == -2)
    for status in ("low", "out", "negative"):
        page.filter.setCurrentIndex(page.filter.findData(status))
        shown = {page.model.sku_at(r) for r in range(page.model.rowCount())}
        assert shown == {row[0] for row in till.stock_rows("", status)}, status
    assert "P0003" in shown


def test_sorting_the_stock_list_by_level(qtbot, office):
    page = office.stock
    page.view.sortByColumn(StockModel.LEVEL, Qt.SortOrder.AscendingOrder)
    levels = [page.model.index(r, StockModel.LEVEL).data(RawRole) for r in range(page.model.rowCount())]
    assert levels == sorted(levels)


def test_a_write_off_moves_stock_and_shows_in_the_ledger(qtbot, office, till, monkeypatch):
    page = office.stock
    before = till.level("P0001")
    assert page.select("P0001")
    monkeypatch.setattr(stock_page.WriteOffDialog, "ask", classmethod(lambda cls, parent, name, unit: (2, "damage", "dropped")))
    with qtbot.waitSignal(page.jobs.finished, timeout=10000):
        page.write_off_button.click()
    assert till.level("P0001") == before - 2
    when, kind, qty, reason, who, origin = till.stock_ledger("P0001")[0]
    assert (kind, qty, reason, who) == ("write_off", -2, "damage: dropped", "Mei Chen")
    qtbot.waitUntil(lambda: page.model.row_of("P0001") is not None and not page.jobs.busy)
    page.select("P0001")
    assert page.ledger.rows[0][2] == -2 and "dropped" in page.ledger.rows[0][3]
    row = page.model.row_of("P0001")
    assert page.model.index(row, StockModel.LEVEL).data(RawRole) == before - 2


def test_a_cashier_write_off_asks_for_an_owner_pin(qtbot, till, monkeypatch):
    till.lock()
    till.login("1111")
    window = BackOffice(till)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.stock.loaded)
    asked = []
    monkeypatch.setattr(stock_page.WriteOffDialog, "ask", classmethod(lambda cls, p, n, u: (1, "theft", "")))
    monkeypatch.setattr("app.ui.approval.ApprovalDialog.ask",
                        classmethod(lambda cls, p, action, error="": asked.append(action) or "1234"))
    window.stock.select("P0002")
    before = till.level("P0002")
    window.stock.write_off()
    assert asked and till.level("P0002") == before - 1
    qtbot.waitUntil(lambda: not window.stock.jobs.busy)


def test_a_local_price_outside_the_platform_bounds_is_refused(qtbot, office, till, monkeypatch):
    page = office.stock
    product = till.product("P0001")
    page.select("P0001")
    monkeypatch.setattr(stock_page.PriceDialog, "ask", classmethod(lambda cls, p, prod, money: product.max_price + 1))
    page.price_button.click()
    assert "maximum" in page.status.text()
    assert till.product("P0001").local_price is None
    monkeypatch.setattr(stock_page.PriceDialog, "ask", classmethod(lambda cls, p, prod, money: product.max_price))
    page.price_button.click()
    assert till.product("P0001").local_price == product.max_price
    qtbot.waitUntil(lambda: not page.jobs.busy)


def test_a_local_product_of_the_shops_own(qtbot, office, till, monkeypatch):
    from app.core.catalog import ProductSpec
    spec = ProductSpec(sku="L900", name="Corner jam", category="Local", vat_rate_bp=700, price=450, cost=200)
    monkeypatch.setattr(stock_page.LocalProductDialog, "ask", classmethod(lambda cls, p, cats: spec))
    office.stock.new_button.click()
    assert till.product("L900").is_local
    qtbot.waitUntil(lambda: office.stock.model.row_of("L900") is not None and not office.stock.jobs.busy)


# -- counting ---------------------------------------------------------------------------------


def test_a_partial_count_posts_only_the_counted_differences(qtbot, office, till, monkeypatch):
    page = office.count
    office.tabs.setCurrentIndex(BackOffice.COUNT)
    page.scope.setCurrentIndex(page.scope.findData("Dairy"))
    page.start_sheet()
    dairy = till.count_sheet("Dairy")
    assert page.model.rowCount() == len(dairy)
    untouched = {sku: level for sku, _n, _c, _u, level in till.count_sheet() if sku not in ("P0001", "P0002")}

    # P0001: scanned three times by barcode; P0002: typed, same as the books; P0101 (not dairy) joins the sheet
    milk_code = with_check_digit("501234500001")  # the demo's barcode of P0001
    assert till.product(milk_code).sku == "P0001"
    for _ in range(3):
        page.scan.setText(milk_code)
        page.scan.returnPressed.emit()
    row2 = page.model.row_of("P0002")
    assert page.model.setData(page.model.index(row2, CountModel.COUNTED), str(till.level("P0002")))
    page.count("P0101", 0)
    assert page.model.counted() == {"P0001": 3, "P0002": till.level("P0002"), "P0101": 0}

    lines = page.review()
    assert {line.sku: line.difference for line in lines}["P0002"] == 0
    confirmed = []
    monkeypatch.setattr(count_page.Confirm, "ask", classmethod(lambda cls, p, t, text, y: confirmed.append(text) or True))
    expected_moves = {"P0001": 3 - till.level("P0001"), "P0101": -till.level("P0101")}
    assert page.post()
    assert confirmed and "2 stock levels change" in confirmed[0]

    assert till.level("P0001") == 3 and till.level("P0101") == 0
    for sku, delta in expected_moves.items():
        when, kind, qty, reason, who, origin = till.stock_ledger(sku)[0]
        assert (kind, qty, who) == ("count", delta, "Mei Chen")
    # a partial count leaves every product it did not count alone
    after = {sku: level for sku, _n, _c, _u, level in till.count_sheet() if sku not in ("P0001", "P0002", "P0101")}
    assert after == {k: v for k, v in untouched.items() if k != "P0101"}
    assert till.stock_ledger("P0002")[0][1] != "count"
    assert "2 adjustments" in page.status.text()


def test_cancelling_the_count_confirmation_posts_nothing(office, till, monkeypatch):
    page = office.count
    page.start_sheet()
    page.count("P0001", 0)
    monkeypatch.setattr(count_page.Confirm, "ask", classmethod(lambda cls, *a: False))
    before = till.level("P0001")
    assert not page.post()
    assert till.level("P0001") == before


# -- customers -----------------------------------------------------------------------------------


def test_editing_a_customers_consent(qtbot, office, till, qtmodeltester):
    page = office.customers
    office.tabs.setCurrentIndex(BackOffice.CUSTOMERS)
    qtmodeltester.check(page.proxy)
    page.search.setText("Carmen")
    assert page.model.rowCount() == 1
    page.view.selectRow(0)
    carmen = till.find_customers("Carmen")[0]
    assert page.customer_id == carmen.id and not page.share.isChecked()
    page.marketing.setChecked(True)
    page.share.setChecked(True)
    assert page.save()
    saved = till.customer(carmen.id)
    assert saved.consent_marketing and saved.consent_share
    # sharing now: the whole record goes to the platform
    kinds = [(kind, payload) for _id, kind, payload in till.iter_outbox() if kind == "customer.upserted"]
    assert kinds[-1][1]["id"] == carmen.id and kinds[-1][1]["fields"]["name"] == "Carmen Ruiz"
    # and withdrawing it again tells the platform to forget her details
    page.share.setChecked(False)
    assert page.save()
    assert not till.customer(carmen.id).consent_share
    last = [payload for _id, kind, payload in till.iter_outbox() if kind == "customer.upserted"][-1]
    assert last["fields"] == {"consent_share": False, "name": "", "phone": "", "email": ""}
    assert page.model.rows[0][4] is False  # the list shows it


def test_a_customers_loyalty_and_purchases(qtbot, office, till):
    ada = till.find_customers("Ada")[0]
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001", 4)
    till.attach_customer(cart, ada.id)
    sale = till.pay(cart, [Tender("cash", cart.totals().total)])
    page = office.customers
    page.reload()
    page.show_customer(ada.id)
    assert str(till.loyalty_points(ada.id)) in page.points.text()
    assert page.purchases.rows[0][1] == sale.receipt_no
    assert page.loyalty.rows[0][1] == sale.loyalty_points


def test_a_bad_email_is_refused_in_the_customers_words(office, till):
    page = office.customers
    page.new_customer()
    page.name.setText("Eve")
    page.email.setText("not-an-email")
    assert not page.save()
    assert "email" in page.status.text()


# -- dashboard -------------------------------------------------------------------------------------


def test_the_dashboard_over_a_generated_year_shows_the_cores_figures(qtbot, till):
    generate_sales(till, start=date(2025, 1, 1), days=365, lines=30_000, seed=5)
    window = BackOffice(till)
    qtbot.addWidget(window)
    page = window.dashboard
    qtbot.waitUntil(lambda: not window.stock.jobs.busy)
    page.set_range(date(2025, 1, 1), date(2025, 12, 31))
    wait_job(qtbot, page.jobs, page.refresh)

    rng = insights.DateRange(date(2025, 1, 1), date(2025, 12, 31), insights.local_offset_minutes())
    core = till.insights(rng)
    board = page.board
    assert board.summary == core.summary and core.summary.sales > 9000
    assert page.kpis["revenue"].value.text() == till.money(core.summary.revenue)
    assert page.kpis["sales"].value.text() == f"{core.summary.sales:,}"
    assert page.kpis["basket"].value.text() == till.money(core.summary.avg_basket)
    assert page.kpis["margin"].value.text() == till.money(core.margin)
    # every report table holds the core's rows
    for key, tab in page.report_tabs.items():
        assert tab.model.rows == reports.build(core, key).rows, key
    top = page.report_tabs["top"].model
    assert top.index(0, 5).data() == till.money(core.products[0].revenue)
    # the charts draw the same numbers
    day_series = page.overview_charts["by_day"].chart().series()[0]
    assert day_series.count() == 365
    assert round(sum(day_series.at(i).y() for i in range(365)) * 100) == core.summary.revenue
    hour_set = page.overview_charts["by_hour"].chart().series()[0].barSets()[0]
    assert round(sum(hour_set.at(i) for i in range(hour_set.count())) * 100) == core.summary.revenue
    pie = page.overview_charts["tenders"].chart().series()[0]
    assert sorted(round(s.value() * 100) for s in pie.slices()) == sorted(t.amount for t in core.tenders)


def test_dashboard_reports_export_as_csv_and_pdf(qtbot, office, till, tmp_path):
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001", 2)
    till.pay(cart, [Tender("cash", cart.totals().total)])
    page = office.dashboard
    office.tabs.setCurrentIndex(BackOffice.DASHBOARD)
    qtbot.waitUntil(lambda: page.board is not None and not page.jobs.busy, timeout=10000)

    page.tabs.setCurrentWidget(page.report_tabs["top"])
    assert wait_job(qtbot, page.jobs, lambda: page.export_csv(tmp_path / "top.csv"))
    rows = list(csv.DictReader(open(tmp_path / "top.csv")))
    assert rows[0]["sku"] == "P0001" and rows[0]["revenue"] == fmt_plain(2 * till.product("P0001").price)
    assert wait_job(qtbot, page.jobs, lambda: page.export_pdf(tmp_path / "top.pdf"))
    assert (tmp_path / "top.pdf").read_bytes().startswith(b"%PDF")

    page.tabs.setCurrentIndex(0)  # the overview exports every report
    folder = tmp_path / "all"
    folder.mkdir()
    assert wait_job(qtbot, page.jobs, lambda: page.export_csv(folder))
    assert len(list(folder.glob("*.csv"))) == len(reports.REPORT_KEYS)
    assert wait_job(qtbot, page.jobs, lambda: page.export_pdf(tmp_path / "all.pdf"))
    assert (tmp_path / "all.pdf").stat().st_size > 5000


def test_a_long_dashboard_job_can_be_cancelled(qtbot, office):
    page = office.dashboard
    qtbot.waitUntil(lambda: not page.jobs.busy, timeout=10000)
    old = page.board
    with qtbot.waitSignal(page.jobs.finished, timeout=10000) as blocker:
        page.refresh()
        page.jobs.cancel()
    # cancelled between steps (or, rarely, it was already done): the window never blocked
    if blocker.args == [False]:
        assert "Cancelled" in page.status.text()
        assert page.board is old


# -- data ---------------------------------------------------------------------------------------------


def test_back_up_now_and_restore_with_a_confirmation_that_says_what_is_replaced(qtbot, office, till, monkeypatch):
    page = office.data
    office.tabs.setCurrentIndex(BackOffice.DATA)
    assert str(till.backup_folder()) in page.where.text()
    wait_job(qtbot, page.jobs, page.back_up)
    assert page.model.rowCount() == 1
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001", 1)
    sale = till.pay(cart, [Tender("cash", cart.totals().total)])

    asked = []
    monkeypatch.setattr(data_page.Confirm, "ask", classmethod(lambda cls, p, title, text, yes: asked.append(text) or True))
    page.view.selectRow(0)
    with qtbot.waitSignal(page.restored, timeout=20000):
        page.restore_selected()
    text = asked[0]
    assert "replaces ALL" in text and "holds 1 sales" in text and "backup holds 0" in text
    assert page.infos[0].label in ("pre-restore", "manual")
    assert till.status()["sales"] == 0
    with pytest.raises(Exception):
        till.sale(sale.receipt_no)
    assert "Restored" in page.status.text()
    qtbot.waitUntil(lambda: not office.stock.jobs.busy)


def test_exports_run_off_the_ui_thread_and_write_the_file(qtbot, office, till, tmp_path):
    page = office.data
    assert wait_job(qtbot, page.jobs, lambda: page.export_csv("stock", tmp_path / "stock.csv"))
    rows = list(csv.reader(open(tmp_path / "stock.csv")))
    assert rows[0][:2] == ["sku", "name"] and len(rows) == till.status()["products"] + 1


def test_importing_local_products_from_csv(qtbot, office, till, tmp_path):
    path = tmp_path / "local.csv"
    path.write_text("sku,name,category,unit,vat_rate_bp,price,min_price,max_price,cost,barcodes,plu\n"
                    "L700,Village bread,Local,each,700,320,,,150,,\n")
    assert wait_job(qtbot, office.data.jobs, lambda: office.data.import_csv("products", path))
    assert till.product("L700").is_local
    qtbot.waitUntil(lambda: not office.stock.jobs.busy)
