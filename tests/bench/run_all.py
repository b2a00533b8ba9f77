"""Run every benchmark script in tests/bench three times, the load average beside each run
(``make bench``). Each run is bounded: 100,000 products where a script takes a size, and a
time limit per run. A script that fails is reported and the others still run. At the end, a
summary lists every run's figure lines (those naming a target, a baseline or a ratio) with the
load average before and after it: the README's table is written from that summary.

    .venv/bin/python tests/bench/run_all.py [--runs 3] [--only till,window] [--timeout 1800]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Each script with the options that keep one run bounded (see each script's --help).
SCRIPTS: dict[str, list[str]] = {
    "till": ["bench_till.py", "--products", "100000", "--sales", "300", "--lookups", "10000"],
    "window": ["bench_window.py", "--products", "100000", "--starts", "3"],
    "backoffice": ["bench_backoffice.py"],
    "sync": ["bench_sync.py", "--sales", "10000", "--products", "100000"],
    "server": ["bench_server.py", "--products", "100000", "--rounds", "3"],
    "pricing": ["bench_pricing.py", "--carts", "40", "--lines", "50", "--promotions", "500"],
    "request": ["bench_request_cost.py"],  # server CPU a request, one process (PostgreSQL)
    "wal": ["bench_wal.py"],  # WAL a push and a pull write (counts; a PostgreSQL cluster of its own)
}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", help="comma-separated: " + ",".join(SCRIPTS))
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed for one run of one script")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(SCRIPTS)
    unknown = [n for n in names if n not in SCRIPTS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    failed = []
    summary: list[tuple[str, int, str, str, list[str]]] = []
    for name in names:
        script, *options = SCRIPTS[name]
        for run in range(1, args.runs + 1):
            print(f"=== {script} run {run}/{args.runs} ({' '.join(options) or 'defaults'}); "
                  f"load average before {load()}", flush=True)
            t0 = time.perf_counter()
            before = load()
            code, figures = run_one([sys.executable, str(HERE / script), *options], args.timeout)
            took = time.perf_counter() - t0
            summary.append((script, run, before, load(), figures))
            print(f"=== {script} run {run}/{args.runs}: {'ok' if code == 0 else f'FAILED ({code})'} in {took:.0f} s; "
                  f"load average after {load()}", flush=True)
            if code != 0:
                failed.append(f"{script} run {run}")
    print("\n=== summary: each run's figure lines (those naming a target or a baseline), with the load "
          "average (1, 5, 15 min) before and after the run", flush=True)
    for script, run, before, after, figures in summary:
        print(f"--- {script} run {run}: load {before} -> {after}")
        for line in figures:
            print(f"    {line}")
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


FIGURE_WORDS = ("target", "baseline", "ratio")


def run_one(command: list[str], timeout: float) -> tuple[int | str, list[str]]:
    """Run one script, its output passed through as it comes; returns its exit code and its
    figure lines (for the summary at the end)."""
    figures: list[str] = []
    deadline = time.monotonic() + timeout
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1) as child:
        assert child.stdout is not None
        for line in child.stdout:
            print(line, end="", flush=True)
            if any(word in line for word in FIGURE_WORDS) and not line.lstrip().startswith('"'):
                figures.append(line.strip())
            if time.monotonic() > deadline:
                child.kill()
                return "timed out", figures
        return child.wait(), figures


if __name__ == "__main__":
    raise SystemExit(main())
