"""corner-server under cProfile, for ``bench_sync.py --profile server`` (a bench tool, not a test).

Two profiles, because the server works on two kinds of thread: the event loop (HTTP parsing,
middleware, body validation, writing the answer) and the worker thread that runs a sync endpoint
(the push itself, its commit). cProfile sees one thread each, so one profiler runs on the loop
from the first push to the stop and a second one is switched on around every sync endpoint call. Both are
printed to ``$CORNER_PROFILE_OUT`` (a text file) when the server stops (SIGTERM).

    python tests/bench/profiled_server.py run --host ... --port ... --database-url ...
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import signal
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import fastapi.routing  # noqa: E402

from sync.server import cli  # noqa: E402

loop_profile = cProfile.Profile()
worker_profile = cProfile.Profile()
_worker_lock = threading.Lock()
_cpu = {"worker": 0.0}
_original = fastapi.routing.run_endpoint_function
_started: list[bool] = []


async def _profiled_endpoint(*, dependant, values, is_coroutine):
    if not _started and getattr(dependant.call, "__name__", "") == "push":
        _started.append(True)  # the loop's profile starts at the first push (not at the imports)
        loop_profile.enable()
    if is_coroutine:
        return await _original(dependant=dependant, values=values, is_coroutine=is_coroutine)
    call = dependant.call

    def profiled(**kwargs):
        with _worker_lock:  # one push in flight in the bench; a lock keeps the profiler single-threaded
            t0 = time.thread_time()
            worker_profile.enable()
            try:
                return call(**kwargs)
            finally:
                worker_profile.disable()
                _cpu["worker"] += time.thread_time() - t0

    return await fastapi.routing.run_in_threadpool(profiled, **values)


def main() -> None:
    fastapi.routing.run_endpoint_function = _profiled_endpoint
    # uvicorn raises the signal that stopped it again once it is done; with this handler in place
    # (the one it restores) that second SIGTERM is ignored and the profile gets written.
    signal.signal(signal.SIGTERM, lambda *_: None)
    out = os.environ.get("CORNER_PROFILE_OUT", "server-profile.txt")
    t0 = time.process_time()
    try:
        cli.main(sys.argv[1:])
    finally:
        loop_profile.disable()
        text = io.StringIO()
        text.write(f"server process CPU {time.process_time() - t0:.2f} s (from its start); in sync endpoints "
                   f"{_cpu['worker']:.2f} s\n\n== event loop thread ==\n")
        pstats.Stats(loop_profile, stream=text).sort_stats("tottime").print_stats(45)
        pstats.Stats(loop_profile, stream=text).sort_stats("cumulative").print_stats(40)
        text.write("\n== sync endpoints (worker threads) ==\n")
        pstats.Stats(worker_profile, stream=text).sort_stats("tottime").print_stats(60)
        pstats.Stats(worker_profile, stream=text).sort_stats("cumulative").print_stats(60)
        Path(out).write_text(text.getvalue())


if __name__ == "__main__":
    main()
