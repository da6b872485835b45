"""The correction notice dialog: the day it is published, what changed, and why (the notice readers see)."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class CorrectionDialog(QDialog):
    """Asks for a correction notice; ``values()`` gives (date YYYY-MM-DD, change, text)."""

    def __init__(self, *, date: str = "", change: str = "", text: str = "", editing: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correctionDialog")
        self.setWindowTitle("Edit correction notice" if editing else "Publish a correction notice")
        intro = QLabel("A correction notice is published with the fact check: readers see the date, what changed "
                       "and why. Use it when a published verdict changes; the edit history stays private.")
        intro.setWordWrap(True)
        self.date = QDateEdit()
        self.date.setObjectName("correctionDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        day = QDate.fromString(date, "yyyy-MM-dd") if date else QDate.currentDate()
        self.date.setDate(day if day.isValid() else QDate.currentDate())
        self.change = QLineEdit(change)
        self.change.setObjectName("correctionChange")
        self.change.setPlaceholderText("What changed, e.g. “Rating changed from Misleading to False.”")
        self.text = QPlainTextEdit(text)
        self.text.setObjectName("correctionText")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("Why: what was wrong, and what the fact check says now.")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Save notice" if editing else "Publish")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(self._update)
        form = QFormLayout()
        form.addRow("Date", self.date)
        form.addRow("What changed", self.change)
        form.addRow("Why", self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 320)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.text.toPlainText().strip()))

    def values(self) -> tuple[str, str, str]:
        return self.date.date().toString("yyyy-MM-dd"), self.change.text().strip(), self.text.toPlainText().strip()
