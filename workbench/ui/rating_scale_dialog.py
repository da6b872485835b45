"""The project's rating scale: label, definition, colour and ClaimReview value of each rating.

Edits stay in the dialog until OK, which saves the whole scale as one undoable command
("Edit rating scale"). Renamed ratings keep their claims; removing a rating that claims
still use is refused by the op, and the dialog stays open with the reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.model import DEFAULT_RATINGS, Rating
from workbench.ops import claims as claim_ops
from workbench.ops import verdicts
from workbench.ui.colors import swatch
from workbench.ui.session import Session

Index = QModelIndex | QPersistentModelIndex
LABEL, DEFINITION, COLOUR, VALUE, USES = range(5)
ORIGINAL = Qt.ItemDataRole.UserRole  # on the label item: the label as stored (None for a new rating)


class PaddedDelegate(QStyledItemDelegate):
    """Rows a little taller than their text, so wrapped definitions stay readable."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return super().sizeHint(option, index) + QSize(0, 10)


class ValueDelegate(PaddedDelegate):
    """Edits the ClaimReview value with a spin box from 0 to 10."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(0, 10)
        spin.setFrame(False)
        return spin

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.setValue(int(index.data(Qt.ItemDataRole.EditRole) or 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QSpinBox)
        editor.interpretText()
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)


class RatingScaleDialog(QDialog):
    """Edit the rating scale; OK saves it ("Edit rating scale", undoable)."""

    HEADERS = ("Label", "Definition (printed in reports)", "Colour", "ClaimReview\nvalue", "Claims")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.choose_colour: Callable[[QColor], QColor | None] = self._colour_dialog
        self._error = ""
        self.setWindowTitle("Rating scale")
        self.resize(900, 520)
        intro = QLabel("The ratings a claim can get, best first. Renaming a rating keeps it on the claims that "
                       "have it. The ClaimReview value is the number exported with a verdict (higher = more true; "
                       "0 for ratings off the true–false line). Double-click a colour to change it.")
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setObjectName("ratingTable")
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.horizontalHeaderItem(VALUE).setToolTip("ClaimReview ratingValue, 0–10")  # type: ignore[union-attr]
        self.table.horizontalHeaderItem(USES).setToolTip("Claims with this rating")  # type: ignore[union-attr]
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setWordWrap(True)
        self.table.setItemDelegate(PaddedDelegate(self.table))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # wrapped text
        self.table.setItemDelegateForColumn(VALUE, ValueDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(LABEL, 150)
        header.setSectionResizeMode(DEFINITION, QHeaderView.ResizeMode.Stretch)
        for col in (COLOUR, VALUE, USES):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton("&Add")
        self.remove_button = QPushButton("&Remove")
        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move &down")
        self.colour_button = QPushButton("&Colour…")
        self.reset_button = QPushButton("Reset to &default")
        self.reset_button.setToolTip("Put back the seven default ratings (True … Misleading)")
        self.message = QLabel()
        self.message.setObjectName("dialogMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Save")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        side = QVBoxLayout()
        for b in (self.add_button, self.remove_button, self.up_button, self.down_button, self.colour_button):
            b.setAutoDefault(False)
            side.addWidget(b)
        side.addStretch(1)
        self.reset_button.setAutoDefault(False)
        side.addWidget(self.reset_button)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(middle, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.add_button.clicked.connect(self.add_rating)
        self.remove_button.clicked.connect(self.remove_rating)
        self.up_button.clicked.connect(lambda: self.move_rating(-1))
        self.down_button.clicked.connect(lambda: self.move_rating(1))
        self.colour_button.clicked.connect(lambda: self.edit_colour(self.table.currentRow()))
        self.reset_button.clicked.connect(self.reset_to_default)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.table.currentCellChanged.connect(lambda *_a: self._update_buttons())
        session.error.connect(self._show_error)
        self.uses = Counter(r.claim.rating for r in session.query(claim_ops.list_claims, default=[]))
        self.load(session.query(verdicts.ratings, default=[]), original=True)
        if self.read_only:
            self.setWindowTitle("Rating scale (read-only)")
            intro.setText("The ratings a claim can get, best first. This project is open read-only: the scale can "
                          "be read, not changed.")
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")
            self._update_buttons()

    # ----- the table -----------------------------------------------------------------------------
    def load(self, scale: list[Rating], original: bool = False) -> None:
        """Fill the table; ``original`` marks the rows as the stored ratings (for renames)."""
        stored = {self._original(r) for r in range(self.table.rowCount())} - {None}
        self.message.hide()
        self.table.setRowCount(0)
        for rating in scale:
            keep = rating.label if original or rating.label in stored else None
            self._append(rating, keep)
        if scale:
            self.table.setCurrentCell(0, LABEL)
        self._update_buttons()

    def _append(self, rating: Rating, original: str | None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self._set_row(row, rating, original)
        return row

    def _set_row(self, row: int, rating: Rating, original: str | None) -> None:
        label = QTableWidgetItem(rating.label)
        label.setData(ORIGINAL, original)
        value = QTableWidgetItem()
        value.setData(Qt.ItemDataRole.EditRole, int(rating.value))
        value.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        uses = QTableWidgetItem(str(self.uses.get(original or "", 0) or ""))
        uses.setFlags(uses.flags() & ~Qt.ItemFlag.ItemIsEditable)
        uses.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        for col, item in ((LABEL, label), (DEFINITION, QTableWidgetItem(rating.definition)),
                          (COLOUR, self._colour_item(rating.colour)), (VALUE, value), (USES, uses)):
            self.table.setItem(row, col, item)

    @staticmethod
    def _colour_item(colour: str) -> QTableWidgetItem:
        item = QTableWidgetItem(swatch(colour, 14), colour)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        item.setToolTip("Double-click to choose another colour")
        return item

    def _text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text().strip() if item else ""

    def _original(self, row: int) -> str | None:
        item = self.table.item(row, LABEL)
        return item.data(ORIGINAL) if item else None

    def rating_at(self, row: int) -> Rating:
        value = self.table.item(row, VALUE)
        return Rating(self._text(row, LABEL), self._text(row, DEFINITION), self._text(row, COLOUR),
                      int(value.data(Qt.ItemDataRole.EditRole) or 0) if value else 0)

    def scale(self) -> list[Rating]:
        """The scale as shown, top to bottom."""
        return [self.rating_at(r) for r in range(self.table.rowCount())]

    def renames(self) -> dict[str, str]:
        """Stored label → new label, for the ratings whose label was edited."""
        out = {}
        for row in range(self.table.rowCount()):
            original, label = self._original(row), self._text(row, LABEL)
            if original and label and label != original:
                out[original] = label
        return out

    @property
    def read_only(self) -> bool:
        """The project is open read-only: the scale is shown, nothing can change (the window's banner says why)."""
        project = self.session.project
        return project is not None and project.read_only

    def _update_buttons(self) -> None:
        row, n = self.table.currentRow(), self.table.rowCount()
        editable = not self.read_only
        self.remove_button.setEnabled(editable and 0 <= row < n and n > 1)
        self.colour_button.setEnabled(editable and 0 <= row < n)
        self.up_button.setEnabled(editable and 0 < row < n)
        self.down_button.setEnabled(editable and 0 <= row < n - 1)
        self.add_button.setEnabled(editable)
        self.reset_button.setEnabled(editable)
        self.ok_button.setEnabled(editable)

    # ----- actions -------------------------------------------------------------------------------
    def add_rating(self) -> int:
        """Append "New rating" and start editing its label."""
        taken = {r.label.casefold() for r in self.scale()}
        label, n = "New rating", 2
        while label.casefold() in taken:
            label, n = f"New rating {n}", n + 1
        row = self._append(Rating(label), None)
        self.table.setCurrentCell(row, LABEL)
        self.table.editItem(self.table.item(row, LABEL))  # type: ignore[arg-type]
        return row

    def remove_rating(self) -> None:
        row = self.table.currentRow()
        if row < 0 or self.table.rowCount() <= 1:
            return
        used = self.uses.get(self._original(row) or "", 0)
        self.table.removeRow(row)
        self.table.setCurrentCell(min(row, self.table.rowCount() - 1), LABEL)
        if used:
            self._show_error(f"{used} claim(s) have the rating you removed: saving will be refused until you "
                             "put it back (Cancel) or change those claims first.")
        self._update_buttons()

    def move_rating(self, delta: int) -> None:
        """Move the current rating up (-1) or down (+1)."""
        row = self.table.currentRow()
        other = row + delta
        if row < 0 or not 0 <= other < self.table.rowCount():
            return
        col = max(self.table.currentColumn(), 0)
        items = [[self.table.takeItem(r, c) for c in range(self.table.columnCount())] for r in (row, other)]
        for r, row_items in zip((other, row), items, strict=True):
            for c, item in enumerate(row_items):
                self.table.setItem(r, c, item)
        self.table.setCurrentCell(other, col)
        self._update_buttons()

    def reset_to_default(self) -> None:
        """Show the seven default ratings (saved only with OK); a stored label that returns keeps its claims."""
        self.load(list(DEFAULT_RATINGS))

    def _double_clicked(self, row: int, col: int) -> None:
        if col == COLOUR and not self.read_only:
            self.edit_colour(row)

    def edit_colour(self, row: int) -> None:
        if not 0 <= row < self.table.rowCount():
            return
        chosen = self.choose_colour(QColor(self._text(row, COLOUR)))
        if chosen is not None and chosen.isValid():
            self.table.setItem(row, COLOUR, self._colour_item(chosen.name()))

    def _colour_dialog(self, initial: QColor) -> QColor | None:
        colour = QColorDialog.getColor(initial, self, "Colour of the rating")
        return colour if colour.isValid() else None

    # ----- saving --------------------------------------------------------------------------------
    def _show_error(self, message: str) -> None:
        self._error = message
        if self.isVisible():
            self.message.setText(message)
            self.message.show()

    def accept(self) -> None:
        """Save the scale; on a refusal keep the dialog open with the reason."""
        if self.table.state() == QAbstractItemView.State.EditingState:  # commit the cell being edited
            self.table.setCurrentCell(-1, -1)
        self._error = ""
        self.message.hide()
        self.session.apply(verdicts.save_rating_scale, self.scale(), self.renames(), undo="Edit rating scale")
        if not self._error:
            super().accept()
