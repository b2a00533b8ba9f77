"""`make demo`: the till window on the demo shop, in a fresh data directory, at the PIN pad.

    python -m app.demo                 # open the window (owner PIN 1234, cashier PIN 1111)
    python -m app.demo --print-only    # no window: seed and print the shop's state (headless)

``run()`` is split into steps (``prepare``, ``start_services``, ``open``) so that more can
be started beside the window (a local sync server, for one) without touching the rest.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from app.cli import main as corner


def prepare(data_dir: Path | None = None) -> Path:
    """A data directory with the demo shop in it (seeded with ``app.core.demo.seed``)."""
    data_dir = Path(data_dir or os.environ.get("CORNER_DEMO_DIR") or tempfile.mkdtemp(prefix="corner-demo-"))
    if not (data_dir / "corner.sqlite3").exists():
        from app.core import demo
        from app.core.till import Till

        till = Till(data_dir)
        try:
            demo.seed(till)
        finally:
            till.close()
    return data_dir


def start_services(data_dir: Path) -> list:
    """Things to run beside the window; each has ``stop()``. None yet."""
    return []


def open_window(data_dir: Path) -> int:
    from app.ui.app import make_app, open_window as window_on

    app = make_app()
    window = window_on(data_dir, app=app)
    code = app.exec()
    window.till.close()
    return code


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="corner-demo", description="The Corner till on a demo shop.")
    parser.add_argument("--data-dir", type=Path, default=None, help="use this directory (default: a fresh temp one)")
    parser.add_argument("--print-only", action="store_true", help="no window: print the demo shop's state")
    args = parser.parse_args(argv)
    data_dir = prepare(args.data_dir)
    print(f"Demo shop in {data_dir} — owner PIN 1234, cashier PIN 1111")
    if args.print_only:
        return corner(["--data-dir", str(data_dir), "status"])
    services = start_services(data_dir)
    try:
        return open_window(data_dir)
    finally:
        for service in services:
            service.stop()


if __name__ == "__main__":
    raise SystemExit(run())
