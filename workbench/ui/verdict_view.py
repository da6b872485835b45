"""The verdict: rating (with the scale's definition), status, summary, and the rationale in
Markdown with a safe rendered preview; and the claim's history as a readable timeline.

Signals of ``VerdictView``:
    verdict_edited(dict): fields changed by the user (rating / status / summary / rationale).
    assignee_edited(str): the user assigned the claim to this name ("" unassigns).
    correction_requested(object): add (None) or edit (a ``Correction``) a correction notice.
    correction_remove_requested(str): remove the notice with this id.

Below the rationale, once the verdict has been published (made final), its correction notices: the public record of
what changed after publication (date, what changed, why), which reports and ClaimReview print.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.model import ClaimStatus, Correction, HistoryEntry, Rating
from workbench.domain.reasoning import describe


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
    assignee_edited = Signal(str)
    correction_requested = Signal(object)
    correction_remove_requested = Signal(str)

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
        self.signoff = QLabel()
        self.signoff.setObjectName("signoffLabel")
        self.signoff.setWordWrap(True)
        form.addRow("Status", self.status)
        form.addRow("", self.signoff)  # the sign-off record: who sent it to review, who made it final
        self.assignee = QComboBox()
        self.assignee.setObjectName("assigneeCombo")
        self.assignee.setEditable(True)
        self.assignee.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.assignee.setToolTip("Who works on this claim: a desk member (Edit ▸ Desk Settings…) or any name; "
                                 "empty: unassigned")
        line = self.assignee.lineEdit()
        if line is not None:
            line.setPlaceholderText("Unassigned — pick a desk member or type a name")
        form.addRow("Assigned to", self.assignee)
        form.addRow("Summary", self.summary)
        self.published = QLabel()
        self.published.setObjectName("publishedLabel")
        self.published.setWordWrap(True)
        self.corrections = QTreeWidget()
        self.corrections.setObjectName("correctionsList")
        self.corrections.setHeaderLabels(["Date", "What changed", "Why"])
        self.corrections.setRootIsDecorated(False)
        self.corrections.setWordWrap(True)
        self.corrections.setMaximumHeight(110)
        self.corrections.setColumnWidth(1, 210)
        self.add_correction = QPushButton("Publish correction…")
        self.add_correction.setObjectName("addCorrection")
        self.add_correction.setToolTip("A dated notice, printed with the fact check, of what changed after it was "
                                       "published and why (ClaimReview's dateModified)")
        self.edit_correction = QPushButton("Edit…")
        self.remove_correction = QPushButton("Remove")
        buttons = QHBoxLayout()
        buttons.addWidget(self.published, 1)
        for b in (self.add_correction, self.edit_correction, self.remove_correction):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Rationale (Markdown; preview below):"))
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.corrections)
        self.add_correction.clicked.connect(lambda: self.correction_requested.emit(None))
        self.edit_correction.clicked.connect(self._edit_current)
        self.corrections.itemDoubleClicked.connect(lambda _i, _c: self._edit_current())
        self.remove_correction.clicked.connect(self._remove_current)
        self.corrections.currentItemChanged.connect(lambda *_: self._update_correction_buttons())
        self._published_at = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(700)
        self._timer.timeout.connect(self.flush)
        self._loading = False
        self._dirty = False
        self.rating.activated.connect(lambda _i: self._emit(rating=self.rating.currentData() or ""))
        self.status.activated.connect(lambda _i: self._emit(status=self.status.currentData()))
        self.summary.editingFinished.connect(lambda: self._emit(summary=self.summary.text()))
        self.assignee.activated.connect(lambda _i: self._emit_assignee())
        if line is not None:
            line.editingFinished.connect(self._emit_assignee)
        self._assignee = ""
        self.rationale.textChanged.connect(self._rationale_changed)
        self.ratings: list[Rating] = []
        self._preview_stale = False  # the rationale changed while the view was hidden

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
            self._preview_stale = True
            if self.isVisible():  # else when the Verdict tab is first shown (markdown-it is not needed to start)
                self._render_preview()
            self._dirty = False
        finally:
            self._loading = False

    def show_status(self, status: ClaimStatus) -> None:
        """Put the status back (a change the desk's sign-off rule refused)."""
        self._loading = True
        try:
            self.status.setCurrentIndex(list(ClaimStatus).index(status))
        finally:
            self._loading = False

    def load_desk(self, members: tuple[str, ...] | list[str], assignee: str, submitted: tuple[str, str] = ("", ""),
                  reviewed: tuple[str, str] = ("", "")) -> None:
        """The desk's members (the assignee choices), the claim's assignee and its sign-off record: who sent the
        verdict to review and when, who made it final and when ("" when not recorded)."""
        self._loading = True
        try:
            self._assignee = assignee
            self.assignee.clear()
            self.assignee.addItem("", "")
            for name in members:
                self.assignee.addItem(name, name)
            if assignee and self.assignee.findText(assignee) < 0:
                self.assignee.addItem(assignee, assignee)
            self.assignee.setCurrentIndex(max(0, self.assignee.findText(assignee)))
        finally:
            self._loading = False
        parts = []
        if reviewed[0]:
            parts.append(f"Reviewed by {reviewed[0]} on {reviewed[1][:10]}")
        if submitted[0]:
            parts.append(f"sent to review by {submitted[0]} on {submitted[1][:10]}")
        text = " · ".join(parts)
        self.signoff.setText(text[:1].upper() + text[1:])
        self.signoff.setVisible(bool(text))

    def _emit_assignee(self) -> None:
        name = " ".join(self.assignee.currentText().split())
        if self._loading or name == self._assignee:
            return
        self._assignee = name
        self.assignee_edited.emit(name)

    def set_corrections(self, published_at: str, notices: list[Correction]) -> None:
        """When the verdict was first published ("" never) and its correction notices, oldest first."""
        self._published_at = published_at
        if published_at:
            self.published.setText(f"Published {published_at[:10]} · {len(notices)} correction notice(s)")
        else:
            self.published.setText("Not published yet: corrections are for verdicts once they are final.")
        self.corrections.clear()
        for n in notices:
            item = QTreeWidgetItem(self.corrections, [n.date, n.change, n.text])
            item.setData(0, Qt.ItemDataRole.UserRole, n)
            item.setToolTip(1, n.change)
            item.setToolTip(2, n.text)
        self.corrections.setVisible(bool(notices))
        self.corrections.resizeColumnToContents(0)
        self._update_correction_buttons()

    def _current_notice(self) -> Correction | None:
        item = self.corrections.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_correction_buttons(self) -> None:
        self.add_correction.setEnabled(bool(self._published_at))
        has = self._current_notice() is not None
        self.edit_correction.setEnabled(has)
        self.remove_correction.setEnabled(has)

    def _edit_current(self) -> None:
        notice = self._current_notice()
        if notice is not None:
            self.correction_requested.emit(notice)

    def _remove_current(self) -> None:
        notice = self._current_notice()
        if notice is not None:
            self.correction_remove_requested.emit(notice.id)

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
        self._render_preview()
        self._dirty = True
        self._timer.start()

    def _render_preview(self) -> None:
        from workbench.domain.rendering import render_markdown  # markdown-it: loaded on first use

        self._preview_stale = False
        self.preview.setHtml(render_markdown(self.rationale.toPlainText()))

    def showEvent(self, event: QShowEvent) -> None:
        if self._preview_stale:
            self._render_preview()
        super().showEvent(event)

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
