"""Search and discovery in the main window: the docks, the find bar, their actions and their wiring.

``SearchController(window)`` adds, without touching the window's own layout:
    - a "Search" dock (Ctrl+Shift+F) with the search panel; opening a hit jumps to it;
    - a find bar under the reading pane (Ctrl+F; F3 / Shift+F3 step through the matches);
    - "Related passages" (Ctrl+Alt+R) and "Claim finder" (Ctrl+Alt+F) docks;
    - Entities and Spellings… (Ctrl+Shift+E);
    - a rebuild of the search index on the worker thread when an opened project needs one (older projects),
      with its progress in the status bar and the search panel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QWidget

from workbench.ops import claims as claim_ops
from workbench.ops import search_index
from workbench.tasks import Task
from workbench.ui.find_bar import FindBar

if TYPE_CHECKING:
    from workbench.domain.discovery import SearchHit
    from workbench.ui.main_window import MainWindow
    from workbench.ui.search_panel import SearchPanel
    from workbench.ui.suggestions import ClaimFinderPanel, RelatedPassagesPanel


class SearchController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        session = window.session
        # The three panels are made when first needed (their dock shown, or asked for): search ranking and the
        # suggestions' modules are not loaded to start. Until then the controller keeps what they would show.
        self._panel: SearchPanel | None = None
        self._related: RelatedPassagesPanel | None = None
        self._finder: ClaimFinderPanel | None = None
        self._claim_id = ""
        self._document_id = ""
        self._index_note = ""
        self.search_dock = self._dock("Search", "searchDock", lambda: self.panel)
        self.related_dock = self._dock("Related passages", "relatedDock", lambda: self.related)
        self.finder_dock = self._dock("Claim finder", "claimFinderDock", lambda: self.finder)
        window.tabifyDockWidget(self.search_dock, self.related_dock)
        window.tabifyDockWidget(self.related_dock, self.finder_dock)
        for dock in (self.search_dock, self.related_dock, self.finder_dock):
            dock.hide()
        self.find_bar = FindBar(window.reading.view, self._document_text)
        layout = window.reading.layout()
        assert layout is not None
        layout.addWidget(self.find_bar)
        self.rebuild_task: Task | None = None
        self._make_actions()
        window.claims.claim_selected.connect(self._claim_selected)
        window.reading.view.textChanged.connect(self._document_changed)
        session.project_opened.connect(self._project_opened)
        self._document_changed()

    # ----- the panels, made on first use ---------------------------------------------------------------
    @property
    def panel(self) -> SearchPanel:
        if self._panel is None:
            from workbench.ui.search_panel import SearchPanel

            self._panel = SearchPanel(self.window.session)
            self._panel.set_index_note(self._index_note)
            self._panel.hit_activated.connect(self.open_hit)
            self.search_dock.setWidget(self._panel)
        return self._panel

    @property
    def related(self) -> RelatedPassagesPanel:
        if self._related is None:
            from workbench.ui.suggestions import RelatedPassagesPanel

            self._related = RelatedPassagesPanel(self.window.session)
            self._related.passage_activated.connect(self.window.jump_to)
            self.related_dock.setWidget(self._related)
            if self._claim_id:
                self._related.set_claim(self._claim_id)
        return self._related

    @property
    def finder(self) -> ClaimFinderPanel:
        if self._finder is None:
            from workbench.ui.suggestions import ClaimFinderPanel

            self._finder = ClaimFinderPanel(self.window.session)
            self._finder.sentence_activated.connect(self.window.jump_to)
            self._finder.claim_made.connect(self.window.claims.select_claim)
            self.finder_dock.setWidget(self._finder)
            if self._document_id:
                self._finder.set_document(self._document_id)
        return self._finder

    def _claim_selected(self, claim_id: str) -> None:
        self._claim_id = claim_id
        if self._related is not None:
            self._related.set_claim(claim_id)

    def _set_index_note(self, note: str) -> None:
        self._index_note = note
        if self._panel is not None:
            self._panel.set_index_note(note)

    def _dock(self, title: str, name: str, make: Callable[[], QWidget]) -> QDockWidget:
        """A dock whose panel ``make`` builds when the dock is first shown (restored, or opened by the user)."""
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.visibilityChanged.connect(lambda visible: make() if visible else None)
        dock.setAllowedAreas(Qt.DockWidgetArea.AllDockWidgetAreas)
        self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        return dock

    def _action(self, text: str, slot: Callable[[], object], shortcut: str, tip: str) -> QAction:
        act = QAction(text, self.window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.setStatusTip(tip)
        act.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(act)
        return act

    def _make_actions(self) -> None:
        a = self._action
        self.act_search = a("&Search Project…", self.show_search, "Ctrl+Shift+F",
                            "Search every document, passage, claim, piece of evidence and source")
        self.act_find = a("&Find in Document…", self.find_bar_open, "Ctrl+F",
                          "Find text in the open document (any case, accents and Arabic spellings)")
        self.act_find_next = a("Find &Next", self.find_bar.next, "F3", "Go to the next match in the document")
        self.act_find_prev = a("Find Pre&vious", self.find_bar.previous, "Shift+F3",
                               "Go to the previous match in the document")
        self.act_entities = a("&Entities and Spellings…", self.entities_dialog, "Ctrl+Shift+E",
                              "Places, organisations and people with the spellings of their names")
        self.act_related = a("&Related Passages", lambda: self._show(self.related_dock), "Ctrl+Alt+R",
                             "Passages in other documents that share the current claim's words and names")
        self.act_finder = a("Claim &Finder", lambda: self._show(self.finder_dock), "Ctrl+Alt+F",
                            "Sentences of the open document that report what someone said")
        self.act_rebuild = a("Rebuild Search &Index", self.rebuild_index, "",
                             "Build the full-text index of the project again (on the worker thread)")
        menu = getattr(self.window, "view_menu", None)
        if menu is not None:
            menu.addSeparator()
            menu.addActions([self.act_search, self.act_find, self.act_find_next, self.act_find_prev])
            menu.addSeparator()
            menu.addActions([self.act_related, self.act_finder, self.act_entities, self.act_rebuild])

    # ----- actions ----------------------------------------------------------------------------------
    def _show(self, dock: QDockWidget) -> None:
        dock.show()
        dock.raise_()

    def show_search(self) -> None:
        self._show(self.search_dock)
        self.panel.focus_query()

    def find_bar_open(self) -> None:
        if self.window.reading.document is None:
            self.window.show_error("Open a document first.")
            return
        self.find_bar.open()

    def entities_dialog(self) -> None:
        from workbench.ui.entities_dialog import EntitiesDialog

        if self.window.project is None:
            self.window.show_error("Open or create a project first (File ▸ New Project…).")
            return
        dialog = EntitiesDialog(self.window.session, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.entities_window = dialog
        dialog.show()

    def _document_text(self) -> str:
        doc = self.window.reading.document
        return doc.text if doc is not None else ""

    def _document_changed(self) -> None:
        doc_id = self.window.current_document_id
        self._document_id = doc_id
        if self._finder is not None and doc_id != self._finder.document_id:
            self._finder.set_document(doc_id)
        self.act_find.setEnabled(bool(doc_id))

    # ----- opening a hit ------------------------------------------------------------------------------
    def open_hit(self, hit: SearchHit) -> None:
        w = self.window
        if hit.kind == "document":
            if hit.field == "title":
                w.open_document(hit.document_id)
            else:
                w.jump_to(hit.document_id, hit.start, hit.end)
        elif hit.kind == "passage":
            w.jump_to(hit.document_id, hit.start, hit.end)
            if hit.claim_id:
                w.claims.select_claim(hit.claim_id)
        elif hit.kind in ("claim", "evidence"):
            claim_id = hit.claim_id or hit.id
            w.claims.select_claim(claim_id)
            links = w.session.query(claim_ops.claim_links, claim_id, default=[])
            link = next((k for k in links if k.link_id == hit.id), None) or next(iter(links), None)
            if link is not None:
                w.jump_to(link.passage.document_id, link.passage.start, link.passage.end)
        elif hit.kind == "source":
            w.sources_dialog()

    # ----- the index --------------------------------------------------------------------------------
    def _project_opened(self) -> None:
        self._claim_id = ""
        self._set_index_note("")
        project = self.window.project
        if (project is not None and not project.read_only
                and self.window.session.query(search_index.index_state, default="ready") != "ready"):
            self.rebuild_index()

    def rebuild_index(self) -> None:
        """Rebuild the index on the worker thread; progress in the status bar and the search panel."""
        project = self.window.project
        if project is None or self.rebuild_task is not None:
            return

        def work(progress: Callable[[int, int, str], None], cancel: threading.Event) -> int:
            from workbench.ops import search as search_ops  # ranking and suggestions: not needed to start

            return search_ops.rebuild_index(project, progress, cancel)

        task = self.window.runner.submit(work, "search index")
        self.rebuild_task = task
        self._set_index_note("Building the search index…")

        def on_progress(done: int, total: int, _text: str) -> None:
            pct = int(100 * done / total) if total else 100
            note = f"Building the search index: {pct} % ({done} of {total} documents); results may be incomplete."
            self._set_index_note(note)
            self.window.statusBar().showMessage(note, 3000)

        def finished(_result: object) -> None:
            self.rebuild_task = None
            cancelled = task.cancel_event.is_set()
            self._set_index_note("The search index is incomplete (rebuild cancelled)." if cancelled else "")
            self.window.statusBar().showMessage("Search index ready." if not cancelled else "", 5000)
            if self._panel is not None:
                self._panel.run()

        def failed(exc: object) -> None:
            self.rebuild_task = None
            self._set_index_note("")
            self.window.show_error(f"The search index could not be built: {exc}")

        task.progress.connect(on_progress)
        task.finished.connect(finished)
        task.failed.connect(failed)
