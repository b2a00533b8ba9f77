"""`make bench` runs every benchmark script (a check of the list, not a timed test)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_the_runner_knows_every_benchmark_script():
    spec = importlib.util.spec_from_file_location("run_all", BENCH / "run_all.py")
    run_all = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_all)
    listed = {options[0] for options in run_all.SCRIPTS.values()}
    assert listed == {p.name for p in BENCH.glob("bench_*.py")}
    assert "run_all.py" in (BENCH.parent.parent / "Makefile").read_text()
