"""Tills of one shop find each other by mDNS/DNS-SD alone (docs/peers.md): two network namespaces
joined by a veth pair, made here, with no peer address set anywhere. A till of another shop on the
same link is found on the network but never paired."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from app.core import demo, peers
from app.core.errors import TillError
from app.core.sales import Tender
from app.core.till import Till
from tests.sync.kit import ROOT, corner_cmd

SECRET = "5e" * 32
OTHER = "a7" * 32
PORT = 8765


def _ip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], capture_output=True, text=True)


@pytest.fixture
def link():
    """Two namespaces, 10.19.0.1 and 10.19.0.2, joined by a veth pair."""
    if shutil.which("ip") is None:
        pytest.skip("no `ip` command to make network namespaces")
    try:
        import zeroconf  # noqa: F401
    except ImportError:
        pytest.skip("zeroconf is not installed")
    tag = uuid.uuid4().hex[:6]
    ns = [f"corner-{tag}-1", f"corner-{tag}-2"]
    made = _ip("netns", "add", ns[0])
    if made.returncode != 0:
        pytest.skip(f"`ip netns add` is not permitted here: {made.stderr.strip()}")
    try:
        _ip("netns", "add", ns[1])
        steps = [
            ["link", "add", f"v{tag}a", "type", "veth", "peer", "name", f"v{tag}b"],
            ["link", "set", f"v{tag}a", "netns", ns[0]],
            ["link", "set", f"v{tag}b", "netns", ns[1]],
        ]
        for i, (name, addr) in enumerate(((f"v{tag}a", "10.19.0.1/24"), (f"v{tag}b", "10.19.0.2/24"))):
            steps += [["-n", ns[i], "addr", "add", addr, "dev", name], ["-n", ns[i], "link", "set", name, "up"],
                      ["-n", ns[i], "link", "set", "lo", "up"],
                      ["-n", ns[i], "route", "add", "224.0.0.0/4", "dev", name]]
        for step in steps:
            done = _ip(*step)
            if done.returncode != 0:
                pytest.skip(f"could not build the test network (ip {' '.join(step)}): {done.stderr.strip()}")
        yield ns
    finally:
        for name in ns:
            _ip("netns", "del", name)


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(home),
            "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring"}


def _paired_till(path: Path, till_no: int, secret: str) -> tuple[Till, dict[str, str]]:
    from keyrings.alt.file import PlaintextKeyring

    till = Till(path)
    demo.seed(till)
    till.set_meta(till_no=str(till_no))
    till.login(demo.CASHIER_PIN)
    env = _env(path.parent / f"keyring-{path.name}")
    ring = PlaintextKeyring()
    ring.file_path = str(Path(env["XDG_DATA_HOME"]) / "python_keyring" / ring.filename)
    ring.set_password(peers.KEYRING_SERVICE, till.peers.device_id(), secret)  # `corner peers pair SECRET` on that till
    return till, env


def _serve(ns: str, till: Till, env: dict[str, str], port: int) -> subprocess.Popen:
    proc = subprocess.Popen(["ip", "netns", "exec", ns,
                             *corner_cmd(till.data_dir, "peers", "serve", "--port", str(port), "--interval", "0.3")],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = proc.stdout.readline().decode()
    assert "listening" in line, line + proc.stderr.read().decode()[-2000:]
    return proc


def _wait(check, what: str, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.1)
    pytest.fail(f"{what}: not within {timeout} s")


@pytest.mark.timeout(240)
def test_tills_find_each_other_by_mdns_and_a_stranger_is_not_paired(link, tmp_path):
    one, env1 = _paired_till(tmp_path / "one", 1, SECRET)
    two, env2 = _paired_till(tmp_path / "two", 2, SECRET)
    stranger, env3 = _paired_till(tmp_path / "stranger", 3, OTHER)
    procs = []
    try:
        procs.append(_serve(link[0], one, env1, PORT))
        procs.append(_serve(link[1], two, env2, PORT))
        procs.append(_serve(link[1], stranger, env3, PORT + 1))
        assert one.peers.addresses() == two.peers.addresses() == []
        _wait(lambda: [r.device_id for r in one.peers.rows()] == [two.peers.device_id()], "till 1 finds till 2")
        cart = one.new_cart()
        one.add_to_cart(cart, "P0001", 1)
        sale = one.pay(cart, [Tender("cash", 1000)])

        def arrived() -> bool:
            try:
                two.refundable(sale.receipt_no)
                return True
            except TillError:
                return False

        _wait(arrived, "till 1's sale on till 2")
        assert {r.address for r in two.peers.rows()} <= {f"10.19.0.1:{PORT}"}
        assert stranger.peers.rows() == []
        # no address was set: the first contact came from discovery
        assert "mdns" in {r.source for r in one.peers.rows()} | {r.source for r in two.peers.rows()}
        assert [r.device_id for r in one.peers.rows()] == [two.peers.device_id()]
    finally:
        for proc in procs:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            proc.stdout.close()
            proc.stderr.close()
        for t in (one, two, stranger):
            t.close()
