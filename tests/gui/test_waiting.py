"""Waiting for a background thread without freezing the window (workbench.ui.waiting)."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from workbench.errors import KnownError
from workbench.ui.waiting import FIRST_WAIT_S, off_thread, wait


def test_a_quick_answer_comes_without_an_event_loop(qtbot: QtBot) -> None:
    assert off_thread(lambda a, b: a + b, 2, b=3) == 5


def test_a_slow_answer_keeps_the_event_loop_running_and_ends_it_as_it_comes(qtbot: QtBot) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    release = threading.Event()
    finished: list[float] = []

    def slow() -> str:
        release.wait(5)
        finished.append(time.perf_counter())
        return "opened"

    QTimer.singleShot(150, release.set)  # from the window's own loop, which must be running meanwhile
    started = time.perf_counter()
    assert off_thread(slow) == "opened"
    returned = time.perf_counter()
    timer.stop()
    assert returned - started >= 0.13 > FIRST_WAIT_S  # (a coarse Qt timer may fire up to 5% early)
    assert len(ticks) >= 5  # the window's timers ran while it waited
    assert returned - finished[0] < 0.1  # woken by the answer (no polling interval, no lost wake-up)


def test_an_error_reaches_the_caller(qtbot: QtBot) -> None:
    def fails() -> None:
        time.sleep(FIRST_WAIT_S * 5)  # past the first wait: through the event loop
        raise KnownError("the project is damaged")

    with pytest.raises(KnownError, match="damaged"):
        off_thread(fails)


def test_many_waits_in_a_row_never_hang(qtbot: QtBot) -> None:
    """An answer that comes at any moment (before, during or after the loop starts) ends the wait."""
    for n in range(40):
        delay = (n % 8) * FIRST_WAIT_S / 2
        assert off_thread(lambda d=delay: time.sleep(d) or d) == delay
    from concurrent.futures import Future

    done: Future[int] = Future()
    done.set_result(7)
    assert wait(done) == 7
