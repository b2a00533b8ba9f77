"""Tills of one shop working together while the platform is unreachable (issue 19, docs/peers.md).

Real processes: a corner-server, and each till's `corner peers serve` (its peer listener and
exchange loop) on loopback with static peer addresses. The test rings sales and refunds on the
tills' own files, as the window would, and watches what the other till's service applied."""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from app import peers_net, syncing
from app.core import credentials, demo, peers
from app.core.errors import TillError
from app.core.sales import Tender
from app.core.till import Till
from sync.server import testing
from tests.sync.kit import SKUS, corner_cmd, sell_random

WAIT_S = 30  # the most any step may take on a loaded machine (the service polls every 0.3 s here)


def keyring_env(tmp_path: Path, tills: list[Till]) -> dict[str, str]:
    """A child `corner`'s environment: device tokens and peer secrets in a plaintext file keyring."""
    import os

    from keyrings.alt.file import PlaintextKeyring

    from tests.sync.kit import ROOT

    home = tmp_path / "xdg-data"
    ring = PlaintextKeyring()
    ring.file_path = str(home / "python_keyring" / ring.filename)
    for till in tills:
        device_id = till.meta("device_id")
        ring.set_password(credentials.SERVICE, device_id, credentials.load_token(device_id))
        ring.set_password(peers.KEYRING_SERVICE, device_id, till.peers.secret())
    return {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(home),
            "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring", "CORNER_PEER_PAGE": "3"}


class Serving:
    """`corner peers serve` for one till, started and killed by the test."""

    def __init__(self, till: Till, port: int, env: dict[str, str]) -> None:
        self.till, self.port, self.env = till, port, env
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Serving":
        self.proc = subprocess.Popen(
            corner_cmd(self.till.data_dir, "peers", "serve", "--host", "127.0.0.1", "--port", str(self.port),
                       "--no-discovery", "--interval", "0.3"),
            env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        assert "listening" in line, line + self.proc.stderr.read().decode()[-2000:]
        return self

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        for pipe in (self.proc.stdout, self.proc.stderr) if self.proc else ():
            pipe.close()


def wait_for(check, what: str, timeout: float = WAIT_S) -> float:
    """Seconds until ``check()`` held; fails with ``what`` after ``timeout``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if check():
            return time.monotonic() - start
        time.sleep(0.05)
    pytest.fail(f"{what}: not within {timeout} s")


def has_receipt(till: Till, receipt_no: str) -> bool:
    try:
        till.refundable(receipt_no)
        return True
    except TillError:
        return False


def levels(till: Till) -> dict[str, int]:
    return {sku: till.level(sku) for sku in SKUS}


@pytest.mark.timeout(300)
def test_two_tills_work_together_while_the_platform_is_down_and_it_gets_everything_once(platform, tmp_path):
    one = platform.new_till(tmp_path / "one")
    two = platform.new_till(tmp_path / "two")
    for till in (one, two):
        peers_net.fetch_secret(till)
    assert one.peers.secret() == two.peers.secret()
    for till in (one, two, one):  # each till's opening stock reaches the other through the platform
        syncing.sync_once(till)
    assert levels(one) == levels(two)

    # a till of another shop on the same network
    other_shop = testing.create_shop(platform.database_url, "Another Shop", "OTHER")
    stranger = Till(tmp_path / "stranger")
    syncing.enroll(stranger, platform.url, other_shop.enrollment_code, "stranger")
    peers_net.fetch_secret(stranger)
    assert stranger.peers.secret() != one.peers.secret()

    platform.server.stop()  # the platform is unreachable from here on
    ports = [testing.free_port() for _ in range(3)]
    two.peers.add(f"127.0.0.1:{ports[0]}")  # one address set on one till joins both
    stranger.peers.add(f"127.0.0.1:{ports[0]}")
    stranger.peers.add(f"127.0.0.1:{ports[1]}")
    env = keyring_env(tmp_path, [one, two, stranger])
    services = [Serving(one, ports[0], env), Serving(two, ports[1], env), Serving(stranger, ports[2], env)]
    try:
        for s in services:
            s.start()
        wait_for(lambda: [r.device_id for r in one.peers.rows()] == [two.meta("device_id")], "till 1 meets till 2")
        wait_for(lambda: two.peers.cursor(one.meta("device_id")) == one.peers.last_seq()
                 and one.peers.cursor(two.meta("device_id")) == two.peers.last_seq(), "the first catch-up")

        # a sale on till 1: its stock on till 2 at once, and refundable there
        before = two.level("P0001")
        cart = one.new_cart()
        one.add_to_cart(cart, "P0001", 2)
        sale = one.pay(cart, [Tender("cash", 10000)])
        took = wait_for(lambda: two.level("P0001") == before - 2, "till 2's stock reflects till 1's sale")
        print(f"till 2's stock reflected till 1's sale after {took:.2f} s")
        two.login(demo.CASHIER_PIN)
        two.refund(sale.receipt_no, {"P0001": 1}, restock=True, approver_pin=demo.OWNER_PIN)
        wait_for(lambda: list(one.refundable(sale.receipt_no).values()) == [1], "till 1 sees till 2's refund")

        # a customer added on till 1 is found on till 2
        c = one.save_customer({"name": "Philippa Quondam", "phone": "+44 20 7000 1234"})
        wait_for(lambda: [x.id for x in two.find_customers("Quondam")] == [c.id], "the customer on till 2")

        # a sale both tills know, refunded at each while they cannot see each other (below)
        cart = one.new_cart()
        one.add_to_cart(cart, "P0002", 1)
        twice = one.pay(cart, [Tender("cash", 10000)])
        wait_for(lambda: has_receipt(two, twice.receipt_no), "the second sale on till 2")

        # till 2 killed in the middle of an exchange (3 events a page) and started again
        rng = random.Random(19)
        sold = [sell_random(one, rng) for _ in range(30)]
        wait_for(lambda: has_receipt(two, sold[2].receipt_no), "some of the sales reach till 2")
        services[1].kill()
        assert not has_receipt(two, sold[-1].receipt_no), "the kill came after the exchange; make more sales"
        more = [sell_random(two, rng) for _ in range(3)]  # till 2 sells while its service is down
        for till in (one, two):
            till.refund(twice.receipt_no, {"P0002": 1}, restock=True, approver_pin=demo.OWNER_PIN)
        services[1].start()
        wait_for(lambda: all(has_receipt(two, s.receipt_no) for s in sold), "every sale of till 1 on till 2")
        wait_for(lambda: all(has_receipt(one, s.receipt_no) for s in more), "till 2's sales on till 1")
        wait_for(lambda: levels(one) == levels(two), "both tills agree on every stock level")
        for till in (one, two):  # the double refund is flagged to the owner on both tills
            wait_for(lambda: [(c.kind, c.detail["receipt_no"]) for c in till.peers.conflicts()]
                     == [("over_refund", twice.receipt_no)], "the over-refund flagged")

        # the other shop's till paired with neither, and learned nothing
        assert [r.device_id for r in stranger.peers.rows()] == []
        assert not has_receipt(stranger, sale.receipt_no)
        assert stranger.find_customers("Quondam") == []
        assert {r.device_id for r in two.peers.rows()} == {one.meta("device_id")}
    finally:
        for s in services:
            s.stop()
        stranger.close()

    # the platform back: till 2 alone first (it relays till 1's events), then till 1
    platform.server.start()
    platform.server.wait_ready()
    syncing.sync_once(two)
    relayed = platform.sales()
    assert sale.receipt_no in {s["receipt_no"] for s in relayed["sales"]}  # till 1 has not pushed yet
    for till in (one, two, one):
        syncing.sync_once(till)
    every = [sale, twice, *sold, *more]
    held = platform.sales()
    receipts = [s["receipt_no"] for s in held["sales"]]
    assert sorted(receipts) == sorted(s.receipt_no for s in every), "each sale on the platform exactly once"
    # both refunds reached the platform: the one beyond what was sold is quarantined with its reason
    quarantined = [q for q in platform.admin("GET", "/quarantine", params={"shop": platform.shop.code}).json()
                   if q["kind"] == "refund.completed" and q["payload"]["sale_id"] == twice.id]
    assert len(quarantined) == 1 and quarantined[0]["reason"]
    server_stock = platform.stock()
    skus = [s for s in SKUS if s != "P0002"]  # the quarantined refund's restock is not on the platform
    assert {sku: server_stock.get(sku, 0) for sku in skus} == {sku: one.level(sku) for sku in skus}
    assert levels(one) == levels(two)
