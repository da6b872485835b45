"""The window's import: an importer's bug rejects only its file; the summary says what happened, no more."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from tests.unit.ops.test_import_batch import PAGE, broken_importer
from workbench import importers, logfile
from workbench.importers import sandbox
from workbench.ops.documents import ImportStatus
from workbench.ui.dialogs import import_summary
from workbench.ui.main_window import MainWindow

from .conftest import ARTICLES, import_and_wait


def test_an_importer_bug_is_one_line_of_the_report(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "IN_PROCESS", True)  # the replaced importer runs here, not in the sandbox
    monkeypatch.setitem(importers._IMPORTERS, "html", broken_importer)
    shutil.copy(ARTICLES / "bridge-report.txt", tmp_path / "a-report.txt")
    (tmp_path / "b-page.html").write_bytes(PAGE)
    shutil.copy(ARTICLES / "bridge-followup.txt", tmp_path / "c-followup.txt")
    files = [tmp_path / "a-report.txt", tmp_path / "b-page.html", tmp_path / "c-followup.txt"]
    outcomes = import_and_wait(qtbot, window, files)
    assert [o.status for o in outcomes] == [ImportStatus.IMPORTED, ImportStatus.REJECTED, ImportStatus.IMPORTED]
    assert window.library.model.rowCount() == 2  # the other files are imported
    assert window.statusBar().currentMessage() == "2 imported, 1 rejected."
    report = window.import_report.findChild(QPlainTextEdit, "importReport")
    assert report is not None
    assert report.toPlainText() == (f"rejected  {files[1]}: internal error in the HTML importer — details in "
                                    "the log")
    window.import_report.close()
    log = logfile.log_path().read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "IndexError: list index out of range" in log


def test_a_finished_import_is_not_called_cancelled(qtbot: QtBot, window: MainWindow) -> None:
    # closing the progress dialog emits its canceled signal: that used to mark every import "(cancelled)"
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt", ARTICLES / "bridge-followup.txt"])
    assert window.statusBar().currentMessage() == "2 imported."
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt"])
    assert window.statusBar().currentMessage() == "0 imported, 1 already in the project."
    window.import_report.close()


@pytest.mark.parametrize(("counts", "cancelled", "total", "summary"), [
    ((3, 0, 0), False, 3, "3 imported."),
    ((2, 0, 1), False, 3, "2 imported, 1 rejected."),
    ((0, 1, 0), False, 1, "0 imported, 1 already in the project."),
    ((1, 1, 1), False, 3, "1 imported, 1 already in the project, 1 rejected."),
    ((4, 0, 0), True, 60, "Import cancelled after 4 of 60 file(s): 4 imported."),
    ((4, 0, 1), True, 60, "Import cancelled after 5 of 60 file(s): 4 imported, 1 rejected."),
])
def test_import_summary_wording(counts: tuple[int, int, int], cancelled: bool, total: int, summary: str) -> None:
    assert import_summary(*counts, total=total, cancelled=cancelled) == summary
    assert "0 rejected" not in import_summary(*counts, total=total, cancelled=cancelled)


def test_cancel_kills_the_import_process_reading_a_hostile_page(qtbot: QtBot, window: MainWindow,
                                                               tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(ARTICLES / "bridge-report.txt", inbox / "a-report.txt")
    (inbox / "b-crowded.html").write_bytes(  # minutes to read in the app's own process before the sandbox
        b"<!DOCTYPE html><html><body>" + b"<div><p>Khasham</p></div>" * 300_000 + b"</body></html>")
    shutil.copy(ARTICLES / "bridge-followup.txt", inbox / "c-followup.txt")
    window.import_paths(sorted(inbox.iterdir()))
    qtbot.waitUntil(lambda: "b-crowded.html" in window.import_progress.labelText(), timeout=10000)
    qtbot.wait(300)  # being read in the sandbox's process now
    t0 = time.monotonic()
    with qtbot.waitSignal(window.import_finished, timeout=5000) as blocker:
        window.import_progress.canceled.emit()  # what its Cancel button emits
    assert time.monotonic() - t0 < 2  # not the page's minutes, nor the 30 s limit
    assert [Path(o.path).name for o in blocker.args[0]] == ["a-report.txt"]
    assert window.statusBar().currentMessage().startswith("Import cancelled after")


def test_a_large_batch_shows_its_progress_before_the_work_starts(qtbot: QtBot, window: MainWindow,
                                                                 tmp_path: Path) -> None:
    """A batch of PROGRESS_AT_ONCE files or more (or a folder) shows its progress at once, painted before the
    import thread starts; a small batch shows it only if it takes long (and two articles do not)."""
    from workbench.ui import main_window

    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt", ARTICLES / "bridge-followup.txt"])
    folder = tmp_path / "batch"
    folder.mkdir()
    source = (ARTICLES / "bridge-report.txt").read_text(encoding="utf-8")
    files = []
    for n in range(main_window.PROGRESS_AT_ONCE):
        files.append(folder / f"copy-{n:02}.txt")
        files[-1].write_text(f"{source}\nCopy {n}.\n", encoding="utf-8")
    with qtbot.waitSignal(window.import_finished, timeout=30000) as blocker:
        window.import_paths(files)
        assert window.import_progress.isVisible()  # on screen as import_paths returns
    assert len(blocker.args[0]) == main_window.PROGRESS_AT_ONCE
    assert window.statusBar().currentMessage() == f"{main_window.PROGRESS_AT_ONCE} imported."
    small = [folder / "copy-00.txt", folder / "copy-01.txt"]
    with qtbot.waitSignal(window.import_finished, timeout=30000):
        window.import_paths(small)
        assert not window.import_progress.isVisible()
    with qtbot.waitSignal(window.import_finished, timeout=30000):
        window.import_paths([folder], progress_at_once=True)  # File ▸ Import Folder
        assert window.import_progress.isVisible()
