"""`make demo`: the till window on the demo shop, in a fresh data directory, at the PIN pad.

    python -m app.demo                 # a local platform server + the till window, online
    python -m app.demo --offline       # the till alone, no platform
    python -m app.demo --print-only    # no window: seed and print the shop's state (headless)

Online, the demo starts `corner-server` on loopback (SQLite, in the data directory),
creates the demo shop there with the platform's catalog, enrolls the till with it and
opens the window with its sync engine running. Stop the server (the demo prints its PID)
and the status bar turns to offline while selling goes on; sales go out when it is back.

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
    from app.core import demo
    from app.core.till import Till

    till = Till(data_dir)
    try:
        if not till.status()["products"]:
            demo.seed(till)
    finally:
        till.close()
    return data_dir


class DemoKeyring:
    """A keyring file inside the demo's data directory, for machines with no system keyring.

    Only the demo chooses this for itself; a real till asks its owner to choose (docs/sync.md)."""

    @staticmethod
    def install(data_dir: Path) -> None:
        import keyring
        from keyrings.alt.file import PlaintextKeyring

        from app.core import credentials

        try:
            credentials._check_backend()
            return  # a system keyring works: use it
        except Exception:
            pass

        class _InDemoDir(PlaintextKeyring):
            @property
            def file_path(self):  # noqa: D401 - keyrings.alt's attribute
                return str(data_dir / "demo-keyring.cfg")

        os.environ["PYTHON_KEYRING_BACKEND"] = "app.demo.DemoKeyring"
        keyring.set_keyring(_InDemoDir())


CONSOLE_USER, CONSOLE_PASSWORD = "demo", "corner-demo-console"


def _server_cli(db_url: str, *args: str, stdin: str | None = None, check: bool = True) -> dict:
    import json
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "sync.server.cli", "--database-url", db_url, "--json", *args],
                         check=check, capture_output=True, text=True, input=stdin)
    return json.loads(out.stdout) if out.returncode == 0 else {}


def start_services(data_dir: Path) -> list:
    """A local platform server on loopback, the till enrolled with it (first time only)."""
    from urllib.parse import urlparse

    from app import syncing
    from app.core import demo
    from app.core.till import Till
    from sync.server.testing import ServerProcess

    platform_dir = data_dir / "platform"
    platform_dir.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{platform_dir / 'server.sqlite3'}"
    DemoKeyring.install(data_dir)
    fresh = not (data_dir / "corner.sqlite3").exists()
    till = Till(data_dir)
    try:
        port = urlparse(till.meta("server_url") or "").port or 0
        server = ServerProcess(db_url, port)
        if fresh:
            shop = _server_cli(db_url, "shop", "add", "Corner Demo Grocery", "--code", "DEMO")
            catalog = platform_dir / "catalog.csv"
            catalog.write_text(demo.platform_catalog_csv(), encoding="utf-8")
            _server_cli(db_url, "catalog", "import", str(catalog), "--publish")
        # The central console's demo login (an older demo directory gets it too; "exists" is fine).
        _server_cli(db_url, "user", "add", CONSOLE_USER, "--role", "admin", stdin=CONSOLE_PASSWORD + "\n", check=False)
        server.start()
        server.wait_ready()
        if fresh:
            syncing.enroll(till, server.base_url, shop["enrollment_code"], "demo till")
            syncing.sync_once(till)  # the platform's catalog, from its snapshot
            demo.seed(till, catalog=False)  # the shop's own: staff, stock, customers, local products
            syncing.sync_once(till)
    finally:
        till.close()
    print(f"Local platform at {server.base_url} (pid {server.proc.pid}); "
          f"admin: corner-server --database-url {db_url} ...")
    print(f"Central console at {server.base_url}/console/ (log in as {CONSOLE_USER}, password {CONSOLE_PASSWORD})")
    return [server]


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
    parser.add_argument("--offline", action="store_true", help="no local platform server")
    args = parser.parse_args(argv)
    data_dir = Path(args.data_dir or os.environ.get("CORNER_DEMO_DIR") or tempfile.mkdtemp(prefix="corner-demo-"))
    services = []
    fresh = not (data_dir / "corner.sqlite3").exists()
    if not args.offline and not args.print_only and (fresh or (data_dir / "platform").is_dir()):
        try:
            services = start_services(data_dir)
        except Exception as exc:  # the till works without its platform: say so and go on offline
            print(f"Could not start the local platform ({exc}); the demo runs offline.")
    data_dir = prepare(data_dir)
    print(f"Demo shop in {data_dir} — owner PIN 1234, cashier PIN 1111")
    if args.print_only:
        for service in services:
            service.stop()
        return corner(["--data-dir", str(data_dir), "status"])
    try:
        return open_window(data_dir)
    finally:
        for service in services:
            service.stop()


if __name__ == "__main__":
    raise SystemExit(run())
