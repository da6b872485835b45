"""The verdict: rating (with the scale's definition), status, summary, and the rationale in
Markdown with a safe rendered preview; and the claim's history as a readable timeline.

Signals of ``VerdictView``:
    verdict_edited(dict): fields changed by the user (rating / status / summary / rationale).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.model import ClaimStatus, HistoryEntry, Rating
from workbench.domain.reasoning import describe
from workbench.domain.rendering import render_markdown


class SafePreview(QTextBrowser):
    """Shows sanitised HTML; never loads a resource (image, stylesheet, link) and never follows links."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.resource_requests: list[str] = []

    def loadResource(self, type_: int, name: QUrl | str) -> Any:
        self.resource_requests.append(name.toString() if isinstance(name, QUrl) else str(name))
        return QByteArray()


def swatch(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(QColor(colour))
    return QIcon(pix)


class VerdictView(QWidget):
    verdict_edited = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rating = QComboBox()
        self.rating.setObjectName("ratingCombo")
        self.definition = QLabel()
        self.definition.setWordWrap(True)
        self.definition.setObjectName("ratingDefinition")
        self.status = QComboBox()
        for st in ClaimStatus:
            self.status.addItem(st.label, st.value)
        self.summary = QLineEdit()
        self.summary.setPlaceholderText("One line a reader sees first, e.g. “No handover took place.”")
        self.rationale = QPlainTextEdit()
        self.rationale.setObjectName("rationaleEditor")
        self.rationale.setPlaceholderText("Why this rating? Markdown: **bold**, *italic*, lists, [links](https://…)")
        self.rationale.setTabChangesFocus(True)
        self.preview = SafePreview()
        self.preview.setObjectName("rationalePreview")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.rationale)
        split.addWidget(self.preview)
        form = QFormLayout()
        form.addRow("Rating", self.rating)
        form.addRow("", self.definition)
        form.addRow("Status", self.status)
        form.addRow("Summary", self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Rationale (Markdown; preview below):"))
        layout.addWidget(split, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(700)
        self._timer.timeout.connect(self.flush)
        self._loading = False
        self._dirty = False
        self.rating.activated.connect(lambda _i: self._emit(rating=self.rating.currentData() or ""))
        self.status.activated.connect(lambda _i: self._emit(status=self.status.currentData()))
        self.summary.editingFinished.connect(lambda: self._emit(summary=self.summary.text()))
        self.rationale.textChanged.connect(self._rationale_changed)
        self.ratings: list[Rating] = []

    def set_scale(self, ratings: list[Rating]) -> None:
        self.ratings = ratings
        current = self.rating.currentData()
        self.rating.blockSignals(True)
        self.rating.clear()
        self.rating.addItem("Not rated yet", "")
        for r in ratings:
            self.rating.addItem(swatch(r.colour), r.label, r.label)
        idx = self.rating.findData(current)
        self.rating.setCurrentIndex(max(0, idx))
        self.rating.blockSignals(False)

    def load(self, rating: str, status: ClaimStatus, summary: str, rationale: str) -> None:
        self._loading = True
        try:
            self.rating.setCurrentIndex(max(0, self.rating.findData(rating)))
            self._show_definition(rating)
            self.status.setCurrentIndex(list(ClaimStatus).index(status))
            if self.summary.text() != summary:
                self.summary.setText(summary)
            if self.rationale.toPlainText() != rationale:
                self.rationale.setPlainText(rationale)
            self.preview.setHtml(render_markdown(rationale))
            self._dirty = False
        finally:
            self._loading = False

    def _show_definition(self, label: str) -> None:
        r = next((r for r in self.ratings if r.label == label), None)
        self.definition.setText(r.definition if r else "Pick a rating when the evidence allows it.")

    def _emit(self, **fields: Any) -> None:
        if self._loading:
            return
        if "rating" in fields:
            self._show_definition(fields["rating"])
        self.verdict_edited.emit(fields)

    def _rationale_changed(self) -> None:
        if self._loading:
            return
        self.preview.setHtml(render_markdown(self.rationale.toPlainText()))
        self._dirty = True
        self._timer.start()

    def flush(self) -> None:
        """Save a pending rationale edit now (also called by the debounce timer)."""
        self._timer.stop()
        if self._dirty:
            self._dirty = False
            self.verdict_edited.emit({"rationale": self.rationale.toPlainText()})

    @property
    def pending(self) -> bool:
        return self._dirty


class HistoryView(QTreeWidget):
    """The claim's history, newest first: when, who, what (readable sentences)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyView")
        self.setHeaderLabels(["When (UTC)", "Who", "What"])
        self.setRootIsDecorated(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.clear()
        for e in reversed(entries):
            text = "\n".join(describe(e))
            if e.undone:  # its step of the operation log is undone now (Edit ▸ Redo can bring it back)
                text = f"{text}  (undone)"
            item = QTreeWidgetItem(self, [e.at.replace("T", " ").replace("Z", ""), e.who, text])
            item.setToolTip(2, text)
            if e.undone:
                for col in range(3):
                    item.setForeground(col, self.palette().placeholderText())
            if e.id:  # the entry's identity, kept by bundles and merges
                item.setToolTip(0, f"History entry {e.seq} of this project · id {e.id}")
        for col in (0, 1):
            self.resizeColumnToContents(col)

    def lines(self) -> list[str]:
        return [item.text(2) for i in range(self.topLevelItemCount()) if (item := self.topLevelItem(i)) is not None]
