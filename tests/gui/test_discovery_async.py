"""Search and related passages run on the worker thread: the window never waits for them (issue 12: nothing blocks
the GUI thread over 50 ms, a 100,000-article project takes 150 ms for related passages), and an answer that
arrives after the user moved on is dropped."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from workbench.ops import claims as claim_ops
from workbench.ops import search as search_ops
from workbench.ui.main_window import MainWindow

from .conftest import doc_id_titled, import_and_wait

RELATED = sorted((Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "related").glob("*.txt"))


@pytest.fixture
def case(qtbot: QtBot, window: MainWindow) -> MainWindow:
    import_and_wait(qtbot, window, RELATED)
    return window


def _slow(fn, gate: threading.Event, done: list[str]):  # type: ignore[no-untyped-def]
    """``fn`` held until ``gate`` opens (5 s at most); ``done`` records each call that returned."""
    def slowed(*args, **kwargs):  # type: ignore[no-untyped-def]
        gate.wait(5)
        result = fn(*args, **kwargs)
        done.append(threading.current_thread().name)
        return result
    return slowed


def test_a_slow_search_never_freezes_the_window_and_a_stale_answer_is_dropped(
        qtbot: QtBot, case: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    panel = case.discovery.panel
    case.discovery.show_search()
    gate, done = threading.Event(), []
    monkeypatch.setattr(search_ops, "search", _slow(search_ops.search, gate, done))
    panel.query.setText("Hajin")
    panel.run()  # the first search waits on the gate
    panel.query.setText("Khasham")
    panel.run()  # the user typed on
    assert done == []  # the window did not wait: no search has returned while the gate is still shut
    with qtbot.waitSignal(panel.searched, timeout=10000):
        gate.set()
    assert panel.model.hits and all(h.entity in ("Khasham", "") for h in panel.model.hits)
    assert {h.matched_variant for h in panel.model.hits} & {"Khasham", "Khusham", "Ksham"}


def test_related_passages_are_computed_off_the_gui_thread(qtbot: QtBot, case: MainWindow,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    window = case
    doc = doc_id_titled(window, "Clashes Erupt")
    quote = "heavy clashes broke out between government troops"
    claim_id = window.session.apply(claim_ops.create_claim_from_passage, doc,
                                    *claim_ops.locate_quote(window.project, doc, quote), undo="New claim")
    related = window.discovery.related
    gate, threads = threading.Event(), []
    real = search_ops.related_passages

    done: list[str] = []

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        gate.wait(5)
        result = real(*args, **kwargs)
        done.append(threads[-1])
        return result

    monkeypatch.setattr(search_ops, "related_passages", watched)
    window.discovery.act_related.trigger()
    window.claims.select_claim(claim_id)
    assert done == []  # selecting returned while the suggestion still waits on the gate
    assert "Looking for passages related to" in related.header.text()
    with qtbot.waitSignal(related.shown, timeout=10000):
        gate.set()
    assert related.model.rowCount() > 0 and threads and threads[0] != threading.main_thread().name
