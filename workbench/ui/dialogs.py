"""Small dialogs: document metadata, import report."""

from __future__ import annotations

from PySide6.QtWidgets import (
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


class MetadataDialog(QDialog):
    """Edit a document's title, publisher, author, URL, publication date and language."""

    FIELDS = (
        ("title", "Title"),
        ("publisher", "Publisher"),
        ("author", "Author"),
        ("url", "URL"),
        ("published", "Published (YYYY-MM-DD)"),
        ("language", "Language (e.g. en, ar)"),
    )

    def __init__(self, meta: DocumentMetadata, info: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Document metadata")
        self.setMinimumWidth(520)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label in self.FIELDS:
            edit = QLineEdit(getattr(meta, key))
            edit.setObjectName(f"meta_{key}")
            self.edits[key] = edit
            form.addRow(label, edit)
        layout = QVBoxLayout(self)
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
        return DocumentMetadata(**{k: e.text().strip() for k, e in self.edits.items()})


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
