"""Waiting for the core's worker without freezing the window.

Opening a project (its integrity and content checks), creating one and restoring a backup can take seconds:
``off_thread`` runs them on a background thread while the window keeps painting and running timers (a nested
event loop that takes no user input, so nothing the user does can start another action half-way through).
Only these long, file-level actions use it; the short ops of an edit run on the workspace's worker thread
while the window simply waits (a nested event loop inside a widget's handler could delete a dialog whose
handler is still running).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Signal

FIRST_WAIT_S = 0.004  # most answers come within this: no event loop is started for them
_io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="window-io")


class _Done(QObject):
    """Emitted from the background thread when the future is done; delivered queued to the window's thread."""

    done = Signal()


def wait[T](future: Future[T]) -> T:
    """The future's result; the event loop keeps running (without user input) until it is there. The loop ends
    as the answer comes (a signal from the thread that finished it), not at the next turn of a polling timer."""
    try:
        return future.result(timeout=FIRST_WAIT_S)
    except TimeoutError:
        pass
    loop = QEventLoop()
    signal = _Done()
    signal.done.connect(loop.quit)  # queued: the background thread emits it
    future.add_done_callback(lambda _f: signal.done.emit())  # at once if it is already done
    if not future.done():
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    return future.result()


def off_thread[T](fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` on a background thread (file and database work with no workspace yet)."""
    return wait(_io.submit(fn, *args, **kwargs))
