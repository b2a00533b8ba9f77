"""Render the back office's screens offscreen to PNG in ./screenshots/ (gitignored).

  .venv/bin/python scripts/screenshots_backoffice.py [--out screenshots] [--lang zh_CN] [--size 1024x768]
                                                     [--theme dark]

A demo shop with three months of generated sales, a partial count in progress, a customer
with purchases and loyalty points, a network benchmark from the platform, an order placed
and one suggested, a delivery half counted, a received one, and feedback read and unread.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--lang", default="en", help="the window's language: en (default) or zh_CN")
    parser.add_argument("--size", default="1366x768", help="the screen, WIDTHxHEIGHT (default 1366x768)")
    parser.add_argument("--theme", default="light", help="light (default) or dark")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    from app.ui import i18n, theme
    from app.ui.backoffice import BackOffice
    from app.core.sales import Tender
    from app.core.store import now
    from app.core.store.models import Insight
    from tests.history_gen import demo_till, generate_sales

    qapp = QApplication.instance() or QApplication([])
    i18n.install(qapp, args.lang)
    theme.apply(qapp, args.theme)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="corner-shots-") as tmp:
        till = demo_till(Path(tmp) / "till")
        today = date.today()
        generate_sales(till, start=today - timedelta(days=89), days=90, lines=12_000, seed=4)
        ada = till.find_customers("Ada")[0]
        for sku, qty in (("P0001", 2), ("P0090", 1), ("P0101", 3)):
            cart = till.new_cart()
            till.add_to_cart(cart, sku, qty)
            till.attach_customer(cart, ada.id)
            till.pay(cart, [Tender("card", cart.totals().total, "AUTH42")])
        till.write_off("P0016", 2, "damage", "dropped crate")
        till.adjust_stock("P0005", -till.level("P0005") - 3, "till count")
        with till.write() as s:
            s.add(Insight(key="avg_basket", received_at=now(), payload=json.dumps(
                {"title": "Average basket, similar shops", "value": 1580, "unit": "money", "metric": "avg_basket",
                 "period": "last 30 days"})))
            s.add(Insight(key="margin", received_at=now(), payload=json.dumps(
                {"title": "Margin, network median", "value": 3120, "unit": "percent_bp", "metric": "margin_bp",
                 "period": "last 30 days"})))
        till.backup()
        loop = s2b2c(till)

        window = BackOffice(till)
        window.resize(width, height - 24)  # the till window's page: the screen less its status bar
        window.show()

        def settle(cond=lambda: True, rounds: int = 400) -> None:
            for _ in range(rounds):
                qapp.processEvents()
                if cond() and not any(p.jobs.busy for p in (window.stock, window.dashboard, window.data,
                                                        window.orders, window.settlement)):
                    break
                import time
                time.sleep(0.01)
            for _ in range(5):
                qapp.processEvents()

        def shot(name: str) -> None:
            settle()
            path = out / f"backoffice-{name}-{args.size}{'-' + args.theme if args.theme != 'light' else ''}.png"
            window.grab().save(str(path))
            print(path)

        settle(lambda: window.stock.loaded)
        window.stock.select("P0016")
        shot("stock")
        window.stock.filter.setCurrentIndex(window.stock.filter.findData("low"))
        shot("stock-low")

        window.tabs.setCurrentIndex(BackOffice.COUNT)
        window.count.scope.setCurrentIndex(window.count.scope.findData("Dairy"))
        window.count.start_sheet()
        for sku, qty in (("P0001", 11), ("P0002", till.level("P0002")), ("P0004", 4)):
            window.count.count(sku, qty)
        window.count.review()
        shot("count")

        window.tabs.setCurrentIndex(BackOffice.CUSTOMERS)
        settle()
        window.customers.select(ada.id)
        shot("customers")

        window.tabs.setCurrentIndex(BackOffice.DASHBOARD)
        settle(lambda: window.dashboard.board is not None)
        window.dashboard.preset.setCurrentIndex(window.dashboard.preset.findData("365"))
        window.dashboard.refresh()
        settle(lambda: window.dashboard.board is not None)
        shot("dashboard")
        for key in ("top", "categories", "benchmarks"):
            window.dashboard.tabs.setCurrentWidget(window.dashboard.report_tabs[key])
            shot(f"dashboard-{key}")

        window.tabs.setCurrentIndex(BackOffice.DATA)
        shot("data")

        window.tabs.setCurrentIndex(BackOffice.ORDERS)
        settle(lambda: bool(window.orders.model.lines))
        window.orders.add_product("P0090")
        first = window.orders.model.index(0, window.orders.model.QTY)
        window.orders.model.setData(first, str(window.orders.model.lines[0].qty + 1))  # off the pack: amber
        window.orders.note.setText("Before Saturday, please")
        window.orders.view.clearSelection()
        window.orders.view.scrollToTop()
        shot("orders")

        window.tabs.setCurrentIndex(BackOffice.DELIVERIES)
        settle(lambda: window.deliveries.current is not None)
        window.deliveries.open(loop["waiting"])
        sheet = window.deliveries.model
        sheet.set_counts(sheet.row_of("P0001"), received=10, damaged=1)
        sheet.set_counts(sheet.row_of("P0049"), damaged=1)
        shot("deliveries")

        window.tabs.setCurrentIndex(BackOffice.SETTLEMENT)
        window.settlement.preset.setCurrentIndex(window.settlement.preset.findData("this_month"))
        settle(lambda: window.settlement.shown_days == window.settlement.days())
        shot("settlement")

        window.tabs.setCurrentIndex(BackOffice.FEEDBACK)
        settle()
        window.feedback.view.selectRow(0)
        shot("feedback")
        window.close()
        till.close()
    return 0


def s2b2c(till) -> dict:
    """The platform's side of the loop as a sync would bring it: a shipped order received, one
    order placed and one delivery waiting, feedback from receipt pages and the counter."""
    from app.core import demo
    from app.core.syncport import TillSyncPort
    from sync.protocol import Change, PullResponse

    def pull(*changes) -> None:
        TillSyncPort(till).apply_page(PullResponse(
            changes=[Change(seq=n + 1, kind=k, payload=p) for n, (k, p) in enumerate(changes)], cursor=len(changes),
            more=False))

    def shipment(order_id, lines) -> tuple[str, dict]:
        return "delivery.shipped", {"id": str(uuid.uuid4()), "order_id": order_id, "lines": [
            {"product_id": till.product(sku).id, "sku": sku, "qty": qty, "unit_cost": cost} for sku, qty, cost in lines]}

    old = till.place_order({"P0001": 24, "P0049": 6, "P0101": 12}, "weekly", approver_pin=demo.OWNER_PIN)
    kind, done = shipment(old.id, [("P0001", 24, 79), ("P0049", 6, 420), ("P0101", 12, 95)])
    pull((kind, done), ("order.updated", {"id": old.id, "status": "shipped"}))
    till.receive_delivery(done["id"], {"P0001": (22, 0)})
    new = till.place_order({"P0001": 12, "P0049": 6, "P0016": 10}, "", approver_pin=demo.OWNER_PIN)
    kind, waiting = shipment(new.id, [("P0001", 12, 79), ("P0049", 6, 420), ("P0016", 10, 130)])
    pull((kind, waiting), ("order.updated", {"id": new.id, "status": "shipped"}))
    recent = till.recent_sales(3)
    pull(*[("feedback.created", {"id": str(uuid.uuid4()), "sale_id": sale.id, "receipt_token": sale.receipt_token,
                                 "rating": rating, "comment": comment, "source": "receipt_page"})
           for sale, (rating, comment) in zip(recent, [
               (2, "Waited ten minutes at the till, only one person serving."),
               (5, "Lovely fresh bread, and the new oat milk is great!"),
               (4, "")])])
    till.record_feedback(5, "Said the delivery of her order was quicker than the supermarket's.")
    till.mark_feedback_read([till.feedback_rows()[-1][0]])
    return {"waiting": waiting["id"]}


if __name__ == "__main__":
    raise SystemExit(main())
