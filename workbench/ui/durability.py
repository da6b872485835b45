"""Durability and safety in the window: opening with the right offer, backups, restore, save a copy,
the read-only banner, the re-anchoring offer and the Passages to Review window (``ui/review_dialog.py``).

``DurabilityController`` holds the logic; ``MainWindow`` only adds the menu actions, the banner
and calls ``open_project``. Questions go through ``MainWindow.ask`` (tests replace it) and file
names through ``ask_save_path`` (tests monkeypatch it); nothing here blocks in ``exec()``.

Signals of ``DurabilityController``:
    backup_finished(object): a backup or a copy ended: its ``Path``, or the error message (``str``).
    reanchored(object): passages were moved to a new version (the applied ``ReanchorPlan``).

The re-anchoring offer is made after an import of a new version: the plan (where each passage goes) is
made on the worker thread; the question, and the move itself (one undoable action), on the GUI thread.
When passages wait for review afterwards, the Passages to Review window opens.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from workbench.errors import (
    DamagedProject,
    KnownError,
    NewerSchema,
    NotAProject,
    ProjectError,
    ProjectInUse,
    ReadOnlyLocation,
    UnsafeSchema,
)
from workbench.ops import backup as backup_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops
from workbench.ui.waiting import off_thread

if TYPE_CHECKING:
    from workbench.ops import reanchor as reanchor_ops
    from workbench.tasks import Task
    from workbench.ui.main_window import MainWindow
    from workbench.ui.review_dialog import ReviewDialog

PROJECT_FILTER = "Fact-Check Workbench projects (*.fcw);;All files (*)"
# QSettings keys of the import limits (0 or missing: the default of importers.base.Limits)
LIMIT_KEYS = ("import/maxFileMegabytes", "import/pdfTimeoutSeconds", "import/pdfMemoryMegabytes")


def ask_save_path(parent: QWidget, title: str, suggested: Path) -> Path | None:
    """Ask for a file name to write (tests monkeypatch this)."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), PROJECT_FILTER)
    if not path:
        return None
    p = Path(path)
    return p if p.suffix.lower() == project_ops.PROJECT_SUFFIX else p.with_name(p.name + project_ops.PROJECT_SUFFIX)


def _local(dt: datetime) -> str:
    return dt.astimezone().strftime("%Y-%m-%d %H:%M")


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def describe_backup(b: backup_ops.BackupInfo) -> str:
    if not b.ok:
        return f"{_local(b.created)} (unreadable: {b.problem})"
    return f"{_local(b.created)}, {b.documents} document(s) and {b.claims} claim(s)"


class ReadOnlyBanner(QToolBar):
    """A strip under the toolbar saying the project is read-only and why; hidden otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Read-only", parent)
        self.setObjectName("readOnlyBanner")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        self.label = QLabel()
        self.label.setObjectName("readOnlyBannerText")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("QLabel { background: #fff4ce; color: #5c4400; padding: 6px 10px; "
                                 "border: 1px solid #e0c36a; border-radius: 3px; }")
        self.addWidget(self.label)
        self.copy_button = QPushButton("Save a Writable Copy…")
        self.copy_button.setObjectName("readOnlyBannerCopy")
        self.addWidget(self.copy_button)
        self.hide()

    def show_for(self, read_only: bool, reason: str) -> None:
        self.label.setText(f"Read-only: {reason}. Nothing you do here can be saved to this file."
                           if read_only else "")
        self.setVisible(read_only)


class RestoreDialog(QDialog):
    """Lists backups with their date and contents; restores the selected one to a new file."""

    restore_requested = Signal(object)  # BackupInfo

    def __init__(self, backups: list[backup_ops.BackupInfo], current: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from backup")
        self.resize(760, 380)
        self.backups = backups
        layout = QVBoxLayout(self)
        where = f"Backups of {current.name}" if current else "Backups of every project"
        note = QLabel(f"{where} (kept: the 5 most recent, one a day for 7 days, one a week for 4 weeks). "
                      "A backup is restored to a new file you choose; nothing is overwritten.")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(len(backups), 5)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(["Made", "Project", "Documents", "Claims", "Size / note"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for row, b in enumerate(backups):
            cells = [_local(b.created), b.path.parent.name.rsplit("-", 1)[0],
                     "" if b.documents is None else str(b.documents), "" if b.claims is None else str(b.claims),
                     f"unreadable: {b.problem}" if b.problem else
                     _size(b.size) + (f" ({b.label.replace('-', ' ')})" if b.label else "")]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(b.path))
                self.table.setItem(row, col, item)
        if backups:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton("Restore to a New File…", QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setEnabled(bool(backups))
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def selected(self) -> backup_ops.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def restore_selected(self) -> None:
        b = self.selected()
        if b is not None:
            self.restore_requested.emit(b)


def __getattr__(name: str) -> object:
    """``ReviewDialog`` (and its old name ``OrphansDialog``: the Orphans window became Passages to Review) load
    on first use: the Passages to Review window is not needed to start."""
    if name in ("ReviewDialog", "OrphansDialog"):
        from workbench.ui.review_dialog import ReviewDialog

        return ReviewDialog
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class DurabilityController(QObject):
    backup_finished = Signal(object)
    reanchored = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.read_only_reason = ""
        self.banner = ReadOnlyBanner(window)
        self.banner.copy_button.clicked.connect(self.save_copy)
        self.timer = QTimer(self)
        self.timer.setInterval(backup_ops.AUTOMATIC_INTERVAL_S * 1000)
        self.timer.timeout.connect(self.periodic_backup)
        self.changed_since_backup = False
        self.backup_task: Task | None = None
        self.restore_dialog_widget: RestoreDialog | None = None
        self.orphans_dialog: ReviewDialog | None = None
        window.session.changed.connect(self._on_changed)
        window.session.project_opened.connect(self._on_project_opened)
        window.import_finished.connect(self._on_import_finished)

    # ----- settings ----------------------------------------------------------------------------
    def import_limits(self) -> doc_ops.Limits:
        """Import limits from the settings ``LIMIT_KEYS`` (missing or 0: the defaults of ``Limits``)."""
        values: list[float | None] = []
        for key in LIMIT_KEYS:
            try:
                values.append(float(str(self.window.settings.value(key, 0))))
            except ValueError:
                values.append(None)
        return doc_ops.Limits.from_megabytes(*values)

    # ----- opening -----------------------------------------------------------------------------
    def open_project(self, path: Path) -> project_ops.Project | None:
        """Open a project, making the offer that fits when it cannot be opened for writing."""
        w = self.window
        path = Path(path)
        self.read_only_reason = ""
        try:
            project = off_thread(project_ops.open_project, path)
        except ProjectInUse as exc:
            if not w.ask("Project open elsewhere", f"{exc}\n\nOpen it read-only?"):
                return None
            return self._open_read_only(path, f"it is open for writing by {exc.holder or 'another program'}")
        except ReadOnlyLocation as exc:
            lock_trouble = f"{path.name}.lock" in str(exc)  # a folder or a link where the lock file goes
            opened = self._open_read_only(path, "its lock file cannot be used" if lock_trouble
                                          else "the file or its folder cannot be written")
            if opened is not None:
                w.statusBar().showMessage(str(exc) if lock_trouble else f"{path.name} is read-only: opened read-only.",
                                          15000)
            return opened
        except NewerSchema as exc:
            if not w.ask("Made by a newer version",
                         f"{exc}\n\nOpen it read-only? You can read it, but not change it, with this version."):
                return None
            return self._open_read_only(path, "it was made by a newer version of Fact-Check Workbench",
                                        allow_newer=True)
        except (DamagedProject, NotAProject, UnsafeSchema) as exc:
            return self._offer_restore(path, exc)
        except KnownError as exc:  # ForeignProject, a missing file, a folder…
            w.show_error(str(exc))
            return None
        if project.migrated_from is not None:
            where = f"; the file as it was is backed up as {project.migration_backup.name}" \
                if project.migration_backup else ""
            w.statusBar().showMessage(f"{path.name} was upgraded from schema {project.migrated_from}{where}.", 15000)
        return project

    def _open_read_only(self, path: Path, reason: str, allow_newer: bool = False) -> project_ops.Project | None:
        try:
            project = off_thread(project_ops.open_project, path, read_only=True, allow_newer=allow_newer)
        except KnownError as exc:
            self.window.show_error(str(exc))
            return None
        self.read_only_reason = reason
        return project

    def _offer_restore(self, path: Path, exc: ProjectError) -> project_ops.Project | None:
        w = self.window
        backup = off_thread(backup_ops.latest_good, path) if path.is_file() else None
        if backup is None:
            w.show_error(f"{exc}\n\nNo backup of it was found, so it cannot be restored here.")
            return None
        question = (f"{exc}\n\nRestore the most recent backup, made {describe_backup(backup)}? The file as it is "
                    f"now is kept beside it as {path.name}.damaged-<time> (never deleted).")
        if not w.ask("Restore from backup", question):
            return None
        try:
            aside = off_thread(backup_ops.restore_in_place, path, backup.path)
            project = off_thread(project_ops.open_project, path)
        except KnownError as error:
            w.show_error(f"The backup could not be restored: {error}")
            return None
        w.statusBar().showMessage(f"Restored {path.name} from the backup of {_local(backup.created)}; the damaged "
                                  f"file was kept as {aside.name}.", 15000)
        return project

    def _on_project_opened(self) -> None:
        project = self.window.project
        read_only = project is not None and project.read_only
        if project is not None and read_only and not self.read_only_reason:
            self.read_only_reason = "it was opened read-only"
        self.banner.show_for(read_only, self.read_only_reason)
        self.changed_since_backup = False
        if project is None or read_only:
            self.timer.stop()
            return
        self.timer.start()
        try:
            workspace = self.window.session.workspace
            due = workspace is not None and workspace.query(backup_ops.needs_backup)
        except KnownError:
            due = False
        if due:
            self.backup_now()

    # ----- backups -----------------------------------------------------------------------------
    def _on_changed(self, _changes: object) -> None:
        self.changed_since_backup = True

    def periodic_backup(self) -> None:
        """Every 30 minutes: back up if anything changed since the last backup."""
        if self.changed_since_backup:
            self.backup_now()

    def backup_now(self) -> Task | None:
        """Back up the open project on the worker thread (its own read connection)."""
        project = self.window.project
        if project is None or project.read_only:
            return None
        path = project.path
        self.changed_since_backup = False
        task = self.window.runner.submit(lambda _progress, _cancel: backup_ops.make_backup(path), "backup")
        self.backup_task = task
        task.finished.connect(self._backup_done)
        task.failed.connect(lambda exc: self._backup_failed("The automatic backup failed", exc))
        return task

    def _backup_done(self, path: object) -> None:
        self.backup_task = None
        self.window.statusBar().showMessage(f"Backed up to {Path(str(path)).name}.", 5000)
        self.backup_finished.emit(path)

    def _backup_failed(self, what: str, exc: object) -> None:
        self.backup_task = None
        self.changed_since_backup = True
        message = f"{what}: {exc}"
        self.window.show_error(message)
        self.backup_finished.emit(message)

    def save_copy(self) -> Task | None:
        """File ▸ Save a Copy…: a consistent copy (backup API) on the worker thread."""
        w = self.window
        project = w.project
        if project is None:
            w.show_error("Open a project first.")
            return None
        target = ask_save_path(w, "Save a copy of the project", project.path.with_name(f"{project.name} copy.fcw"))
        if target is None:
            return None
        task = w.runner.submit(lambda _progress, _cancel: backup_ops.save_copy(project, target), "save copy")

        def done(path: object) -> None:
            w.statusBar().showMessage(f"Saved a copy as {target}.", 10000)
            self.backup_finished.emit(path)

        task.finished.connect(done)
        task.failed.connect(lambda exc: self._backup_failed("The copy was not saved", exc))
        return task

    def restore_dialog(self) -> RestoreDialog:
        """File ▸ Restore from Backup…: the open project's backups (every project's when none is open)."""
        project = self.window.project
        current = project.path if project is not None else None
        backups = backup_ops.list_backups(current) if current else []
        if not backups:
            backups = backup_ops.list_backups(None)
            current = None
        dialog = RestoreDialog(backups, current, self.window)
        dialog.restore_requested.connect(self.restore_backup)
        dialog.open()
        self.restore_dialog_widget = dialog
        return dialog

    def restore_backup(self, backup: backup_ops.BackupInfo) -> Path | None:
        """Restore ``backup`` to a new file the user picks, then open it."""
        w = self.window
        base = w.project.path.parent if w.project is not None else Path.home()
        stem = backup.path.parent.name.rsplit("-", 1)[0]
        suggested = base / f"{stem} (restored {backup.created.astimezone().strftime('%Y-%m-%d %H%M')}).fcw"
        target = ask_save_path(w, "Restore the backup to a new file", suggested)
        if target is None:
            return None
        try:
            off_thread(backup_ops.restore_to, backup.path, target)
        except KnownError as exc:
            w.show_error(str(exc))
            return None
        if self.restore_dialog_widget is not None:
            self.restore_dialog_widget.accept()
        w.open_project_path(target, staged=True)  # the window is on screen: shown over a few turns
        w.statusBar().showMessage(f"Restored the backup of {_local(backup.created)} as {target.name}.", 10000)
        return target

    # ----- re-anchoring ------------------------------------------------------------------------
    def _on_import_finished(self, outcomes: list) -> None:
        imported = [o for o in outcomes if o.status is doc_ops.ImportStatus.IMPORTED]
        if imported:
            self.changed_since_backup = True
        versions = [(o.previous_id, o.document_id) for o in imported if o.previous_id]
        if versions:
            self.offer_reanchors(versions)

    def offer_reanchor(self, old_id: str, new_id: str) -> Task | None:
        """Plan the move of the old version's passages on the worker thread, then offer it (``ask_reanchor``)."""
        return self.offer_reanchors([(old_id, new_id)])

    def offer_reanchors(self, versions: list[tuple[str, str]]) -> Task | None:
        """Plan the move of each old version's passages to its new version (``versions``: (old id, new id)) in one
        task on the worker thread, then offer each move in turn (``ask_reanchor``). One task for a whole batch:
        a task each, a re-import of 100 articles kept the window busy setting up 100 tasks (issue 15)."""
        w = self.window
        project = w.project
        if project is None or project.read_only:
            return None
        from workbench.ops import reanchor as reanchor_ops  # loaded when a new version comes in

        def plan(_progress: object, _cancel: object) -> list[reanchor_ops.ReanchorPlan]:
            return [reanchor_ops.plan(project, old_id, new_id) for old_id, new_id in versions]

        def offer(plans: list[reanchor_ops.ReanchorPlan]) -> None:
            for p in plans:
                if w.project is not project:
                    return
                self.ask_reanchor(p)

        task = w.runner.submit(plan, "plan re-anchoring")
        task.finished.connect(offer)
        task.failed.connect(lambda exc: w.show_error(f"The passages could not be looked for in the new version: "
                                                     f"{exc}"))
        return task

    def ask_reanchor(self, plan: reanchor_ops.ReanchorPlan) -> bool:
        """Ask whether to move the old version's passages to the new one; do it if the user agrees."""
        w = self.window
        if not plan.placements:
            return False
        question = (f"“{plan.new_title}” looks like a new version of “{plan.old_title}” (same address or title, "
                    f"different text).\n\nMove the highlighted passages to the new version? {plan.summary()}.\n\n"
                    "A passage whose words changed is never changed without you: it waits in Passages to Review, "
                    "where you accept the new text, pick another place or keep it as an orphan. "
                    "The old version stays in the project.")
        if not w.ask("New version of a document", question):
            return False
        from workbench.ops import reanchor as reanchor_ops

        result = w.session.apply(reanchor_ops.apply, plan.old_id, plan.new_id, plan,
                                 undo="Move passages to the new version")
        if result is None:
            return False
        flagged = result.count("review") + result.count("orphan")
        view = w.act_orphans.text().replace("&", "")  # the View menu's entry (Ctrl+Shift+P)
        w.statusBar().showMessage(f"Passages moved to the new version: {result.summary()}."
                                  + (f" See View ▸ {view} (Ctrl+Shift+P)." if flagged else ""), 15000)
        w.refresh_all()
        self.reanchored.emit(result)
        if result.count("review"):
            self.show_orphans()
        return True

    def show_orphans(self) -> ReviewDialog:
        """View ▸ Passages to Review (the orphans too)."""
        if self.orphans_dialog is None:
            from workbench.ui.review_dialog import ReviewDialog

            self.orphans_dialog = ReviewDialog(self.window)
        if self.orphans_dialog.isVisible():
            self.orphans_dialog.refresh()
        self.orphans_dialog.show()
        self.orphans_dialog.activateWindow()
        return self.orphans_dialog


__all__ = ["DurabilityController", "ReadOnlyBanner", "RestoreDialog", "ask_save_path"]
