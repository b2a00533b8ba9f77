"""`make demo`: a demo shop in a fresh data directory (until the window lands: print its state)."""

import os
import tempfile
from pathlib import Path

from app.cli import main as corner


def run() -> int:
    data_dir = Path(os.environ.get("CORNER_DEMO_DIR") or tempfile.mkdtemp(prefix="corner-demo-"))
    if not (data_dir / "corner.sqlite3").exists():
        corner(["--data-dir", str(data_dir), "init-demo"])
    return corner(["--data-dir", str(data_dir), "status"])


if __name__ == "__main__":
    raise SystemExit(run())
