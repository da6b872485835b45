"""Segment ▸ Re-segment Document / Re-segment All Documents…: worker thread, confirmation, undo, refresh."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from tests.unit.ops.resegment_helpers import (
    CLAIM_QUOTE,
    badly_segmented,
    passages_of,
    read_differently,
)
from workbench.domain.model import SegmentKind
from workbench.ops import documents as doc_ops
from workbench.ops import resegment as reseg_ops
from workbench.ui.main_window import MainWindow

OPS_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ops"


def painted_segments(window: MainWindow) -> int:
    """Comment and boilerplate spans the reading pane paints de-emphasised."""
    return len(window.reading.view._segments.spans)


def kinds(window: MainWindow, start: int, end: int) -> set[SegmentKind]:
    segs = doc_ops.segments(window.project, window.current_document_id)  # type: ignore[arg-type]
    return {s.kind for s in segs if s.start < end and start < s.end}


@pytest.fixture
def threads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The threads ops.resegment ran on."""
    seen: list[str] = []
    real = reseg_ops.resegment

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(threading.current_thread().name)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reseg_ops, "resegment", spy)
    return seen


def test_resegment_the_open_document(qtbot: QtBot, window: MainWindow, threads: list[str]) -> None:
    case = badly_segmented(window.project)  # type: ignore[arg-type]
    window.refresh_all()
    window.open_document(case.doc_id)
    assert painted_segments(window) == 0  # the old importer saw only body
    highlights = window.reading.view.highlight_count
    menu = [a.text() for a in window.segment_menu.actions()]
    assert "&Re-segment Document" in menu and "Re-segment &All Documents…" in menu
    assert window.resegmenting.act_document.isEnabled()
    with qtbot.waitSignal(window.resegmenting.finished, timeout=30000) as blocker:
        window.resegmenting.act_document.trigger()
    (result,) = blocker.args[0]
    assert result.status == "re-segmented"
    assert threads and threads[0] != threading.main_thread().name  # off the GUI thread
    text = window.reading.document.text  # type: ignore[union-attr]
    assert painted_segments(window) >= 2  # comments and boilerplate now shown de-emphasised
    assert kinds(window, text.index("Abu Yazan"), text.index("Abu Yazan") + 9) == {SegmentKind.COMMENTS}
    assert kinds(window, *case.mark) == {SegmentKind.BODY}  # the user's mark still wins
    assert window.reading.view.highlight_count == highlights
    assert window.reading.view.selection_range() is None
    assert window.statusBar().currentMessage().startswith(f"re-segmented {case.doc_id[:8]}")
    # one step on the undo stack, named after the document
    undo = window.session.undo_stack
    assert undo.undoText() == "Re-segment “Clashes Reported Near Khirbet al-Nour…”"
    undo.undo()
    assert painted_segments(window) == 0 and kinds(window, 0, len(text)) == {SegmentKind.BODY}
    undo.redo()
    assert painted_segments(window) >= 2 and kinds(window, *case.mark) == {SegmentKind.BODY}
    assert passages_of(window.project, case.doc_id)  # type: ignore[arg-type]


def test_resegment_all_shows_what_would_change_first(qtbot: QtBot, window: MainWindow, threads: list[str]) -> None:
    project = window.project
    assert project is not None
    case = badly_segmented(project)
    doc_ops.import_files(project, [OPS_FIXTURES / "ain-jadid-shelling.txt"])
    window.refresh_all()
    with qtbot.waitSignal(window.resegmenting.planned, timeout=30000) as blocker:
        window.resegmenting.act_all.trigger()
    assert sorted(r.status for r in blocker.args[0]) == ["re-segmented", "unchanged"]
    dialog = window.resegmenting.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    lines = dialog.report.toPlainText().split("\n\n")  # one paragraph per document, those that change first
    assert lines[0].startswith(f"re-segmented {case.doc_id[:8]}") and lines[1].startswith("unchanged ")
    assert dialog.run_button.text() == "Re-segment 1 Document(s)"
    dialog.grab().save(str(Path("/tmp") / "resegment-confirm.png"))
    assert painted_segments_of(window, case.doc_id) == 0  # nothing changed yet: it was a dry run
    assert window.session.undo_stack.count() == 0
    with qtbot.waitSignal(window.resegmenting.finished, timeout=30000) as blocker:
        dialog.run_button.click()
    (result,) = blocker.args[0]  # only the document that changes is run
    assert result.document_id == case.doc_id and result.status == "re-segmented"
    assert all(t != threading.main_thread().name for t in threads) and len(threads) == 2
    assert painted_segments_of(window, case.doc_id) > 0
    assert window.session.undo_stack.count() == 1
    assert window.statusBar().currentMessage().startswith(f"re-segmented {case.doc_id[:8]}")


def painted_segments_of(window: MainWindow, doc_id: str) -> int:
    segs = doc_ops.segments(window.project, doc_id)  # type: ignore[arg-type]
    return sum(1 for s in segs if s.kind is not SegmentKind.BODY)


def test_declining_changes_nothing(qtbot: QtBot, window: MainWindow) -> None:
    case = badly_segmented(window.project)  # type: ignore[arg-type]
    window.refresh_all()
    with qtbot.waitSignal(window.resegmenting.planned, timeout=30000):
        window.resegmenting.act_all.trigger()
    dialog = window.resegmenting.confirm_dialog
    assert dialog is not None
    with qtbot.waitSignal(window.resegmenting.finished, timeout=5000) as blocker:
        dialog.reject()
    assert blocker.args[0] == []
    assert painted_segments_of(window, case.doc_id) == 0 and window.session.undo_stack.count() == 0


def test_a_new_reading_opens_the_new_version(qtbot: QtBot, window: MainWindow,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    project = window.project
    assert project is not None
    case = read_differently(project, monkeypatch)
    window.refresh_all()
    window.open_document(case.doc_id)
    assert window.reading.view.highlight_count == 3
    with qtbot.waitSignal(window.resegmenting.finished, timeout=30000) as blocker:
        window.resegmenting.act_document.trigger()
    (result,) = blocker.args[0]
    assert result.status == "new version"
    assert window.current_document_id == result.new_document_id  # the reading pane shows the new version
    assert window.library.model.rowCount() == 2
    assert window.reading.view.highlight_count == 2  # the share-line passage stayed behind as an orphan
    text = window.reading.document.text  # type: ignore[union-attr]
    assert CLAIM_QUOTE in text
    report = window.resegmenting.report
    assert report is not None and report.isVisible()
    lines = report.findChild(QPlainTextEdit, "importReport")
    assert lines is not None and "passages: 2 moved, 0 for review, 1 orphaned" in lines.toPlainText()
    report.close()
    window.session.undo_stack.undo()  # the passages go back to the old version
    assert passages_of(project, result.new_document_id) == {}
    assert window.reading.view.highlight_count == 0
