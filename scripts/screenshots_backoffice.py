"""Render the back office's screens offscreen to PNG in ./screenshots/ (gitignored).

  .venv/bin/python scripts/screenshots_backoffice.py

A demo shop with three months of generated sales, a partial count in progress, a customer
with purchases and loyalty points, and a network benchmark from the platform.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> int:
    from app.ui.backoffice import BackOffice
    from app.core.sales import Tender
    from app.core.store import now
    from app.core.store.models import Insight
    from tests.history_gen import demo_till, generate_sales

    qapp = QApplication.instance() or QApplication([])
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
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

        window = BackOffice(till)
        window.resize(1280, 800)
        window.show()

        def settle(cond=lambda: True, rounds: int = 400) -> None:
            for _ in range(rounds):
                qapp.processEvents()
                if cond() and not any(p.jobs.busy for p in (window.stock, window.dashboard, window.data)):
                    break
                import time
                time.sleep(0.01)
            for _ in range(5):
                qapp.processEvents()

        def shot(name: str) -> None:
            settle()
            path = out / f"backoffice-{name}.png"
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
        window.close()
        till.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
