"""Crash-test child: runs `corner sell` over and over in one process, printing each receipt
the command reported as done (one JSON line each, flushed) until it is killed."""

import contextlib
import io
import json
import sys

from app.cli import main

data_dir = sys.argv[1]


def sell(n: int) -> None:
    buf = io.StringIO()
    items = ["P0001", f"P00{10 + n % 80:02d}*{1 + n % 3}", "W0101*250"]
    with contextlib.redirect_stdout(buf):
        code = main(["--data-dir", data_dir, "--json", "sell", "--pin", "1111", *items, "--pay", "card:1.00:T1", "--pay", "cash:50"])
    if code == 0:
        sale = json.loads(buf.getvalue())
        print(json.dumps({"receipt_no": sale["receipt_no"], "id": sale["id"], "total": sale["total"]}), flush=True)


# One sale first: the first one also imports what selling needs and takes seconds on a slow box
# (2 s against 0.3 s for the next ones, seen on a loaded 2-core machine), so that a kill in the
# parent's window lands in the sales, not in the start-up.
sell(1)
print('ready', flush=True)  # the parent kills at a random moment after this
n = 1
while True:
    n += 1
    sell(n)
