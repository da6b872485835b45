"""The search panel: search the whole project, ranked hits with highlighted snippets.

Type in the query box (words, "a phrase", a OR b, -word, prefix*): a name finds all its spellings listed
for its entity. Up/Down move through the hits without leaving the box, Enter (or a double-click) opens the
hit: the document with the match selected, or the claim.

The search runs on the worker thread (a large project can take longer than the window may freeze); the hits
replace the list when they arrive.

Signals:
    hit_activated(SearchHit): the user opened a hit.
    searched(): the hits of the latest search are shown.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from workbench.domain.changes import Changes
from workbench.domain.discovery import KINDS, SearchFilters, SearchHit
from workbench.domain.model import ClaimStatus
from workbench.ops import documents as doc_ops
from workbench.ui.rich_delegate import HTML_ROLE, RichListView, esc, marked_html
from workbench.ui.session import Session

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_LABELS = {"document": "Document", "passage": "Passage", "claim": "Claim", "evidence": "Evidence",
               "source": "Source"}
SEGMENT_LABELS = {"title": "title", "body": "body", "comments": "comments", "boilerplate": "boilerplate"}
Index = QModelIndex | QPersistentModelIndex
_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"


def hit_html(hit: SearchHit) -> str:
    """Three lines: what and where, the snippet with its matches marked, which spelling matched."""
    kind = KIND_LABELS.get(hit.kind, hit.kind)
    if hit.kind in ("document", "passage"):
        where = hit.document_title
    elif hit.kind == "claim":  # the snippet shows the claim's text
        where = "its text" if hit.field == "text" else f"its {hit.field}: {hit.label}"
    else:
        where = hit.label or hit.document_title
    meta = [m for m in (hit.published, SEGMENT_LABELS.get(hit.segment, "") if hit.kind == "document" else "",
                        f"{hit.matches} matches" if hit.matches > 1 else "") if m]
    head = f"<b>{esc(kind)}</b> · {esc(where[:140])}"
    if meta:
        head += f' <span style="color: gray;">· {esc(" · ".join(meta))}</span>'
    lines = [head, marked_html(hit.snippet, hit.marks)]
    if hit.entity and hit.matched_variant:
        spellings = ", ".join(hit.variants[:4])
        lines.append(f'<span style="color: gray;">matched {esc(spellings)} — spellings of {esc(hit.entity)}</span>')
    return "<br>".join(lines)


class SearchHitModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{KIND_LABELS.get(hit.kind, hit.kind)}: {hit.document_title or hit.label} — {hit.snippet}"
        if role == HTML_ROLE:
            return hit_html(hit)
        if role == HIT_ROLE:
            return hit
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.label or hit.document_title or None
        return None


class SearchPanel(QWidget):
    hit_activated = Signal(object)
    searched = Signal()  # the hits of the latest search are shown

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.query = QLineEdit()
        self.query.setObjectName("searchQuery")
        self.query.setPlaceholderText("Search the project — a name finds all its spellings (\"phrase\", OR, -word, "
                                      "prefix*)")
        self.query.setClearButtonEnabled(True)
        self.kind = QComboBox()
        self.kind.setObjectName("searchKind")
        self.kind.addItem("All kinds", "")
        for k in KINDS:
            self.kind.addItem(KIND_LABELS[k] + "s", k)
        self.document = QComboBox()
        self.document.setObjectName("searchDocument")
        self.document.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.document.setMinimumContentsLength(14)
        self.segment = QComboBox()
        self.segment.setObjectName("searchSegment")
        for label, value in (("Any part", ""), ("Body", "body"), ("Comments", "comments"),
                             ("Boilerplate", "boilerplate"), ("Body and comments", "body,comments")):
            self.segment.addItem(label, value)
        self.status = QComboBox()
        self.status.setObjectName("searchStatus")
        self.status.addItem("Any claim status", "")
        for st in ClaimStatus:
            self.status.addItem(st.label, st.value)
        self.date_from, self.date_to = QLineEdit(), QLineEdit()
        for field, name, tip in ((self.date_from, "searchFrom", "Published from (YYYY-MM-DD)"),
                                 (self.date_to, "searchTo", "Published until (YYYY-MM-DD)")):
            field.setObjectName(name)
            field.setPlaceholderText("from" if field is self.date_from else "until")
            field.setToolTip(tip)
            field.setValidator(QRegularExpressionValidator(QRegularExpression(_DATE), field))
            field.setMaximumWidth(100)
        self.summary = QLabel()
        self.summary.setObjectName("searchSummary")
        self.summary.setWordWrap(True)
        self.model = SearchHitModel()
        self.results = RichListView()
        self.results.setObjectName("searchResults")
        self.results.setModel(self.model)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.kind)
        filters = QHBoxLayout()
        for w in (self.document, self.segment, self.status):
            filters.addWidget(w, 1)
        filters.addWidget(QLabel("Published"))
        filters.addWidget(self.date_from)
        filters.addWidget(self.date_to)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self._request = 0  # the latest search asked for (answers to older ones are dropped)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.run)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.kind, self.document, self.segment, self.status):
            combo.activated.connect(lambda _i: self.run())
        for date in (self.date_from, self.date_to):
            date.editingFinished.connect(self.run)
        self.query.installEventFilter(self)
        self.results.activated.connect(self._activate)
        session.changed.connect(self._on_changed)
        session.project_opened.connect(self.reset)
        self.index_note = ""
        self.reset()

    # ----- state ---------------------------------------------------------------------------------------
    def reset(self) -> None:
        self.model.set_hits([])
        self.fill_documents()
        self.summary.setText("" if self.session.project else "No project open.")

    def fill_documents(self) -> None:
        current = self.document.currentData()
        self.document.blockSignals(True)
        self.document.clear()
        self.document.addItem("Any document", "")
        for d in self.session.query(doc_ops.list_documents, default=[]):
            self.document.addItem(d.metadata.title or d.filename, d.id)
        self.document.setCurrentIndex(max(0, self.document.findData(current)))
        self.document.blockSignals(False)

    def filters(self) -> SearchFilters:
        segs = str(self.segment.currentData() or "")
        return SearchFilters(document_id=str(self.document.currentData() or ""),
                             segments=frozenset(s for s in segs.split(",") if s),
                             date_from=self._date(self.date_from), date_to=self._date(self.date_to),
                             status=str(self.status.currentData() or ""))

    @staticmethod
    def _date(w: QLineEdit) -> str:
        text = w.text().strip()
        return text if re.fullmatch(_DATE, text) else ""

    def kinds(self) -> list[str] | None:
        k = self.kind.currentData()
        return [k] if k else None

    # ----- searching ------------------------------------------------------------------------------------
    def run(self) -> None:
        """Search for what is typed, on the worker thread: the window keeps working and the hits arrive in
        ``_show`` (``searched`` is emitted then); an answer to an older query is dropped."""
        self._timer.stop()
        self._request += 1
        text = self.query.text().strip()
        if not text or self.session.project is None:
            self.model.set_hits([])
            self.summary.setText(self.index_note)
            self.searched.emit()
            return
        request = self._request
        from workbench.ops import search as search_ops  # ranking modules: not needed to start

        self.session.query_later(search_ops.search, text, self.kinds(), self.filters(), default=[],
                                 on_result=lambda hits: self._show(hits, request))

    def _show(self, hits: list[SearchHit], request: int) -> None:
        if request != self._request:
            return  # the user typed on: a newer search is under way
        self.model.set_hits(hits)
        if hits:
            self.results.setCurrentIndex(self.model.index(0))
        variants = sorted({v for h in hits if h.entity for v in h.variants}, key=str.casefold)
        n = len(hits)
        msg = f"{n} hit{'s' * (n != 1)}" if n else "No hits."
        if variants:
            msg += f" · spellings found: {', '.join(variants[:8])}"
        if getattr(hits, "truncated", False):
            msg += (f" · more than {hits.cap:,} passages match: the most recent of them are ranked "  # type: ignore
                    "(add words or filters to rank them all)")
        self.summary.setText(" ".join(x for x in (msg, self.index_note) if x))
        self.searched.emit()

    def set_index_note(self, note: str) -> None:
        """A line about the index (e.g. "Building the search index: 40 %") shown with the results."""
        self.index_note = note
        if not self.model.hits:
            self.summary.setText(note)

    def focus_query(self) -> None:
        self.query.setFocus()
        self.query.selectAll()

    def current_hit(self) -> SearchHit | None:
        idx = self.results.currentIndex()
        return idx.data(HIT_ROLE) if idx.isValid() else None

    def _activate(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is not None:
            self.hit_activated.emit(hit)

    def step_hit(self, step: int) -> None:
        n = self.model.rowCount()
        if not n:
            return
        row = self.results.currentIndex().row()
        row = 0 if row < 0 else max(0, min(n - 1, row + step))
        self.results.setCurrentIndex(self.model.index(row))
        self.results.scrollTo(self.model.index(row))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.query and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self.step_hit(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self.step_hit(10 if key == Qt.Key.Key_PageDown else -10)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive() or not self.model.hits:
                    self.run()
                elif self.results.currentIndex().isValid():
                    self._activate(self.results.currentIndex())
                return True
        return super().eventFilter(obj, event)

    def _on_changed(self, changes: Changes) -> None:
        if changes & (Changes.DOCUMENTS | Changes.METADATA):
            self.fill_documents()
        if self.query.text().strip() and self.isVisible() and changes & ~Changes.PROJECT:
            self._timer.start()
