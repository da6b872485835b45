"""Issue 16, item 6: the smaller surprises of the core loop, each through the real widgets.

- Escape in a filled evidence dialog asks "Discard this evidence?"; an untouched one closes at once.
- The PDF report's Author property is the report author setting, else the project's name.
- New Project opens in the user's documents folder, not in the app's data folder (where the demo lives).
- After a dialog closes, the next shortcut works without clicking the window first (no window manager).

(The library's Title column squeezed by a long publisher is in library.py, changed by its owner.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from workbench.ops import claims as claim_ops
from workbench.ops import evidence as ev_ops
from workbench.ops.project import create_project
from workbench.ui.evidence_dialog import EvidenceDialog
from workbench.ui.export_dialog import ExportDialog
from workbench.ui.main_window import MainWindow

from .test_current_claim import EVIDENCE, _range, _two_claims


def _answer_later(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Answer the next message box (run from a timer while it is modal)."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), box
        seen.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, answer)


def _open_url_dialog(qtbot: QtBot, window: MainWindow) -> EvidenceDialog:
    window.reading.view.setFocus()
    qtbot.keyClick(window.reading.view, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    dialog = window.evidence_dialog_window
    assert isinstance(dialog, EvidenceDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_escape_asks_before_discarding_a_filled_evidence_dialog(qtbot: QtBot, window: MainWindow,
                                                               tmp_path: Path) -> None:
    a, _b = _two_claims(qtbot, window, tmp_path)
    # untouched (the access date is filled in by the dialog): Escape closes at once
    dialog = _open_url_dialog(qtbot, window)
    qtbot.keyClick(dialog.url, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    # filled: Escape asks; No keeps everything, Yes discards
    dialog = _open_url_dialog(qtbot, window)
    qtbot.keyClicks(dialog.url, "https://deirezzor24.example/khasham-handover")
    seen: list[str] = []
    _answer_later(QMessageBox.StandardButton.No, seen)
    qtbot.keyClick(dialog.url, Qt.Key.Key_Escape)
    assert seen == ["Discard this evidence?"]
    assert dialog.isVisible() and dialog.url.text() == "https://deirezzor24.example/khasham-handover"
    _answer_later(QMessageBox.StandardButton.No, seen)  # Cancel asks too
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert len(seen) == 2 and dialog.isVisible()
    _answer_later(QMessageBox.StandardButton.Yes, seen)
    qtbot.keyClick(dialog.url, Qt.Key.Key_Escape)
    assert len(seen) == 3
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ev_ops.evidence_views(window.project, a) == []
    # a saved piece of evidence, reopened for editing and left unchanged, closes at once
    dialog = _open_url_dialog(qtbot, window)
    dialog.url.setText("https://deirezzor24.example/khasham-handover")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    view = ev_ops.evidence_views(window.project, a)[0]
    window.evidence_dialog("url", view)
    edit = window.evidence_dialog_window
    assert isinstance(edit, EvidenceDialog)
    qtbot.waitExposed(edit)
    qtbot.keyClick(edit.title, Qt.Key.Key_Escape)
    assert not edit.isVisible() and len(seen) == 3


def _export_pdf(qtbot: QtBot, window: MainWindow, target: Path, author: str) -> PdfReader:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.reading.view.setFocus()
    qtbot.keyClick(window.reading.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.export_window
    assert isinstance(dialog, ExportDialog)
    dialog.set_scope("current")
    dialog.set_format("pdf")
    dialog.include_drafts.setChecked(True)  # the claims are drafts: this test is about the PDF's author
    dialog.author.setText(author)
    dialog.path.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=30000):
        dialog.export_button.click()
    dialog.close()
    qtbot.waitUntil(lambda: window.export_window is not dialog or not dialog.isVisible())
    return PdfReader(str(target))


def test_the_pdf_reports_author_is_the_report_author_or_the_project(qtbot: QtBot, window: MainWindow,
                                                                   tmp_path: Path) -> None:
    _two_claims(qtbot, window, tmp_path)
    pdf = _export_pdf(qtbot, window, tmp_path / "with-author.pdf", "Euphrates Check Desk")
    assert pdf.metadata is not None and pdf.metadata["/Author"] == "Euphrates Check Desk"
    assert pdf.metadata.author == "Euphrates Check Desk"
    pdf = _export_pdf(qtbot, window, tmp_path / "without-author.pdf", "")
    assert pdf.metadata is not None and pdf.metadata.author == "case"  # the project, case.fcw


def _answer_file_dialog(name: str, seen: list[str]) -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog), dialog
        seen.append(dialog.directory().absolutePath())
        if not name:
            dialog.reject()
            return
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        assert edit is not None
        edit.setText(name)
        dialog.accept()

    QTimer.singleShot(0, answer)


def test_new_project_opens_in_the_documents_folder_not_the_apps_data_folder(
        qtbot: QtBot, make_window, settings: QSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.paths import data_dir, demo_project_path

    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setenv("WORKBENCH_DOCUMENTS_DIR", str(documents))
    demo = demo_project_path()
    demo.parent.mkdir(parents=True, exist_ok=True)
    create_project(demo).close()
    window = make_window()
    assert window.open_project_path(demo)  # as on first start: the demo project is the only recent one
    assert window.recent_projects() == [str(demo.resolve())]
    seen: list[str] = []
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    _answer_file_dialog("Khasham desk", seen)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == [str(documents)]
    assert not Path(seen[0]).is_relative_to(data_dir())
    assert window.project is not None and window.project.path == documents / "Khasham desk.fcw"
    # the next new project goes beside the user's latest one
    mine = tmp_path / "cases" / "syria.fcw"
    mine.parent.mkdir()
    assert window.new_project_path(mine)
    _answer_file_dialog("", seen)
    window.act_new.trigger()
    assert seen[1] == str(mine.parent)


def test_a_shortcut_works_right_after_a_dialog_closes(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    """Without a window manager nothing was active after a dialog closed: the next shortcut was lost until the
    window was clicked. The window and the widget that had the focus get it back."""
    a, _b = _two_claims(qtbot, window, tmp_path)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view = window.reading.view
    view.setFocus()

    def close_with_escape() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    for open_dialog in (Qt.Key.Key_M, Qt.Key.Key_4):  # Document Metadata (exec), web page evidence (open)
        view.select_range(*_range(window, EVIDENCE))
        QTimer.singleShot(50, close_with_escape)
        qtbot.keyClick(view, open_dialog, Qt.KeyboardModifier.ControlModifier | (
            Qt.KeyboardModifier.ShiftModifier if open_dialog == Qt.Key.Key_M else Qt.KeyboardModifier.NoModifier))
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
        qtbot.wait(20)  # the event loop runs once, as between two key presses
        assert QApplication.activeWindow() is window
        assert QApplication.focusWidget() is view
        before = len(claim_ops.claim_links(window.project, a))
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        assert len(claim_ops.claim_links(window.project, a)) == before + 1
        window.act_undo.trigger()
