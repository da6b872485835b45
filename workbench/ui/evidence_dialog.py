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
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
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
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.model import CREDIBILITY, EvidenceKind, EvidenceView, Stance
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as evidence_ops
from workbench.ui.session import Session
from workbench.ui.thumbnails import thumbnail

MNEMONICS = {Stance.SUPPORTS: "Su&pports", Stance.REFUTES: "R&efutes", Stance.CONTEXT: "Adds conte&xt"}
THUMBNAIL = 160
PREVIEW_LIMIT = 20 * 1024 * 1024  # bytes read for a thumbnail of a file not yet added
TITLES = {EvidenceKind.URL: "Add a web page as evidence", EvidenceKind.FILE: "Add a file as evidence",
          EvidenceKind.NOTE: "Add a note as evidence", EvidenceKind.PASSAGE: "Edit evidence"}


def _size(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1048576:.1f} MB"


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
        if evidence is None and EvidenceKind(kind) is EvidenceKind.PASSAGE:
            raise ValueError("passage evidence is made from a selection in the reading pane, not in this dialog")
        self.session = session
        self.claim_id = evidence.evidence.claim_id if evidence else claim_id
        self.kind = evidence.evidence.kind if evidence else EvidenceKind(kind)
        self.view = evidence
        self.evidence_id = evidence.evidence.id if evidence else ""
        self.choose_file: Callable[[str, str], str] = self._file_dialog
        self.current_claim: Callable[[], str] | None = None
        self._error = ""
        self.setWindowTitle("Edit evidence" if evidence else TITLES[self.kind])
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
        # what the evidence is, by kind
        self.url = QLineEdit(ev.url if ev else "")
        self.url.setPlaceholderText("https://… (recorded, never fetched)")
        self.accessed = QLineEdit(ev.accessed if ev else date.today().isoformat())
        self.accessed.setPlaceholderText("YYYY-MM-DD")
        self.accessed.setMaximumWidth(130)
        self.archive = QLineEdit()
        self.archive.setPlaceholderText("Optional: a copy you saved (HTML, PDF, text)")
        self.archive.setToolTip("A page or PDF you saved yourself; it is imported as a document. "
                                "Nothing is downloaded.")
        self.file = QLineEdit()
        self.file.setPlaceholderText("The image, PDF or document to store in the project")
        self.preview = QLabel()
        self.preview.setObjectName("evidencePreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.preview.hide()
        self.file_info = QLabel()
        self.file_info.setWordWrap(True)
        self.browse_button = QPushButton("Browse…")
        self.archive_button = QPushButton("Browse…")
        if self.kind is EvidenceKind.PASSAGE and evidence is not None and evidence.passage is not None:
            quote = QLabel(f"“{evidence.passage.quote.exact}”\n— {evidence.document_title}")
            quote.setWordWrap(True)
            quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow("Passage", quote)
        elif self.kind is EvidenceKind.URL:
            form.addRow("&URL", self.url)
            form.addRow("&Accessed", self.accessed)
            if evidence is None:
                form.addRow(self._buddy("Archived &copy", self.archive), self._with_button(self.archive,
                                                                                           self.archive_button))
            else:
                form.addRow("Archived copy", QLabel(self._archive_title(ev.archived_document_id if ev else None)))
        elif self.kind is EvidenceKind.FILE:
            if evidence is None:
                form.addRow(self._buddy("&File", self.file), self._with_button(self.file, self.browse_button))
            elif evidence.file is not None:
                f = evidence.file
                self.file_info.setText(f"{f.filename} · {f.media_type} · {_size(f.size)} · SHA-256 {f.sha256[:12]}…")
            preview = QHBoxLayout()
            preview.addWidget(self.preview)
            preview.addWidget(self.file_info, 1)
            form.addRow("" if evidence is None else "File", preview)
        # what everyone has
        self.title = QLineEdit(ev.title if ev else "")
        self.title.setPlaceholderText({EvidenceKind.URL: "Title of the page", EvidenceKind.FILE:
                                       "What it shows (the file name if empty)"}.get(self.kind, "Optional"))
        form.addRow("&Title", self.title)
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
        self.note = QPlainTextEdit(ev.note if ev else "")
        self.note.setTabChangesFocus(True)
        if self.kind is EvidenceKind.NOTE:
            self.note.setPlaceholderText("What you found out: a phone call, a geolocation, a colleague's check…")
            self.note.setMinimumHeight(130)
            form.addRow("&Note", self.note)
        else:
            self.note.setPlaceholderText("Optional notes")
            self.note.setFixedHeight(64)
            form.addRow("&Notes", self.note)
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
        self.browse_button.clicked.connect(self.browse_file)
        self.archive_button.clicked.connect(self.browse_archive)
        self.file.editingFinished.connect(self._show_file)
        session.error.connect(self._show_error)
        if evidence is not None and self.kind is EvidenceKind.FILE:
            self._set_preview(session.query(evidence_ops.file_data, evidence.evidence.id, default=None))
        first = {EvidenceKind.URL: self.url, EvidenceKind.FILE: self.browse_button, EvidenceKind.NOTE: self.note}
        (self.title if evidence else first.get(self.kind, self.title)).setFocus()
        self._initial = self._values()

    # ----- discarding --------------------------------------------------------------------------
    def _values(self) -> tuple[object, ...]:
        """Everything the user can enter, to tell an untouched dialog from a filled one."""
        return (self.url.text(), self.accessed.text(), self.archive.text(), self.file.text(), self.title.text(),
                self.stance(), self.credibility.currentIndex(), self.source.text(), self.note.toPlainText())

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

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    @staticmethod
    def _with_button(edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(button)
        button.setAutoDefault(False)
        return row

    def _archive_title(self, doc_id: str | None) -> str:
        if not doc_id:
            return "none"
        doc = self.session.query(doc_ops.get_document, doc_id, default=None)
        return f"imported as “{doc.metadata.title or doc.filename}”" if doc else "imported (document removed)"

    # ----- files -------------------------------------------------------------------------------
    def _file_dialog(self, caption: str, name_filter: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self, caption, "", name_filter)
        return path

    def browse_file(self) -> None:
        path = self.choose_file("Choose a file to store as evidence",
                                "Images and documents (*.png *.jpg *.jpeg *.gif *.webp *.pdf *.txt *.html *.docx);;"
                                "All files (*)")
        if path:
            self.file.setText(path)
            self._show_file()

    def browse_archive(self) -> None:
        path = self.choose_file("Choose the saved copy of the page",
                                "Saved pages (*.html *.htm *.pdf *.txt *.md *.docx);;All files (*)")
        if path:
            self.archive.setText(path)

    def _show_file(self) -> None:
        path = Path(self.file.text().strip())
        data = None
        try:
            if path.is_file():
                size = path.stat().st_size
                self.file_info.setText(f"{path.name} · {_size(size)}")
                if size <= PREVIEW_LIMIT:
                    data = path.read_bytes()
            else:
                self.file_info.setText("")
        except OSError as exc:
            self.file_info.setText(f"{path.name} cannot be read ({exc.strerror or exc})")
        self._set_preview(data)

    def _set_preview(self, data: bytes | None) -> None:
        pixmap = thumbnail(data, THUMBNAIL) if data else None
        if pixmap is None:
            self.preview.clear()
            self.preview.hide()
        else:
            self.preview.setPixmap(pixmap)
            self.preview.setFixedSize(pixmap.size())
            self.preview.show()

    # ----- accepting ---------------------------------------------------------------------------
    def stance(self) -> Stance:
        return next(s for s, b in self.stance_buttons.items() if b.isChecked())

    def _show_error(self, message: str) -> None:
        self._error = message
        self.message.setText(message)
        self.message.show()

    def _missing(self) -> tuple[str, QWidget] | None:
        """The first obviously missing field, with a message, before anything is saved."""
        if self.kind is EvidenceKind.URL and not self.url.text().strip():
            return "Enter the web address (https://…) of the page.", self.url
        if self.kind is EvidenceKind.FILE and self.view is None and not self.file.text().strip():
            return "Choose the file to store as evidence (Browse…).", self.browse_button
        if self.kind is EvidenceKind.NOTE and not self.note.toPlainText().strip():
            return "Write the note: what you found out, and how.", self.note
        return None

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
        common: dict[str, Any] = {"credibility": self.credibility.currentData(), "title": self.title.text()}
        if self.view is not None:
            extra = {"url": self.url.text(), "accessed": self.accessed.text()} if self.kind is EvidenceKind.URL else {}
            self.session.apply(evidence_ops.update_evidence, self.evidence_id, stance=self.stance(),
                               source=self.source.text(), note=self.note.toPlainText(), undo="Edit evidence",
                               **common, **extra)
        else:
            common["source"] = self.source.text().strip() or None
            if self.kind is EvidenceKind.URL:
                archive = Path(self.archive.text().strip()) if self.archive.text().strip() else None
                result = self.session.apply(
                    evidence_ops.add_url_evidence, self.claim_id, self.url.text(), self.stance(),
                    accessed=self.accessed.text(), note=self.note.toPlainText(), archive=archive,
                    undo="Add evidence", **common)
            elif self.kind is EvidenceKind.FILE:
                result = self.session.apply(
                    evidence_ops.add_file_evidence, self.claim_id, Path(self.file.text().strip()), self.stance(),
                    note=self.note.toPlainText(), undo="Add evidence", **common)
            else:
                result = self.session.apply(evidence_ops.add_note_evidence, self.claim_id, self.note.toPlainText(),
                                            self.stance(), undo="Add evidence", **common)
            if result and not self._error:
                self.evidence_id = str(result)
        if self._error or not self.evidence_id:
            if not self._error:
                self._show_error("The evidence could not be saved.")
            return
        super().accept()
