"""Long work off the GUI thread without the cyclic garbage collector's pauses.

A full collection walks every object the interpreter tracks while holding the interpreter lock: during an export
of 500 claims (hundreds of thousands of short-lived objects) the automatic collections froze the window for
70-220 ms at a time although the export ran on a worker thread (issue 15: no stall over 50 ms). The work's
objects are freed by reference counting when it ends, so the collector is paused while it runs (process-wide, as
the collector is; nested and concurrent uses count) and collections resume afterwards.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextmanager
def paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def hold() -> Callable[[], None]:
    """``paused()`` for a span that is not one block of code (the window's start, until its first paint): the
    collector stays paused until the returned function is called (once; later calls do nothing)."""
    context = paused()
    context.__enter__()
    released = threading.Event()

    def release() -> None:
        if not released.is_set():
            released.set()
            context.__exit__(None, None, None)

    return release
