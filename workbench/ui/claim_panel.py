"""The claim panel: the project's claims, and an editor for the selected claim.

Signals of ``ClaimPanel``:
    claim_selected(str claim_id): the current claim changed ("" for none).
    link_activated(str document_id, int start, int end): jump to a linked passage.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.changes import Changes, OpChanges
from workbench.domain.model import Claim, ClaimRow, ClaimStatus
from workbench.ops import claims as claim_ops
from workbench.ops import desk, verdicts
from workbench.ui.session import Session
from workbench.ui.table_model import RowsTableModel

if TYPE_CHECKING:
    from workbench.ui.claim_editor import ClaimEditor

# What the claim editor and its placeholder say when no claim is open
NO_CLAIM = "No claim selected — select text in an article and press Ctrl+K to make one"

OPEN_DOCUMENT = "__open__"

Index = QModelIndex | QPersistentModelIndex


SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class ClaimTableModel(RowsTableModel):
    HEADERS = ("Claim", "Claimant", "Status", "Rating", "+", "−", "ctx")
    TIPS = ("", "", "draft → in review → final", "the verdict", "supporting evidence", "refuting evidence",
            "context")

    rows: list[ClaimRow]

    def __init__(self) -> None:
        super().__init__()
        self.open_document = ""
        self.colours: dict[str, str] = {}

    def update_rows(self, rows: dict[str, ClaimRow | None]) -> None:
        """Replace, remove (None) or append the given claims' rows."""
        for claim_id, row in rows.items():
            i = self.row_of(claim_id)
            if row is None and i >= 0:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self.rows[i]
                self.endRemoveRows()
            elif row is not None and i >= 0:
                self.rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))
            elif row is not None:
                n = len(self.rows)
                self.beginInsertRows(QModelIndex(), n, n)
                self.rows.append(row)
                self.endInsertRows()

    def set_open_document(self, doc_id: str) -> None:
        self.open_document = doc_id
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            text = r.claim.text.replace("\n", " ")
            if col == 0 and self.open_document and self.open_document in r.document_ids:
                text = "● " + text
            return (text, r.claimant, r.claim.status.label, r.claim.rating, r.supports, r.refutes, r.context)[col]
        if role == SORT_ROLE:
            status_order = {"draft": 0, "review": 1, "final": 2}
            return (r.claim.text.casefold(), r.claimant.casefold(), status_order[r.claim.status.value],
                    r.claim.rating.casefold(), r.supports, r.refutes, r.context)[col]
        if role == Qt.ItemDataRole.BackgroundRole and col == 3 and r.claim.rating in self.colours:
            colour = QColor(self.colours[r.claim.rating])
            colour.setAlpha(70)
            return QBrush(colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = r.claim.text
            if self.open_document in r.document_ids:
                tip += "\n\n● stated in the open document"
            if r.claim.assignee:
                tip += f"\n\nAssigned to {r.claim.assignee}"
            return tip
        if role == Qt.ItemDataRole.UserRole:
            return r.claim.id
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 4:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def row_of(self, claim_id: str) -> int:
        for i, r in enumerate(self.rows):
            if r.claim.id == claim_id:
                return i
        return -1


ALL = "__all__"


class ClaimFilterProxy(QSortFilterProxyModel):
    """Filters by status, rating, claimant, document, tag, free text and "mine" (assigned to the current
    profile's name; all must match)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = ALL
        self.rating = ALL
        self.claimant = ALL
        self.document = ALL
        self.tag = ALL
        self.mine = False
        self.words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_filters(self, **values: Any) -> None:
        self.beginFilterChange()
        for key, value in values.items():
            if key == "text":
                self.words = str(value).casefold().split()
            else:
                setattr(self, key, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, _parent: Index) -> bool:
        r: ClaimRow = self.sourceModel().rows[source_row]  # type: ignore[attr-defined]
        c = r.claim
        if self.status != ALL and c.status.value != self.status:
            return False
        if self.rating != ALL and c.rating != self.rating:
            return False
        if self.claimant != ALL and r.claimant != self.claimant:
            return False
        if self.document != ALL and self.document not in r.document_ids:
            return False
        if self.tag != ALL and self.tag not in r.tags:
            return False
        if self.mine and not desk.mine(c.assignee):
            return False
        if self.words:
            hay = f"{c.text} {r.claimant} {c.rating} {c.summary} {' '.join(r.tags)}".casefold()
            return all(w in hay for w in self.words)
        return True


def _rows_and_ratings(project: Any) -> tuple[list[Any], list[Any]]:
    """The claim list's rows and the rating scale (one read on the worker thread)."""
    return claim_ops.list_claims(project), verdicts.ratings(project)


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
        self.count.setObjectName("claimCount")
        self.model = ClaimTableModel()
        self.proxy = ClaimFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.status_filter = QComboBox()
        self.rating_filter = QComboBox()
        self.claimant_filter = QComboBox()
        self.document_filter = QComboBox()
        self.tag_filter = QComboBox()
        self.status_filter.addItem("Status", ALL)
        for st in ClaimStatus:
            self.status_filter.addItem(st.label, st.value)
        self.document_filter.addItem("Document", ALL)
        self.document_filter.addItem("Open document", OPEN_DOCUMENT)
        for combo, tip in ((self.status_filter, "Status"), (self.rating_filter, "Rating"),
                           (self.claimant_filter, "Claimant"), (self.document_filter, "Document"),
                           (self.tag_filter, "Tag")):
            combo.setToolTip(f"{tip}: show only the claims with this {tip.lower()} (first entry: any)")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            combo.activated.connect(self._filters_changed)
        self.mine = QCheckBox("Mine")
        self.mine.setObjectName("mineFilter")
        self.mine.setToolTip("Show only the claims assigned to you (your profile's name: Edit ▸ Your Profile…)")
        self.mine.toggled.connect(lambda on: self._set_filters(mine=on))
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
        # fixed widths: sizing columns to their contents measures every row on each change
        for col, width in ((2, 72), (3, 92), (4, 30), (5, 30), (6, 34)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(col, width)
        # The claim editor (its tabs, forms and evidence tree, and the modules behind them) is made once the
        # window has painted, or at once when something needs it first: at the start no claim is selected, and
        # making it took ~30 ms of the first paint (issue 15). Meanwhile a label says what the editor would.
        self._editor: ClaimEditor | None = None
        self._when_editor: list[Callable[[ClaimEditor], object]] = []
        self.editor_placeholder = QLabel(NO_CLAIM)  # the editor's own words when it has no claim
        self.editor_placeholder.setObjectName("claimEditorTitle")
        self.editor_placeholder.setWordWrap(True)
        self.editor_placeholder.setContentsMargins(4, 4, 4, 4)
        self.editor_placeholder.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.editor_placeholder.installEventFilter(self)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        row.addWidget(self.mine)
        row.addWidget(self.count)
        tl.addLayout(row)
        row2 = QHBoxLayout()
        for combo in (self.status_filter, self.rating_filter, self.claimant_filter, self.document_filter,
                      self.tag_filter):
            row2.addWidget(combo, 1)
        tl.addLayout(row2)
        tl.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("claimSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.editor_placeholder)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.filter.textChanged.connect(self._filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        session.changed.connect(self._on_changed)
        self._quiet = False

    # ----- the claim editor, made on the turn after the first paint --------------------------------
    @property
    def editor(self) -> ClaimEditor:
        """The claim editor (made now if it was not yet)."""
        if self._editor is None:
            self._make_editor()
        assert self._editor is not None
        return self._editor

    @property
    def editor_made(self) -> bool:
        return self._editor is not None

    def when_editor(self, fn: Callable[[ClaimEditor], object]) -> None:
        """Run ``fn(editor)`` once the editor exists (at once if it does): connecting to its signals."""
        if self._editor is not None:
            fn(self._editor)
        else:
            self._when_editor.append(fn)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.editor_placeholder and event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            # two turns later: the window's first paint has been processed and shown, and what was queued
            # behind it (the first document's highlights, a click) goes first
            QTimer.singleShot(0, self, lambda: QTimer.singleShot(0, self, lambda: self.editor))
        return False

    def _make_editor(self) -> None:
        from workbench.ui.claim_editor import ClaimEditor

        sizes = self.splitter.sizes()
        editor = ClaimEditor(self.session)
        self._editor = editor
        editor.link_activated.connect(self.link_activated)
        self.editor_placeholder.removeEventFilter(self)
        self.splitter.replaceWidget(self.splitter.indexOf(self.editor_placeholder), editor)
        self.editor_placeholder.deleteLater()
        if any(sizes):
            self.splitter.setSizes(sizes)
        waiting, self._when_editor = self._when_editor, []
        for fn in waiting:
            fn(editor)

    @property
    def current_claim(self) -> str:
        return self._editor.claim_id if self._editor is not None else ""

    @property
    def current_claim_object(self) -> Claim | None:
        """The editor's claim, None when none is open or the editor is not made yet."""
        return self._editor.claim if self._editor is not None else None

    def refresh(self) -> None:
        rows = self.session.query(claim_ops.list_claims, default=[])
        ratings = self.session.query(verdicts.ratings, default=[])
        self._show_rows(rows, ratings)

    def clear(self) -> None:
        """No rows (a project is being opened: its list comes with ``refresh_later``)."""
        self._show_rows([], [])

    def refresh_later(self, then: Callable[[], None] | None = None) -> None:
        """``refresh`` without waiting: the claims are read on the worker thread and shown when they come (a
        freshly opened project's list in a window on screen); ``then`` runs after."""
        def shown(result: tuple[list[Any], list[Any]]) -> None:
            self._show_rows(*result)
            if then is not None:
                then()

        self.session.query_later(_rows_and_ratings, default=([], []), on_result=shown)

    def _show_rows(self, rows: list[Any], ratings: list[Any]) -> None:
        keep = self.current_claim
        self._quiet = True
        try:
            self.model.colours = {r.label: r.colour for r in ratings}
            self.model.set_rows(rows)
            self._fill_filter(self.rating_filter, "Rating", [(r.label, r.label) for r in ratings]
                              + [("Not rated", "")])
            self._fill_filter(self.claimant_filter, "Claimant",
                              [(n, n) for n in sorted({r.claimant for r in rows if r.claimant}, key=str.casefold)])
            self._fill_filter(self.tag_filter, "Tag",
                              [(t, t) for t in sorted({t for r in rows for t in r.tags}, key=str.casefold)])
            self._select_row(keep)
        finally:
            self._quiet = False
        self._update_count()
        if keep and self.model.row_of(keep) < 0:
            self.select_claim("")

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total} claim{'s' * (total != 1)}")

    @staticmethod
    def _fill_filter(combo: QComboBox, any_label: str, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(any_label, ALL)
        for label, value in items:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def _filter(self, text: str) -> None:
        self._set_filters(text=text)

    def _filters_changed(self, _index: int = 0) -> None:
        document = self.document_filter.currentData()
        self._set_filters(
            status=self.status_filter.currentData(), rating=self.rating_filter.currentData(),
            claimant=self.claimant_filter.currentData(), tag=self.tag_filter.currentData(),
            document=self.model.open_document or "\0" if document == OPEN_DOCUMENT else ALL)

    def _set_filters(self, **values: Any) -> None:
        """Filter the list without changing the current claim: a filter that hides it leaves it current (and
        shown in the editor and above the text), and never makes the next visible row current."""
        self._quiet = True
        try:
            self.proxy.set_filters(**values)
            self._select_row(self.current_claim)
        finally:
            self._quiet = False
        self._update_count()

    def set_open_document(self, doc_id: str) -> None:
        self.model.set_open_document(doc_id)
        if self.document_filter.currentData() == OPEN_DOCUMENT:
            self._filters_changed()

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
        else:  # filtered out: no other row may look selected
            self.table.clearSelection()
            self.table.setCurrentIndex(QModelIndex())

    def select_claim(self, claim_id: str) -> None:
        self._quiet = True
        try:
            self._select_row(claim_id)
        finally:
            self._quiet = False
        self._load(claim_id)

    def _on_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if self._quiet:
            return
        self._load(current.data(Qt.ItemDataRole.UserRole) if current.isValid() else "")

    def _load(self, claim_id: str) -> None:
        if claim_id or self._editor is not None:  # no claim in an editor not made yet: nothing to show
            self.editor.load(claim_id)
        self.claim_selected.emit(self.current_claim)

    def _on_changed(self, changes: Changes | OpChanges) -> None:
        if not changes & (Changes.CLAIMS | Changes.EVIDENCE | Changes.PASSAGES | Changes.SOURCES | Changes.PROJECT):
            return
        ids = set(getattr(changes, "claims", ()))
        broad = getattr(changes, "touches_many_claims", True)
        if broad or changes & Changes.PROJECT or not ids:
            self.refresh()
        else:
            self._update_rows(ids)
        if self._editor is not None:
            self._editor.refresh(changes)

    def _update_rows(self, ids: set[str]) -> None:
        """Refresh only the rows of the claims a change touched (new rows are appended)."""
        rows = self.session.query(claim_ops.claim_rows, ids, default={})
        self._quiet = True
        try:
            self.model.update_rows(rows)
            self._select_row(self.current_claim)
        finally:
            self._quiet = False
        self._update_count()
        known_tags = {self.tag_filter.itemData(i) for i in range(self.tag_filter.count())}
        known_claimants = {self.claimant_filter.itemData(i) for i in range(self.claimant_filter.count())}
        new_values = [r for r in rows.values() if r is not None and (
            (r.claimant and r.claimant not in known_claimants) or any(t not in known_tags for t in r.tags))]
        if new_values:
            self.refresh()
