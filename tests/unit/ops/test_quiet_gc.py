"""ops.quiet_gc: the collector is paused while long work runs, nested and from several threads, and resumes
after (also when the work fails); a collector the app had turned off stays off."""

from __future__ import annotations

import gc
import threading

import pytest

from workbench.ops import quiet_gc


def test_paused_nested_and_resumed_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), quiet_gc.paused():
        assert not gc.isenabled()
        with quiet_gc.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
        raise RuntimeError("the export failed")
    assert gc.isenabled()


def test_two_threads_resume_only_when_both_are_done() -> None:
    inside, release = threading.Event(), threading.Event()

    def work() -> None:
        with quiet_gc.paused():
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=work)
    worker.start()
    inside.wait(5)
    with quiet_gc.paused():
        pass
    assert not gc.isenabled()  # the other thread's work still runs
    release.set()
    worker.join()
    assert gc.isenabled()


def test_a_collector_turned_off_stays_off() -> None:
    gc.disable()
    try:
        with quiet_gc.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_hold_lasts_until_released_once_and_nests_with_paused() -> None:
    release = quiet_gc.hold()
    assert not gc.isenabled()
    with quiet_gc.paused():
        pass
    assert not gc.isenabled()  # the hold is still on
    release()
    assert gc.isenabled()
    with quiet_gc.paused():
        release()  # a second release does nothing: the block's pause stays
        assert not gc.isenabled()
    assert gc.isenabled()
