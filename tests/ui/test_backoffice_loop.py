"""The back office's s2b2c pages over a real till: ordering, receiving, settlement, feedback."""

from __future__ import annotations

import csv
import threading
import uuid
from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.core import demo
from app.core.barcodes import with_check_digit
from app.core.sales import Tender
from app.core.syncport import TillSyncPort
from app.ui.backoffice import BackOffice, deliveries_page, feedback_page, settlement_page
from app.ui.backoffice.deliveries_page import ReceiveModel
from app.ui.backoffice.feedback_page import FeedbackFilter, FeedbackModel
from app.ui.backoffice.orders_page import OrderModel, sorting_proxy
from app.ui.backoffice.settlement_page import StatementModel, period
from sync.protocol import Change, PullResponse
from tests.history_gen import demo_till


@pytest.fixture
def till(tmp_path):
    t = demo_till(tmp_path / "till", login_pin=demo.CASHIER_PIN)
    yield t
    t.close()


@pytest.fixture
def office(qtbot, till):
    window = BackOffice(till)
    qtbot.addWidget(window)
    window.show()
    yield window
    qtbot.waitUntil(lambda: not any(p.jobs.busy for p in (window.stock, window.dashboard, window.data,
                                                          window.orders, window.settlement)))


def pull(till, *changes) -> None:
    """What a sync's pull does: apply a page of the platform's changes."""
    TillSyncPort(till).apply_page(PullResponse(
        changes=[Change(seq=n + 1, kind=kind, payload=payload) for n, (kind, payload) in enumerate(changes)],
        cursor=len(changes), more=False))


def ship(till, lines, order_id=None) -> str:
    delivery_id = str(uuid.uuid4())
    pull(till, ("delivery.shipped", {"id": delivery_id, "order_id": order_id, "lines": [
        {"product_id": till.product(sku).id, "sku": sku, "qty": qty, "unit_cost": cost} for sku, qty, cost in lines]}))
    return delivery_id


def sell(till, *lines) -> None:
    cart = till.new_cart()
    for sku, qty in lines:
        till.add_to_cart(cart, sku, qty)
    till.pay(cart, [Tender("cash", cart.totals().total + 10_000)])


def barcode(sku: str) -> str:
    """The demo's barcode of a platform product: 5012345 then the SKU's number."""
    return with_check_digit(f"50123450{int(sku[1:]):04d}")


def outbox(till, kind: str) -> list[dict]:
    return [payload for _, k, payload in till.iter_outbox() if k == kind]


# -- models ----------------------------------------------------------------------------------


def test_loop_models_pass_the_model_tester(qtmodeltester, till):
    sell(till, ("P0001", 30))
    orders = OrderModel()
    orders.set_suggestions(till.suggest_order())
    assert orders.rowCount()
    orders.set_qty(0, orders.lines[0].qty + 1)
    qtmodeltester.check(orders)
    qtmodeltester.check(sorting_proxy(orders, None))

    ship(till, [("P0001", 12, 79), ("P0049", 6, 420)])
    receive = ReceiveModel()
    receive.set_lines(till.delivery_rows("shipped")[0][5])
    receive.set_counts(0, received=10, damaged=1)
    qtmodeltester.check(receive)

    till.record_feedback(4, "friendly")
    pull(till, ("feedback.created", {"id": str(uuid.uuid4()), "rating": 2, "comment": "cold coffee"}))
    feedback = FeedbackModel()
    feedback.set_rows(till.feedback_rows())
    qtmodeltester.check(feedback)
    only_unread = FeedbackFilter()
    only_unread.setSourceModel(feedback)
    only_unread.set_unread_only(True)
    assert only_unread.rowCount() == 1
    qtmodeltester.check(only_unread)

    statement = StatementModel([], till.money)
    qtmodeltester.check(statement)


def test_order_quantities_off_the_pack_are_flagged_and_rounded_up(qtbot):
    model = OrderModel()
    model.set_suggestions([])
    from app.ui.backoffice.orders_page import OrderLine
    model.add_line(OrderLine("P1", "Eggs", 0, 0, 1.0, 12, 6, 12))
    index = model.index(0, OrderModel.QTY)
    assert model.setData(index, "7") and model.lines[0].off_pack
    assert "6 or 12" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert not model.setData(index, "-1") and not model.setData(index, "a dozen")
    assert model.round_to_packs() == 1 and model.lines[0].qty == 12


# -- orders ----------------------------------------------------------------------------------


def test_a_cashier_places_the_edited_suggested_order_with_an_owners_approval(qtbot, office, till, approvals):
    sell(till, ("P0001", 40), ("P0049", 10))
    page = office.orders
    office.tabs.setCurrentIndex(BackOffice.ORDERS)
    qtbot.waitUntil(lambda: not page.jobs.busy and page.model.row_of("P0001") is not None)
    suggested = page.model.quantities()
    assert suggested == {s.sku: s.suggested for s in till.suggest_order()}
    other = next(sku for sku in suggested if sku != "P0001")

    # edit the milk through the view's proxy, drop another line, add a product by its barcode
    row = page.proxy.mapFromSource(page.model.index(page.model.row_of("P0001"), OrderModel.QTY)).row()
    assert page.proxy.setData(page.proxy.index(row, OrderModel.QTY), "30")
    page.view.selectRow(page.proxy.mapFromSource(page.model.index(page.model.row_of(other), 0)).row())
    page.remove_selected()
    qtbot.keyClicks(page.add, barcode("P0090"))
    qtbot.keyClick(page.add, Qt.Key.Key_Return)
    added = page.model.lines[page.model.row_of("P0090")]
    assert added.qty == added.pack_size
    page.note.setText("before the market day")

    expected = dict(suggested, P0001=30, P0090=added.pack_size)
    del expected[other]
    qtbot.mouseClick(page.place_button, Qt.MouseButton.LeftButton)
    assert approvals and "order" in approvals[0]
    (sent,) = outbox(till, "order.placed")
    assert {line["sku"]: line["qty"] for line in sent["lines"]} == expected
    assert sent["note"] == "before the market day"
    assert "next sync" in page.status.text()
    qtbot.waitUntil(lambda: page.history_model.rowCount() == 1)
    assert page.history_model.rows[0][1] == sent["id"][-6:].upper()
    assert page.history_model.rows[0][3:5] == (len(expected), sum(expected.values()))


def test_no_order_is_placed_when_no_owner_approves(qtbot, office, till, approvals):
    page = office.orders
    office.tabs.setCurrentIndex(BackOffice.ORDERS)
    qtbot.waitUntil(lambda: not page.jobs.busy)
    page.model.set_suggestions([])
    page.add_product("P0001", 6)
    approvals.pin[0] = None
    assert page.place() is None
    assert outbox(till, "order.placed") == [] and page.model.quantities() == {"P0001": 6}


# -- deliveries ------------------------------------------------------------------------------


def test_receiving_a_delivery_with_a_shortage_and_a_damaged_item(qtbot, office, till, monkeypatch):
    milk, oil = till.level("P0001"), till.level("P0049")
    delivery = ship(till, [("P0001", 12, 79), ("P0049", 6, 420)])
    page = office.deliveries
    office.tabs.setCurrentIndex(BackOffice.DELIVERIES)
    qtbot.waitUntil(lambda: page.current is not None)
    assert page.current[0] == delivery and page.waiting_model.rowCount() == 1

    # milk: 10 counted by hand, then one more scanned = 11 of 12; oil: all 6 came, 1 broken
    milk_row = page.proxy.mapFromSource(page.model.index(page.model.row_of("P0001"), 0)).row()
    oil_row = page.proxy.mapFromSource(page.model.index(page.model.row_of("P0049"), 0)).row()
    assert page.proxy.setData(page.proxy.index(milk_row, ReceiveModel.RECEIVED), "10")
    assert page.proxy.setData(page.proxy.index(oil_row, ReceiveModel.DAMAGED), "1")
    assert not page.proxy.setData(page.proxy.index(oil_row, ReceiveModel.DAMAGED), "7")  # more than received
    qtbot.keyClicks(page.scan, barcode("P0001"))
    qtbot.keyClick(page.scan, Qt.Key.Key_Return)
    assert page.model.counts() == {"P0001": (11, 0), "P0049": (6, 1)}
    assert "1 short" in page.differences.text() and "1 damaged" in page.differences.text()

    asked = []
    monkeypatch.setattr(deliveries_page.Confirm, "ask",
                        classmethod(lambda cls, parent, title, text, yes: asked.append(text) or True))
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert "1 short" in asked[0] and "1 damaged" in asked[0]  # shown before anything changes
    assert till.level("P0001") == milk + 11 and till.level("P0049") == oil + 5
    (sent,) = outbox(till, "delivery.received")
    assert {l["sku"]: (l["shipped"], l["received"], l["damaged"]) for l in sent["lines"]} == {
        "P0001": (12, 11, 0), "P0049": (6, 6, 1)}
    qtbot.waitUntil(lambda: page.history_model.rowCount() == 1)
    assert page.waiting_model.rowCount() == 0 and page.current is None
    assert page.history_model.rows[0][5] == 16  # units put on the shelf


def test_a_scan_of_a_product_not_on_the_delivery_changes_nothing(qtbot, office, till):
    ship(till, [("P0001", 12, 79)])
    page = office.deliveries
    office.tabs.setCurrentIndex(BackOffice.DELIVERIES)
    qtbot.waitUntil(lambda: page.current is not None)
    assert page.receive_one("P0049") is None
    assert "not on this delivery" in page.status.text()
    assert page.model.counts() == {"P0001": (12, 0)}


# -- settlement ------------------------------------------------------------------------------


def test_periods_are_whole_weeks_and_months():
    wed = date(2026, 3, 4)
    assert period("this_week", wed) == (date(2026, 3, 2), date(2026, 3, 8))
    assert period("last_week", wed) == (date(2026, 2, 23), date(2026, 3, 1))
    assert period("this_month", wed) == (date(2026, 3, 1), date(2026, 3, 31))
    assert period("last_month", wed) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period("last_month", date(2026, 1, 15)) == (date(2025, 12, 1), date(2025, 12, 31))


def test_settlement_page_shows_the_tills_statement_and_exports_it(qtbot, office, till, tmp_path, monkeypatch):
    till.set_policy("commission_bp", "500")
    delivery = ship(till, [("P0001", 10, 79)])
    till.receive_delivery(delivery)
    sell(till, ("P0001", 2), ("L001", 1))
    page = office.settlement
    office.tabs.setCurrentIndex(BackOffice.SETTLEMENT)
    page.preset.setCurrentIndex(page.preset.findData("this_month"))
    qtbot.waitUntil(lambda: not page.jobs.busy and page.shown_days == page.days())

    start, end = page.bounds()
    expected = till.settlement(start, end)
    shown = page.figures()
    assert shown == {k: v for k, v in expected.as_dict().items() if k in shown}
    assert set(shown) >= {"goods_received", "platform_sales", "local_sales", "margin", "commission", "amount_due"}
    assert shown["goods_received"] == 790 and shown["amount_due"] == 790 + 12
    assert "5 %" in page.model.rows[7][0]
    assert till.money(expected.amount_due) in page.heading.text()

    path = page.export_csv(tmp_path / "statement.csv")
    with open(path, newline="", encoding="utf-8") as f:
        assert list(csv.reader(f)) == expected.csv_rows()

    monkeypatch.setattr(settlement_page.Files, "save", classmethod(lambda cls, *a: tmp_path / "statement.pdf"))
    with qtbot.waitSignal(page.jobs.finished, timeout=10000) as done:
        page.export_pdf()
    assert done.args == [True]
    assert (tmp_path / "statement.pdf").read_bytes()[:4] == b"%PDF"


def test_a_custom_period_that_ends_before_it_starts_is_refused(qtbot, office):
    page = office.settlement
    page.preset.setCurrentIndex(page.preset.findData("custom"))
    page.start.setDate(page.end.date().addDays(3))
    assert page.refresh() is None
    assert "must end after it starts" in page.status.text()


# -- feedback --------------------------------------------------------------------------------


def test_feedback_inbox_shows_pulled_and_counter_feedback_and_marks_read(qtbot, office, till, monkeypatch):
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001")
    sale = till.pay(cart, [Tender("cash", 500)])
    page = office.feedback
    office.tabs.setCurrentIndex(BackOffice.FEEDBACK)
    assert page.model.rowCount() == 0

    # the receipt page's feedback arrives with a sync running on a worker thread
    worker = threading.Thread(target=pull, args=(till, ("feedback.created", {
        "id": str(uuid.uuid4()), "sale_id": sale.id, "receipt_token": sale.receipt_token, "rating": 2,
        "comment": "queue too long", "source": "receipt_page"})))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert office.tabs.tabText(BackOffice.FEEDBACK) == "&Feedback (1)"

    monkeypatch.setattr(feedback_page.CounterFeedbackDialog, "ask",
                        classmethod(lambda cls, parent: (5, "lovely shop", sale.receipt_no)))
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 2
    text = {page.model.index(r, FeedbackModel.COMMENT).data(): r for r in range(2)}
    pulled, counter = text["queue too long"], text["lovely shop"]
    assert page.model.index(pulled, FeedbackModel.RATING).data() == "★★☆☆☆"
    assert page.model.index(pulled, FeedbackModel.RECEIPT).data() == sale.receipt_no
    assert page.model.index(pulled, FeedbackModel.SOURCE).data() == "receipt page"
    assert page.model.index(counter, FeedbackModel.SOURCE).data() == "at the counter"
    assert page.model.index(pulled, 0).data(Qt.ItemDataRole.BackgroundRole) is not None  # unread: highlighted
    assert page.model.index(counter, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert [p["comment"] for p in outbox(till, "feedback.created")] == ["lovely shop"]

    page.unread_only.setChecked(True)
    assert page.proxy.rowCount() == 1
    page.view.selectRow(0)
    assert page.mark_selected_read() == 1
    assert all(row[6] for row in till.feedback_rows())
    qtbot.waitUntil(lambda: office.tabs.tabText(BackOffice.FEEDBACK) == "&Feedback")
    assert page.proxy.rowCount() == 0


def test_counter_feedback_for_an_unknown_receipt_is_refused(qtbot, office, till, monkeypatch):
    page = office.feedback
    office.tabs.setCurrentIndex(BackOffice.FEEDBACK)
    monkeypatch.setattr(feedback_page.CounterFeedbackDialog, "ask",
                        classmethod(lambda cls, parent: (3, "", "NO-SUCH-1")))
    assert page.record() is False
    assert "No receipt NO-SUCH-1" in page.status.text()
    assert till.feedback_rows() == []
