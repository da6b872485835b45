"""The main window: library | reading pane | claim panel, with menus and toolbar.

Signals:
    import_finished(list outcomes): a background import ended (outcomes per file).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEventLoop, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QToolBar,
    QWidget,
)

from workbench import APP_NAME
from workbench.domain import evidence_kinds
from workbench.domain.changes import Changes, OpChanges
from workbench.domain.model import SegmentKind, Stance
from workbench.errors import KnownError
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops
from workbench.tasks import Task, TaskRunner
from workbench.ui.claim_panel import ClaimPanel
from workbench.ui.colors import LEGEND, ROLE_COLOURS
from workbench.ui.current_claim import CurrentClaimController
from workbench.ui.dialogs import ImportReportDialog, MetadataDialog, import_summary
from workbench.ui.durability import DurabilityController
from workbench.ui.focus import FocusKeeper
from workbench.ui.library import LibraryPanel
from workbench.ui.merging import MergeController
from workbench.ui.project_dialogs import ask_new_project_path
from workbench.ui.reading_pane import ReadingPane
from workbench.ui.resegment import ResegmentController
from workbench.ui.search_controller import SearchController
from workbench.ui.session import Session
from workbench.ui.waiting import off_thread

if TYPE_CHECKING:
    from workbench.ui.claim_editor import ClaimEditor

MAX_RECENT = 8
PROGRESS_AT_ONCE = 10  # files in one import from which its progress shows at once (MainWindow.import_paths)
FILE_FILTER = "Articles (*.txt *.text *.md *.markdown *.html *.htm *.docx *.pdf);;All files (*)"
PROJECT_FILTER = "Fact-Check Workbench projects (*.fcw);;All files (*)"


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


class MainWindow(QMainWindow):
    import_finished = Signal(list)

    def __init__(self, settings: QSettings, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.runner = runner or TaskRunner(self)
        self.session = Session(self)
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.last_error = ""
        self.ask: Callable[[str, str], bool] = self._ask
        self._import_task: Task | None = None
        self.library = LibraryPanel()
        self.reading = ReadingPane()
        self.claims = ClaimPanel(self.session)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(self.reading)
        self.splitter.addWidget(self.claims)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.durability = DurabilityController(self)  # backups, lock/read-only offers, re-anchoring, orphans
        self._make_actions()
        self._make_menus()
        self.resegmenting = ResegmentController(self)  # Segment ▸ Re-segment Document / All Documents… (issue 17)
        self.resegmenting.add_to(self.segment_menu)
        self.merging = MergeController(self)  # File ▸ Merge Project or Bundle…, Edit ▸ Merge Review… (issue 14)
        self.merging.add_to(self.file_menu, self.edit_menu, self.act_save_copy, self.act_undo_history)
        self._make_toolbar()
        self.current_claim_ui = CurrentClaimController(self)  # bar, link texts, switching (issue 16)
        self.focus_keeper = FocusKeeper(self)  # focus back where it was after a dialog (issue 16)
        self._make_statusbar()
        self.addToolBarBreak()
        self.addToolBar(self.durability.banner)  # the read-only banner, hidden unless read-only
        self.discovery = SearchController(self)  # search dock, find bar, entities, suggestion docks (issue 5)
        self.library.document_activated.connect(self.open_document)
        self.claims.claim_selected.connect(self._on_claim_selected)
        self.claims.link_activated.connect(self.jump_to)
        self.reading.view.selection_changed.connect(lambda _s: self._update_actions())
        self.reading.view.annotation_clicked.connect(lambda note: self.statusBar().showMessage(
            f"Annotation: {' '.join(note.split())[:200]} — Ctrl+K makes the selected passage a claim.", 10000))
        self.reading.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.reading.view.customContextMenuRequested.connect(self._context_menu)
        self.session.changed.connect(self._on_changed)
        self.session.error.connect(self.show_error)
        self.claims.when_editor(self._connect_claim_editor)  # made on the turn after the first paint
        self._restore_layout()
        self._update_actions()
        self._update_status()

    # ----- construction ----------------------------------------------------------------------
    def _connect_claim_editor(self, editor: ClaimEditor) -> None:
        editor.remove_link_button.clicked.connect(self.remove_link)
        editor.delete_button.clicked.connect(self.delete_claim)
        editor.evidence_dialog_requested.connect(self.evidence_dialog)
        editor.remove_evidence_requested.connect(
            lambda ev_id: self.session.apply(claim_ops.remove_link, ev_id, undo="Remove evidence"))

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | QKeySequence.StandardKey = "",
                tip: str = "", icon: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(f"{tip} ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                           if shortcut else tip)
        if icon:
            act.setIcon(QIcon.fromTheme(icon))
        act.triggered.connect(lambda _checked=False: slot())
        self.addAction(act)
        return act

    def _make_actions(self) -> None:
        a = self._action
        self.act_new = a("&New Project…", self.new_project_dialog, QKeySequence.StandardKey.New,
                         "Create a new project file")
        self.act_open = a("&Open Project…", self.open_project_dialog, QKeySequence.StandardKey.Open,
                          "Open a project file")
        self.act_close = a("&Close Project", self.close_project, "Ctrl+Shift+W", "Close the project")
        self.act_import = a("&Import Files…", self.import_files_dialog, "Ctrl+I",
                            "Import articles (text, HTML, Markdown, DOCX, PDF)")
        self.act_import_folder = a("Import &Folder…", self.import_folder_dialog, "Ctrl+Shift+I",
                                   "Import every article in a folder")
        self.act_export = a("&Export…", self.export_dialog, "Ctrl+E",
                            "Export a report (HTML, PDF, Markdown, CSV) or interchange data (ClaimReview, "
                            "W3C annotations, project bundle)")
        self.act_quit = a("&Quit", self.close, "Ctrl+Q")
        self.act_metadata = a("Document &Metadata…", self.edit_metadata, "Ctrl+Shift+M",
                              "Edit the open document's title, publisher, date…")
        self.act_new_claim = a("New &Claim from Selection", self.new_claim_from_selection, "Ctrl+K",
                               "Make a claim from the selected passage")
        self.act_appearance = a("Selection Also &States the Claim", self.add_selection_as_appearance,
                                "Ctrl+Shift+K", "Record the selection as another place the claim appears")
        self.act_supports = a("Add Selection as Evidence: &Supports",
                              lambda: self.add_selection_as_evidence(Stance.SUPPORTS), "Ctrl+1",
                              "Link the selection to the current claim as supporting evidence")
        self.act_refutes = a("Add Selection as Evidence: &Refutes",
                             lambda: self.add_selection_as_evidence(Stance.REFUTES), "Ctrl+2",
                             "Link the selection to the current claim as refuting evidence")
        self.act_context = a("Add Selection as Evidence: Adds &Context",
                             lambda: self.add_selection_as_evidence(Stance.CONTEXT), "Ctrl+3",
                             "Link the selection to the current claim as context")
        self.act_remove_link = a("Remove Selected &Link", self.remove_link, "Ctrl+Shift+Backspace",
                                 "Remove the selected passage from the claim")
        self.act_delete_claim = a("&Delete Claim", self.delete_claim, "Ctrl+Shift+Delete",
                                  "Delete the current claim and its links")
        self.act_mark_body = a("Mark Selection as &Body", lambda: self.mark_segment(SegmentKind.BODY),
                               "Ctrl+Alt+B", "Mark the selected region as article text")
        self.act_mark_comments = a("Mark Selection as &Comments",
                                   lambda: self.mark_segment(SegmentKind.COMMENTS), "Ctrl+Alt+C",
                                   "Mark the selected region as reader comments")
        self.act_mark_boiler = a("Mark Selection as B&oilerplate",
                                 lambda: self.mark_segment(SegmentKind.BOILERPLATE), "Ctrl+Alt+O",
                                 "Mark the selected region as boilerplate (appeals, captions…)")
        self.act_zoom_in = a("Zoom &In", lambda: self.zoom(1), QKeySequence.StandardKey.ZoomIn)
        self.act_zoom_out = a("Zoom &Out", lambda: self.zoom(-1), QKeySequence.StandardKey.ZoomOut)
        self.act_zoom_reset = a("&Reset Zoom", lambda: self.zoom(0), "Ctrl+0")
        self.act_find_docs = a("Filter &Documents", lambda: self.library.filter.setFocus(), "Ctrl+L")
        self.act_find_claims = a("Filter C&laims", lambda: self.claims.filter.setFocus(), "Ctrl+Shift+L")
        self.act_about = a("&About", self.about)
        self.act_undo = self.session.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.act_redo = self.session.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addActions([self.act_undo, self.act_redo])
        self.act_undo_history = a("Undo &History…", self.undo_history_dialog, "Ctrl+Alt+Z",
                                  "Every change to the project, newest first; undo back to any of them")
        self.act_sources = a("&Sources…", self.sources_dialog, "Ctrl+Shift+O",
                             "The sources registry: outlets, agencies, officials, people; reliability A–F")
        self.act_scale = a("Rating &Scale…", self.rating_scale_dialog, "Ctrl+Shift+R",
                           "Edit the project's rating scale (labels, definitions, colours, ClaimReview values)")
        self.act_profile = a("Your &Profile…", self.profile_dialog, "Ctrl+Alt+P",
                             "Your name and organisation: history, undo and the desk's sign-off name you by them")
        self.act_desk = a("&Desk Settings…", self.desk_dialog, "Ctrl+Alt+D",
                          "The desk's sign-off rule (who may make a verdict final), reviewers and members")
        # one "Add … Evidence" entry per kind the evidence dialog adds (domain/evidence_kinds.py)
        self.evidence_actions = {
            spec.value: a(spec.action or f"Add {spec.label} Evidence…",
                          partial(self.evidence_dialog, spec.value, None), spec.shortcut,
                          spec.tip or spec.add_title)
            for spec in evidence_kinds.addable()}
        self.act_add_url = self.evidence_actions["url"]
        self.act_add_file = self.evidence_actions["file"]
        self.act_add_note = self.evidence_actions["note"]
        self.act_save_copy = a("Save a Co&py…", lambda: self.durability.save_copy(), "Ctrl+Shift+S",
                               "Write a consistent copy of the project to another file")
        self.act_restore = a("Restore from &Backup…", lambda: self.durability.restore_dialog(), "Ctrl+Shift+B",
                             "Restore one of the automatic backups to a new file")
        self.act_orphans = a("Passages to &Review", lambda: self.durability.show_orphans(), "Ctrl+Shift+P",
                             "Passages whose words changed in a new version of their document, and orphaned passages")
        for act in (self.act_new_claim, self.act_supports, self.act_refutes, self.act_context,
                    self.act_appearance, self.act_mark_body, self.act_mark_comments, self.act_mark_boiler):
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    def _make_menus(self) -> None:
        mb = self.menuBar()
        f = self.file_menu = mb.addMenu("&File")
        f.addActions([self.act_new, self.act_open])
        self.recent_menu = f.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        f.addAction(self.act_close)
        f.addSeparator()
        f.addActions([self.act_import, self.act_import_folder, self.act_export])
        f.addSeparator()
        f.addActions([self.act_save_copy, self.act_restore])
        f.addSeparator()
        f.addAction(self.act_quit)
        e = self.edit_menu = mb.addMenu("&Edit")
        e.addActions([self.act_undo, self.act_redo, self.act_undo_history])
        e.addSeparator()
        e.addActions([self.act_metadata, self.act_sources, self.act_scale, self.act_desk])
        e.addSeparator()
        e.addAction(self.act_profile)
        e.addSeparator()
        e.addActions([self.act_find_docs, self.act_find_claims])
        c = self.claim_menu = mb.addMenu("&Claim")
        c.addActions([self.act_new_claim, self.act_appearance])
        c.addSeparator()
        c.addActions([self.act_supports, self.act_refutes, self.act_context])
        c.addActions(list(self.evidence_actions.values()))
        c.addSeparator()
        c.addActions([self.act_remove_link, self.act_delete_claim])
        s = self.segment_menu = mb.addMenu("&Segment")
        s.addActions([self.act_mark_body, self.act_mark_comments, self.act_mark_boiler])
        v = self.view_menu = mb.addMenu("&View")
        v.addActions([self.act_zoom_in, self.act_zoom_out, self.act_zoom_reset])
        v.addSeparator()
        v.addAction(self.act_orphans)
        h = mb.addMenu("&Help")
        h.addAction(self.act_about)

    def _make_toolbar(self) -> None:
        tb = QToolBar("Main")
        tb.setObjectName("mainToolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.setMovable(False)
        self.act_import.setIconText("Import…")
        self.act_new_claim.setIconText("New claim")
        self.act_appearance.setIconText("Also states it")
        self.act_supports.setIconText("+ Supports")
        self.act_refutes.setIconText("− Refutes")
        self.act_context.setIconText("Context")
        tb.addActions([self.act_import, self.act_metadata])
        tb.addSeparator()
        tb.addActions([self.act_new_claim, self.act_appearance])
        tb.addSeparator()
        tb.addActions([self.act_supports, self.act_refutes, self.act_context])
        self.act_metadata.setIconText("Metadata…")
        self.addToolBar(tb)
        self.toolbar = tb

    def _make_statusbar(self) -> None:
        legend = QWidget()
        legend.setObjectName("legend")
        from PySide6.QtWidgets import QHBoxLayout

        lay = QHBoxLayout(legend)
        lay.setContentsMargins(0, 0, 8, 0)
        for key, label in LEGEND:
            c = ROLE_COLOURS[key]
            chip = QLabel(f"  {label}  ")
            chip.setStyleSheet(f"background: rgba({c.red()},{c.green()},{c.blue()},{c.alpha()});"
                               "border-radius: 3px; padding: 1px 2px;")
            lay.addWidget(chip)
        comments = QLabel("  Comments  ")
        comments.setStyleSheet("color: #556070; background: rgba(110,130,160,40); border-radius: 3px;")
        boiler = QLabel("  Boilerplate  ")
        boiler.setStyleSheet("color: #999999; border: 1px dotted #aaaaaa; border-radius: 3px;")
        lay.addWidget(comments)
        lay.addWidget(boiler)
        self.legend = legend
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(legend)

    # ----- project -------------------------------------------------------------------------
    @property
    def project(self) -> project_ops.Project | None:
        return self.session.project

    def open_project_path(self, path: Path, *, staged: bool = False) -> bool:
        """Open ``path`` (asking what to do when it is in use, read-only, damaged…). ``staged``: in a window on
        screen, show it over a few turns of the event loop (see ``_set_project``)."""
        project = self.durability.open_project(Path(path))
        if project is None:
            return False
        self._set_project(project, staged=staged)
        return True

    def new_project_path(self, path: Path) -> bool:
        path = Path(path)
        if path.suffix.lower() != project_ops.PROJECT_SUFFIX:
            path = path.with_name(path.name + project_ops.PROJECT_SUFFIX)
        try:
            project = off_thread(project_ops.create_project, path)
        except KnownError as exc:
            self.show_error(str(exc))
            return False
        self._set_project(project)
        return True

    def _set_project(self, project: project_ops.Project | None, *, staged: bool = False) -> None:
        """Make ``project`` the open one and show it. ``staged`` (a window on screen: File ▸ Open, Open Recent, a
        restored backup): the library at once, the claim list when the worker has read it (the window paints
        meanwhile) and the first document on the turn after. Done at once, the reads, the claim list and the
        first document kept the window from painting for 55-90 ms after a restore and 31-64 ms after opening a
        150-document project (issue 15). Without ``staged`` (the start, before the window is shown; scripts
        and tests) everything is shown when this returns."""
        self._wait_for_tasks()
        self.session.set_project(project)
        self.reading.show_placeholder()
        if self.claims.editor_made:
            self.claims.editor.load("")
        if project is not None:
            self._remember_recent(project.path)
            self.setWindowTitle(f"{project.name} — {APP_NAME}")
        else:
            self.setWindowTitle(APP_NAME)
        if staged and project is not None and self.isVisible():
            self.library.set_documents(self.session.query(doc_ops.list_documents, default=[]), "")
            self._update_status()
            self._update_actions()

            def first_document() -> None:
                docs = self.library.model.docs
                if self.project is project and docs and self.reading.document is None:
                    self.open_document(docs[0].id)

            def claims_shown() -> None:
                self._update_status()
                QTimer.singleShot(0, self, first_document)

            self.claims.clear()  # not the previous project's rows while this one's are read
            self.claims.refresh_later(then=claims_shown)
            return
        self.refresh_all()
        docs = self.library.model.docs
        if docs:
            self.open_document(docs[0].id)

    def close_project(self) -> None:
        self._save_pending_edits()
        self._set_project(None)

    def refresh_all(self) -> None:
        self.library.set_documents(self.session.query(doc_ops.list_documents, default=[]),
                                   self.current_document_id)
        self.claims.refresh()
        self._update_status()
        self._update_actions()

    @property
    def current_document_id(self) -> str:
        return self.reading.document.id if self.reading.document else ""

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", self._last_dir(), PROJECT_FILTER)
        if path:
            self.open_project_path(Path(path), staged=True)  # the window is on screen: shown over a few turns

    def new_project_dialog(self) -> None:
        path = ask_new_project_path(self, self.recent_projects())
        if path:
            self.new_project_path(path)

    def _last_dir(self) -> str:
        recent = self.recent_projects()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def recent_projects(self) -> list[str]:
        value = self.settings.value("recentProjects", [])
        items = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
        return [str(v) for v in items if v]

    def _remember_recent(self, path: Path) -> None:
        p = str(Path(path).resolve())
        recent = [p] + [r for r in self.recent_projects() if r != p]
        self.settings.setValue("recentProjects", recent[:MAX_RECENT])
        self.settings.setValue("lastProject", p)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_projects()
        if not recent:
            self.recent_menu.addAction("(none)").setEnabled(False)
        for i, p in enumerate(recent):
            act = self.recent_menu.addAction(f"&{i + 1} {Path(p).name} — {Path(p).parent}")
            act.triggered.connect(lambda _c=False, p=p: self.open_project_path(Path(p), staged=True))

    # ----- import ----------------------------------------------------------------------------
    def import_files_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import articles", str(Path.home()), FILE_FILTER)
        if paths:
            self.import_paths([Path(p) for p in paths])

    def import_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Import every article in a folder", str(Path.home()))
        if path:
            self.import_paths([Path(path)], progress_at_once=True)

    def import_paths(self, paths: list[Path], progress_at_once: bool | None = None) -> None:
        """Import files/folders on the worker thread with progress and Cancel.

        The progress shows when the import looks longer than 600 ms, or at once for a folder or a batch of
        ``PROGRESS_AT_ONCE`` files or more (``progress_at_once``): then it is painted before the work starts.
        A dialog shown while the import runs is painted in competition with the import for the interpreter
        (every Python call the paint makes waits its turn): 40-100 ms without a paint; 10-20 ms before it."""
        project = self.project
        if project is None:
            self.show_error("Open or create a project before importing (File ▸ New Project…).")
            return
        if self._import_task is not None:
            self.show_error("An import is already running.")
            return

        limits = self.durability.import_limits()

        def work(progress: Callable[[int, int, str], None], cancel: threading.Event) -> tuple[list, list]:
            # project bundles are recognised by their content and merged in, as `workbench import` does
            from workbench.core.workspace import WINDOW
            from workbench.ops import annotations as annotation_ops
            from workbench.ops import bundle as bundle_ops

            bundles, rest = bundle_ops.import_bundles(project, paths)
            # files of web annotations (Hypothesis, W3C): onto the project's documents, each one undoable step
            annotations, rest = annotation_ops.import_annotation_files(project, rest, "Import annotations", WINDOW)
            outcomes, _ = doc_ops.import_files(project, rest, limits=limits, progress=progress, cancel=cancel) \
                if rest else ([], None)
            # the library as the import left it, read here: the window then has nothing to wait for (issue 15)
            return [*bundles, *annotations, *outcomes], doc_ops.list_documents(project)

        dialog = QProgressDialog("Importing…", "Cancel", 0, 0, self)
        dialog.setWindowTitle("Import")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(600)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.import_progress = dialog
        if progress_at_once if progress_at_once is not None else len(paths) >= PROGRESS_AT_ONCE:
            dialog.show()
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)  # painted now
        task = self.runner.submit(work, "import")
        self._import_task = task
        dialog.canceled.connect(task.cancel)

        total_files = [0]

        def on_progress(done: int, total: int, name: str) -> None:
            total_files[0] = total
            dialog.setMaximum(max(total, 1))
            dialog.setValue(done)
            dialog.setLabelText(f"Importing {done + 1 if done < total else done} of {total}: {name}"
                                if name else f"Imported {done} of {total}")

        def finish(result: tuple[list, list]) -> None:
            outcomes, documents = result
            self._import_task = None
            # cancelled: Cancel stopped the batch before its last file (read before close(), which emits canceled)
            cancelled = task.cancel_event.is_set() and len(outcomes) < total_files[0]
            dialog.canceled.disconnect(task.cancel)
            dialog.close()
            dialog.deleteLater()
            self._after_import(outcomes, cancelled=cancelled, total=total_files[0], documents=documents)

        def failed(exc: object) -> None:
            self._import_task = None
            dialog.close()
            dialog.deleteLater()
            self.show_error(f"The import stopped: {exc}")
            self.refresh_all()
            self.import_finished.emit([])

        task.progress.connect(on_progress)
        task.finished.connect(finish)
        task.failed.connect(failed)

    def _after_import(self, outcomes: list, cancelled: bool, total: int = 0,
                      documents: list | None = None) -> None:
        """Show what an import did. ``documents``: the library as the import left it (read on the worker
        thread); the claim list is read again only when the import changed claims (a bundle merged in,
        annotations placed), not after every batch of articles (500 claims reread: a visible stall)."""
        imported = [o for o in outcomes if o.status is doc_ops.ImportStatus.IMPORTED]
        dups = [o for o in outcomes if o.status is doc_ops.ImportStatus.DUPLICATE]
        rejected = [o for o in outcomes if o.status is doc_ops.ImportStatus.REJECTED]
        summary = import_summary(len(imported), len(dups), len(rejected), total=max(total, len(outcomes)),
                                 cancelled=cancelled)
        merged = [getattr(o, "summary", "") for o in imported if not o.document_id]  # bundles merged in
        if any(merged):
            summary = " ".join([summary, *filter(None, merged)])
        claims_changed = any(not o.document_id or getattr(o, "result", None) is not None for o in imported)
        if documents is None or claims_changed:
            self.refresh_all()
        else:
            self.library.set_documents(documents, self.current_document_id)
            self._update_status()
            self._update_actions()
        if any(getattr(o, "result", None) is not None for o in imported):  # annotations: highlights, Undo
            self.session.emit_changes(Changes.PASSAGES)
        first = next((o.document_id for o in imported if o.document_id), "")
        if first and not self.reading.document:
            self.open_document(first)
        self.statusBar().showMessage(summary, 8000)
        noted = [o for o in imported if getattr(o, "details", ())]  # annotations not placed, with the reason
        if rejected or dups or noted:
            report = ImportReportDialog(summary, [o.line() for o in rejected + dups + noted], self)
            report.setObjectName("importReportDialog")
            report.open()
            self.import_report = report
        self.import_finished.emit(outcomes)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # ----- documents -------------------------------------------------------------------------
    def open_document(self, doc_id: str, select: tuple[int, int] | None = None) -> None:
        if not doc_id:
            return
        if self.current_document_id != doc_id:
            doc = self.session.query(doc_ops.get_document, doc_id, default=None)
            if doc is None:
                return
            self.reading.show_document(doc)
            self.claims.set_open_document(doc_id)
            self.library.select(doc_id)
            self._paint_highlights()
        if select is not None:
            self.reading.view.select_range(*select)
            self.reading.view.setFocus()
        self._update_status()
        self._update_actions()

    def jump_to(self, doc_id: str, start: int, end: int) -> None:
        """Show a passage, opening its document if needed."""
        self.open_document(doc_id, select=(start, end))

    def _paint_highlights(self) -> None:
        doc_id = self.current_document_id
        hl = self.session.query(claim_ops.highlights, doc_id, default=[]) if doc_id else []
        self.reading.view.set_highlights(hl, self.claims.current_claim)

    def edit_metadata(self) -> None:
        doc = self.reading.document
        if doc is None:
            self.show_error("Open a document first.")
            return
        info = (f"File: {doc.filename} · {doc.media_type} · encoding {doc.encoding or 'n/a'}"
                f" · SHA-256 {doc.sha256[:16]}…")
        current = self.session.query(doc_ops.get_document, doc.id, default=doc)
        dialog = MetadataDialog(current.metadata, info, self, derived=current.derived,
                                extraction=current.extraction, filename=current.filename)
        if dialog.exec():
            self.session.apply(doc_ops.update_metadata, doc.id, dialog.metadata(), undo="Edit metadata")

    def mark_segment(self, kind: SegmentKind) -> None:
        rng = self._selection_or_error()
        if rng:
            self.session.apply(doc_ops.remark_segment, self.current_document_id, rng[0], rng[1], kind,
                               undo=f"Mark as {kind.value}")

    def zoom(self, steps: int) -> None:
        current = _int(self.settings.value("zoom", 0))
        new = 0 if steps == 0 else max(-6, min(12, current + steps))
        self.reading.view.zoom(new - current)
        self.settings.setValue("zoom", new)

    # ----- claims ------------------------------------------------------------------------------
    def _selection_or_error(self) -> tuple[int, int] | None:
        if self.reading.document is None:
            self.show_error("Open a document and select a passage first.")
            return None
        rng = self.reading.view.selection_range()
        if rng is None:
            self.show_error("Select a passage in the reading pane first (mouse or Shift+arrows).")
        return rng

    def new_claim_from_selection(self) -> str:
        rng = self._selection_or_error()
        if not rng:
            return ""
        claim_id = self.session.apply(claim_ops.create_claim_from_passage, self.current_document_id, *rng,
                                      undo="New claim")
        if claim_id:
            self.claims.select_claim(claim_id)
            self.claims.editor.text.setFocus()
            self.claims.editor.text.selectAll()
        return claim_id or ""

    def add_selection_as_evidence(self, stance: Stance) -> str:
        claim_id = self.claims.current_claim
        if not claim_id:
            self.show_error("Select the claim this evidence is for in the claim list first.")
            return ""
        rng = self._selection_or_error()
        if not rng:
            return ""
        ev = self.session.apply(claim_ops.add_passage_evidence, claim_id, self.current_document_id, *rng,
                                Stance(stance), undo="Add evidence")
        if ev:
            self.current_claim_ui.announce_link(claim_id, Stance(stance))
        return ev or ""

    def add_selection_as_appearance(self) -> str:
        claim_id = self.claims.current_claim
        if not claim_id:
            self.show_error("Select a claim in the claim list first.")
            return ""
        rng = self._selection_or_error()
        if not rng:
            return ""
        return self.session.apply(claim_ops.add_appearance, claim_id, self.current_document_id, *rng,
                                  undo="Add appearance") or ""

    def remove_link(self) -> None:
        link_id = self.claims.editor.selected_link_id()
        if not link_id:
            self.show_error("Select a passage or a piece of evidence in the claim editor first.")
            return
        self.session.apply(claim_ops.remove_link, link_id, undo="Remove link")

    def delete_claim(self) -> None:
        claim_id = self.claims.current_claim
        if not claim_id:
            return
        n = self.claims.editor.links.count() + self.claims.editor.evidence.count()
        if n == 0 or self.ask("Delete claim",
                              f"Delete this claim with its {n} passage(s) and piece(s) of evidence?\n"
                              "You can undo this (Ctrl+Z)."):
            self.session.apply(claim_ops.delete_claim, claim_id, undo="Delete claim")
            self.claims.select_claim("")

    # ----- issue 3 dialogs ------------------------------------------------------------------------
    def evidence_dialog(self, kind: str, view: object) -> None:
        """Add ("url"/"file"/"note", None) or edit (kind, EvidenceView) evidence of the current claim."""
        from workbench.domain.model import EvidenceKind
        from workbench.ui.evidence_dialog import EvidenceDialog

        claim_id = self.claims.current_claim
        if not claim_id:
            self.show_error("Select a claim first.")
            return
        dialog = EvidenceDialog(self.session, claim_id, EvidenceKind(kind), self, view)  # type: ignore[arg-type]
        dialog.current_claim = lambda: self.claims.current_claim
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.evidence_dialog_window = dialog
        dialog.open()

    def sources_dialog(self) -> None:
        from workbench.ui.sources_dialog import SourcesDialog

        dialog = SourcesDialog(self.session, self.ask, self)
        dialog.claim_activated.connect(self.claims.select_claim)
        self.sources_window = dialog
        dialog.show()

    def export_dialog(self) -> None:
        from workbench.ui.export_dialog import ExportDialog, visible_claims

        if self.project is None:
            self.show_error("Open or create a project first (File ▸ New Project…).")
            return
        dialog = ExportDialog(self.session, self.claims.current_claim, visible_claims(self.claims.proxy), self,
                              runner=self.runner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_window = dialog
        dialog.open()

    def undo_history_dialog(self) -> None:
        from workbench.ui.undo_history import UndoHistoryDialog

        dialog = UndoHistoryDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.undo_history_window = dialog
        dialog.show()

    def profile_dialog(self) -> None:
        from workbench.ui.profile_dialog import ProfileDialog

        dialog = ProfileDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.claims.refresh())  # "Mine" is the new name's claims
        self.profile_window = dialog
        dialog.open()

    def desk_dialog(self) -> None:
        from workbench.ui.desk_dialog import DeskDialog

        dialog = DeskDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.desk_window = dialog
        dialog.open()

    def rating_scale_dialog(self) -> None:
        from workbench.ui.rating_scale_dialog import RatingScaleDialog

        dialog = RatingScaleDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.rating_scale_window = dialog
        dialog.open()

    def _on_claim_selected(self, claim_id: str) -> None:
        self.reading.view.set_selected_claim(claim_id)
        self._update_actions()

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.build_context_menu(pos)
        menu.popup(self.reading.view.viewport().mapToGlobal(pos))

    def build_context_menu(self, pos: QPoint | None = None) -> QMenu:
        """The reading pane's context menu: copy/select all, the claim of the highlight at ``pos`` (viewport
        coordinates; None: at the cursor), claim actions naming the current claim, segment marks."""
        menu: QMenu = self.reading.view.createStandardContextMenu()
        menu.addSeparator()
        self.current_claim_ui.add_to_context_menu(menu, pos)
        menu.addActions([self.act_new_claim, self.act_appearance, self.act_supports, self.act_refutes,
                         self.act_context])
        menu.addSeparator()
        seg = menu.addMenu("Mark selection as")
        seg.addActions([self.act_mark_body, self.act_mark_comments, self.act_mark_boiler])
        menu.addAction(self.act_metadata)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return menu

    # ----- refresh -----------------------------------------------------------------------------
    def _on_changed(self, changes: Changes | OpChanges) -> None:
        if changes & (Changes.DOCUMENTS | Changes.METADATA):
            self.library.set_documents(self.session.query(doc_ops.list_documents, default=[]),
                                       self.current_document_id)
            if changes & Changes.METADATA and self.reading.document:
                doc = self.session.query(doc_ops.get_document, self.current_document_id, default=None)
                if doc:
                    self.reading.document = doc
                    self.reading.show_document(doc)
                    self._paint_highlights()
        if changes & Changes.SEGMENTS and self.reading.document:
            segs = self.session.query(doc_ops.segments, self.current_document_id, default=())
            self.reading.view.set_segments(segs)
        if changes & (Changes.PASSAGES | Changes.EVIDENCE | Changes.CLAIMS) and self.project is not None:
            rows = None if getattr(changes, "broad", True) else getattr(changes, "rows", None)
            delta = None if rows is None else claim_ops.highlight_delta(rows, self.current_document_id)
            if delta is None:
                self._paint_highlights()
            elif delta[0] or delta[1]:
                self.reading.view.update_highlights(*delta)
        self._update_status()
        self._update_actions()

    def _update_actions(self) -> None:
        has_project = self.project is not None
        writable = self.project is not None and not self.project.read_only  # read-only: the banner says why
        has_doc = self.reading.document is not None and writable
        has_sel = has_doc and self.reading.view.textCursor().hasSelection()
        has_claim = bool(self.claims.current_claim) and writable
        self.act_close.setEnabled(has_project)
        for act in (self.act_import, self.act_import_folder):
            act.setEnabled(writable)
        self.act_metadata.setEnabled(has_doc)
        self.act_new_claim.setEnabled(has_sel)
        for act in (self.act_supports, self.act_refutes, self.act_context, self.act_appearance):
            act.setEnabled(has_sel and has_claim)
        for act in (self.act_mark_body, self.act_mark_comments, self.act_mark_boiler):
            act.setEnabled(has_sel)
        self.act_delete_claim.setEnabled(has_claim)
        self.act_remove_link.setEnabled(has_claim)
        for act in self.evidence_actions.values():
            act.setEnabled(has_claim)
        self.act_sources.setEnabled(has_project)
        self.act_scale.setEnabled(has_project)
        self.act_desk.setEnabled(has_project)
        self.act_undo_history.setEnabled(has_project)
        self.resegmenting.update_actions(has_project, self.reading.document is not None)
        self.merging.update_actions(has_project, writable)

    def _update_status(self) -> None:
        if self.project is None:
            self.status_label.setText("No project open — File ▸ New Project… (Ctrl+N) or Open (Ctrl+O)")
            return
        docs = self.library.model.rowCount()
        claims = self.claims.model.rowCount()
        hl = self.reading.view.highlight_count
        doc = f" · {hl} highlight(s) in this document" if self.reading.document else ""
        self.status_label.setText(f"{self.project.path.name} · {docs} document(s) · {claims} claim(s){doc}"
                                  " · saved automatically")

    # ----- messages -----------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        self.last_error = message
        self.statusBar().showMessage(message, 10000)
        if QApplication.activeModalWidget() is not None:  # a dialog is open: it shows the message itself
            return
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("errorBox")
        box.open()
        self.error_box = box

    def _ask(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes

    def about(self) -> None:
        from workbench import __version__

        QMessageBox.about(self, APP_NAME, f"{APP_NAME} {__version__}\nOffline workbench for fact-checkers.")

    # ----- layout persistence & closing ----------------------------------------------------------
    def _restore_layout(self) -> None:
        geom = self.settings.value("geometry")
        if isinstance(geom, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geom))
        else:
            self.resize(1440, 880)
        for splitter, key, default in ((self.splitter, "mainSplitter", [300, 620, 520]),
                                       (self.claims.splitter, "claimSplitter", [300, 420])):
            state = self.settings.value(key)
            if not (isinstance(state, QByteArray | bytes) and splitter.restoreState(QByteArray(state))):
                splitter.setSizes(default)
        zoom = _int(self.settings.value("zoom", 0))
        if zoom:
            QTimer.singleShot(0, lambda: self.reading.view.zoom(zoom))

    def save_layout(self) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("mainSplitter", self.splitter.saveState())
        self.settings.setValue("claimSplitter", self.claims.splitter.saveState())
        self.settings.sync()

    def _save_pending_edits(self) -> None:
        if self.claims.editor_made:  # an editor not made yet holds no edit
            self.claims.editor.flush()

    def _wait_for_tasks(self) -> None:
        if self.runner.busy:
            self.runner.wait()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_pending_edits()
        self.save_layout()
        self._wait_for_tasks()
        if self.session.workspace is not None:
            self.session.workspace.close()
        super().closeEvent(event)
