"""The claim panel: the project's claims, and an editor for the selected claim.

Signals of ``ClaimPanel``:
    claim_selected(str claim_id): the current claim changed ("" for none).
    link_activated(str document_id, int start, int end): jump to a linked passage.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
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
from workbench.domain.model import ClaimLink, ClaimRow, ClaimStatus, PassageRole
from workbench.ops import claims as claim_ops
from workbench.ui.colors import role_colour
from workbench.ui.session import Session

Index = QModelIndex | QPersistentModelIndex


class ClaimTableModel(QAbstractTableModel):
    HEADERS = ("Claim", "Claimant", "Status", "+", "−", "ctx")
    TIPS = ("", "", "", "supporting evidence", "refuting evidence", "context")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ClaimRow] = []
        self.open_document = ""

    def set_rows(self, rows: list[ClaimRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def set_open_document(self, doc_id: str) -> None:
        self.open_document = doc_id
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            text = r.claim.text.replace("\n", " ")
            if col == 0 and self.open_document and self.open_document in r.document_ids:
                text = "● " + text
            return (text, r.claimant, r.claim.status.label, r.supports, r.refutes, r.context)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = r.claim.text
            if self.open_document in r.document_ids:
                tip += "\n\n● stated in the open document"
            return tip
        if role == Qt.ItemDataRole.UserRole:
            return r.claim.id
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 3:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.TIPS[section] or None
        return None

    def row_of(self, claim_id: str) -> int:
        for i, r in enumerate(self.rows):
            if r.claim.id == claim_id:
                return i
        return -1


class ClaimEditor(QWidget):
    """Edits one claim; every change is saved when made."""

    link_activated = Signal(str, int, int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.claim_id = ""
        self.title = QLabel("No claim selected")
        self.title.setObjectName("claimEditorTitle")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("The claim, as you will check it")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(110)
        self.claimant = QLineEdit()
        self.claimant.setPlaceholderText("Who made the claim (a source)")
        self.completer = QCompleter([], self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.claimant.setCompleter(self.completer)
        self.claim_date = QLineEdit()
        self.claim_date.setPlaceholderText("YYYY-MM-DD")
        self.status = QComboBox()
        for st in ClaimStatus:
            self.status.addItem(st.label, st.value)
        self.links = QListWidget()
        self.links.setObjectName("claimLinks")
        self.links.setWordWrap(True)
        self.links.setAlternatingRowColors(True)
        self.remove_link_button = QPushButton("Remove link")
        self.remove_link_button.setToolTip("Remove the selected passage from this claim (Del)")
        self.delete_button = QPushButton("Delete claim")
        form = QFormLayout()
        form.addRow("Claim", self.text)
        form.addRow("Claimant", self.claimant)
        form.addRow("Claim date", self.claim_date)
        form.addRow("Status", self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_link_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(QLabel("Passages — where it is stated, and evidence (double-click to jump):"))
        layout.addWidget(self.links, 1)
        layout.addLayout(buttons)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(700)
        self._save_timer.timeout.connect(self.save_text)
        self.text.textChanged.connect(self._text_edited)
        self.claimant.editingFinished.connect(self.save_claimant)
        self.claim_date.editingFinished.connect(self.save_date)
        self.status.activated.connect(self.save_status)
        self.links.itemActivated.connect(self._jump)
        self.links.currentRowChanged.connect(lambda _r: self._update_buttons())
        self._loading = False
        self.load("")

    def load(self, claim_id: str) -> None:
        if self._save_timer.isActive():
            self.save_text()
        self.claim_id = claim_id
        self._loading = True
        try:
            claim = self.session.query(claim_ops.get_claim, claim_id, default=None) if claim_id else None
            enabled = claim is not None
            for w in (self.text, self.claimant, self.claim_date, self.status, self.links, self.delete_button):
                w.setEnabled(enabled)
            if claim is None:
                self.claim_id = ""
                self.title.setText("No claim selected — select text and press Ctrl+K to make one")
                self.text.setPlainText("")
                self.claimant.clear()
                self.claim_date.clear()
                self.links.clear()
            else:
                self.title.setText(f"Claim {claim.id[:8]} · updated {claim.updated_at.replace('T', ' ')}")
                if self.text.toPlainText() != claim.text:
                    self.text.setPlainText(claim.text)
                self.claimant.setText(self.session.query(claim_ops.claimant_name, claim, default=""))
                self.claim_date.setText(claim.claim_date)
                self.status.setCurrentIndex(list(ClaimStatus).index(claim.status))
                self._load_links()
            names = self.session.query(claim_ops.source_names, default=[])
            self.completer.model().setStringList(names)  # type: ignore[attr-defined]
        finally:
            self._loading = False
        self._update_buttons()

    def _load_links(self) -> None:
        links: list[ClaimLink] = self.session.query(claim_ops.claim_links, self.claim_id, default=[])
        self.links.clear()
        for link in links:
            kind = "Stated in" if link.role is PassageRole.APPEARANCE else f"Evidence — {link.stance.label}"  # type: ignore[union-attr]
            orphan = " (orphan: could not be placed)" if link.passage.orphan else ""
            item = QListWidgetItem(f"{kind}{orphan} · {link.document_title}\n“{link.passage.quote.exact}”")
            item.setData(Qt.ItemDataRole.UserRole, link)
            colour = role_colour(link.role, link.stance)
            item.setBackground(QBrush(colour))
            item.setToolTip(f"{link.document_title}\n…{link.passage.quote.prefix}[{link.passage.quote.exact}]"
                            f"{link.passage.quote.suffix}…")
            self.links.addItem(item)

    def _update_buttons(self) -> None:
        self.remove_link_button.setEnabled(bool(self.claim_id) and self.links.currentItem() is not None)

    def _jump(self, item: QListWidgetItem) -> None:
        link: ClaimLink = item.data(Qt.ItemDataRole.UserRole)
        self.link_activated.emit(link.passage.document_id, link.passage.start, link.passage.end)

    def current_link(self) -> ClaimLink | None:
        item = self.links.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    # ----- saving (each edit is committed at once) -----------------------------------------
    def _text_edited(self) -> None:
        if not self._loading and self.claim_id:
            self._save_timer.start()

    def save_text(self) -> None:
        self._save_timer.stop()
        text = self.text.toPlainText()
        if self.claim_id and text.strip():
            self.session.apply(claim_ops.update_claim, self.claim_id, text=text)

    def save_claimant(self) -> None:
        if self.claim_id and not self._loading:
            self.session.apply(claim_ops.update_claim, self.claim_id, claimant=self.claimant.text())

    def save_date(self) -> None:
        if self.claim_id and not self._loading:
            self.session.apply(claim_ops.update_claim, self.claim_id, claim_date=self.claim_date.text())

    def save_status(self) -> None:
        if self.claim_id and not self._loading:
            self.session.apply(claim_ops.update_claim, self.claim_id, status=self.status.currentData())

    def focusOutEvent(self, event: Any) -> None:
        if self._save_timer.isActive():
            self.save_text()
        super().focusOutEvent(event)


class ClaimPanel(QWidget):
    claim_selected = Signal(str)
    link_activated = Signal(str, int, int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter claims…")
        self.filter.setClearButtonEnabled(True)
        self.count = QLabel()
        self.model = ClaimTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.table = QTableView()
        self.table.setObjectName("claimTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # creation order until a header is clicked
        self.table.setSortingEnabled(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 120)
        for col in range(2, 6):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.editor = ClaimEditor(session)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        row.addWidget(self.count)
        tl.addLayout(row)
        tl.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("claimSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.filter.textChanged.connect(self._filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.editor.link_activated.connect(self.link_activated)
        session.changed.connect(self._on_changed)
        self._quiet = False

    @property
    def current_claim(self) -> str:
        return self.editor.claim_id

    def refresh(self) -> None:
        rows = self.session.query(claim_ops.list_claims, default=[])
        keep = self.editor.claim_id
        self._quiet = True
        try:
            self.model.set_rows(rows)
            self._select_row(keep)
        finally:
            self._quiet = False
        self._update_count()
        if keep and self.model.row_of(keep) < 0:
            self.select_claim("")

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total} claim{'s' * (total != 1)}")

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _select_row(self, claim_id: str) -> None:
        row = self.model.row_of(claim_id)
        if row < 0:
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())
            return
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        if idx.isValid():
            self.table.setCurrentIndex(idx)
            self.table.scrollTo(idx)

    def select_claim(self, claim_id: str) -> None:
        self._quiet = True
        try:
            self._select_row(claim_id)
        finally:
            self._quiet = False
        self.editor.load(claim_id)
        self.claim_selected.emit(self.editor.claim_id)

    def _on_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if self._quiet:
            return
        claim_id = current.data(Qt.ItemDataRole.UserRole) if current.isValid() else ""
        self.editor.load(claim_id)
        self.claim_selected.emit(self.editor.claim_id)

    def _on_changed(self, changes: Changes) -> None:
        if changes & (Changes.CLAIMS | Changes.EVIDENCE | Changes.PASSAGES | Changes.SOURCES | Changes.PROJECT):
            self.refresh()
            self.editor.load(self.editor.claim_id)
