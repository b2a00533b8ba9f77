"""Logging: named loggers per area, a rotating file in the data directory, and a tail for support."""

from __future__ import annotations

import collections
import logging
import logging.handlers
import os
from pathlib import Path

LOG_FILE = "corner.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class TailHandler(logging.Handler):
    """Keeps the last lines in memory for the in-app log view."""

    def __init__(self, size: int = 500) -> None:
        super().__init__()
        self.lines: collections.deque[str] = collections.deque(maxlen=size)
        self.setFormatter(logging.Formatter(_FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


tail = TailHandler()


def setup_logging(data_dir: Path) -> None:
    root = logging.getLogger("corner")
    if getattr(root, "_corner_configured", None) == str(data_dir):
        return
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.setLevel(os.environ.get("CORNER_LOG_LEVEL", "INFO"))
    try:
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(Path(data_dir) / LOG_FILE, maxBytes=1_000_000, backupCount=5,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    except OSError:
        pass  # a read-only data dir still lets the till run; the in-app view keeps the lines
    root.addHandler(tail)
    # Our own handlers only: a library that configures the root logger (python-escpos does, on
    # import) must not start echoing the till's log on stderr.
    root.propagate = False
    root._corner_configured = str(data_dir)  # type: ignore[attr-defined]
