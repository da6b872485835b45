"""Add a web page, a file or a note as evidence for a claim, or edit any piece of evidence.

Nothing is fetched from the network: a URL is recorded with its access date, and an
"archived copy" is a page or PDF the user saved, imported as a document. Files are
stored in the project. Accepting runs one undoable command ("Add evidence" or
"Edit evidence"); if the op refuses, the dialog stays open with the reason.
Escape, Cancel or the window's close button asks "Discard this evidence?" once
something was entered (an untouched dialog closes at once; ``reject()`` and a close
by the program never ask). New evidence goes to the claim the
dialog was opened for; if the claim editor has come to show another claim meanwhile,
adding asks first.

What differs between kinds comes from the registry (``domain.evidence_kinds``): the title, the title and note
fields' labels and placeholders, and the page of kind-specific rows (``KindSpec.editor`` → a class of
``ui.evidence_pages``). Nothing here branches on a kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workbench.domain import evidence_kinds
from workbench.domain.model import CREDIBILITY, EvidenceKind, EvidenceView, Stance
from workbench.ops import claims as claim_ops
from workbench.ops import evidence as evidence_ops
from workbench.ui.evidence_pages import EDITORS, EditorPage, page_class
from workbench.ui.session import Session

MNEMONICS = {Stance.SUPPORTS: "Su&pports", Stance.REFUTES: "R&efutes", Stance.CONTEXT: "Adds conte&xt"}


class EvidenceDialog(QDialog):
    """Evidence of one kind for a claim: new (``evidence`` None) or an existing piece to edit.

    ``choose_file(caption, name_filter) -> path or ""`` can be replaced (tests, other pickers).
    ``current_claim() -> claim id``, when set, is the claim the window's editor shows: adding new evidence to
    another claim than that asks first.
    After acceptance ``evidence_id`` is the new or edited evidence's id.
    """

    def __init__(self, session: Session, claim_id: str, kind: EvidenceKind, parent: QWidget | None = None,
                 evidence: EvidenceView | None = None) -> None:
        super().__init__(parent)
        self.spec = evidence_kinds.get(evidence.evidence.kind if evidence else EvidenceKind(kind))
        if evidence is None and not self.spec.addable:
            raise ValueError(f"{self.spec.label.lower()} evidence is not added in this dialog"
                             + (" (it is made from a selection in the reading pane)" if self.spec.from_selection
                                else ""))
        self.session = session
        self.claim_id = evidence.evidence.claim_id if evidence else claim_id
        self.kind = self.spec.kind
        self.view = evidence
        self.evidence_id = evidence.evidence.id if evidence else ""
        self.choose_file: Callable[[str, str], str] = self._file_dialog
        self.current_claim: Callable[[], str] | None = None
        self._error = ""
        self.setWindowTitle("Edit evidence" if evidence else self.spec.add_title)
        self.setMinimumWidth(600)
        ev = evidence.evidence if evidence else None
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        claim = session.query(claim_ops.get_claim, self.claim_id, default=None)
        self.claim_text = claim.text if claim else ""
        claim_label = QLabel(f"“{claim.text}”" if claim else "")
        claim_label.setWordWrap(True)
        claim_label.setStyleSheet("font-style: italic")
        form.addRow("Claim", claim_label)
        self.note = QPlainTextEdit(ev.note if ev else "")  # made first: a page may give it the focus
        # what the evidence is: the kind's page
        self.page: EditorPage = page_class(self.spec)(self, self.spec, evidence)
        self.page.build(form)
        # what everyone has
        self.title = QLineEdit(ev.title if ev else "")
        self.title.setPlaceholderText(self.spec.title.placeholder)
        form.addRow(self.spec.title.label, self.title)
        self.stance_group = QButtonGroup(self)
        stances = QHBoxLayout()
        self.stance_buttons: dict[Stance, QRadioButton] = {}
        for i, stance in enumerate(Stance):
            button = QRadioButton(MNEMONICS[stance])
            self.stance_group.addButton(button, i)
            self.stance_buttons[stance] = button
            stances.addWidget(button)
        stances.addStretch(1)
        self.stance_buttons[ev.stance if ev else Stance.SUPPORTS].setChecked(True)
        form.addRow("Stance", stances)
        self.credibility = QComboBox()
        self.credibility.addItem("Not graded", None)
        for grade, label in CREDIBILITY.items():
            self.credibility.addItem(f"{grade} — {label}", grade)
        if ev and ev.credibility:
            self.credibility.setCurrentIndex(self.credibility.findData(ev.credibility))
        self.credibility.setToolTip("Information credibility (Admiralty scale)")
        form.addRow("C&redibility", self.credibility)
        self.source = QLineEdit(evidence.source.name if evidence and evidence.source else "")
        self.source.setPlaceholderText("Who published or said it (a new name becomes a source)")
        completer = QCompleter(session.query(claim_ops.source_names, default=[]), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.source.setCompleter(completer)
        form.addRow("&Source", self.source)
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.spec.note.placeholder)
        if self.spec.shows_note:  # the note is the evidence itself
            self.note.setMinimumHeight(130)
        else:
            self.note.setFixedHeight(64)
        form.addRow(self.spec.note.label, self.note)
        self.message = QLabel()
        self.message.setObjectName("dialogMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Save" if evidence else "Add evidence")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        session.error.connect(self._show_error)
        (self.title if evidence else self.page.first() or self.title).setFocus()
        self._initial = self._values()

    def __getattr__(self, name: str) -> Any:
        """The page's widgets by name: ``dialog.url``, ``dialog.file``, ``dialog.browse_button``… A name only
        another editor page has reads as a hidden stand-in (never shown or read), so every dialog answers it."""
        page = self.__dict__.get("page")
        found = page.widget(name) if page is not None else None
        if found is not None:
            return found
        kind = _stand_in_type(name)
        if kind is None:
            raise AttributeError(name)
        stand_ins = self.__dict__.setdefault("_stand_ins", {})
        if name not in stand_ins:
            widget = kind(self)
            widget.hide()
            stand_ins[name] = widget
        return stand_ins[name]

    # ----- discarding --------------------------------------------------------------------------
    def _values(self) -> tuple[object, ...]:
        """Everything the user can enter, to tell an untouched dialog from a filled one."""
        return (*self.page.state(), self.title.text(), self.stance(), self.credibility.currentIndex(),
                self.source.text(), self.note.toPlainText())

    def is_modified(self) -> bool:
        return self._values() != self._initial

    def cancel(self) -> None:
        """Escape or Cancel: ask before throwing away what was entered (an untouched dialog closes at once)."""
        if not self.is_modified() or self._confirm_discard():
            self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            event.accept()
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's close button asks like Cancel; a close by the program (quitting) does not."""
        if event.spontaneous() and self.is_modified() and not self._confirm_discard():
            event.ignore()
            return
        super().closeEvent(event)

    def _confirm_discard(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Discard evidence",
                          "Discard your changes to this evidence?" if self.view else "Discard this evidence?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("discardEvidenceBox")
        box.setInformativeText("What you entered here will be lost." if self.view is None else
                               "The evidence stays as it was saved.")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _confirm_claim(self) -> bool:
        """New evidence goes to the dialog's claim; if the editor now shows another one, ask first."""
        shown = self.current_claim() if self.current_claim is not None else self.claim_id
        if self.view is not None or shown == self.claim_id:
            return True
        other = self.session.query(claim_ops.find_claim, shown, default=None) if shown else None
        now = f"“{other.text}”" if other else "no claim"
        box = QMessageBox(QMessageBox.Icon.Question, "Which claim?",
                          f"This evidence was started for “{self.claim_text}”, but the claim editor now shows "
                          f"{now}.\n\nAdd the evidence to “{self.claim_text}”?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("evidenceClaimBox")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    # ----- files -------------------------------------------------------------------------------
    def _file_dialog(self, caption: str, name_filter: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self, caption, "", name_filter)
        return path

    # ----- accepting ---------------------------------------------------------------------------
    def stance(self) -> Stance:
        return next(s for s, b in self.stance_buttons.items() if b.isChecked())

    def _show_error(self, message: str) -> None:
        self._error = message
        self.message.setText(message)
        self.message.show()

    def _missing(self) -> tuple[str, QWidget] | None:
        """The first obviously missing field, with a message, before anything is saved."""
        missing = self.page.missing()
        if missing is None and self.spec.note.required and not self.note.toPlainText().strip():
            note = self.spec.note
            missing = note.missing or note.refusal, self.note
        return missing

    def accept(self) -> None:
        """Save (one undoable command); on a refusal keep the dialog open with the reason."""
        missing = self._missing()
        if missing:
            self._show_error(missing[0])
            missing[1].setFocus()
            return
        if not self._confirm_claim():
            return
        self._error = ""
        self.message.hide()
        common: dict[str, Any] = {"credibility": self.credibility.currentData(), "title": self.title.text(),
                                  "note": self.note.toPlainText(), "fields": self.page.fields()}
        if self.view is not None:
            self.session.apply(evidence_ops.update_evidence, self.evidence_id, stance=self.stance(),
                               source=self.source.text(), undo="Edit evidence", **common)
        else:
            result = self.session.apply(evidence_ops.add_evidence, self.claim_id, self.kind, self.stance(),
                                        source=self.source.text().strip() or None, undo="Add evidence",
                                        **self.page.attachments(), **common)
            if result and not self._error:
                self.evidence_id = str(result)
        if self._error or not self.evidence_id:
            if not self._error:
                self._show_error("The evidence could not be saved.")
            return
        super().accept()


def _stand_in_type(name: str) -> type[QWidget] | None:
    """The widget type of ``name`` on some editor page or as some kind's field, else None."""
    for page in EDITORS.values():
        if name in page.WIDGETS:
            return page.WIDGETS[name]
    if any(f.name == name for spec in evidence_kinds.specs() for f in spec.fields):
        return QLineEdit
    return None
