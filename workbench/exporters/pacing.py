"""Long pure-Python work on a worker thread that leaves the window its share of the interpreter lock.

A thread running Python holds the interpreter lock (GIL) and hands it over only when asked (every 5 ms) or when
it blocks. While an export renders on the Export dialog's worker thread, the GUI thread needs the lock for every
timer, paint or signal that reaches Python; on a loaded 2-core machine it was measured waiting 40-400 ms for it
while a 500-claim HTML report rendered (issue 15: no stall over 50 ms), although no single step of the render
held the lock longer than a few milliseconds. ``paced(pieces)`` passes ``pieces`` through and, off the main
thread, every ``SLICE_S`` of work sleeps ``PAUSE_S``: a real wait that releases the lock, so a thread waiting for
it takes it at once. On the main thread (the command line, which has no window) it does nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator

SLICE_S = 0.004  # work between two pauses
PAUSE_S = 0.0005  # long enough for a waiting thread to take the lock


def paced[T](pieces: Iterable[T]) -> Iterator[T]:
    """``pieces``, with a short sleep every ``SLICE_S`` when not on the main thread."""
    if threading.current_thread() is threading.main_thread():
        yield from pieces
        return
    clock = time.perf_counter
    due = clock() + SLICE_S
    for piece in pieces:
        yield piece
        if clock() >= due:
            time.sleep(PAUSE_S)
            due = clock() + SLICE_S
