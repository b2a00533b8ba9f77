"""The favourite and category tiles refresh off the UI thread when the catalog changes."""

from __future__ import annotations

import threading

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
