"""Edit ▸ Undo History…: the project's operation log as a list, newest first, with Undo and Redo.

Each row is one user action (from the window or the command line): when, what, who, from where, and whether it
is undone. "Undo to Here" undoes every action after the selected one and then it; a refusal (a row changed
outside the log) stops there with the reason, and nothing of that step changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.session import Session

HEADERS = ("When", "Action", "Who", "From", "State")


class UndoHistoryDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoHistoryDialog")
        self.setWindowTitle("Undo History")
        self.resize(720, 420)
        self.session = session
        intro = QLabel("Every change to this project, newest first — made here or on the command line. The history "
                       "is kept in the project file: it is still here after you close and reopen the project.")
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828")
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.undo_to_button = QPushButton("Undo to &Here")
        self.undo_to_button.setToolTip("Undo the selected change and every change after it")
        self.redo_button = QPushButton("&Redo")
        buttons.addButton(self.undo_to_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.redo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.undo_to_button.clicked.connect(self.undo_to_selected)
        self.redo_button.clicked.connect(self.redo)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        session.error.connect(self._show_error)
        session.undo_changed.connect(self.refresh)
        self.refresh()

    def _show_error(self, text: str) -> None:
        if self.isVisible():
            self.message.setText(text)
            self.message.show()

    def refresh(self) -> None:
        ws = self.session.workspace
        self.entries = ws.log(200) if ws is not None and not ws.closed else []
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            undone = e.state == "undone"
            values = (e.at.replace("T", " ").replace("Z", ""), e.label, e.who, e.origin or "window",
                      "undone" if undone else "")
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if undone:
                    item.setForeground(self.palette().placeholderText())
                if col == 1:
                    item.setToolTip(f"{e.label}: {e.rows} row change(s)")
                self.table.setItem(row, col, item)
        self.table.resizeColumnToContents(0)
        self._update_buttons()

    def _selected(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _update_buttons(self) -> None:
        row = self._selected()
        read_only = self.session.project is None or self.session.project.read_only
        self.undo_to_button.setEnabled(not read_only and 0 <= row < len(self.entries)
                                       and self.entries[row].state == "done")
        self.redo_button.setEnabled(not read_only and self.session.undo_stack.canRedo())

    def undo_to_selected(self) -> int:
        """Undo every done action down to the selected one; returns how many were undone."""
        row = self._selected()
        if not 0 <= row < len(self.entries) or self.entries[row].state != "done":
            return 0
        self.message.hide()
        target = self.entries[row].action
        done = [e.action for e in self.entries[: row + 1] if e.state == "done"]
        undone = 0
        for _action in done:
            if not self.session.replay(True):
                break
            undone += 1
        self.refresh()
        for i, e in enumerate(self.entries):
            if e.action == target:
                self.table.selectRow(i)
        return undone

    def redo(self) -> None:
        self.message.hide()
        self.session.replay(False)
        self.refresh()

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.undo_to_button.isEnabled():
            self.undo_to_selected()
            return
        super().keyPressEvent(event)
