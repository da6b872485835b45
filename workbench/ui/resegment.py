"""Segment ▸ Re-segment Document / Re-segment All Documents…: ``ops.resegment`` on the worker thread.

"Re-segment Document" runs on the open document at once. "Re-segment All
Documents…" first reads every document again without changing anything (a dry
run, with progress), shows what would change in ``ResegmentConfirmDialog``, and
re-segments the documents that would change when the user agrees. Each document
changed is one step on the undo stack ("Undo Re-segment “…”"); the library, the
claim list and the reading pane refresh (the open document is replaced by its new
version when it got one).

Signals of ``ResegmentController``:
    finished(list results): a run that could change the project ended (its ``ResegmentResult``s; [] when
        nothing ran: cancelled, declined, nothing to change, or failed).
    planned(list results): the dry run of "Re-segment All Documents…" ended; the dialog is open.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.changes import Changes
from workbench.ops.documents import printable

if TYPE_CHECKING:
    from workbench.ops.resegment import ResegmentResult as Result
    from workbench.ui.main_window import MainWindow

REFRESH = Changes.DOCUMENTS | Changes.METADATA | Changes.SEGMENTS | Changes.PROJECT


def _ops() -> ModuleType:
    """ops.resegment, loaded when a re-segmentation runs (it brings the re-anchoring machinery)."""
    from workbench.ops import resegment

    return resegment


def counts_line(results: Sequence[Result], *, dry_run: bool) -> str:
    """"2 documents would be re-segmented, 1 imported as a new version; 4 unchanged, 1 failed"."""
    n = {s: sum(r.status == s for r in results) for s in (_ops().RESEGMENTED, _ops().NEW_VERSION,
                                                          _ops().UNCHANGED, _ops().FAILED)}
    verb = "would be" if dry_run else "were"
    parts = []
    if n[_ops().RESEGMENTED]:
        parts.append(f"{n[_ops().RESEGMENTED]} document(s) {verb} re-segmented")
    if n[_ops().NEW_VERSION]:
        parts.append(f"{n[_ops().NEW_VERSION]} {verb} imported as a new version")
    if not parts:
        parts.append("nothing to change" if not n[_ops().FAILED] else "nothing changed")
    rest = [f"{n[_ops().UNCHANGED]} unchanged"] if n[_ops().UNCHANGED] else []
    rest += [f"{n[_ops().FAILED]} failed"] if n[_ops().FAILED] else []
    return ", ".join(parts) + (f"; {', '.join(rest)}" if rest else "") + "."


class ResegmentConfirmDialog(QDialog):
    """What "Re-segment All Documents" would change, document by document, before anything changes."""

    def __init__(self, results: Sequence[Result], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resegmentConfirmDialog")
        self.setWindowTitle("Re-segment All Documents")
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        changing = [r for r in results if r.changed]
        intro = QLabel(
            f"<b>{counts_line(results, dry_run=True)}</b><br>Each document is read again by this version's "
            "importer. Where it reads the same text, the body / comments / boilerplate segments are replaced "
            "and your own segment marks are applied again; passages stay where they are. Where it reads the "
            "text differently, the document is imported as a new version and its passages move there (doubtful "
            "ones marked for review, the others kept as orphans). Each document can be undone (Ctrl+Z).")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)
        self.report = QPlainTextEdit("\n\n".join(printable(r.line()) for r in sorted(
            results, key=lambda r: (not r.changed, r.status != _ops().FAILED, r.title.casefold()))))
        self.report.setObjectName("resegmentReport")
        self.report.setReadOnly(True)
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.report.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.report, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.run_button: QPushButton = self.buttons.addButton(
            f"Re-segment {len(changing)} Document(s)", QDialogButtonBox.ButtonRole.AcceptRole)
        self.run_button.setEnabled(bool(changing))
        self.run_button.setDefault(bool(changing))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


class ResegmentController(QObject):
    finished = Signal(list)
    planned = Signal(list)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.task: Any = None
        self.progress: QProgressDialog | None = None
        self.confirm_dialog: ResegmentConfirmDialog | None = None
        self.report: QDialog | None = None
        self.act_document = self._action("&Re-segment Document", "Ctrl+Alt+S", self.resegment_document,
                                         "Segment the open document again with this version's importer "
                                         "(your own segment marks are kept)")
        self.act_all = self._action("Re-segment &All Documents…", "Ctrl+Alt+Shift+S", self.resegment_all,
                                    "Show what this version's importers would change in every document, then "
                                    "re-segment them")

    def _action(self, text: str, shortcut: str, slot: Callable[[], object], tip: str) -> QAction:
        act = QAction(text, self.window)
        act.setShortcut(QKeySequence(shortcut))
        act.setStatusTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(act)
        return act

    def add_to(self, menu: QMenu) -> None:
        menu.addSeparator()
        menu.addActions([self.act_document, self.act_all])

    def update_actions(self, has_project: bool, has_document: bool) -> None:
        idle = self.task is None
        self.act_document.setEnabled(has_document and idle)
        self.act_all.setEnabled(has_project and idle)

    # ----- the two actions ---------------------------------------------------------------------
    def resegment_document(self) -> None:
        doc_id = self.window.current_document_id
        if not doc_id:
            self.window.show_error("Open a document first.")
            return
        self._run([doc_id], dry_run=False, label="Re-segmenting…", done=self._applied)

    def resegment_all(self) -> None:
        self._run(None, dry_run=True, label="Reading every document again (nothing is changed yet)…",
                  done=self._confirm)

    # ----- running -----------------------------------------------------------------------------
    def _run(self, doc_ids: list[str] | None, *, dry_run: bool, label: str,
             done: Callable[[list[Result]], None]) -> None:
        project = self.window.project
        if project is None:
            self.window.show_error("Open or create a project first (File ▸ New Project…).")
            return
        if self.task is not None:
            self.window.show_error("Re-segmenting is already running.")
            return
        if project.read_only and not dry_run:
            self.window.show_error(f"{project.path.name} is open read-only: documents cannot be re-segmented.")
            return
        limits = self.window.durability.import_limits()

        def work(progress: Callable[[int, int, str], None], cancel: threading.Event) -> list[Result]:
            return _ops().resegment(project, doc_ids, dry_run=dry_run, limits=limits, progress=progress,
                                       cancel=cancel)[0]

        dialog = QProgressDialog(label, "Cancel", 0, 0, self.window)
        dialog.setObjectName("resegmentProgress")
        dialog.setWindowTitle("Re-segment")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(600)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.progress = dialog
        task = self.window.runner.submit(work, "resegment")
        self.task = task
        self.window._update_actions()
        dialog.canceled.connect(task.cancel)

        def on_progress(n: int, total: int, title: str) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(n)
            if title:
                dialog.setLabelText(f"{label}\n{n + 1} of {total}: {_ops().short_title(title, 60)}")

        def close() -> None:
            self.task = None
            dialog.canceled.disconnect(task.cancel)  # close() emits canceled
            dialog.close()
            dialog.deleteLater()
            self.progress = None
            self.window._update_actions()

        def finish(results: list[Result]) -> None:
            cancelled = task.cancel_event.is_set()
            close()
            if cancelled and dry_run:
                self.window.statusBar().showMessage("Re-segmenting cancelled: nothing was changed.", 8000)
                self.finished.emit([])
                return
            done(results)

        def failed(exc: object) -> None:
            close()
            self.window.show_error(f"Re-segmenting stopped: {exc}")
            self.window.refresh_all()
            self.finished.emit([])

        task.progress.connect(on_progress)
        task.finished.connect(finish)
        task.failed.connect(failed)

    def _confirm(self, results: list[Result]) -> None:
        self.planned.emit(results)
        dialog = ResegmentConfirmDialog(results, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirm_dialog = dialog
        ids = [r.document_id for r in results if r.changed]
        dialog.accepted.connect(lambda: self._run(ids, dry_run=False, label="Re-segmenting…", done=self._applied))
        dialog.rejected.connect(lambda: self.finished.emit([]))
        dialog.open()

    def _applied(self, results: list[Result]) -> None:
        window = self.window
        # each re-segmented document is one action in the operation log (ops.resegment.undo_label)
        replaced = {r.document_id: r.new_document_id for r in results if r.new_document_id}
        if any(r.changed for r in results):
            window.session.emit_changes(REFRESH)  # library, open document (text, segments, highlights), claims
        current = window.current_document_id
        if current in replaced:
            window.open_document(replaced[current])
        message = counts_line(results, dry_run=False)
        if len(results) == 1:
            message = printable(results[0].line())
        window.statusBar().showMessage(message, 10000)
        problems = [r for r in results if r.status in (_ops().FAILED, _ops().NEW_VERSION)]
        if problems:
            from workbench.ui.dialogs import ImportReportDialog

            report = ImportReportDialog(counts_line(results, dry_run=False),
                                        [printable(r.line()) for r in problems], window)
            report.setObjectName("resegmentReportDialog")
            report.setWindowTitle("Re-segment report")
            report.open()
            self.report = report
        self.finished.emit(results)
