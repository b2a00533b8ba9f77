"""The favourite and category tiles refresh off the UI thread when the catalog changes."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QLabel

from app.core.catalog import ProductSpec


def test_a_catalog_notice_reads_the_tiles_off_the_ui_thread_and_coalesces(qtbot, window, till, monkeypatch):
    reads: list[tuple[str, bool]] = []
    for name in ("favourites", "categories", "products_in"):
        real = getattr(till, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            reads.append((_name, threading.current_thread() is threading.main_thread()))
            return _real(*args, **kwargs)

        monkeypatch.setattr(till, name, spy)

    till.upsert_product(ProductSpec(sku="NEWCAT1", name="Kumquat", vat_rate_bp=700, price=120, category="Aaa new"))
    for _ in range(5):  # a catalog pull notifies once per page
        till.notify("catalog")
    assert not [r for r in reads if r[1]], "a catalog notice read the tiles on the UI thread"
    grid = window.sell.grid
    qtbot.waitUntil(lambda: any(b.text() == "Aaa new" for b in grid.group.buttons()), timeout=5000)
    qtbot.waitUntil(lambda: not grid._loading, timeout=5000)
    assert reads and all(not on_ui for _, on_ui in reads)
    assert len([r for r in reads if r[0] == "categories"]) <= 2  # six notices, at most two reads
    assert grid.buttons() and grid.group.buttons()[0].isChecked()  # favourites shown again


def test_a_new_shops_favourites_say_so_and_then_fill_with_what_it_sells(qtbot, tmp_path):
    """A real shop marks no favourites: its first tab was blank for good. It now says what will
    come, and fills with the shop's best sellers of the last four weeks as it sells."""
    from app.core.sales import Tender
    from app.core.till import Till
    from app.ui.sell.grid import ProductGrid

    till = Till(tmp_path / "new-shop")
    till.staff.create_first_owner("Ann Baker", "2468")
    till.login("2468")
    for sku, name in (("MILK1", "Whole milk 1 L"), ("BREAD", "Sourdough loaf"), ("EGGS6", "Eggs x6")):
        till.upsert_product(ProductSpec(sku=sku, name=name, vat_rate_bp=700, price=119, category="Daily"))
    grid = ProductGrid(till)
    qtbot.addWidget(grid)
    assert grid.buttons() == [] and "best sellers appear here" in grid.products.findChildren(QLabel)[0].text()

    till.open_session(10000)
    for skus in (["BREAD", "MILK1"], ["BREAD"], ["BREAD", "EGGS6"], ["MILK1"]):
        cart = till.new_cart()
        for sku in skus:
            till.add_to_cart(cart, sku, 1)
        till.pay(cart, [Tender("cash", 100000)])
    grid.show_category(None)
    assert [b.property("sku") for b in grid.buttons()] == ["BREAD", "MILK1", "EGGS6"]  # most bought first
    grid.show_category("Daily")
    assert len(grid.buttons()) == 3
