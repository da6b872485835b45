"""The evidence dialog's kind-specific rows: one small page class per editor key (``KindSpec.editor``).

A page adds its rows to the dialog's form and reads them back: the kind's fields (``KindSpec.fields``, one line
edit each, with the label, placeholder, default and width the registry declares), plus whatever its editor adds
(a file chooser with a thumbnail, an archived copy, the quoted passage). A new evidence kind that reuses an
editor ("url", "file", "fields"…) needs no change here; a kind with a new kind of widget adds one class to
``EDITORS``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from workbench.domain.evidence_kinds import KindSpec
from workbench.domain.model import EvidenceView
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as evidence_ops
from workbench.ui.thumbnails import thumbnail

if TYPE_CHECKING:
    from workbench.ui.evidence_dialog import EvidenceDialog

THUMBNAIL = 160
PREVIEW_LIMIT = 20 * 1024 * 1024  # bytes read for a thumbnail of a file not yet added


def size_text(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1048576:.1f} MB"


def buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def with_button(edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    button.setAutoDefault(False)
    return row


class EditorPage:
    """The rows of one kind in the evidence dialog, for new evidence (``view`` None) or a piece to edit.

    ``WIDGETS`` names the widgets the page keeps as attributes (the dialog answers ``dialog.<name>`` with them);
    the kind's fields are named after the ``Evidence`` attribute they fill (``dialog.url``).
    """

    WIDGETS: ClassVar[dict[str, type[QWidget]]] = {}

    def __init__(self, dialog: EvidenceDialog, spec: KindSpec, view: EvidenceView | None) -> None:
        self.dialog = dialog
        self.spec = spec
        self.view = view
        ev = view.evidence if view is not None else None
        self.inputs: dict[str, QLineEdit] = {}
        for f in spec.fields:
            edit = QLineEdit(str(getattr(ev, f.name, "")) if ev is not None else f.initial())
            edit.setPlaceholderText(f.placeholder)
            if f.width:
                edit.setMaximumWidth(f.width)
            self.inputs[f.name] = edit

    def build(self, form: QFormLayout) -> None:
        """Add the page's rows to the dialog's form (after the claim, before the title)."""
        for f in self.spec.fields:
            form.addRow(f.label, self.inputs[f.name])

    def widget(self, name: str) -> QWidget | None:
        """A widget of the page by name (a field's, or one in ``WIDGETS``)."""
        found = self.inputs.get(name)
        if found is not None:
            return found
        value = self.__dict__.get(name)
        return value if isinstance(value, QWidget) else None

    def first(self) -> QWidget | None:
        """What has the focus in a new piece of evidence (None: the title)."""
        if self.spec.fields:
            return self.inputs[self.spec.fields[0].name]
        return self.dialog.note if self.spec.note.required else None

    def fields(self) -> dict[str, str]:
        """The kind's fields as entered (the ops layer checks them)."""
        return {name: edit.text() for name, edit in self.inputs.items()}

    def attachments(self) -> dict[str, Path]:
        """What the add op takes besides the fields: ``file`` and ``archive`` paths."""
        return {}

    def state(self) -> tuple[object, ...]:
        """Everything the user can enter on the page (to tell an untouched dialog from a filled one)."""
        return tuple(self.fields().values())

    def missing(self) -> tuple[str, QWidget] | None:
        """The first obviously missing value, with what to say, before anything is saved."""
        for f in self.spec.fields:
            if f.required and not self.inputs[f.name].text().strip():
                return f.missing or f.refusal or f"Enter the {f.what or f.name}.", self.inputs[f.name]
        return None


class PassagePage(EditorPage):
    """A passage (only edited here: it is made from a selection): the quote and its document, read-only."""

    def build(self, form: QFormLayout) -> None:
        if self.view is not None and self.view.passage is not None:
            quote = QLabel(f"“{self.view.passage.quote.exact}”\n— {self.view.document_title}")
            quote.setWordWrap(True)
            quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow("Passage", quote)
        super().build(form)


class UrlPage(EditorPage):
    """A web address and its fields, and for new evidence an archived copy (a saved page, imported)."""

    WIDGETS: ClassVar[dict[str, type[QWidget]]] = {"archive": QLineEdit, "archive_button": QPushButton}

    def __init__(self, dialog: EvidenceDialog, spec: KindSpec, view: EvidenceView | None) -> None:
        super().__init__(dialog, spec, view)
        self.archive = QLineEdit()
        self.archive.setPlaceholderText("Optional: a copy you saved (HTML, PDF, text)")
        self.archive.setToolTip("A page or PDF you saved yourself; it is imported as a document. "
                                "Nothing is downloaded.")
        self.archive_button = QPushButton("Browse…")
        self.archive_button.clicked.connect(self.browse_archive)

    def build(self, form: QFormLayout) -> None:
        super().build(form)
        if not self.spec.archive:
            return
        if self.view is None:
            form.addRow(buddy("Archived &copy", self.archive), with_button(self.archive, self.archive_button))
        else:
            form.addRow("Archived copy", QLabel(self._archive_title(self.view.evidence.archived_document_id)))

    def _archive_title(self, doc_id: str | None) -> str:
        if not doc_id:
            return "none"
        doc = self.dialog.session.query(doc_ops.get_document, doc_id, default=None)
        return f"imported as “{doc.metadata.title or doc.filename}”" if doc else "imported (document removed)"

    def browse_archive(self) -> None:
        path = self.dialog.choose_file("Choose the saved copy of the page",
                                       "Saved pages (*.html *.htm *.pdf *.txt *.md *.docx);;All files (*)")
        if path:
            self.archive.setText(path)

    def attachments(self) -> dict[str, Path]:
        text = self.archive.text().strip()
        return {"archive": Path(text)} if text and self.spec.archive else {}

    def state(self) -> tuple[object, ...]:
        return (*super().state(), self.archive.text())


class FilePage(EditorPage):
    """A file to store: chosen for new evidence, with a thumbnail of images; shown (name, type, size, SHA-256
    and thumbnail) when editing."""

    WIDGETS: ClassVar[dict[str, type[QWidget]]] = {"file": QLineEdit, "browse_button": QPushButton,
                                                   "preview": QLabel, "file_info": QLabel}

    def __init__(self, dialog: EvidenceDialog, spec: KindSpec, view: EvidenceView | None) -> None:
        super().__init__(dialog, spec, view)
        self.file = QLineEdit()
        self.file.setPlaceholderText("The image, PDF or document to store in the project")
        self.preview = QLabel()
        self.preview.setObjectName("evidencePreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.preview.hide()
        self.file_info = QLabel()
        self.file_info.setWordWrap(True)
        self.browse_button = QPushButton("Browse…")
        self.browse_button.clicked.connect(self.browse_file)
        self.file.editingFinished.connect(self._show_file)

    def build(self, form: QFormLayout) -> None:
        super().build(form)
        if self.view is None:
            form.addRow(buddy("&File", self.file), with_button(self.file, self.browse_button))
        elif self.view.file is not None:
            f = self.view.file
            self.file_info.setText(f"{f.filename} · {f.media_type} · {size_text(f.size)} · SHA-256 {f.sha256[:12]}…")
        preview = QHBoxLayout()
        preview.addWidget(self.preview)
        preview.addWidget(self.file_info, 1)
        form.addRow("" if self.view is None else "File", preview)
        if self.view is not None:
            self._set_preview(self.dialog.session.query(evidence_ops.file_data, self.view.evidence.id,
                                                        default=None))

    def first(self) -> QWidget | None:
        return self.browse_button

    def browse_file(self) -> None:
        path = self.dialog.choose_file(
            "Choose a file to store as evidence",
            "Images and documents (*.png *.jpg *.jpeg *.gif *.webp *.pdf *.txt *.html *.docx);;All files (*)")
        if path:
            self.file.setText(path)
            self._show_file()

    def _show_file(self) -> None:
        path = Path(self.file.text().strip())
        data = None
        try:
            if path.is_file():
                size = path.stat().st_size
                self.file_info.setText(f"{path.name} · {size_text(size)}")
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

    def attachments(self) -> dict[str, Path]:
        return {"file": Path(self.file.text().strip())} if self.view is None else {}

    def missing(self) -> tuple[str, QWidget] | None:
        if self.view is None and not self.file.text().strip():
            return "Choose the file to store as evidence (Browse…).", self.browse_button
        return super().missing()

    def state(self) -> tuple[object, ...]:
        return (*super().state(), self.file.text())


EDITORS: dict[str, type[EditorPage]] = {
    "fields": EditorPage, "note": EditorPage, "passage": PassagePage, "url": UrlPage, "file": FilePage}
"""The evidence dialog's pages by ``KindSpec.editor`` key."""


def page_class(spec: KindSpec) -> type[EditorPage]:
    """The page of a kind (its fields only when its editor key is unknown)."""
    return EDITORS.get(spec.editor, EditorPage)
