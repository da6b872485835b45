"""The sources nothing uses, to remove from the registry in one undoable step (Sources ▸ Remove Unused Sources…).

Sources without details (only a name: typically made by typing a name once) are checked; a source someone
described — kind, affiliation, reliability, notes or aliases — is listed unchecked.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.model import RELIABILITY, Source
from workbench.ops.sources import has_details


def describe_source(src: Source) -> str:
    """"Sputnik — outlet, Russian state media, reliability D" or "the document — no details"."""
    details = [src.kind, src.affiliation]
    if src.reliability:
        details.append(f"reliability {src.reliability} ({RELIABILITY.get(src.reliability, '').lower()})")
    if src.aliases:
        details.append("also " + ", ".join(src.aliases))
    if src.notes:
        details.append("notes")
    shown = ", ".join(d for d in details if d)
    return f"{src.name} — {shown or 'no details'}"


class UnusedSourcesDialog(QDialog):
    """Check the unused sources to remove; ``chosen()`` gives their ids."""

    def __init__(self, sources: list[Source], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Remove Unused Sources")
        intro = QLabel("No claim, attribution chain, piece of evidence or entity uses these sources. The checked "
                       "ones will be removed from the registry; Undo (Ctrl+Z) brings them back.")
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("unusedSources")
        self.list.setAlternatingRowColors(True)
        for src in sources:
            item = QListWidgetItem(describe_source(src))
            item.setData(Qt.ItemDataRole.UserRole, src.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if has_details(src) else Qt.CheckState.Checked)
            if has_details(src):
                item.setToolTip("Someone described this source: it is left unchecked. Check it to remove it too.")
            self.list.addItem(item)
        note = QLabel("Sources someone described (kind, affiliation, reliability, notes, aliases) are not checked.")
        note.setWordWrap(True)
        note.setEnabled(False)
        self.all_button = QPushButton("Check &All")
        self.none_button = QPushButton("Check &None")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Remove")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.all_button)
        row.addWidget(self.none_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(note)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.all_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        self.none_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        self.list.itemChanged.connect(lambda _i: self._update())
        self._update()
        self.resize(520, 360)

    def _items(self) -> list[QListWidgetItem]:
        return [item for i in range(self.list.count()) if (item := self.list.item(i)) is not None]

    def _check_all(self, state: Qt.CheckState) -> None:
        for item in self._items():
            item.setCheckState(state)

    def _update(self) -> None:
        n = len(self.chosen())
        self.ok.setEnabled(n > 0)
        self.ok.setText(f"&Remove {n}" if n else "&Remove")

    def chosen(self) -> list[str]:
        """Ids of the checked sources."""
        return [str(item.data(Qt.ItemDataRole.UserRole)) for item in self._items()
                if item.checkState() == Qt.CheckState.Checked]


def choose_unused(sources: list[Source], parent: QWidget | None) -> list[str] | None:
    """Show the dialog; the ids to remove, or None when cancelled."""
    dialog = UnusedSourcesDialog(sources, parent)
    try:
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
