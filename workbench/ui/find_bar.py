"""Find in the open document (Ctrl+F): a bar under the reading pane.

Every match is painted (orchid) and the current one is selected; Enter or F3 steps to the next,
Shift+Enter or Shift+F3 to the previous (wrapping round), Esc closes the bar. Matching ignores case and
diacritics and folds Arabic spelling (alef forms, taa marbuta, alef maqsura, tatweel, harakat) like the
project search, while the offsets stay those of the text as imported.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from workbench.domain.search_text import NormalisedText, find_in_text
from workbench.ui.reading_pane import DocumentView


class FindBar(QWidget):
    def __init__(self, view: DocumentView, text_source: Callable[[], str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.view = view
        self.text_source = text_source or view.toPlainText
        self.field = QLineEdit()
        self.field.setObjectName("findField")
        self.field.setPlaceholderText("Find in this document (any case, accents and Arabic spellings)")
        self.field.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("findCount")
        self.count.setMinimumWidth(90)
        self.prev_button = QToolButton()
        self.prev_button.setText("▲")
        self.prev_button.setToolTip("Previous match (Shift+F3, Shift+Enter)")
        self.next_button = QToolButton()
        self.next_button.setText("▼")
        self.next_button.setToolTip("Next match (F3, Enter)")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip("Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        for b in (self.prev_button, self.next_button, self.close_button):
            b.setAutoRaise(True)
            layout.addWidget(b)
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        self._cache: tuple[str, NormalisedText] | None = None
        self.field.textChanged.connect(lambda _t: self.search())
        self.field.installEventFilter(self)
        self.prev_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.close_bar)
        view.textChanged.connect(self._document_changed)
        self.hide()

    def _normalised(self) -> NormalisedText:
        text = self.text_source()
        if self._cache is None or (self._cache[0] is not text and self._cache[0] != text):
            self._cache = (text, NormalisedText(text))
        return self._cache[1]

    def open(self) -> None:
        """Show the bar; a short selection becomes the search text."""
        rng = self.view.selection_range()
        if rng and 0 < rng[1] - rng[0] <= 80:
            selected = self.text_source()[rng[0]:rng[1]]
            if "\n" not in selected:
                self.field.setText(selected)
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self.search()

    def search(self) -> None:
        """Find every match; the current one is the first at or after the caret (or the selection)."""
        needle = self.field.text()
        self.matches = find_in_text(self._normalised(), needle) if needle.strip() else []
        self.current = -1
        if self.matches:
            rng = self.view.selection_range()
            at = rng[0] if rng else self.view.offsets.to_codepoint(self.view.textCursor().position())
            self.current = next((i for i, (a, _b) in enumerate(self.matches) if a >= at), 0)
            self._show_current()
            return
        self._paint()

    def _paint(self) -> None:
        self.view.set_find_matches(self.matches, self.current)
        if not self.field.text().strip():
            self.count.setText("")
        elif not self.matches:
            self.count.setText("No matches")
        else:
            self.count.setText(f"{self.current + 1} of {len(self.matches)}")

    def _show_current(self) -> None:
        if 0 <= self.current < len(self.matches):
            self.view.select_range(*self.matches[self.current])
        self._paint()

    def next(self) -> None:
        if not self.matches:
            self.search()
            return
        self.current = (self.current + 1) % len(self.matches)
        self._show_current()

    def previous(self) -> None:
        if not self.matches:
            self.search()
            return
        self.current = (self.current - 1) % len(self.matches)
        self._show_current()

    def close_bar(self) -> None:
        self.matches, self.current = [], -1
        self.view.set_find_matches([])
        self.hide()
        self.view.setFocus()

    def _document_changed(self) -> None:
        self._cache = None
        self.matches, self.current = [], -1
        if self.isVisible() and self.field.text().strip():
            self.search()
        else:
            self.count.setText("")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.field and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.previous()
                else:
                    self.next()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(obj, event)
