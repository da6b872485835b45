"""The sources registry: outlets, agencies, officials, "local sources", people.

A filterable table of the project's sources beside an editor of the selected one and
its track record. Every edit is saved when it is made, as an undoable command.

Signals of ``SourcesDialog``:
    claim_activated(str claim_id): a claim of the track record was double-clicked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.changes import Changes
from workbench.domain.model import RELIABILITY, SOURCE_KINDS, Source, Stance
from workbench.ops import sources as source_ops
from workbench.ops import verdicts
from workbench.ui.colors import swatch
from workbench.ui.session import Session
from workbench.ui.sources_model import (
    AFFILIATION_EXAMPLES,
    SEARCH_ROLE,
    SourceTableModel,
    plural,
    split_aliases,
    usage_sentence,
)
from workbench.ui.unused_sources import choose_unused

__all__ = ["SourcesDialog", "split_aliases", "usage_sentence"]

class SourcesDialog(QDialog):
    """The sources registry; edits are saved at once ("Edit source", undoable)."""

    claim_activated = Signal(str)

    def __init__(self, session: Session, ask: Callable[[str, str], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.ask = ask
        self.source_id = ""
        self._loading = False
        self.setWindowTitle("Sources (read-only)" if session.project and session.project.read_only else "Sources")
        self.resize(1000, 620)
        # left: filter + table
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name, alias, kind, affiliation…")
        self.filter.setClearButtonEnabled(True)
        self.count = QLabel()
        self.model = SourceTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterRole(SEARCH_ROLE)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView()
        self.table.setObjectName("sourcesTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 100), (2, 130)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        for col in (3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.new_button = QPushButton("New source")
        self.new_button.setToolTip("Add a source to the registry (Ctrl+N)")
        self.new_button.setShortcut("Ctrl+N")
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete the selected source (asks first; you can undo it)")
        self.unused_button = QPushButton("Remove &Unused Sources…")
        self.unused_button.setObjectName("removeUnusedSources")
        # right: editor form
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Shaam Voice")
        self.aliases = QPlainTextEdit()
        self.aliases.setPlaceholderText("Other spellings, one per line or separated by commas")
        self.aliases.setTabChangesFocus(True)
        self.aliases.setFixedHeight(56)
        self.kind = self._editable_combo("outlet, agency, person…")
        self.affiliation = self._editable_combo("e.g. pro-government")
        self.reliability = QComboBox()
        self.reliability.addItem("Not graded", "")
        for grade, label in RELIABILITY.items():
            self.reliability.addItem(f"{grade} — {label}", grade)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("What is known about this source: ownership, track record, links…")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(74)
        self.notes.setToolTip("Private: never published")
        # public identity (ClaimReview: jobTitle, sameAs, image)
        self.job_title = QLineEdit()
        self.job_title.setObjectName("sourceJobTitle")
        self.job_title.setPlaceholderText("A person's role, e.g. Health Minister")
        self.same_as = QPlainTextEdit()
        self.same_as.setObjectName("sourceSameAs")
        self.same_as.setPlaceholderText("Web addresses that identify it (Wikidata, Wikipedia, official site), "
                                        "one per line")
        self.same_as.setTabChangesFocus(True)
        self.same_as.setFixedHeight(52)
        self.image = QLineEdit()
        self.image.setObjectName("sourceImage")
        self.image.setPlaceholderText("https://… address of a picture (optional)")
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Name", self.name)
        form.addRow("&Aliases", self.aliases)
        form.addRow("&Kind", self.kind)
        form.addRow("A&ffiliation", self.affiliation)
        form.addRow("&Reliability", self.reliability)
        form.addRow("N&otes", self.notes)
        form.addRow("&Job title", self.job_title)
        form.addRow("Same &as", self.same_as)
        form.addRow("&Image", self.image)
        self.track = QListWidget()
        self.track.setObjectName("trackRecord")
        self.track.setWordWrap(True)
        self.track.setAlternatingRowColors(True)
        self.track.setSpacing(2)
        self.track_label = QLabel("Track record")
        self.message = QLabel()
        self.message.setObjectName("dialogMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828")
        self.message.hide()
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 4, 0)
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        row.addWidget(self.count)
        ll.addLayout(row)
        ll.addWidget(self.table, 1)
        lb = QHBoxLayout()
        lb.addWidget(self.new_button)
        lb.addWidget(self.delete_button)
        lb.addStretch(1)
        lb.addWidget(self.unused_button)
        ll.addLayout(lb)
        self.editor = QWidget()
        rl = QVBoxLayout(self.editor)
        rl.setContentsMargins(10, 0, 0, 0)
        rl.addLayout(form)
        rl.addSpacing(6)
        rl.addWidget(self.track_label)
        rl.addWidget(self.track, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([540, 460])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for b in (self.new_button, self.delete_button, self.unused_button,
                  buttons.button(QDialogButtonBox.StandardButton.Close)):
            b.setAutoDefault(False)  # Enter in a field saves it; it must not press a button
        hint = QLabel("This project is open read-only: the sources can be read, not changed."
                      if session.project and session.project.read_only else
                      "Changes are saved as you make them; Ctrl+Z (outside a text field) takes them back.")
        hint.setEnabled(False)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        # saving
        self._notes_timer = QTimer(self)
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(700)
        self._notes_timer.timeout.connect(self.save_texts)
        self.name.editingFinished.connect(self.save_name)
        self.kind.activated.connect(lambda _i: self.save_kind())
        self._line_edit(self.kind).editingFinished.connect(self.save_kind)
        self.affiliation.activated.connect(lambda _i: self.save_affiliation())
        self._line_edit(self.affiliation).editingFinished.connect(self.save_affiliation)
        self.reliability.activated.connect(lambda _i: self.save_reliability())
        self.aliases.textChanged.connect(self._text_edited)
        self.notes.textChanged.connect(self._text_edited)
        self.same_as.textChanged.connect(self._text_edited)
        self.job_title.editingFinished.connect(lambda: self._save(job_title=" ".join(self.job_title.text().split())))
        self.image.editingFinished.connect(lambda: self._save(image=self.image.text().strip()))
        for w in (self.aliases, self.notes, self.same_as):
            w.installEventFilter(self)
        self.filter.textChanged.connect(self._filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.track.itemActivated.connect(self._activate_claim)
        self.new_button.clicked.connect(self.new_source)
        self.delete_button.clicked.connect(self.delete_source)
        self.unused_button.clicked.connect(self.remove_unused)
        for action, keys in ((session.undo_stack.createUndoAction(self), QKeySequence.StandardKey.Undo),
                             (session.undo_stack.createRedoAction(self), QKeySequence.StandardKey.Redo)):
            action.setShortcut(keys)  # the main window's Edit menu is out of reach while this dialog is modal
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self._stale = False
        session.changed.connect(self._on_changed)
        session.error.connect(self._show_error)
        self.refresh()
        if self.model.rows:
            self.select_source(self.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole))

    @staticmethod
    def _editable_combo(placeholder: str) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        combo.setLineEdit(edit)
        return combo

    @staticmethod
    def _line_edit(combo: QComboBox) -> QLineEdit:
        edit = combo.lineEdit()
        assert edit is not None
        return edit

    # ----- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the table, the combos' choices and the editor from the project."""
        sources: list[Source] = self.session.query(source_ops.list_sources, default=[])
        rows = []
        for src in sources:
            usage = self.session.query(source_ops.source_usage, src.id, default={})
            rows.append((src, sum(usage.values())))
        keep = self.source_id
        self._loading = True
        try:
            self.model.set_rows(rows)
            self._fill_combo(self.kind, [*SOURCE_KINDS, *(s.kind for s in sources)])
            self._fill_combo(self.affiliation, [*(s.affiliation for s in sources), *AFFILIATION_EXAMPLES])
        finally:
            self._loading = False
        self._update_count()
        self._update_unused()
        self.select_source(keep if self.model.row_of(keep) >= 0 else "")

    @staticmethod
    def _fill_combo(combo: QComboBox, values: list[str]) -> None:
        text = combo.currentText()
        seen: dict[str, str] = {}
        for v in values:
            if v.strip():
                seen.setdefault(v.strip().casefold(), v.strip())
        combo.clear()
        combo.addItems(list(seen.values()))
        combo.setEditText(text)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total}" if shown != total else plural(total, "source", "sources"))

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def select_source(self, source_id: str) -> None:
        """Make ``source_id`` current in the table and load it into the editor ("" for none)."""
        row = self.model.row_of(source_id)
        idx = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        self._loading = True
        try:
            if idx.isValid():
                self.table.setCurrentIndex(idx)
                self.table.scrollTo(idx)
            else:
                self.table.clearSelection()
        finally:
            self._loading = False
        self._load(source_id if row >= 0 else "")

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._loading:
            self._load(current.data(Qt.ItemDataRole.UserRole) if current.isValid() else "")

    def _load(self, source_id: str) -> None:
        if self._notes_timer.isActive():
            self.save_texts()
        src = self.current_source(source_id)
        self.source_id = src.id if src else ""
        self._loading = True
        try:
            editable = src is not None and not self.read_only
            for w in (self.name, self.aliases, self.kind, self.affiliation, self.reliability, self.notes,
                      self.job_title, self.same_as, self.image, self.delete_button):
                w.setEnabled(editable)
            self.track.setEnabled(src is not None)
            self.name.setText(src.name if src else "")
            aliases = src.aliases if src else ()
            if sorted(a.casefold() for a in aliases) != sorted(a.casefold() for a in split_aliases(
                    self.aliases.toPlainText())):  # leave the text as typed when it says the same
                self.aliases.setPlainText("\n".join(aliases))
            self.kind.setEditText(src.kind if src else "")
            self.affiliation.setEditText(src.affiliation if src else "")
            self.reliability.setCurrentIndex(max(0, self.reliability.findData(src.reliability if src else "")))
            if self.notes.toPlainText().strip() != (src.notes if src else ""):
                self.notes.setPlainText(src.notes if src else "")
            self.job_title.setText(src.job_title if src else "")
            self.image.setText(src.image if src else "")
            if self.same_as.toPlainText().split() != list(src.same_as if src else ()):
                self.same_as.setPlainText("\n".join(src.same_as if src else ()))
        finally:
            self._loading = False
        self._load_track_record()

    def current_source(self, source_id: str | None = None) -> Source | None:
        sid = self.source_id if source_id is None else source_id
        row = self.model.row_of(sid) if sid else -1
        return self.model.rows[row][0] if row >= 0 else None

    def _load_track_record(self) -> None:
        self.track.clear()
        if not self.source_id:
            self.track_label.setText("Track record")
            return
        record = self.session.query(source_ops.track_record, self.source_id, default=[])
        colours = {r.label: r.colour for r in self.session.query(verdicts.ratings, default=[])}
        for claim_id, text, role, rating in record:
            if role.startswith("evidence ("):
                role_text = f"Evidence — {Stance(role[10:-1]).label.lower()}"
            else:
                role_text = {"made": "Claimant", "relayed": "Relayed it"}.get(role, role)
            item = QListWidgetItem(f"{role_text} · {f'rated {rating}' if rating else 'not rated yet'}\n"
                                   f"{' '.join(text.split())}")
            item.setData(Qt.ItemDataRole.UserRole, claim_id)
            item.setIcon(swatch(colours.get(rating, "")))
            item.setToolTip(f"{text}\n\nDouble-click to open the claim.")
            self.track.addItem(item)
        n = len({r[0] for r in record})
        self.track_label.setText(f"Track record — {plural(n, 'claim', 'claims')} (double-click to open)"
                                 if record else "Track record — no claims yet")

    def _activate_claim(self, item: QListWidgetItem) -> None:
        self.claim_activated.emit(item.data(Qt.ItemDataRole.UserRole))

    def _on_changed(self, changes: Changes) -> None:
        if changes & (Changes.SOURCES | Changes.CLAIMS | Changes.EVIDENCE | Changes.PROJECT):
            if self.isVisible():
                self.refresh()
            else:  # a hidden dialog catches up when shown again
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self.refresh()
        super().showEvent(event)

    def _show_error(self, message: str) -> None:
        if self.isVisible():
            self.message.setText(message)
            self.message.show()

    # ----- saving (each edit is an undoable command) ----------------------------------------------
    def _save(self, **fields: Any) -> None:
        if not self.source_id or self._loading:
            return
        self.message.hide()
        src = self.current_source()
        if src is not None and all(getattr(src, k) == v for k, v in fields.items()):
            return
        self.session.apply(source_ops.update_source, self.source_id, undo="Edit source", **fields)
        self._load(self.source_id)  # a refused edit shows the stored value again

    def save_name(self) -> None:
        self._save(name=self.name.text())

    def save_kind(self) -> None:
        self._save(kind=self.kind.currentText().strip())

    def save_affiliation(self) -> None:
        self._save(affiliation=self.affiliation.currentText().strip())

    def save_reliability(self) -> None:
        self._save(reliability=self.reliability.currentData())

    def _text_edited(self) -> None:
        if not self._loading and self.source_id:
            self._notes_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and self._notes_timer.isActive():
            self.save_texts()
        return super().eventFilter(watched, event)

    def save_texts(self) -> None:
        """Save the aliases, notes and identity links now (otherwise saved shortly after typing stops)."""
        self._notes_timer.stop()
        if self.source_id and not self._loading:
            self._save(aliases=tuple(sorted(split_aliases(self.aliases.toPlainText()), key=str.casefold)),
                       notes=self.notes.toPlainText().strip(),
                       same_as=tuple(dict.fromkeys(self.same_as.toPlainText().replace(",", " ").split())))

    def new_source(self) -> str:
        """Create "New source" (numbered if taken), select it and put the cursor in its name."""
        taken = {s.name.casefold() for s, _n in self.model.rows}
        taken |= {a.casefold() for s, _n in self.model.rows for a in s.aliases}
        name, n = "New source", 2
        while name.casefold() in taken:
            name, n = f"New source {n}", n + 1
        self.filter.clear()
        source_id = self.session.apply(source_ops.create_source, name, undo="Add source")
        if not source_id:
            return ""
        self.refresh()
        self.select_source(source_id)
        self.name.setFocus()
        self.name.selectAll()
        return str(source_id)

    def delete_source(self) -> bool:
        """Delete the current source after asking (with what uses it); undoable as one step."""
        src = self.current_source()
        if src is None:
            return False
        usage = self.session.query(source_ops.source_usage, src.id, default={})
        if any(usage.values()):
            question = f"{usage_sentence(src.name, usage)} Delete it? You can undo this."
        else:
            question = f"Delete the source “{src.name}”? You can undo this."
        if not self.ask("Delete source", question):
            return False
        self._notes_timer.stop()
        row = self.table.currentIndex().row()
        self.session.apply(source_ops.delete_source, src.id, undo="Delete source")
        if self.model.row_of(src.id) >= 0:
            return False
        if self.proxy.rowCount():  # the next source in the table becomes current
            self.select_source(self.proxy.index(min(max(row, 0), self.proxy.rowCount() - 1), 0).data(
                Qt.ItemDataRole.UserRole))
        return True

    # ----- sources nothing uses -------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        """The project is open read-only: sources are shown with their track record, nothing can change."""
        project = self.session.project
        return project is not None and project.read_only

    def _update_unused(self) -> None:
        n = len(self.session.query(source_ops.unused_sources, default=[]))
        self.unused_button.setEnabled(n > 0 and not self.read_only)
        self.new_button.setEnabled(not self.read_only)
        self.unused_button.setToolTip(
            f"{plural(n, 'source is', 'sources are')} used by no claim, attribution chain, evidence or entity: "
            "list them to remove them (you can undo it)" if n else "Every source is in use.")

    def choose_unused(self, sources: list[Source]) -> list[str] | None:
        """Ask which unused sources to remove (a dialog; tests replace this method)."""
        return choose_unused(sources, self)

    def remove_unused(self) -> list[str]:
        """List the sources nothing uses and remove the ones the user keeps checked, as one undoable step."""
        if self._notes_timer.isActive():
            self.save_texts()
        unused: list[Source] = self.session.query(source_ops.unused_sources, default=[])
        if not unused:
            return []
        chosen = self.choose_unused(unused)
        if not chosen:
            return []
        names = self.session.apply(source_ops.remove_unused_sources, chosen, undo="Remove unused sources")
        return list(names or [])  # the table follows through session.changed

    # ----- closing: nothing typed is lost ---------------------------------------------------------
    def hideEvent(self, event: QHideEvent) -> None:
        if self._notes_timer.isActive():
            self.save_texts()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._notes_timer.isActive():
            self.save_texts()
        super().closeEvent(event)
