"""Helpers shared by the fault and kill tests: a platform on a chosen database with chosen server
settings, a file keyring that child `corner` processes can read, sales, and the exactly-once check."""

from __future__ import annotations

import os
import random
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from app.core import credentials
from app.core.sales import Tender
from sync.server import testing
from tests.sync.platform import Platform

ROOT = Path(__file__).resolve().parents[2]
SKUS = ["P0001", "P0002", "P0003", "P0010", "P0020", "P0049"]


@contextmanager
def running_platform(database_url: str, env: dict[str, str] | None = None, workers: int = 1) -> Iterator[Platform]:
    """The ``platform`` fixture's platform, on ``database_url`` and with extra server settings
    (``workers``: server processes)."""
    shop = testing.create_shop(database_url, "Corner Demo Grocery", "DEMO")
    admin = testing.create_admin_token(database_url)
    server = testing.ServerProcess(database_url, env=env, workers=workers).start()
    platform = Platform(database_url=database_url, server=server, shop=shop, admin_token=admin)
    try:
        server.wait_ready()
        platform.publish_demo_catalog()
        yield platform
    finally:
        for till in platform.tills:
            till.close()
        server.stop()


@contextmanager
def database(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.sqlite3'}"
        return
    reason = testing.postgres_available()
    if reason:
        if os.environ.get("CORNER_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"CORNER_REQUIRE_POSTGRES=1 but {reason}")
        pytest.skip(reason)
    with testing.postgres_database() as url:
        yield url


@contextmanager
def fast_dir(tmp_path: Path) -> Iterator[Path]:
    """A directory on tmpfs when the machine has one (else ``tmp_path``): a durable commit there
    costs no fsync, so thousands of sales are made in seconds. A SIGKILL does not lose the page
    cache, so what these tests prove about killed processes holds on a disk too; a power cut is
    another matter, tested nowhere here."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        with tempfile.TemporaryDirectory(dir=shm, prefix="corner-test-") as d:
            yield Path(d)
    else:
        yield tmp_path


def child_env(till, tmp_path: Path, **extra: str) -> dict[str, str]:
    """Environment for a child `corner` process of this till: the device token in a plaintext file
    keyring (the documented fallback for a machine without a system keyring)."""
    from keyrings.alt.file import PlaintextKeyring

    home = tmp_path / "xdg-data"
    ring = PlaintextKeyring()
    ring.file_path = str(home / "python_keyring" / ring.filename)
    device_id = till.meta("device_id")
    ring.set_password(credentials.SERVICE, device_id, credentials.load_token(device_id))
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "XDG_DATA_HOME": str(home),
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        **extra,
    }


def corner_cmd(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "app", "--data-dir", str(data_dir), *args]


def sell_random(till, rng: random.Random):
    cart = till.new_cart()
    for sku in rng.sample(SKUS, rng.randint(1, 3)):
        till.add_to_cart(cart, sku, rng.randint(1, 3))
    return till.pay(cart, [Tender("cash", 100000)])


def assert_platform_holds_exactly(platform: Platform, till, sold) -> None:
    """The platform holds each of ``sold`` once, with its total, and the stock levels agree."""
    held = platform.sales()
    receipts = [s["receipt_no"] for s in held["sales"]]
    assert len(receipts) == len(set(receipts)), "a sale is on the platform twice"
    assert held["count"] == len(sold)
    assert sorted(receipts) == sorted(s.receipt_no for s in sold)
    by_receipt = {s["receipt_no"]: s["total"] for s in held["sales"]}
    assert by_receipt == {s.receipt_no: s.total for s in sold}
    assert held["total"] == sum(s.total for s in sold)
    server_stock = platform.stock()
    skus = set(server_stock) | set(SKUS)
    assert {sku: server_stock.get(sku, 0) for sku in skus} == {sku: till.level(sku) for sku in skus}
