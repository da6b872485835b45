"""Long work off the GUI thread: one worker thread, results back by signal.

``TaskRunner.submit(fn, ...)`` runs ``fn(progress, cancel)`` on the runner's single
worker thread. The work starts on the next turn of the event loop, so the caller
can connect the task's signals after ``submit`` returns without missing a result
(a fast task could otherwise finish before ``finished`` is connected).
``progress(done, total, text)`` may be called from the worker; the
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

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

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
        self._pending: list[_Runnable] = []

    def submit(self, fn: WorkFn, name: str = "", *, finished: Callable[[Any], None] | None = None,
               failed: Callable[[object], None] | None = None,
               progress: Callable[[int, int, str], None] | None = None) -> Task:
        """Queue ``fn`` for the worker thread; callbacks may be given here or connected on the returned task."""
        task = Task(fn, name)
        self._tasks.append(task)
        task.finished.connect(lambda _r, t=task: self._forget(t))
        task.failed.connect(lambda _e, t=task: self._forget(t))
        if finished is not None:
            task.finished.connect(finished)
        if failed is not None:
            task.failed.connect(failed)
        if progress is not None:
            task.progress.connect(progress)
        self._pending.append(_Runnable(task))
        QTimer.singleShot(0, self._start_pending)
        return task

    def _start_pending(self) -> None:
        while self._pending:
            self._pool.start(self._pending.pop(0))

    def _forget(self, task: Task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def wait(self, msecs: int = 30000) -> bool:
        """Ask every task to stop, and block until all are done (used when closing and in tests)."""
        for t in self._tasks:
            t.cancel()
        self._start_pending()  # a queued task runs and sees the cancel at its first checkpoint
        return self._pool.waitForDone(msecs)
