"""The window with a live sync engine and a real server: online, offline, first run."""


from app.core.sales import Tender
from app.ui.app import open_window
from app.ui.enroll import EnrollDialog
from sync.server import testing


def sell(till):
    cart = till.new_cart()
    till.add_to_cart(cart, "P0001")
    return till.pay(cart, [Tender("cash", 500)])


def test_the_status_bar_follows_the_engine_and_selling_goes_on_offline(qtbot, platform, tmp_path):
    till = platform.new_till(tmp_path / "till")
    window = open_window(till.data_dir, till=till, first_run=False)
    qtbot.addWidget(window)
    status = window.sync_status
    qtbot.waitUntil(lambda: status.online is True and "0 event" in status.waiting.text(), timeout=20000)
    assert "Never" not in status.last.text()

    sale = sell(till)  # the sale wakes the engine; it goes out without anyone asking
    qtbot.waitUntil(lambda: any(s["receipt_no"] == sale.receipt_no for s in platform.sales()["sales"]), timeout=20000)

    platform.server.stop()
    offline_sale = sell(till)
    qtbot.waitUntil(lambda: status.online is False, timeout=20000)
    assert till.sale(offline_sale.receipt_no).total == 119
    assert till.pending_events() >= 1
    window.close()
    assert window.sync_bridge.engine._thread is None  # stopped with the window


def test_first_run_enrolls_the_till_and_fetches_the_catalog(qtbot, platform, tmp_path):
    from app.core.till import Till

    till = Till(tmp_path / "new")
    dialog = EnrollDialog(till)
    qtbot.addWidget(dialog)
    dialog.url.setText(platform.url)
    dialog.code.setText("nope-nope")
    dialog.enroll()
    qtbot.waitUntil(lambda: dialog.connect_button.isEnabled(), timeout=20000)
    assert "refused" in dialog.message.text()
    assert till.meta("device_id") is None

    dialog.code.setText(testing.create_enrollment_code(platform.database_url, platform.shop.code))
    dialog.enroll()
    qtbot.waitUntil(lambda: dialog.result_info is not None, timeout=30000)
    assert dialog.result_info["shop_code"] == "DEMO"
    assert till.status()["products"] > 190
    till.close()


def test_an_unenrolled_till_opens_without_an_engine(qtbot, till):
    window = open_window(till.data_dir, till=till, first_run=False)
    qtbot.addWidget(window)
    assert not getattr(window, "sync_engine_attached", False)
    assert window.sync_status.online is None
    window.close()


def test_counts_in_english_are_singular_and_plural(qtbot):
    from PySide6.QtWidgets import QApplication

    from app.ui import i18n
    from app.ui.status import SyncStatusWidget

    i18n.install(QApplication.instance(), "en")
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    widget.show_state(True, 1, None)
    assert widget.waiting.text() == "1 event waiting to sync"
    widget.show_state(True, 2, None)
    assert widget.waiting.text() == "2 events waiting to sync"
    widget.show_state(True, 0, None)
    assert widget.waiting.text() == "0 events waiting to sync"
