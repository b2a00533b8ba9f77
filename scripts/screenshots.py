"""Render the sell screen (with a cart), the tender dialog and the Z report to PNG, offscreen,
in both themes and at two screen sizes, into ./screenshots/.

    .venv/bin/python scripts/screenshots.py [--out screenshots] [--lang zh_CN]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core import demo  # noqa: E402
from app.core.barcodes import make_scale_label  # noqa: E402
from app.core.sales import Tender  # noqa: E402
from app.core.till import Till  # noqa: E402

SIZES = {"1024x768": (1024, 768), "1366x768": (1366, 768), "1920x1080": (1920, 1080)}


def settle(app, times: int = 4) -> None:
    for _ in range(times):
        app.processEvents()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--lang", default="en", help="the window's language: en (default) or zh_CN")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    from app.ui import i18n, theme
    from app.ui.app import make_app
    from app.ui.receipts.view import DocDialog
    from app.ui.tender.dialog import TenderDialog
    from app.ui.window import TillWindow
    from app.devices.receipt import z_report_for

    app = make_app([])
    i18n.install(app, args.lang)
    data_dir = Path(tempfile.mkdtemp(prefix="corner-shots-"))
    till = Till(data_dir)
    demo.seed(till)
    till.set_meta(server_url="https://platform.example")
    till.login(demo.CASHIER_PIN)
    # a morning's trade for the Z report
    for codes, tenders in ((["P0001", "P0016"], "cash"), (["P0088", "P0101", "P0130"], "card"), (["P0142"], "cash")):
        cart = till.new_cart()
        for code in codes:
            till.add_to_cart(cart, code)
        total = cart.totals().total
        till.pay(cart, [Tender("cash", -(-total // 500) * 500)] if tenders == "cash" else [Tender("card", total, "A1B2C3")])
    till.paid_in_out("paid_out", 1250, "window cleaner")
    written = []
    for name in ("light", "dark"):
        theme.apply(app, name)
        window = TillWindow(till)
        window.show()
        cart = window.sell.cart
        for code in ("P0001", "P0001", "P0028", make_scale_label("101", grams=1234), "P0073", "P0142"):
            till.add_to_cart(cart, code)
        till.set_line_discount(cart, 2, 20)
        window.sell.model.refresh()
        window.sell.select_row(3)
        window.sell.last.setText(window.sell.tr("Change {change} · receipt {no} (Ctrl+P shows it)").format(
            change=till.money(81), no="DEMO-1-000003"))
        for size, (w, h) in SIZES.items():
            window.resize(w, h)
            settle(app)
            path = args.out / f"sell-{name}-{size}.png"
            window.grab().save(str(path))
            written.append(path)
        tender = TenderDialog(window, till, cart, "card")
        tender.show()
        tender.amount.setText("5.00")
        tender.reference.setText("AUTH42")
        tender.add_tender()
        settle(app)
        path = args.out / f"tender-{name}.png"
        tender.grab().save(str(path))
        written.append(path)
        tender.close()
        window.close()
        window.deleteLater()
        settle(app)
    report = till.close_session(till.expected_cash() - 50)  # 0.50 short at the count
    for name in ("light", "dark"):
        theme.apply(app, name)
        z = DocDialog(None, z_report_for(till, report), "z-report", None)
        z.show()
        settle(app)
        path = args.out / f"z-report-{name}.png"
        z.grab().save(str(path))
        written.append(path)
        z.close()
    till.close()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
