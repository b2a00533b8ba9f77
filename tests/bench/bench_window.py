"""Window benchmark (a script, not a test): start-up and search-as-you-type at 100,000 products.

    .venv/bin/python tests/bench/bench_window.py [--products 100000] [--starts 3]

Prints, for each figure, a ratio against a baseline measured in the same run on the same
machine. Start-up is a whole process, timed from exec to the first paint of the sell screen
(logged in, as the cashier sees it), against a whole bare PySide6 process timed from exec to
the first paint of one label; the two alternate, and the CPU each used until its paint is
printed too (load-independent). app/ and sync/ are compiled to bytecode first, as the frozen
till ships them. Search latency runs from the query to the results list painted, against a
bare indexed SQLite lookup by primary key.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import insert  # noqa: E402

from app.core import demo  # noqa: E402
from app.core.barcodes import with_check_digit  # noqa: E402
from app.core.catalog import name_key  # noqa: E402
from app.core.ids import new_id  # noqa: E402
from app.core.store import now  # noqa: E402
from app.core.store.models import Barcode, Product, StockLevel  # noqa: E402
from app.core.till import Till  # noqa: E402

WORDS = ("apple banana bread butter cheese coffee cream flour honey jam juice lemon milk oats olive pasta "
         "pepper rice salt soap sugar tea tomato water yoghurt almond basil chili cocoa garlic ginger mango "
         "noodle onion peanut plum quinoa raisin sesame spinach vanilla walnut").split()
SIZES = ("100 g", "250 g", "500 g", "1 kg", "330 ml", "500 ml", "1 l", "x4", "x6", "x12")


def bulk_catalog(till: Till, count: int, start: int = 1) -> None:
    """Add ``count`` synthetic products with a barcode each, in a few executemany batches."""
    stamp = now()
    batch = 10_000
    for first in range(start, start + count, batch):
        products, barcodes, levels = [], [], []
        for n in range(first, min(first + batch, start + count)):
            a, b = WORDS[n % len(WORDS)], WORDS[(n // len(WORDS)) % len(WORDS)]
            name = f"{a.title()} {b} {SIZES[n % len(SIZES)]} #{n}"
            pid = new_id()
            products.append(dict(
                id=pid, sku=f"B{n:07d}", name=name, name_key=name_key(name), category=f"Bulk {n % 40:02d}",
                unit="each", vat_rate_bp=700 if n % 3 else 1900, price=50 + n % 2000, cost=30 + n % 1000,
                min_price=None, max_price=None, local_price=None, plu=None, is_local=False, active=True,
                favourite=False, reorder_point=0, pack_size=1, image=None, updated_at=stamp,
            ))
            barcodes.append(dict(code=with_check_digit(f"40{n:010d}"), product_id=pid))
            levels.append(dict(product_id=pid, qty=10))
        with till.write() as s:
            s.execute(insert(Product), products)
            s.execute(insert(Barcode), barcodes)
            s.execute(insert(StockLevel), levels)


def make_shop(data_dir: Path, products: int) -> float:
    till = Till(data_dir)
    demo.seed(till)
    t0 = time.perf_counter()
    bulk_catalog(till, products - till.status()["products"])
    took = time.perf_counter() - t0
    till.close()
    return took


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


ROOT = Path(__file__).resolve().parents[2]

# Both children print one line at their first paint, with the CPU the process used so far (all
# its threads); the wall clock is the parent's, from exec.
PAINTED = """
import time
from PySide6.QtCore import QEvent, QObject
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", time.process_time(), flush=True)
            import os; os._exit(0)
        return False
"""

BARE = PAINTED + """
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("Corner")
watch = Painted()
label.installEventFilter(watch)
label.resize(1366, 768)
label.show()
app.exec()
"""

SELL = PAINTED + """
import sys
from pathlib import Path
from app.ui.app import make_app, open_window
app = make_app([])
window = open_window(Path(sys.argv[1]), app=app, settle=True)  # as the application's main opens it
user = window.till.login(sys.argv[2])
watch = Painted()
window.sell.installEventFilter(watch)
window._logged_in(user)
window.show()
app.exec()
"""


def cold_start(code: str, *args: str) -> tuple[float, float]:
    """Seconds from exec of a new Python process to its first painted screen, and the CPU
    seconds the process used until then."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    line = child.stdout.readline()
    took = time.perf_counter() - t0
    child.wait(timeout=60)
    if not line.startswith("painted "):
        raise RuntimeError(f"the child never painted (exit {child.returncode})")
    return took, float(line.split()[1])


def compile_bytecode() -> None:
    """Compile app/ and sync/ to bytecode once, as the frozen till ships them (PyInstaller
    bundles .pyc) and as pip does for an installed package. Without it, with
    PYTHONDONTWRITEBYTECODE set (as on this machine), every start compiled ~70 modules from
    source (~0.25 s of CPU) that no shop's till ever compiles."""
    import compileall

    for folder in ("app", "sync"):
        compileall.compile_dir(str(ROOT / folder), quiet=2, workers=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--starts", type=int, default=3, help="cold starts of each kind, alternating")
    args = parser.parse_args(argv)
    data_dir = Path(tempfile.mkdtemp(prefix="corner-bench-window-"))
    took = make_shop(data_dir, args.products)
    print(f"catalog: {args.products} products generated in {took:.2f} s")

    compile_bytecode()
    cold_start(SELL, str(data_dir), demo.CASHIER_PIN)  # once, unmeasured: the file cache, as on a shop PC
    bare, sell = [], []
    load_before = os.getloadavg()[0]
    for _ in range(args.starts):
        bare.append(cold_start(BARE))
        sell.append(cold_start(SELL, str(data_dir), demo.CASHIER_PIN))
    ready, base = statistics.median(t for t, _ in sell), statistics.median(t for t, _ in bare)
    ready_cpu, base_cpu = statistics.median(c for _, c in sell), statistics.median(c for _, c in bare)
    print(f"exec to first painted sell screen ({args.products} products): median {ready * 1000:7.1f} ms of "
          f"{', '.join(f'{t * 1000:.0f}' for t, _ in sell)} (target < 2000 ms); bare PySide6 process to its first "
          f"paint {base * 1000:.1f} ms; ratio {ready / base:.1f}x; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after")
    print(f"  CPU used by that start until its first paint: median {ready_cpu * 1000:.0f} ms of "
          f"{', '.join(f'{c * 1000:.0f}' for _, c in sell)}; baseline bare PySide6 process {base_cpu * 1000:.0f} ms; "
          f"ratio {ready_cpu / base_cpu:.1f}x")

    from PySide6.QtWidgets import QApplication

    from app.ui.app import make_app, open_window

    app = QApplication.instance() or make_app([])
    window = open_window(data_dir, app=app, settle=True)  # as the application's main opens it
    app.processEvents()
    till = window.till
    # baseline 2: a bare primary-key lookup through the same store
    base = []
    with till.read() as s:
        for n in range(200):
            t0 = time.perf_counter()
            s.get(Barcode, with_check_digit(f"40{n * 37 + 1:010d}"))
            base.append(time.perf_counter() - t0)
            s.expunge_all()
    base_p50 = statistics.median(base)

    # search as you type: every prefix of realistic queries, as the debounced search runs them,
    # each timed from the query to the results list painted on the (logged-in) sell screen
    window._logged_in(till.login(demo.CASHIER_PIN))
    for _ in range(3):
        app.processEvents()
    sell = window.sell
    queries = ["milk", "choc", "olive oil", "B00012", "400000", "honey 250", "zzz", "tea", "Vanilla cocoa", "#99999"]
    times, cpu = [], []
    for _ in range(3):
        for q in queries:
            for i in range(1, len(q) + 1):
                sell.scan.blockSignals(True)  # the text is in the field, as typed; the query is run here
                sell.scan.setText(q[:i])
                sell.scan.blockSignals(False)
                t0, c0 = time.perf_counter(), time.process_time()
                sell.search_now(q[:i])  # the query and the list's model
                app.processEvents()  # the list laid out
                sell.results.viewport().repaint()  # and painted
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
    p50, p99 = statistics.median(times), pct(times, 99)
    print(f"search-as-you-type ({len(times)} keystrokes over {args.products} products, query to results painted): "
          f"p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, max {max(times) * 1000:.1f} ms  (target p99 < 50 ms; "
          f"p50 {p50 / base_p50:.0f}x a primary-key lookup, {base_p50 * 1000:.3f} ms); CPU p50 "
          f"{statistics.median(cpu) * 1000:.1f} ms, p99 {pct(cpu, 99) * 1000:.1f} ms; load average {os.getloadavg()[0]:.1f}")
    window.close()
    window.deleteLater()
    app.processEvents()
    till.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
