"""File ▸ Merge Project or Bundle… and Edit ▸ Merge Review…: merging another desk's work into the open project.

``merge_path(path)`` reads the other side (a ``.fcw`` project, opened read-only and checked, or a project bundle)
and merges it on the workspace's worker thread while the window keeps painting, with a progress dialog; the merge
is one undoable step ("Undo Merge theirs.fcw"). Then the window refreshes (the claims list, the library…), the
status bar says what came in and the merge review opens (``merge_dialog.MergeReviewDialog``). A file that cannot
be merged (not a project, a newer version, damaged, the project itself) gets a message naming it; nothing changes.

File ▸ Exchange with Desk Now runs ``ops.exchange`` the same way (and opening a project that has a shared folder
does it at once): the change sets other members left in the desk's
shared folder are merged (one undoable step, "Exchange with desk"), then this project's own set is written there;
the review opens when conflicts came in, and files the exchange refused are listed with the reason. File ▸ Shared
Folder… chooses that folder (it is remembered in the project).

Signals of ``MergeController``:
    merged(object): a merge ended: its ``MergeReport``, or None when it was refused or failed.
    exchanged(object): an exchange ended: its ``ExchangeReport``, or None when it failed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QProgressDialog, QPushButton

from workbench.core.workspace import Outcome
from workbench.domain.changes import Changes, OpChanges
from workbench.errors import KnownError
from workbench.ops import desk as desk_ops
from workbench.ops import merge as merge_ops

if TYPE_CHECKING:
    from workbench.ops import exchange as exchange_ops
    from workbench.tasks import Task
    from workbench.ui.main_window import MainWindow
    from workbench.ui.merge_dialog import Duplicate, MergeReviewDialog

MERGE_FILTER = "Projects and bundles (*.fcw *.json);;Fact-Check Workbench projects (*.fcw);;" \
               "Project bundles (*.json);;All files (*)"
REVIEW_DELAY_MS = 0  # the merge review opens on the next turn of the event loop, after the window repaints
_STEPS = ("Reading", "Comparing both sides", "Merging rows", "Checking the result", "Saving")


def _count(n: int, table: str) -> str:
    name = table.replace("_", " ")
    if n == 1 and name.endswith("ses"):
        name = name[:-2]
    elif n == 1 and name.endswith("s") and not name.endswith("ss"):
        name = name[:-1]
    return f"{n} {name}"


def summary_text(report: merge_ops.MergeReport) -> str:
    """The merge's outcome for a person: "Merged theirs.fcw: added 1 evidence, 1 source. 3 conflicts to decide."."""
    done = []
    for verb, counts in (("added", report.added), ("updated", report.updated), ("deleted", report.deleted)):
        items = [_count(n, t) for t, n in sorted(counts.items()) if n]
        if items:
            done.append(f"{verb} {', '.join(items)}")
    text = f"Merged {report.name}: " + ("; ".join(done) if done else "nothing new") + "."
    more = []
    if report.conflicts:
        n = len(report.conflicts)
        more.append(f"{n} conflict{'s' if n != 1 else ''} to decide")
    if report.resolutions_applied:
        more.append(f"{report.resolutions_applied} decision(s) taken over from the other desk")
    if report.same_documents:
        more.append(f"{report.same_documents} document(s) were already here under another id")
    if report.duplicate_sources:
        more.append(f"{len(report.duplicate_sources)} source(s) may be duplicates")
    if report.known_conflicts:
        more.append(f"{report.known_conflicts} conflict(s) were already listed")
    if not more:
        return text
    rest = "; ".join(more)
    return f"{text} {rest[:1].upper()}{rest[1:]}."


def exchange_summary(report: exchange_ops.ExchangeReport) -> str:
    """"Exchanged with /srv/desk: merged 2 change sets (…); wrote ann-3-….fcwchanges. 1 conflict to decide."."""
    merged = "; ".join(summary_text(r).removeprefix("Merged ").rstrip(".") for _n, r in report.merged)
    text = (f"Exchanged with {report.folder}: " + (f"merged {len(report.merged)} change set(s) ({merged})"
                                                    if report.merged else "nothing new came in"))
    text += f"; sent {Path(report.written).name}." if report.written else "; nothing new to send."
    if report.problems:
        text += f" {len(report.problems)} file(s) were left alone (listed below)."
    return text


class MergeController(QObject):
    merged = Signal(object)
    exchanged = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.task: Task | None = None
        self.progress: QProgressDialog | None = None
        self.dialog: MergeReviewDialog | None = None
        self.exchange_report: QDialog | None = None  # the files an exchange left alone, with the reason
        self._duplicates: list[Duplicate] = []
        self.act_merge = self._action("&Merge Project or Bundle…", "Ctrl+Alt+M", self.merge_dialog,
                                      "Bring another desk's work (a .fcw project or a project bundle) into this "
                                      "project; conflicts are listed for review")
        self.act_review = self._action("Merge Re&view…", "Ctrl+Alt+Shift+M", self.show_review,
                                       "The conflicts merges left for you to decide, and possible duplicate sources")
        self.act_exchange = self._action("E&xchange with Desk Now", "Ctrl+Alt+X", self.exchange_now,
                                         "Merge the change sets other members left in the desk's shared folder, "
                                         "then write this project's own there")
        self.act_folder = self._action("S&hared Folder…", "Ctrl+Alt+Shift+X", self.choose_folder,
                                       "Choose the desk's shared folder (a synced or network folder) that "
                                       "Exchange with Desk Now uses")
        self.status_button = QPushButton()
        self.status_button.setObjectName("conflictsButton")
        self.status_button.setFlat(True)
        self.status_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.status_button.setStyleSheet("QPushButton { background: #ffe9c2; color: #5a3b00; border: 1px solid "
                                         "#e0b050; border-radius: 3px; padding: 1px 8px; font-weight: 600; }")
        self.status_button.setToolTip("Open the merge review (Edit ▸ Merge Review…)")
        self.status_button.clicked.connect(self.show_review)
        self.status_button.hide()
        window.statusBar().insertPermanentWidget(0, self.status_button)
        window.session.changed.connect(self._changed)
        window.session.project_opened.connect(self._project_opened)

    def _action(self, text: str, shortcut: str, slot: Callable[[], object], tip: str) -> QAction:
        act = QAction(text, self.window)
        act.setShortcut(QKeySequence(shortcut))
        act.setStatusTip(tip)
        act.setToolTip(f"{tip} ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        act.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(act)
        return act

    def add_to(self, file_menu: QMenu, edit_menu: QMenu, before: QAction | None = None,
               after: QAction | None = None) -> None:
        """The merge entry in the File menu (before ``before``), the review in the Edit menu (after ``after``)."""
        for act in (self.act_merge, self.act_exchange, self.act_folder):
            if before is not None:
                file_menu.insertAction(before, act)
            else:
                file_menu.addAction(act)
        if before is not None:
            file_menu.insertSeparator(before)
        actions = edit_menu.actions()
        following = actions[actions.index(after) + 1] if after in actions and actions[-1] is not after else None
        if following is not None:
            edit_menu.insertAction(following, self.act_review)
        else:
            edit_menu.addAction(self.act_review)

    def update_actions(self, has_project: bool, writable: bool) -> None:
        self.act_merge.setEnabled(writable and self.task is None)
        self.act_exchange.setEnabled(writable and self.task is None)
        self.act_folder.setEnabled(writable)
        self.act_review.setEnabled(has_project)

    def update_review_text(self) -> int:
        """"Merge Review… (3 open)"; returns the open count."""
        n = self.window.session.query(merge_ops.open_conflict_count, default=0) \
            if self.window.project is not None else 0
        self.act_review.setText(f"Merge Re&view… ({n} open)" if n else "Merge Re&view…")
        self.status_button.setText(f"{n} merge conflict{'s' if n != 1 else ''} to decide")
        self.status_button.setVisible(bool(n))
        return n

    def _changed(self, changes: Changes | OpChanges) -> None:
        """The open count again, unless the change's rows are known and none is a merge conflict's (an edit: one
        worker round trip fewer, issue 15)."""
        if isinstance(changes, OpChanges) and not changes.touches("merge_conflicts"):
            return
        self.update_review_text()

    def _project_opened(self) -> None:
        self._duplicates = []
        if self.dialog is not None:
            self.dialog.set_summary("")
        self.update_review_text()
        self._exchange_on_open()

    def _exchange_on_open(self) -> None:
        """A project that exchanges through a shared folder merges what came in as soon as it is open (the window
        stays usable: it runs like File ▸ Exchange with Desk Now). An unreachable folder (a share not mounted) is
        said in the status bar, not in a box: the desk's work goes on offline."""
        project = self.window.project
        if project is None or project.read_only or self.task is not None:
            return
        folder = self.shared_folder()
        if folder is None:
            return
        if not folder.is_dir():
            self.window.statusBar().showMessage(f"The desk's shared folder {folder} cannot be reached: working "
                                                "offline (File ▸ Exchange with Desk Now when it is back).", 15000)
            return
        QTimer.singleShot(0, self.exchange_now)

    def duplicates(self) -> list[Duplicate]:
        """The merges' offers of this session, and any sources of the project sharing a name or an alias."""
        found = self.window.session.query(merge_ops.possible_duplicate_sources, default=[]) \
            if self.window.project is not None else []
        return list(dict.fromkeys([*self._duplicates, *found]))

    # ----- merging --------------------------------------------------------------------------------------
    def merge_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Merge a project or a bundle into this project",
                                              self.window._last_dir(), MERGE_FILTER)
        if path:
            self.merge_path(Path(path))

    def _ready(self, what: str) -> bool:
        window = self.window
        if window.session.workspace is None or window.project is None:
            window.show_error(f"Open the project to {what} first (File ▸ Open Project…).")
            return False
        if window.project.read_only:
            window.show_error(f"{window.project.path.name} is open read-only: nothing can be merged into it.")
            return False
        if self.task is not None:
            window.show_error("A merge or an exchange is already running.")
            return False
        return True

    def _run(self, title: str, text: str, work: Callable[[Callable[[int, int, str], None]], Any],
             done: Callable[[Any], None], failed: Callable[[object], None]) -> None:
        """``work(progress)`` on the task runner's thread (it drives the workspace, whose worker thread runs the
        SQL) with a progress dialog shown after 400 ms; ``done``/``failed`` on the GUI thread."""
        window = self.window
        dialog = QProgressDialog(text, "", 0, len(_STEPS), window)
        dialog.setObjectName("mergeProgress")
        dialog.setWindowTitle(title)
        dialog.setCancelButton(None)  # one transaction: it completes or changes nothing
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.progress = dialog
        task = window.runner.submit(lambda progress, _cancel: work(progress), title.lower())
        self.task = task
        window._update_actions()

        def on_progress(n: int, total: int, step: str) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(n)
            if step:
                dialog.setLabelText(f"{text}\n{step}…")

        def close() -> None:
            self.task = None
            dialog.close()
            dialog.deleteLater()
            self.progress = None
            window._update_actions()

        def finish(result: Any) -> None:
            close()
            done(result)

        def fail(exc: object) -> None:
            close()
            failed(exc)

        task.progress.connect(on_progress)
        task.finished.connect(finish)
        task.failed.connect(fail)

    def merge_path(self, path: Path) -> bool:
        """Merge ``path`` into the open project off the GUI thread; ``merged`` tells when it is done. Returns
        whether the merge started."""
        if not self._ready("merge into"):
            return False
        window = self.window
        ws = window.session.workspace
        assert ws is not None and window.project is not None
        path = Path(path)
        label = f"Merge {path.name}"

        def work(progress: Callable[[int, int, str], None]) -> Outcome:
            progress(0, len(_STEPS), _STEPS[0])
            side = ws.query(merge_ops.load_side, path)
            return ws.apply(merge_ops.merge, side, label=label,
                            progress=lambda n, total: progress(n + 1, total + 1, _STEPS[min(n + 1, 4)]))

        def failed(exc: object) -> None:
            if isinstance(exc, KnownError):
                message = str(exc)
                if path.name not in message:
                    message = f"{path.name} cannot be merged: {message}"
                window.show_error(message if "nothing" in message.lower() else f"{message} Nothing was changed.")
            else:
                window.show_error(f"The merge of {path.name} stopped: {exc}. Nothing was changed.")
            self.merged.emit(None)

        self._run("Merge", f"Merging {path.name} into {window.project.path.name}…", work,
                  lambda outcome: self._after_merge(outcome.result, outcome), failed)
        return True

    def _after_merge(self, report: merge_ops.MergeReport, outcome: Outcome) -> None:
        """The window takes in the merge now; the review opens on a later turn of the event loop
        (``_open_review``), so the refreshed lists are painted first: refreshing, building and showing all in
        one turn froze the window 50-85 ms (issue 15)."""
        window = self.window
        window.session.emit_changes(outcome.changes)  # claims list, library, highlights; Undo names the merge
        self._duplicates = [*self._duplicates, *report.duplicate_sources]
        n = len(report.conflicts)
        window.statusBar().showMessage(f"Merged {report.name}" + (f": {n} conflict{'s' if n != 1 else ''} to decide"
                                                                  if n else "") + " — see the merge review.", 15000)
        self.update_review_text()
        QTimer.singleShot(REVIEW_DELAY_MS, self, lambda: self._open_review(report))  # not once self is gone

    def _open_review(self, report: merge_ops.MergeReport) -> None:
        """Open the merge review with the merge's summary, then emit ``merged``."""
        if self.window.project is not None:
            dialog = self.show_review()
            dialog.set_summary(f"<b>{summary_text(report)}</b>"
                               + (" Undo the whole merge with Ctrl+Z." if report.changed else ""))
        self.merged.emit(report)

    # ----- the review -----------------------------------------------------------------------------------
    def show_review(self) -> MergeReviewDialog:
        if self.dialog is None:
            from workbench.ui.merge_dialog import MergeReviewDialog  # opened on demand, not needed to start

            self.dialog = MergeReviewDialog(self.window.session, self.window, duplicates=self.duplicates)
        if self.dialog.isVisible():
            self.dialog.refresh()
        self.dialog.show()
        self.dialog.activateWindow()
        return self.dialog

    # ----- exchange through the desk's shared folder --------------------------------------------------------
    def shared_folder(self) -> Path | None:
        if self.window.project is None:
            return None
        return self.window.session.query(desk_ops.shared_folder, default=None)

    def choose_folder(self) -> Path | None:
        """File ▸ Shared Folder…: ask for the desk's folder and remember it; returns it (None: cancelled)."""
        if not self._ready("choose a shared folder for"):
            return None
        current = self.shared_folder()
        start = str(current) if current is not None else self.window._last_dir()
        path = QFileDialog.getExistingDirectory(self.window, "The desk's shared folder (synced or on the network)",
                                                start)
        if not path:
            return None
        return Path(path) if self.set_shared_folder(Path(path)) else None

    def set_shared_folder(self, folder: Path | None) -> bool:
        """Remember ``folder`` as the project's shared folder (None: no longer exchange)."""
        from workbench.ops import exchange as exchange_ops  # loaded when an exchange is set up or runs

        if self.window.session.apply(exchange_ops.set_folder, folder) is None:
            return False  # the session reported why
        self.act_folder.setStatusTip(f"The desk's shared folder: {folder}" if folder else
                                     "Choose the desk's shared folder that Exchange with Desk Now uses")
        self.window.statusBar().showMessage(f"Shared folder: {folder}" if folder else
                                            "This project no longer exchanges through a shared folder.", 8000)
        return True

    def exchange_now(self) -> bool:
        """File ▸ Exchange with Desk Now (asks for the shared folder first when none is set); ``exchanged`` tells
        when it is done. Returns whether the exchange started."""
        if not self._ready("exchange"):
            return False
        if self.shared_folder() is None and self.choose_folder() is None:
            return False
        from workbench.ops import exchange as exchange_ops  # loaded when an exchange runs, not to start

        window = self.window
        ws = window.session.workspace
        assert ws is not None

        def work(progress: Callable[[int, int, str], None]) -> Outcome:
            progress(0, 2, "Reading the change sets in the shared folder")
            outcome = ws.apply(exchange_ops.receive_all, None, label="Exchange with desk",
                               progress=lambda n, total: progress(n, total + 1, f"Merging change set {n + 1} of "
                                                                                f"{total}"))
            try:  # a step of its own: what the merge brought in is committed first
                ws.apply(exchange_ops.send_all, outcome.result)
            except KnownError as exc:
                outcome.result.problems.append(str(exc))
            return outcome

        def failed(exc: object) -> None:
            window.show_error(str(exc) if isinstance(exc, KnownError) else f"The exchange stopped: {exc}")
            self.exchanged.emit(None)

        self._run("Exchange", "Exchanging with the desk's shared folder…", work, self._after_exchange, failed)
        return True

    def _after_exchange(self, outcome: Outcome) -> None:
        from workbench.ui.dialogs import ImportReportDialog

        window = self.window
        report: exchange_ops.ExchangeReport = outcome.result
        window.session.emit_changes(outcome.changes)
        for _name, merged in report.merged:
            self._duplicates = [*self._duplicates, *merged.duplicate_sources]
        text = exchange_summary(report)
        window.statusBar().showMessage(text, 15000)
        self.update_review_text()
        if report.conflicts or any(r.duplicate_sources for _n, r in report.merged):
            self.show_review().set_summary(f"<b>{text}</b>")
        if report.problems:
            box = ImportReportDialog(text, report.problems, window)
            box.setObjectName("exchangeReportDialog")
            box.setWindowTitle("Exchange report")
            box.open()
            self.exchange_report = box
        self.exchanged.emit(report)
