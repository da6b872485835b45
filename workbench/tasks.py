"""Long work off the GUI thread: one worker thread, results back by signal.

``TaskRunner.submit(fn, ...)`` runs ``fn(progress, cancel)`` on the runner's single
worker thread. ``progress(done, total, text)`` may be called from the worker; the
runner re-emits it on the GUI thread. Setting ``cancel`` (a ``threading.Event``)
asks the function to stop at its next checkpoint.

Signals of ``Task``:
    progress(int done, int total, str text): from the worker, delivered queued.
    finished(object result): the function's return value.
    failed(object exception): the exception it raised.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

WorkFn = Callable[[Callable[[int, int, str], None], threading.Event], Any]


class Task(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: WorkFn, name: str) -> None:
        super().__init__()
        self.fn = fn
        self.name = name
        self.cancel_event = threading.Event()
        self.done = False

    def cancel(self) -> None:
        self.cancel_event.set()


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        task = self.task
        try:
            result = task.fn(task.progress.emit, task.cancel_event)
        except BaseException as exc:  # reported to the GUI, which decides
            task.done = True
            task.failed.emit(exc)
        else:
            task.done = True
            task.finished.emit(result)


class TaskRunner(QObject):
    """Owns the single worker thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._tasks: list[Task] = []

    def submit(self, fn: WorkFn, name: str = "") -> Task:
        task = Task(fn, name)
        self._tasks.append(task)
        task.finished.connect(lambda _r, t=task: self._forget(t))
        task.failed.connect(lambda _e, t=task: self._forget(t))
        self._pool.start(_Runnable(task))
        return task

    def _forget(self, task: Task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until all tasks are done (used when closing and in tests)."""
        for t in self._tasks:
            t.cancel()
        return self._pool.waitForDone(msecs)
