"""The worker-thread runner never loses a result, progress arrives on the GUI thread, cancel stops work."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from workbench.tasks import TaskRunner


def test_result_is_delivered_even_if_connected_after_a_fast_task_could_have_finished(qtbot: QtBot) -> None:
    runner = TaskRunner()
    task = runner.submit(lambda _progress, _cancel: 42, "fast")
    # A worker that had started at submit() is done once its pool is idle (no sleep needed to be sure):
    # its result would have been emitted to nobody and the wait below would time out.
    assert runner._pool.waitForDone(5000)
    with qtbot.waitSignal(task.finished, timeout=5000) as blocker:
        pass
    assert blocker.args == [42]
    assert not runner.busy


def test_progress_failure_and_cancel(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: list[tuple[int, int, str]] = []
    gui_thread = threading.current_thread()
    threads: list[threading.Thread] = []

    def work(progress, cancel: threading.Event) -> int:  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        done = 0
        for i in range(1000):
            if cancel.is_set():
                break
            progress(i, 1000, f"item {i}")
            if i >= 2:
                # After three reports the work waits for the cancel (at most 10 s): however slow the machine,
                # the task cannot run to its end before the test cancels it (on CI's loaded runner it once did,
                # and its "finished" came before the wait for it).
                cancel.wait(10)
            done += 1
        return done

    results: list[int] = []
    task = runner.submit(work, "long", progress=lambda d, t, n: seen.append((d, t, n)), finished=results.append)
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=10000)
    task.cancel()
    qtbot.waitUntil(lambda: bool(results), timeout=10000)  # recorded from the start: it cannot be missed
    assert results == [3]  # the three reported items, then stopped at the next checkpoint
    assert seen == [(i, 1000, f"item {i}") for i in range(3)]
    assert threads and threads[0] is not gui_thread

    def boom(_progress, _cancel):  # type: ignore[no-untyped-def]
        raise ValueError("broken input")

    failed = runner.submit(boom, "boom")
    with qtbot.waitSignal(failed.failed, timeout=5000) as blocker:
        pass
    assert isinstance(blocker.args[0], ValueError)


def test_wait_runs_queued_tasks_with_cancel_set(qtbot: QtBot) -> None:
    runner = TaskRunner()
    ran: list[bool] = []
    runner.submit(lambda _p, cancel: ran.append(cancel.is_set()), "queued")
    assert runner.wait(5000)
    assert ran == [True]
