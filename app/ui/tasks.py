"""The one way to run work off the UI thread.

``run_task(fn, on_done, on_error=None, progress=None)`` runs ``fn`` in the global
thread pool and delivers its result (or exception) on the main thread. ``fn`` may
take a ``Task`` argument (``wants_task=True``) to report progress and check
``task.cancelled``. Never touch a widget from ``fn``.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger("corner.ui.tasks")


class Task(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)  # done, total

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)


class _Runner(QRunnable):
    def __init__(self, task: Task, fn: Callable[..., Any], wants_task: bool) -> None:
        super().__init__()
        self.task, self.fn, self.wants_task = task, fn, wants_task

    def run(self) -> None:
        try:
            result = self.fn(self.task) if self.wants_task else self.fn()
        except Exception as exc:  # delivered to the main thread, logged there
            self.task.failed.emit(exc)
        else:
            self.task.finished.emit(result)


_live: set[Task] = set()


def run_task(
    fn: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    wants_task: bool = False,
) -> Task:
    task = Task()
    _live.add(task)

    def done(result: Any) -> None:
        _live.discard(task)
        on_done(result)

    def failed(exc: Exception) -> None:
        _live.discard(task)
        if on_error is None:
            log.error("background task failed", exc_info=exc)
        else:
            on_error(exc)

    task.finished.connect(done)
    task.failed.connect(failed)
    if progress is not None:
        task.progressed.connect(progress)
    QThreadPool.globalInstance().start(_Runner(task, fn, wants_task))
    return task
