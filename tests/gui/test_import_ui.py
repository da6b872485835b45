"""Import from the dialog, by drag and drop, whole folders; report and cancel."""

from __future__ import annotations

import shutil
import time
import warnings
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QPushButton
from pytestqt.qtbot import QtBot

from workbench.ops import documents as doc_ops
from workbench.ops.documents import ImportStatus
from workbench.ui.main_window import MainWindow

from .conftest import ARTICLES, import_and_wait


def test_import_from_file_dialog(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [str(ARTICLES / "bridge-report.txt")]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (files, ""))
    with qtbot.waitSignal(window.import_finished, timeout=20000):
        window.act_import.trigger()
    assert window.library.model.rowCount() == 1
    assert window.current_document_id  # the first import opens
    assert "Militia Says" in window.reading.header.text()


def test_import_folder_dialog(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch,
                              tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(ARTICLES / "bridge-report.txt", folder / "a.txt")
    shutil.copy(ARTICLES / "bridge-followup.txt", folder / "sub" / "b.txt")
    (folder / "notes.xyz").write_text("not an article")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    with qtbot.waitSignal(window.import_finished, timeout=20000) as blocker:
        window.act_import_folder.trigger()
    assert sorted(Path(o.path).name for o in blocker.args[0]) == ["a.txt", "b.txt"]
    assert window.library.model.rowCount() == 2


def _drop(window: MainWindow, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    with warnings.catch_warnings():  # Qt 6 marks the QPoint constructor deprecated, with no successor
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(QPointF(50, 50).toPoint(), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)


def test_drag_and_drop_imports(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.import_finished, timeout=20000):
        _drop(window, [ARTICLES / "bridge-report.txt", ARTICLES / "bridge-followup.txt"])
    assert window.library.model.rowCount() == 2


def test_rejected_and_duplicate_files_are_reported(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    outcomes = import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt", binary, empty])
    assert [o.status for o in outcomes] == [ImportStatus.IMPORTED, ImportStatus.REJECTED, ImportStatus.REJECTED]
    report = window.import_report.findChild(type(window.reading.view).__mro__[1], "importReport")
    text = report.toPlainText()
    assert "photo.txt" in text and "binary" in text
    assert "empty.txt" in text and "empty" in text
    window.import_report.close()
    # the same bytes again: a duplicate, not a second document
    outcomes = import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt"])
    assert outcomes[0].status is ImportStatus.DUPLICATE
    assert window.library.model.rowCount() == 1
    assert "already" in window.statusBar().currentMessage()


def test_cancel_stops_a_long_import(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    real_import_file = doc_ops.import_file

    def slow_import_file(*args, **kwargs):  # a slow disk: each file takes 30 ms
        time.sleep(0.03)
        return real_import_file(*args, **kwargs)

    monkeypatch.setattr(doc_ops, "import_file", slow_import_file)
    folder = tmp_path / "many"
    folder.mkdir()
    base = (ARTICLES / "bridge-report.txt").read_text(encoding="utf-8")
    for i in range(60):
        (folder / f"a{i:03}.txt").write_text(f"{base}\nCopy number {i}.\n", encoding="utf-8")
    cancelled = []

    def cancel_on_first_progress(done: int, _total: int, _name: str) -> None:
        if done >= 1 and not cancelled:
            cancelled.append(done)
            button = window.import_progress.findChild(QPushButton)
            assert button is not None and button.text() == "Cancel"
            button.click()

    with qtbot.waitSignal(window.import_finished, timeout=30000) as blocker:
        window.import_paths([folder])
        window._import_task.progress.connect(cancel_on_first_progress)
    n = len(blocker.args[0])
    assert 1 <= n < 60
    assert len(doc_ops.list_documents(window.project)) == n
    assert "cancelled" in window.statusBar().currentMessage()


def test_import_without_project_says_what_to_do(make_window) -> None:
    w = make_window()
    w.import_paths([ARTICLES / "bridge-report.txt"])
    assert "project" in w.last_error.lower()
