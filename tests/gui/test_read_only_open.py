"""A project that cannot be written opens read-only in the window, with the banner and no edit actions
(issue 10, item 1); its content damage is caught on open and never backed up as "ok" (item 8)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor

from workbench.errors import ProjectError
from workbench.ops import backup as backup_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops
from workbench.store import backup as store_backup
from workbench.store import lock as file_lock
from workbench.store import project as store_project
from workbench.ui.main_window import MainWindow

from .conftest import ARTICLES


def filled_project(path: Path) -> Path:
    project = project_ops.create_project(path)
    doc_ops.import_files(project, [ARTICLES])
    project.close()
    return path


def test_a_project_in_an_unwritable_folder_opens_read_only_with_the_banner_and_no_edit_actions(
        make_window: Callable[[], MainWindow], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    path = filled_project(folder / "archive.fcw")
    from workbench.ops import sources as src_ops

    with_source = project_ops.open_project(path)
    src_ops.create_source(with_source, "Salma Observer", reliability="C")
    with_source.close()
    # as root, chmod does not stop writes: the folder is reported unwritable the way os.access sees a read-only one
    monkeypatch.setattr(store_project.os, "access", lambda p, _m: Path(p) != folder)
    window = make_window()
    asked: list[str] = []

    def ask(title: str, _question: str) -> bool:
        asked.append(title)
        return False

    window.ask = ask  # type: ignore[method-assign]
    assert window.open_project_path(path)
    assert asked == []  # no question: it simply opens read-only
    assert window.project is not None and window.project.read_only
    assert window.durability.banner.isVisible()
    assert "cannot be written" in window.durability.banner.label.text()
    assert sorted(p.name for p in folder.iterdir()) == ["archive.fcw"]  # no -wal, -shm or lock beside it
    assert not file_lock.lock_path(path).exists()

    assert window.library.model.rowCount() > 0
    doc_id = doc_ops.list_documents(window.project)[0].id
    window.open_document(doc_id)
    cursor = window.reading.view.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(20, QTextCursor.MoveMode.KeepAnchor)
    window.reading.view.setTextCursor(cursor)
    for act in (window.act_import, window.act_import_folder, window.act_new_claim, window.act_metadata,
                window.act_mark_body, window.act_mark_comments, window.act_mark_boiler, window.act_supports,
                window.act_add_note, window.act_delete_claim):
        assert not act.isEnabled(), act.text()
    assert window.act_close.isEnabled() and window.act_export.isEnabled()
    assert not window.act_undo.isEnabled() and not window.act_redo.isEnabled()

    # the sources and the rating scale can be read, not changed
    from workbench.ui.rating_scale_dialog import RatingScaleDialog
    from workbench.ui.sources_dialog import SourcesDialog

    window.sources_dialog()
    sources = window.sources_window
    assert isinstance(sources, SourcesDialog) and sources.windowTitle() == "Sources (read-only)"
    sources.select_source(src_ops.list_sources(window.project)[0].id)
    assert sources.name.text() == "Salma Observer" and sources.track.isEnabled()
    assert not sources.new_button.isEnabled() and not sources.unused_button.isEnabled()
    assert not any(w.isEnabled() for w in (sources.name, sources.reliability, sources.delete_button))
    sources.close()
    window.rating_scale_dialog()
    scale = window.rating_scale_window
    assert isinstance(scale, RatingScaleDialog) and scale.windowTitle() == "Rating scale (read-only)"
    assert scale.table.rowCount() > 0
    assert not any(b.isEnabled() for b in (scale.ok_button, scale.add_button, scale.remove_button,
                                             scale.reset_button, scale.colour_button))
    scale.reject()
    window.close_project()
    assert not window.durability.banner.isVisible()


def test_content_damage_is_caught_on_open_and_never_backed_up_as_ok(
        make_window: Callable[[], MainWindow], tmp_path: Path) -> None:
    path = filled_project(tmp_path / "case.fcw")
    con = sqlite3.connect(path)
    con.execute("UPDATE documents SET original = CAST('The ministry denied everything.' AS BLOB)")
    con.commit()
    con.close()
    window = make_window()
    window.ask = lambda _title, _question: False  # type: ignore[method-assign]
    assert not window.open_project_path(path)
    assert window.project is None  # refused as damaged (it used to open, then be backed up as "ok")
    with pytest.raises(ProjectError, match="no longer matches its SHA-256"):
        backup_ops.make_backup(path)  # refused: a backup of damaged content is never written
    assert backup_ops.list_backups(path) == []
    # a copy of such content already among the backups (made by an older version) is not listed as "ok"
    folder = backup_ops.folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, folder / store_backup.backup_name(path, datetime.now(UTC)))
    (listed,) = backup_ops.list_backups(path)
    assert not listed.ok and "no longer matches its SHA-256" in listed.problem
    assert backup_ops.latest_good(path) is None


def test_a_lock_path_that_is_a_folder_opens_read_only_and_says_why(make_window: Callable[[], MainWindow],
                                                                   tmp_path: Path) -> None:
    path = filled_project(tmp_path / "case.fcw")
    file_lock.lock_path(path).mkdir()
    window = make_window()
    assert window.open_project_path(path)
    assert window.project is not None and window.project.read_only
    assert "its lock file cannot be used" in window.durability.banner.label.text()
    assert f"{file_lock.lock_path(path)} is a folder" in window.statusBar().currentMessage()
