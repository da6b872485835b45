"""The document library: title, publisher, date, with a filter box.

Signals:
    document_activated(str document_id): the user picked a document to read.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from workbench.domain.model import DocumentSummary
from workbench.ui.table_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex


class DocumentTableModel(RowsTableModel):
    HEADERS = ("Title", "Publisher", "Date")

    rows: list[DocumentSummary]

    @property
    def docs(self) -> list[DocumentSummary]:
        return self.rows

    def set_documents(self, docs: list[DocumentSummary]) -> None:
        self.set_rows(docs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d = self.docs[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (d.metadata.title or d.filename, d.metadata.publisher, d.metadata.published)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            m = d.metadata
            return "\n".join(x for x in (m.title, m.publisher, m.author, m.published, m.url, d.filename,
                                         f"{d.size:,} bytes, {d.encoding or d.media_type}") if x)
        if role == Qt.ItemDataRole.UserRole:
            return d.id
        return None

    def row_of(self, doc_id: str) -> int:
        for i, d in enumerate(self.docs):
            if d.id == doc_id:
                return i
        return -1


class LibraryPanel(QWidget):
    document_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter documents…")
        self.filter.setClearButtonEnabled(True)
        self.model = DocumentTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView()
        self.table.setObjectName("documentTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.activated.connect(self._on_activated)
        self._quiet = False

    def set_documents(self, docs: list[DocumentSummary], current: str = "") -> None:
        self._quiet = True
        try:
            self.model.set_documents(docs)
            self.select(current)
        finally:
            self._quiet = False

    def select(self, doc_id: str) -> None:
        row = self.model.row_of(doc_id)
        if row < 0:
            return
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        if idx.isValid():
            self.table.setCurrentIndex(idx)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet and current.isValid():
            self.document_activated.emit(current.data(Qt.ItemDataRole.UserRole))

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.document_activated.emit(index.data(Qt.ItemDataRole.UserRole))

    def current_id(self) -> str:
        idx = self.table.currentIndex()
        return idx.data(Qt.ItemDataRole.UserRole) if idx.isValid() else ""
