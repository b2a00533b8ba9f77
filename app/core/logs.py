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


class PrivateFileHandler(logging.handlers.RotatingFileHandler):
    """The rotating log file, readable by the owner only (0600), and quiet when it cannot
    write: on a full disk or a read-only folder the till's own one-line error is what the
    person sees, not logging's "--- Logging error ---" traceback. The line still reaches the
    in-app view through ``tail``."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.chmod(self.baseFilename, 0o600)
        except OSError:
            pass
        return os.fdopen(fd, self.mode if "b" in self.mode else "a", encoding=self.encoding, errors=self.errors)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        self.failed = getattr(self, "failed", 0) + 1


def setup_logging(data_dir: Path) -> None:
    root = logging.getLogger("corner")
    for old in Path(data_dir).glob(LOG_FILE + "*"):  # a log an older version left readable by all
        try:
            if old.stat().st_mode & 0o077:
                old.chmod(0o600)
        except OSError:
            pass
    if getattr(root, "_corner_configured", None) == str(data_dir):
        return
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.setLevel(os.environ.get("CORNER_LOG_LEVEL", "INFO"))
    try:
        Path(data_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = PrivateFileHandler(Path(data_dir) / LOG_FILE, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
    except OSError:
        pass  # a read-only data dir still lets the till run; the in-app view keeps the lines
    root.addHandler(tail)
    # Our own handlers only: a library that configures the root logger (python-escpos does, on
    # import) must not start echoing the till's log on stderr.
    root.propagate = False
    root._corner_configured = str(data_dir)  # type: ignore[attr-defined]
