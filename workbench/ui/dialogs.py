"""Small dialogs: document metadata, import report."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.model import DocumentMetadata

DIRECTIONS = (
    ("", "Automatic (each paragraph by its own letters)"),
    ("ltr", "Left to right"),
    ("rtl", "Right to left"),
)
_NOTE_STYLE = "color: palette(mid); font-style: italic;"
_WARNING_STYLE = "QLabel { background: #fff4ce; color: #5c4400; padding: 4px 8px; border-radius: 3px; }"


def derived_note(field: str, value: str, filename: str = "") -> str:
    """Why a derived field's value is only a suggestion, for the note under it."""
    if field == "title":
        if filename and value == Path(filename).stem:
            return "Taken from the file name (the text has no headline) — edit to confirm."
        return "Derived from the first sentence (the text has no headline) — edit to confirm."
    return "Derived by the importer, not read from the document — edit to confirm."


class MetadataDialog(QDialog):
    """Edit a document's title, publisher, author, URL, publication date, language and direction.

    Fields the importer derived rather than read (``derived``, e.g. a title made from the first sentence)
    carry a note saying so; editing such a field confirms it (ops.documents.update_metadata then stops
    listing it as derived). A text extracted by a fallback (``extraction``) is noted at the top.
    """

    FIELDS = (
        ("title", "Title"),
        ("publisher", "Publisher"),
        ("author", "Author"),
        ("url", "URL"),
        ("published", "Published (YYYY-MM-DD)"),
        ("language", "Language (e.g. en, ar, fr)"),
    )

    def __init__(self, meta: DocumentMetadata, info: str = "", parent: QWidget | None = None, *,
                 derived: tuple[str, ...] = (), extraction: str = "", filename: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Document metadata")
        self.setMinimumWidth(560)
        self._original = meta
        self.edits: dict[str, QLineEdit] = {}
        self.notes: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        if extraction:
            warning = QLabel(f"Text extracted by {extraction}. Check it against the original before quoting.")
            warning.setObjectName("meta_extraction")
            warning.setWordWrap(True)
            warning.setStyleSheet(_WARNING_STYLE)
            layout.addWidget(warning)
        form = QFormLayout()
        for key, label in self.FIELDS:
            value = getattr(meta, key)
            edit = QLineEdit(value)
            edit.setObjectName(f"meta_{key}")
            self.edits[key] = edit
            form.addRow(label, edit)
            if key in derived:
                note = QLabel(derived_note(key, value, filename))
                note.setObjectName(f"meta_{key}_derived")
                note.setWordWrap(True)
                note.setStyleSheet(_NOTE_STYLE)
                self.notes[key] = note
                form.addRow("", note)
                edit.textEdited.connect(note.hide)
        self.edits["language"].setPlaceholderText("unknown")
        self.direction = QComboBox()
        self.direction.setObjectName("meta_direction")
        for value, text in DIRECTIONS:
            self.direction.addItem(text, value)
        self.direction.setCurrentIndex(max(0, self.direction.findData(meta.direction or "")))
        self.direction.setToolTip("The main writing direction of the text. Automatic lets each paragraph "
                                  "follow its own first strong letter.")
        form.addRow("Direction", self.direction)
        layout.addLayout(form)
        if info:
            note = QLabel(info)
            note.setWordWrap(True)
            note.setEnabled(False)
            layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def metadata(self) -> DocumentMetadata:
        """The edited metadata (fields the dialog does not show are kept as they were)."""
        values = {f.name: getattr(self._original, f.name) for f in fields(DocumentMetadata)}
        values.update({k: e.text().strip() for k, e in self.edits.items()})
        values["language"] = values["language"].lower()
        values["direction"] = str(self.direction.currentData() or "")
        return DocumentMetadata(**values)


def import_summary(imported: int, duplicates: int, rejected: int, *, total: int, cancelled: bool) -> str:
    """The one-line summary of an import: "3 imported, 1 rejected." — counts of zero are left out (except
    "imported"), and "cancelled" only when Cancel stopped the batch before its last file."""
    parts = [f"{imported} imported"]
    if duplicates:
        parts.append(f"{duplicates} already in the project")
    if rejected:
        parts.append(f"{rejected} rejected")
    text = ", ".join(parts)
    if cancelled:
        done = imported + duplicates + rejected
        return f"Import cancelled after {done} of {total} file(s): {text}."
    return f"{text}."


class ImportReportDialog(QDialog):
    """Lists the files that were rejected or were duplicates, with reasons."""

    def __init__(self, summary: str, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import report")
        self.resize(640, 320)
        layout = QVBoxLayout(self)
        label = QLabel(summary)
        label.setWordWrap(True)
        layout.addWidget(label)
        text = QPlainTextEdit("\n".join(lines))
        text.setReadOnly(True)
        text.setObjectName("importReport")
        layout.addWidget(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
