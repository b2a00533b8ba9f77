"""Kill -9 a selling till at random moments: every sale the command reported as done is in
the store with its outbox event, nothing is half-written, and `corner doctor` is clean."""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import main
from app.core.till import Till

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("CORNER_CRASH_KILLS", "50"))


@pytest.mark.slow
def test_sigkill_during_sales_loses_and_duplicates_nothing(tmp_path, capsys):
    data = tmp_path / "till"
    assert main(["--data-dir", str(data), "init-demo"]) == 0
    capsys.readouterr()
    rng = random.Random(2026)
    reported: dict[str, dict] = {}
    kills = in_window = 0
    while kills < KILLS:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests/e2e/seller_loop.py"), str(data)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        warm_up = proc.stdout.readline()  # start-up and one sale, however slow the machine is today
        ready = proc.stdout.readline()
        assert ready.strip() == b"ready", warm_up + ready + proc.stderr.read()
        time.sleep(rng.uniform(0.05, 2.5))  # then kill somewhere in the sales
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        kills += 1
        for n, line in enumerate([warm_up, *out.splitlines()]):
            try:
                sale = json.loads(line.decode())
            except json.JSONDecodeError:
                continue  # the last line may be cut by the kill
            assert sale["receipt_no"] not in reported, "receipt number used twice"
            reported[sale["receipt_no"]] = sale
            in_window += n > 0
    assert in_window >= KILLS // 4, "the loop hardly sold anything while it could be killed; the test would prove little"

    till = Till(data)
    try:
        assert till.doctor() == []
        events = {p["receipt_no"]: p for _, k, p in till.iter_outbox() if k == "sale.completed"}
        for receipt_no, sale in reported.items():
            stored = till.sale(receipt_no)
            assert stored.id == sale["id"] and stored.total == sale["total"]
            assert receipt_no in events
            assert sum(p.amount for p in stored.payments) == stored.total
        # the store may hold a sale whose report line was lost in the kill, never one without its event
        assert set(events) >= set(reported)
        assert till.status()["sales"] == len(events)
    finally:
        till.close()
