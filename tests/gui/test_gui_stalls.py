"""No SQL on the GUI thread while the user opens a project, edits, undoes, redoes or restores a backup
(issue 11): every statement runs on the core's worker thread (or the window's I/O thread) while the window's
event loop keeps painting. Every SQLite connection made during a test records the thread of each statement.

How long the window stops painting is a timing, measured by ``make bench``
(tests/benchmarks/test_bench_gui_stall.py, budget 50 ms); here the rule itself is checked.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from workbench.ops import backup as backup_ops
from workbench.ops import sources as src_ops
from workbench.ops.project import create_project
from workbench.ui import durability
from workbench.ui.main_window import MainWindow


def big_project(path: Path, documents: int = 150, size: int = 40_000) -> Path:
    """A project whose open check takes longer than 50 ms (its content check alone may take 0.25 s)."""
    project = create_project(path)
    with project.write() as db:
        for i in range(documents):
            text = ("Residents said the bridge at Khirbet Salma was blown up overnight. " * (size // 66))[:size]
            original = f"{text} {i}".encode()
            db.table("documents").insert({"id": f"d{i:04}", "sha256": hashlib.sha256(original).hexdigest(),
                                          "original": original, "text": f"{text} {i}", "title": f"Report {i}",
                                          "imported_at": "2024-03-01T00:00:00Z", "size": len(original)})
    project.close()
    return path


class SqlThreads:
    """Records, for every statement on every connection opened while installed, the thread that ran it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.on_gui: list[str] = []
        self.elsewhere = 0
        self.gui = threading.get_ident()
        real = sqlite3.connect

        def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
            conn = real(*args, **kwargs)
            conn.set_trace_callback(self._trace)
            return conn

        monkeypatch.setattr(sqlite3, "connect", connect)

    def _trace(self, statement: str) -> None:
        if threading.get_ident() == self.gui:
            self.on_gui.append(statement)
        else:
            self.elsewhere += 1

    def reset(self) -> None:
        self.on_gui.clear()
        self.elsewhere = 0


@pytest.fixture
def sql(monkeypatch: pytest.MonkeyPatch) -> SqlThreads:
    return SqlThreads(monkeypatch)


@pytest.fixture
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return big_project(tmp_path_factory.mktemp("big") / "desk.fcw")


def test_opening_a_project_runs_no_sql_on_the_gui_thread(make_window: Callable[[], MainWindow], big: Path,
                                                         sql: SqlThreads, qtbot: QtBot) -> None:
    window = make_window()
    assert window.open_project_path(big)
    qtbot.wait(50)
    assert window.project is not None and len(window.library.model.docs) == 150
    assert sql.elsewhere > 20  # the checks, the library, the first document
    assert sql.on_gui == []


def test_editing_undoing_and_redoing_run_no_sql_on_the_gui_thread(make_window: Callable[[], MainWindow],
                                                                  big: Path, sql: SqlThreads, qtbot: QtBot) -> None:
    window = make_window()
    assert window.open_project_path(big)
    qtbot.wait(50)
    sql.reset()
    for i in range(5):
        window.session.apply(src_ops.create_source, f"Outlet {i}", reliability="C", undo="Add source")
    window.act_undo.trigger()
    window.act_redo.trigger()
    qtbot.wait(50)
    assert window.last_error == ""
    assert len(window.session.query(src_ops.list_sources, default=[])) == 5
    assert sql.elsewhere > 10
    assert sql.on_gui == []


def test_restoring_a_backup_runs_no_sql_on_the_gui_thread(make_window: Callable[[], MainWindow], big: Path,
                                                          tmp_path: Path, sql: SqlThreads,
                                                          monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    backup_ops.make_backup(big)
    [backup] = backup_ops.list_backups(big)
    window = make_window()
    target = tmp_path / "restored.fcw"
    monkeypatch.setattr(durability, "ask_save_path", lambda *_a: target)
    sql.reset()
    assert window.durability.restore_backup(backup) == target
    qtbot.wait(50)
    assert window.project is not None and window.project.path == target
    assert sql.on_gui == []


def test_the_export_dialogs_preview_runs_no_sql_on_the_gui_thread(sql: SqlThreads,
                                                                  make_window: Callable[[], MainWindow],
                                                                  tmp_path: Path, qtbot: QtBot,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 15: the preview (the report read and rendered) is made on the worker thread, not while the dialog
    opens or the format changes on the GUI thread (it froze the window ~100-170 ms)."""
    from workbench.ops import reports
    from workbench.ops.project import build_demo
    from workbench.ui import export_dialog
    from workbench.ui.export_dialog import ExportDialog

    threads: list[int] = []
    for module, name in ((reports, "build_report"), (export_dialog, "render_html"),
                         (export_dialog, "render_markdown_report")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, **k: threads.append(threading.get_ident())
                            or _real(*a, **k))

    build_demo(tmp_path / "demo.fcw").close()
    window = make_window()
    assert window.open_project_path(tmp_path / "demo.fcw")
    qtbot.wait(50)
    sql.reset()
    window.act_export.trigger()
    dialog = window.export_window
    assert isinstance(dialog, ExportDialog)
    dialog.set_scope("project")
    dialog.include_drafts.setChecked(True)
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        dialog.update_preview()
    assert "DRAFT" in dialog.preview.toPlainText()
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        dialog.set_format("md")
    assert sql.elsewhere > 0
    assert sql.on_gui == []
    assert len(threads) >= 4 and threading.get_ident() not in threads  # read and rendered off the GUI thread
    dialog.close()
