"""The document library: title, publisher, date, language (with the writing direction), with a filter box.

A title the importer derived (from the first sentence or the file name) is shown in italics, and its tool
tip says so.

Signals:
    document_activated(str document_id): the user picked a document to read.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from workbench.domain.model import DocumentSummary
from workbench.ui.table_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex


LANGUAGE_COLUMN = 3
TITLE_SHARE = 0.45  # the title column keeps at least this share of the table's width
_MIN_COLUMN = 28
_MIN_PUBLISHER = 60


def language_label(language: str, direction: str) -> str:
    """"ar · RTL" for a right-to-left text, "en" for a left-to-right one ("RTL" alone without a language)."""
    if direction == "rtl":
        return f"{language} · RTL" if language else "RTL"
    return language


FIT_SAMPLE_ROWS = 60

class DocumentTableModel(RowsTableModel):
    HEADERS = ("Title", "Publisher", "Date", "Lang.")
    TIPS = ("", "", "Publication date", "Language of the text (ISO code), and RTL when it is written right to left")

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
        m = d.metadata
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (m.title or d.filename, m.publisher, m.published,
                    language_label(m.language, m.direction))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and m.direction == "rtl" and index.column() in (0, 1):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)  # read from the right
        if role == Qt.ItemDataRole.FontRole and index.column() == 0 and "title" in d.derived:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            direction = {"rtl": "right to left", "ltr": "left to right"}.get(m.direction, "")
            return "\n".join(x for x in (
                m.title + (" (title derived: the text has no headline)" if "title" in d.derived else ""),
                m.publisher, m.author, m.published, m.url,
                ", ".join(part for part in (m.language, direction) if part), d.filename,
                f"{d.size:,} bytes, {d.encoding or d.media_type}",
                f"Text extracted by {d.extraction}" if d.extraction else "") if x)
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
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        # The title stretches; the other columns are fitted to their contents once per refresh (not on every
        # repaint, which ResizeToContents does over all rows) and the user may drag them. A long publisher name
        # is elided rather than allowed to squeeze the title below TITLE_SHARE of the width.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, LANGUAGE_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.activated.connect(self._on_activated)
        self._quiet = False
        self.table.viewport().installEventFilter(self)

    def set_documents(self, docs: list[DocumentSummary], current: str = "") -> None:
        self._quiet = True
        try:
            self.model.set_documents(docs)
            self.select(current)
        finally:
            self._quiet = False
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Fit the columns to the panel: the title keeps at least TITLE_SHARE of the width; date and language
        get their contents' width first (a fact-checker sorts by date); the publisher gets what is left, its
        text elided, and is hidden when less than _MIN_PUBLISHER is left (the filter still reads it, and the
        title's tool tip shows it)."""
        header = self.table.horizontalHeader()
        available = self.table.viewport().width()
        if available <= 0:
            return
        wanted = {c: max(self._content_width(c), header.sectionSizeHint(c)) for c in (1, 2, LANGUAGE_COLUMN)}
        budget = int(available * (1 - TITLE_SHARE))
        short = wanted[2] + wanted[LANGUAGE_COLUMN]
        scale = min(1.0, budget / short) if short else 1.0
        for column in (2, LANGUAGE_COLUMN):
            header.resizeSection(column, max(_MIN_COLUMN, int(wanted[column] * scale)))
        left = budget - header.sectionSize(2) - header.sectionSize(LANGUAGE_COLUMN)
        self.table.setColumnHidden(1, left < _MIN_PUBLISHER)
        if left >= _MIN_PUBLISHER:
            header.resizeSection(1, min(wanted[1], left))

    def _content_width(self, column: int) -> int:
        """The widest text of a column among the first FIT_SAMPLE_ROWS rows (dates and language codes are all
        alike; a longer publisher further down is elided). QTableView.sizeHintForColumn asks the model for
        every row of a table not yet shown: 40 ms per refresh with 150 documents, on the GUI thread."""
        metrics = self.table.fontMetrics()
        index = self.model.index
        texts = {str(index(row, column).data() or "") for row in range(min(FIT_SAMPLE_ROWS, self.model.rowCount()))}
        padding = 16  # the cell's margins, ~2 x the style's focus frame margin (2 px) + 12; asking the style for it
        # built Python enums for all of QStyle's (~600 members, ~10 ms) at start
        return max((metrics.horizontalAdvance(t) for t in texts), default=0) + padding

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()  # the table's own width, whenever it changes (also before the first show)
        return super().eventFilter(watched, event)

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
