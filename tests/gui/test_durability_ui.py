"""Durability and safety through the real window.

Opening damaged, foreign, newer, locked and read-only files (the right message and offer), the
read-only banner, restore from backup, save a copy, automatic backups, a full disk, the
re-anchoring offer and the Passages to Review view, and a spy on Qt's resource loading proving that
no file or URL named in a document is ever read.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout
from pytestqt.qtbot import QtBot

from tests.unit.importers.test_hostile import Canary, references
from workbench.ops import backup as backup_ops
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops
from workbench.store import lock as file_lock
from workbench.store import migrations
from workbench.store import project as store_project
from workbench.ui import durability
from workbench.ui.main_window import MainWindow

from .conftest import ARTICLES, import_and_wait

ROOT = Path(__file__).resolve().parents[2]


class Asked:
    """Records ``MainWindow.ask`` calls and answers with ``answer``."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.calls: list[tuple[str, str]] = []

    def __call__(self, title: str, question: str) -> bool:
        self.calls.append((title, question))
        return self.answer

    @property
    def titles(self) -> list[str]:
        return [t for t, _ in self.calls]


def filled_project(path: Path) -> Path:
    project = project_ops.create_project(path)
    doc_ops.import_files(project, [ARTICLES])
    project.close()
    return path


def opened(make_window: Callable[[], MainWindow], path: Path, answer: bool) -> tuple[MainWindow, Asked, bool]:
    window = make_window()
    asked = Asked(answer)
    window.ask = asked
    ok = window.open_project_path(path)
    return window, asked, ok


# ----------------------------------------------------------------------------------- opening files


def test_a_damaged_file_offers_the_latest_backup_and_keeps_the_damaged_one(
        qtbot: QtBot, make_window: Callable[[], MainWindow], tmp_path: Path) -> None:
    path = filled_project(tmp_path / "case.fcw")
    backup = backup_ops.make_backup(path)
    path.write_bytes(path.read_bytes()[:9000])  # truncated by a failing disk
    damaged = path.read_bytes()

    window, asked, ok = opened(make_window, path, answer=False)
    assert not ok and window.project is None
    assert asked.titles == ["Restore from backup"]
    question = asked.calls[0][1]
    assert "case.fcw is damaged" in question and "2 document(s) and 0 claim(s)" in question
    assert "case.fcw.damaged-" in question
    assert path.read_bytes() == damaged  # declined: nothing changed

    asked.answer = True
    assert window.open_project_path(path)
    assert window.project is not None and not window.project.read_only
    assert window.library.model.rowCount() == 2
    # the refused open wrote nothing: the backup's read left an empty -wal and its -shm, moved aside too
    (aside,) = [p for p in tmp_path.glob("case.fcw.damaged-*") if not p.name.endswith(("-wal", "-shm"))]
    assert aside.read_bytes() == damaged
    assert "damaged file was kept as case.fcw.damaged-" in window.statusBar().currentMessage()
    assert backup.exists()


def test_a_damaged_file_without_backup_is_refused(make_window: Callable[[], MainWindow], tmp_path: Path) -> None:
    path = tmp_path / "noise.fcw"
    path.write_bytes(os.urandom(8192))
    window, asked, ok = opened(make_window, path, answer=True)
    assert not ok and asked.calls == []
    assert "noise.fcw is not a Fact-Check Workbench project" in window.last_error
    assert "No backup of it was found" in window.last_error


def test_a_foreign_file_is_refused_without_an_offer(make_window: Callable[[], MainWindow], tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    con = sqlite3.connect(path)
    con.execute("PRAGMA application_id = 1196443219")
    con.execute("CREATE TABLE moz_places (url TEXT)")
    con.close()
    window, asked, ok = opened(make_window, path, answer=True)
    assert not ok and asked.calls == []
    assert window.last_error == "places.sqlite is an SQLite file of another application (application id 0x47504653)."


def test_a_hostile_trigger_is_refused(make_window: Callable[[], MainWindow], tmp_path: Path) -> None:
    path = filled_project(tmp_path / "sent-by-a-colleague.fcw")
    con = sqlite3.connect(path)
    con.execute("CREATE TRIGGER wipe AFTER INSERT ON history BEGIN DELETE FROM documents; END")
    con.close()
    before = path.read_bytes()
    window, asked, ok = opened(make_window, path, answer=True)
    assert not ok and asked.calls == []
    assert "unexpected trigger 'wipe'" in window.last_error
    assert path.read_bytes() == before


def test_a_newer_file_offers_read_only(make_window: Callable[[], MainWindow], tmp_path: Path) -> None:
    path = filled_project(tmp_path / "from-the-future.fcw")
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    con.close()
    window, asked, ok = opened(make_window, path, answer=False)
    assert not ok and asked.titles == ["Made by a newer version"]
    assert "newer version of Fact-Check Workbench" in asked.calls[0][1]
    asked.answer = True
    assert window.open_project_path(path)
    assert window.project is not None and window.project.read_only
    banner = window.durability.banner
    assert banner.isVisible()
    assert "made by a newer version" in banner.label.text()
    assert window.library.model.rowCount() == 2


def test_a_project_open_in_another_process_offers_read_only(
        make_window: Callable[[], MainWindow], tmp_path: Path) -> None:
    path = filled_project(tmp_path / "shared.fcw")
    code = ("import time; from workbench.store.project import open_project; "
            f"p = open_project({str(path)!r}); print('held', flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        window, asked, ok = opened(make_window, path, answer=False)
        assert not ok and asked.titles == ["Project open elsewhere"]
        assert f"process {holder.pid}" in asked.calls[0][1] and "read-only" in asked.calls[0][1]
        asked.answer = True
        assert window.open_project_path(path)
        assert window.project is not None and window.project.read_only
        assert window.durability.banner.isVisible()
        assert "open for writing by" in window.durability.banner.label.text()
        assert file_lock.read_info(path).pid == holder.pid  # type: ignore[union-attr]  (theirs, untouched)
        # writing is refused with a clear message, the app goes on
        doc = window.library.model.docs[0].id
        window.session.apply(claim_ops.create_claim_from_passage, doc, 0, 10)
        assert "open read-only" in window.last_error
    finally:
        holder.kill()
        holder.communicate()  # waits and closes its stdout pipe


def test_a_second_window_of_this_process_is_told_too(make_window: Callable[[], MainWindow], tmp_path: Path) -> None:
    path = filled_project(tmp_path / "twice.fcw")
    first, _, ok = opened(make_window, path, answer=True)
    assert ok and not first.project.read_only  # type: ignore[union-attr]
    second, asked, ok = opened(make_window, path, answer=True)
    assert ok and asked.titles == ["Project open elsewhere"]
    assert second.project.read_only  # type: ignore[union-attr]
    second.close()
    first.close_project()
    assert not file_lock.lock_path(path).exists()  # released on close


def test_a_read_only_file_opens_read_only_with_a_banner(qtbot: QtBot, make_window: Callable[[], MainWindow],
                                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = filled_project(tmp_path / "archive.fcw")
    monkeypatch.setattr(store_project, "_location_writable", lambda _p: False)  # tests run as root: chmod is moot
    window, asked, ok = opened(make_window, path, answer=False)
    assert ok and asked.calls == []
    assert window.project is not None and window.project.read_only
    assert window.durability.banner.isVisible()
    assert "cannot be written" in window.durability.banner.label.text()
    assert "opened read-only" in window.statusBar().currentMessage()
    assert not file_lock.lock_path(path).exists()
    # the banner offers a writable copy
    copy = tmp_path / "archive copy.fcw"
    monkeypatch.setattr(durability, "ask_save_path", lambda *_a: copy)
    with qtbot.waitSignal(window.durability.backup_finished, timeout=10000):
        window.durability.banner.copy_button.click()
    monkeypatch.setattr(store_project, "_location_writable", lambda _p: True)  # the copy is somewhere writable
    writable = project_ops.open_project(copy)
    assert not writable.read_only
    writable.close()
    window.close_project()
    assert not window.durability.banner.isVisible()


def test_an_old_project_is_backed_up_before_the_upgrade(make_window: Callable[[], MainWindow], tmp_path: Path) -> None:
    from tests.unit.store.test_backup import _old_project

    path = tmp_path / "old.fcw"
    _old_project(path, migrations.SCHEMA_VERSION - 1)
    window, asked, ok = opened(make_window, path, answer=True)
    assert ok and asked.calls == []
    message = window.statusBar().currentMessage()
    assert f"upgraded from schema {migrations.SCHEMA_VERSION - 1}" in message and "before-upgrade" in message
    assert len(backup_ops.list_backups(path)) >= 1


# ------------------------------------------------------------------------------- backups and copies


def test_restore_from_backup_to_a_new_file(qtbot: QtBot, make_window: Callable[[], MainWindow], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = filled_project(tmp_path / "case.fcw")
    window = make_window()
    with qtbot.waitSignal(window.durability.backup_finished, timeout=10000) as made:
        assert window.open_project_path(path)  # opening backs it up (it has content and no backup yet)
    assert Path(str(made.args[0])).exists()
    window.session.apply(claim_ops.create_claim_from_passage, window.library.model.docs[0].id, 0, 20)

    window.act_restore.trigger()
    dialog = window.durability.restore_dialog_widget
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in (2, 3)] == ["2", "0"]

    existing = tmp_path / "case.fcw"
    monkeypatch.setattr(durability, "ask_save_path", lambda *_a: existing)
    dialog.restore_button.click()
    assert "already exists: choose a new name" in window.last_error  # never overwritten
    target = tmp_path / "case (restored).fcw"
    monkeypatch.setattr(durability, "ask_save_path", lambda *_a: target)
    dialog.restore_button.click()
    assert window.project is not None and window.project.path == target
    assert window.library.model.rowCount() == 2
    assert window.claims.model.rowCount() == 0  # as it was when backed up
    original = project_ops.open_project(path, read_only=True)
    try:
        assert claim_ops.list_claims(original)  # the original keeps its claim
    finally:
        original.close()


@pytest.mark.parametrize("close_after", ["open", "claim list"])
def test_closing_the_window_while_a_staged_open_is_under_way(qtbot: QtBot, make_window: Callable[[], MainWindow],
                                                            tmp_path: Path, close_after: str) -> None:
    """File ▸ Open shows a project over a few turns (library, then claim list, then first document); the window
    closed between two turns must not run the rest against the closed project (once: "cannot schedule new
    futures after shutdown" from the deferred first document, caught in the Qt event loop)."""
    path = filled_project(tmp_path / "case.fcw")
    window = make_window()
    if close_after == "open":
        assert window.open_project_path(path, staged=True)
    else:
        with qtbot.waitSignal(window.claims.model.modelReset, timeout=10000):
            assert window.open_project_path(path, staged=True)
    assert window.reading.document is None  # the first document comes on a later turn
    window.close()
    qtbot.wait(100)  # the deferred turns run now; an exception in them fails the test (pytest-qt)
    assert window.session.workspace is not None and window.session.workspace.closed
    assert window.reading.document is None
    assert window.session.query(doc_ops.list_documents, default="closed") == "closed"


def test_save_a_copy(qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import_and_wait(qtbot, window, [ARTICLES])
    target = tmp_path / "copy.fcw"
    monkeypatch.setattr(durability, "ask_save_path", lambda *_a: target)
    with qtbot.waitSignal(window.durability.backup_finished, timeout=10000) as done:
        window.act_save_copy.trigger()
    assert Path(str(done.args[0])) == target
    copy = project_ops.open_project(target, read_only=True)
    try:
        assert len(doc_ops.list_documents(copy)) == 2
    finally:
        copy.close()
    assert "Saved a copy" in window.statusBar().currentMessage()


def test_periodic_backup_only_when_changed(qtbot: QtBot, window: MainWindow) -> None:
    assert window.durability.timer.isActive()
    assert window.durability.timer.interval() == 30 * 60 * 1000
    window.durability.periodic_backup()
    assert window.durability.backup_task is None  # nothing changed
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt"])
    with qtbot.waitSignal(window.durability.backup_finished, timeout=10000):
        window.durability.periodic_backup()
    assert len(backup_ops.list_backups(window.project.path)) == 1  # type: ignore[union-attr]


def test_import_limits_come_from_the_settings(qtbot: QtBot, window: MainWindow) -> None:
    assert window.durability.import_limits() == doc_ops.Limits()
    window.settings.setValue("import/maxFileMegabytes", 0.001)  # about 1 KB
    window.settings.setValue("import/pdfTimeoutSeconds", 5)
    window.settings.setValue("import/pdfMemoryMegabytes", "not a number")
    limits = window.durability.import_limits()
    assert (limits.max_bytes, limits.pdf_timeout_s) == (1048, 5.0)
    assert limits.pdf_memory_bytes == doc_ops.Limits().pdf_memory_bytes
    outcomes = import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt"])
    assert outcomes[0].status is doc_ops.ImportStatus.REJECTED
    assert "the limit is 1.0 KB" in outcomes[0].reason


# ------------------------------------------------------------------------------------- a full disk


def _counts(window: MainWindow) -> dict[str, int]:
    with window.project.read() as db:  # type: ignore[union-attr]
        return {t: db[t].count for t in ("claims", "passages", "appearances", "history")}


def test_a_full_disk_leaves_the_project_as_it_was(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    big = tmp_path / "long-report.txt"
    big.write_text("Long Report\n\n" + "Local sources said the shelling went on. " * 6000, encoding="utf-8")
    import_and_wait(qtbot, window, [big])
    doc = window.library.model.docs[0].id
    text = window.reading.document.text  # type: ignore[union-attr]
    before = _counts(window)
    db = window.project.db  # type: ignore[union-attr]
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    window.reading.view.select_range(13, len(text))
    assert window.new_claim_from_selection() == ""
    assert "the disk is full" in window.last_error and "case.fcw" in window.last_error
    assert _counts(window) == before
    # the app goes on: once there is room, the same action works
    db.execute("PRAGMA max_page_count = 1073741823")
    window.last_error = ""
    window.reading.view.select_range(13, 60)
    assert window.new_claim_from_selection()
    assert window.last_error == ""
    assert doc


def test_a_failing_write_is_rolled_back_and_reported(qtbot: QtBot, window: MainWindow,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt"])
    before = _counts(window)
    from workbench.store import claims as store_claims

    def disk_full(*_args: object, **_kwargs: object) -> None:
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(store_claims, "insert_claim", disk_full)  # after the passage row was written
    window.reading.view.select_range(0, 30)
    assert window.new_claim_from_selection() == ""
    assert "could not be saved — the disk is full" in window.last_error
    assert _counts(window) == before


def test_a_failing_automatic_backup_is_reported(qtbot: QtBot, window: MainWindow,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt"])

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with qtbot.waitSignal(window.durability.backup_finished, timeout=10000) as done:
        window.durability.backup_now()
    assert "The automatic backup failed" in str(done.args[0]) and "the disk is full" in window.last_error
    assert not any(backup_ops.folder(window.project.path).glob("*.fcw"))  # type: ignore[union-attr]
    assert window.library.model.rowCount() == 1


# -------------------------------------------------------------------------- re-anchoring and orphans

V1 = ("Militia Says It Took Tal Sabkha, Army Denies\n\nDEIR EZ-ZOR, 03.02.2018 | Levant Frontline\n\n"
      "Local sources said militiamen entered Tal Sabkha at dawn after a night of shelling.\n\n"
      "The ISIS-linked Amaq agency claimed that its fighters destroyed a tank on the road to Mayadin.\n\n"
      "Residents told the outlet Furat Post that the bakery in the villlage square was hit twice.\n")
V2 = (V1.replace("| Levant Frontline\n\n", "| Levant Frontline\n\nUPDATE: corrected the village name.\n\n")
      .replace("villlage", "village")
      .replace("The ISIS-linked Amaq agency claimed that its fighters destroyed a tank on the road to Mayadin.\n\n",
               ""))


def test_importing_a_new_version_offers_to_move_passages(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    (tmp_path / "v1" / "tal-sabkha.txt").write_text(V1, encoding="utf-8")
    (tmp_path / "v2" / "tal-sabkha.txt").write_text(V2, encoding="utf-8")
    import_and_wait(qtbot, window, [tmp_path / "v1" / "tal-sabkha.txt"])
    old = window.library.model.docs[0].id
    claims = {}
    for quote in ("militiamen entered Tal Sabkha at dawn", "destroyed a tank on the road to Mayadin",
                  "the bakery in the villlage square was hit twice"):
        start, end = claim_ops.locate_quote(window.project, old, quote)
        claims[quote] = window.session.apply(claim_ops.create_claim_from_passage, old, start, end)
    asked = Asked(True)
    window.ask = asked
    with qtbot.waitSignal(window.durability.reanchored, timeout=20000) as moved:
        import_and_wait(qtbot, window, [tmp_path / "v2" / "tal-sabkha.txt"])
    assert asked.titles == ["New version of a document"]
    assert "looks like a new version of" in asked.calls[0][1] and "1 cannot be placed" in asked.calls[0][1]
    plan = moved.args[0]
    # the typo fixed inside the bakery quote changes its words: it waits for review (issue 16)
    assert (plan.count("exact"), plan.count("review"), plan.count("orphan")) == (1, 1, 1)
    new = plan.new_id
    window.open_document(new)
    assert window.reading.view.highlight_count == 1
    assert "Passages to Review" in window.statusBar().currentMessage()
    # undo puts them back on the old version
    window.act_undo.trigger()
    assert {h.claim_id for h in claim_ops.highlights(window.project, old)} == set(claims.values())
    window.act_redo.trigger()

    # the orphan is listed in its own view and leads to where it still is
    window.act_orphans.trigger()
    dialog = window.durability.orphans_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.rowCount() == 2
    assert [dialog.table.item(r, 0).text() for r in (0, 1)] == ["To review", "Orphan"]
    assert "destroyed a tank" in dialog.table.item(1, 1).text()
    dialog.table.selectRow(1)
    dialog.show_button.click()
    assert window.current_document_id == old
    sel = window.reading.view.selection_range()
    assert sel is not None and window.reading.document.text[sel[0] : sel[1]].endswith("road to Mayadin")  # type: ignore[union-attr]


def test_declining_the_offer_moves_nothing(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(V1, encoding="utf-8")
    (tmp_path / "b.txt").write_text(V2, encoding="utf-8")
    import_and_wait(qtbot, window, [tmp_path / "a.txt"])
    old = window.library.model.docs[0].id
    start, end = claim_ops.locate_quote(window.project, old, "militiamen entered")
    window.session.apply(claim_ops.create_claim_from_passage, old, start, end)
    window.ask = Asked(False)
    import_and_wait(qtbot, window, [tmp_path / "b.txt"])
    assert len(claim_ops.highlights(window.project, old)) == 1
    window.act_orphans.trigger()
    assert window.durability.orphans_dialog.table.rowCount() == 0  # type: ignore[union-attr]


# ------------------------------------------------------------------- nothing named in a document is read


class SpyDocument(QTextDocument):
    """The reading pane's document, recording every resource Qt asks it to load."""

    def __init__(self, parent: object) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.loads: list[tuple[int, str]] = []

    def loadResource(self, type_: int, name: QUrl) -> object:
        self.loads.append((type_, name.toString() if isinstance(name, QUrl) else str(name)))
        return None


def test_the_reading_pane_never_loads_what_a_document_names(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    view = window.reading.view
    spy = SpyDocument(view)
    spy.setDocumentLayout(QPlainTextDocumentLayout(spy))
    spy.setDefaultTextOption(view.document().defaultTextOption())
    spy.setDocumentMargin(view.document().documentMargin())
    view.setDocument(spy)
    opened_urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened_urls.append(url) or True)
    folder = tmp_path / "hostile"
    folder.mkdir()
    with Canary(tmp_path / "canary-secret.txt") as canary:
        for name, data in references(canary.path).items():
            (folder / name).write_bytes(data)
        (folder / "page-hostile.html").write_bytes(
            (ROOT / "tests" / "fixtures" / "importers" / "page-hostile.html").read_bytes())
        outcomes = import_and_wait(qtbot, window, [folder])
        assert [o.status for o in outcomes].count(doc_ops.ImportStatus.IMPORTED) == 6
        for doc in window.library.model.docs:
            window.open_document(doc.id)
            assert view.document() is spy
            text = view.toPlainText()
            if canary.path.as_uri() in text:  # click right on the link-looking text
                pos = text.index(canary.path.as_uri())
                window.reading.view.select_range(pos, pos)
                rect = view.cursorRect()
                qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
                qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            view.viewport().repaint()
        qtbot.wait(20)
    assert spy.loads == []
    assert opened_urls == []
    assert not canary.tripped.is_set()
    assert not view.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByMouse
    assert window.reading.header.textFormat() == Qt.TextFormat.PlainText
    assert "PySide6.QtNetwork" not in sys.modules  # no QNetworkAccessManager can exist
