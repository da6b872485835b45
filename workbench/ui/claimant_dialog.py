"""Asked when the claimant of a claim is replaced by another name: rename the claimant's source everywhere it is
used, or give this claim another source (an existing one, or a new one) — and then, when nothing else uses the
old source, remove it from the registry."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workbench.ops.claims import ClaimantChange
from workbench.ui.sources_model import usage_sentence


@dataclass(frozen=True, slots=True)
class ClaimantDecision:
    """What the user chose: ``rename`` the source to ``name`` everywhere (``keep_alias``: keep the old name as an
    alias), or give this claim the source ``name`` (``remove_unused``: then remove the old source if unused)."""

    rename: bool
    name: str
    keep_alias: bool = False
    remove_unused: bool = False


def _indented(*widgets: QWidget) -> QVBoxLayout:
    """The widgets under a radio button, indented to its text."""
    box = QVBoxLayout()
    box.setContentsMargins(24, 0, 0, 0)
    for w in widgets:
        box.addWidget(w)
    return box


class ClaimantDialog(QDialog):
    """Rename the claimant's source, or choose another source for this claim only."""

    def __init__(self, change: ClaimantChange, source_names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.change = change
        self.setWindowTitle("Change claimant")
        old, new = change.old_name, change.new_name
        uses = usage_sentence(old, change.old_usage)
        if change.other_uses == 0:
            uses = f"“{old}” is the claimant of this claim only; nothing else uses it."
        intro = QLabel(f"You typed “{new}” as the claimant. {uses}")
        intro.setWordWrap(True)
        self.rename = QRadioButton(f"&Rename “{old}” to “{new}” everywhere it is used")
        self.rename.setObjectName("renameSource")
        self.keep_alias = QCheckBox(f"&Keep “{old}” as an alias (another spelling of the same source)")
        self.rename_note = QLabel()
        self.rename_note.setWordWrap(True)
        self.rename_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.other = QRadioButton("&Use another source for this claim only:")
        self.other.setObjectName("otherSource")
        self.source = QComboBox()
        self.source.setObjectName("claimantSource")
        self.source.setEditable(True)
        self.source.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.source.addItems(source_names)
        completer = self.source.completer()
        if completer is not None:
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.source.setEditText(change.existing_name or new)
        self.source_note = QLabel("A name not in the registry becomes a new source.")
        self.source_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.remove_old = QCheckBox(f"Remove “{old}” from the sources registry (nothing else uses it)")
        self.remove_old.setObjectName("removeOldSource")
        self.remove_old.setChecked(True)
        self.remove_old.setVisible(change.other_uses == 0)
        group = QButtonGroup(self)
        group.addButton(self.rename)
        group.addButton(self.other)
        if change.can_rename:
            self.rename.setChecked(change.other_uses == 0)
            self.other.setChecked(change.other_uses > 0)
        else:
            self.rename.setEnabled(False)
            self.keep_alias.hide()
            self.rename_note.setText(f"“{new}” already names another source, {change.existing_name}: choose it "
                                     "below (or rename that source in the registry, Edit ▸ Sources…).")
            self.other.setChecked(True)
        self.rename_note.setVisible(bool(self.rename_note.text()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addWidget(self.rename)
        layout.addLayout(_indented(self.keep_alias, self.rename_note))
        layout.addSpacing(4)
        layout.addWidget(self.other)
        layout.addLayout(_indented(self.source, self.source_note, self.remove_old))
        layout.addStretch(1)
        layout.addWidget(buttons)
        group.buttonToggled.connect(lambda *_: self._update())
        self.source.editTextChanged.connect(lambda _t: self._update())
        self._update()
        self.resize(max(520, self.sizeHint().width()), self.sizeHint().height())

    def _update(self) -> None:
        renaming = self.rename.isChecked()
        self.keep_alias.setEnabled(renaming)
        for w in (self.source, self.source_note, self.remove_old):
            w.setEnabled(not renaming)
        self.ok.setEnabled(renaming or bool(self.source.currentText().strip()))

    def decision(self) -> ClaimantDecision:
        if self.rename.isChecked():
            return ClaimantDecision(True, self.change.new_name, keep_alias=self.keep_alias.isChecked())
        return ClaimantDecision(False, " ".join(self.source.currentText().split()),
                                remove_unused=self.remove_old.isVisibleTo(self) and self.remove_old.isChecked())


def ask_claimant(change: ClaimantChange, source_names: list[str], parent: QWidget | None) -> ClaimantDecision | None:
    """Show the dialog; the user's decision, or None when cancelled."""
    dialog = ClaimantDialog(change, source_names, parent)
    try:
        return dialog.decision() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
