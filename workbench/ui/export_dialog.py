"""File ▸ Export…: write the current claim, the claims shown in the claim list or the whole project in any
registered format, with the project's report settings and a live preview for HTML and Markdown.

The export runs on the worker thread (``tasks.TaskRunner``) and writes atomically (a temporary file in the
target's folder, then renamed), so a failure never leaves a 0-byte or half-written file. A format that is a
folder (the static site) is saved to a folder chosen with a folder chooser, and previewed by its index page. The
preview never loads a resource or follows a link (``SafePreview``).

Signals of ``ExportDialog``:
    exported(str path, list warnings): a file was written.
    failed(str message): an export failed (the message is also shown in the dialog).
    preview_ready(): the preview of the current format and scope is shown (it is made on the worker thread).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workbench import exporters, render_pdf
from workbench.errors import KnownError
from workbench.exporters.html import render_html
from workbench.exporters.markdown import render_markdown_report
from workbench.ops import claims as claim_ops
from workbench.ops import reports
from workbench.ops import settings as settings_ops
from workbench.ops.project import Project
from workbench.tasks import Task, TaskRunner
from workbench.ui.session import Session
from workbench.ui.verdict_view import SafePreview

# claims in the preview: Qt parses and lays out its HTML on the GUI thread, ~3 ms a claim (10 claims: 25-36 ms)
PREVIEW_LIMIT = 3  # Qt parses and lays out the preview on the GUI thread: ~16 ms for 3 claims, ~30 ms for 5
ChoosePath = Callable[[str, str], str | None]
ChooseFolder = Callable[[str], str | None]


@dataclass(frozen=True)
class Preview:
    """A format's preview, made off the GUI thread: ``kind`` "html", "md" or "text"."""

    kind: str
    text: str
    shown: int = 0
    total: int = 0


def preview_text(project: Project, fmt: str, ids: list[str] | None, include_drafts: bool) -> Preview | None:
    """The preview of ``fmt`` for the first ``PREVIEW_LIMIT`` claims (runs on the worker thread; no Qt)."""
    exporter = exporters.get(fmt)
    all_ids = ids if ids is not None else [r.claim.id for r in claim_ops.list_claims(project)]
    shown = all_ids[:PREVIEW_LIMIT]
    report = reports.build_report(project, shown, include_drafts=include_drafts)
    if not report.claims:  # what Export would refuse
        return Preview("text", " ".join(reports.readiness(report, fmt)))
    if exporter.directory:  # a folder of pages: preview its index page
        page = io.BytesIO()
        exporter.write(report, page)
        return Preview("html", page.getvalue().decode("utf-8"), len(shown), len(all_ids))
    if exporter.text_preview == "html":
        return Preview("html", render_html(report, paged=True), len(shown), len(all_ids))
    return Preview("md", render_markdown_report(report), len(shown), len(all_ids))


def visible_claims(proxy: QSortFilterProxyModel) -> list[str]:
    """The ids of the claims a claim list shows (after its filters), top to bottom. The claim list's rows are
    read straight from its model (asking each row's data through Qt cost ~10 ms for 500 claims)."""
    rows = getattr(proxy.sourceModel(), "rows", None)
    if rows is None:
        return [str(proxy.index(r, 0).data(Qt.ItemDataRole.UserRole)) for r in range(proxy.rowCount())]
    return [rows[proxy.mapToSource(proxy.index(r, 0)).row()].claim.id for r in range(proxy.rowCount())]


class ExportDialog(QDialog):
    exported = Signal(str, list)
    failed = Signal(str)
    preview_ready = Signal()

    def __init__(self, session: Session, current_claim: str, selected_claims: list[str],
                 parent: QWidget | None = None, *, runner: TaskRunner | None = None,
                 choose_path: ChoosePath | None = None, choose_folder: ChooseFolder | None = None) -> None:
        super().__init__(parent)
        render_pdf.register()
        self.setWindowTitle("Export")
        self.setObjectName("exportDialog")
        self.resize(980, 680)
        self.session = session
        self.current_claim = current_claim
        self.selected_claims = list(selected_claims)
        self.runner = runner or TaskRunner(self)
        self.choose_path: ChoosePath = choose_path or self._choose_path
        self.choose_folder: ChooseFolder = choose_folder or self._choose_folder
        self.task: Task | None = None
        self.last_path = ""
        self._preview_request = 0

        self.scope_current = QRadioButton("The current claim")
        self.scope_selected = QRadioButton(f"The claims shown in the claim list ({len(self.selected_claims)})")
        self.scope_project = QRadioButton("The whole project")
        self.scope = QButtonGroup(self)
        for i, b in enumerate((self.scope_current, self.scope_selected, self.scope_project)):
            self.scope.addButton(b, i)
        self.scope_current.setEnabled(bool(current_claim))
        self.scope_selected.setEnabled(bool(self.selected_claims))
        (self.scope_current if current_claim else self.scope_project).setChecked(True)
        self.include_drafts = QCheckBox("Include claims without a final verdict (every page marked DRAFT)")
        self.include_drafts.setObjectName("includeDrafts")
        self.include_drafts.setToolTip("Only final verdicts are published. Tick this to export drafts and claims "
                                       "in review too, for a colleague to read: the output says DRAFT, not for "
                                       "publication. (The project bundle always holds everything.)")

        self.formats = QListWidget()
        self.formats.setObjectName("exportFormats")
        for exp in exporters.available():
            item = QListWidgetItem(f"{exp.title}  ({exp.suffix or 'a folder'})")
            item.setData(Qt.ItemDataRole.UserRole, exp.name)
            item.setToolTip(exp.description)
            self.formats.addItem(item)
        self.formats.setCurrentRow(0)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName("formatDescription")

        current = session.query(settings_ops.get_settings, default=settings_ops.ReportSettings())
        self.author = QLineEdit(current.author)
        self.author.setPlaceholderText("Your newsroom or your name (printed on the report)")
        self.base_url = QLineEdit(current.base_url)
        self.base_url.setPlaceholderText("https://example.org/fact-checks/this-report (for ClaimReview URLs)")
        self.report_title = QLineEdit(current.title)
        self.report_title.setPlaceholderText(reports.DEFAULT_TITLE)
        self.template = QComboBox()
        self.template.addItems(settings_ops.template_names())
        self.template.setCurrentText(current.template)
        for edit in (self.author, self.base_url, self.report_title):
            edit.editingFinished.connect(self.save_settings)
        self.template.activated.connect(lambda _i: self.save_settings())

        self.preview = SafePreview()
        self.preview.setObjectName("exportPreview")
        self.path = QLineEdit()
        self.path.setObjectName("exportPath")
        self.path.setPlaceholderText("Choose where to save…")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("exportStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # room for three lines, kept: a message must not resize the preview (its relayout froze the window)
        self.status.setMinimumHeight(3 * self.status.fontMetrics().lineSpacing())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        self._layout(browse)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(250)
        self._preview_timer.timeout.connect(self.update_preview)
        self.scope.idToggled.connect(lambda _i, on: on and self._preview_timer.start())
        self.include_drafts.toggled.connect(lambda _on: self._preview_timer.start())
        self.formats.currentRowChanged.connect(self._format_changed)
        self._format_changed()

    def _layout(self, browse: QPushButton) -> None:
        scope_box = QGroupBox("Export")
        sl = QVBoxLayout(scope_box)
        for b in (self.scope_current, self.scope_selected, self.scope_project):
            sl.addWidget(b)
        sl.addWidget(self.include_drafts)
        settings_box = QGroupBox("Report settings (saved in the project)")
        form = QFormLayout(settings_box)
        form.addRow("Author", self.author)
        form.addRow("Base URL", self.base_url)
        form.addRow("Report title", self.report_title)
        form.addRow("Template", self.template)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(scope_box)
        ll.addWidget(QLabel("Format"))
        ll.addWidget(self.formats, 1)
        ll.addWidget(self.description)
        ll.addWidget(settings_box)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(QLabel("Preview"))
        rl.addWidget(self.preview, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([380, 600])
        row = QHBoxLayout()
        row.addWidget(QLabel("Save as"))
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    # ----- state -----------------------------------------------------------------------------------
    @property
    def format(self) -> str:
        item = self.formats.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else "html"

    def set_format(self, name: str) -> None:
        for row in range(self.formats.count()):
            item = self.formats.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == name:
                self.formats.setCurrentRow(row)
                return
        raise KeyError(name)

    def set_scope(self, scope: str) -> None:
        """"current", "selected" or "project"."""
        {"current": self.scope_current, "selected": self.scope_selected,
         "project": self.scope_project}[scope].setChecked(True)

    def claim_ids(self) -> list[str] | None:
        """The claims to export (None: the whole project)."""
        if self.scope_current.isChecked():
            return [self.current_claim]
        if self.scope_selected.isChecked():
            return list(self.selected_claims)
        return None

    def _format_changed(self) -> None:
        exporter = exporters.get(self.format)
        self.description.setText(exporter.description)
        text = self.path.text().strip()
        if text:
            self.path.setText(str(Path(text).with_suffix(exporter.suffix)))
        self.update_preview()

    # ----- settings and preview ------------------------------------------------------------------
    def save_settings(self) -> bool:
        """Save the report settings into the project (on the workspace's worker thread: the GUI thread runs no
        SQL); a bad value is shown in the dialog."""
        workspace = self.session.workspace
        if workspace is None:
            return False
        try:  # set_settings writes only what changed (nothing: a read-only project exports as it is)
            changes = workspace.run(settings_ops.set_settings, workspace.project, author=self.author.text(),
                                    base_url=self.base_url.text(), title=self.report_title.text(),
                                    template=self.template.currentText())
        except KnownError as exc:
            self.show_status(str(exc), error=True)
            return False
        if changes:
            self.session.emit_changes(changes)
            self.show_status("")
            self._preview_timer.start()
        return True

    def update_preview(self) -> None:
        """Show the current format's preview: the report is read and rendered on the worker thread (issue 15:
        on the GUI thread it froze the window ~100-170 ms); ``preview_ready`` is emitted once it is shown."""
        self._preview_request += 1
        exporter = exporters.get(self.format)
        if not exporter.text_preview or self.session.project is None:
            self.preview.setPlainText(f"No preview for {exporter.title}: {exporter.description}")
            self.preview_ready.emit()
            return
        request = self._preview_request
        self.session.query_later(preview_text, self.format, self.claim_ids(), self.include_drafts.isChecked(),
                                 default=None, on_result=lambda result: self._show_preview(result, request))

    def _show_preview(self, result: Preview | None, request: int) -> None:
        if request != self._preview_request or not shiboken6.isValid(self.preview):
            return  # a newer preview is on its way, or the dialog is gone
        if result is None:
            self.preview.setPlainText("")
        elif result.kind == "html":
            self.preview.setHtml(result.text)
        elif result.kind == "md":
            self.preview.document().setMarkdown(
                result.text, QTextDocument.MarkdownFeature.MarkdownDialectGitHub
                | QTextDocument.MarkdownFeature.MarkdownNoHTML)
        else:
            self.preview.setPlainText(result.text)
        if result is not None and result.total > result.shown:
            self.show_status(f"The preview shows the first {result.shown} of {result.total} claims; the export "
                             "has them all.")
        self.preview_ready.emit()

    # ----- export ------------------------------------------------------------------------------------
    def _choose_path(self, suggested: str, file_filter: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, "Export to", suggested, file_filter)
        return path or None

    def _choose_folder(self, suggested: str) -> str | None:
        path = QFileDialog.getExistingDirectory(self, "Export the site into (a new or empty folder)", suggested)
        return path or None

    def _suggested(self) -> str:
        exporter = exporters.get(self.format)
        project = self.session.project
        folder = project.path.parent if project is not None else Path.home()
        return str(folder / f"{project.name if project else 'report'}-{exporter.name}{exporter.suffix}")

    def _browse(self) -> None:
        exporter = exporters.get(self.format)
        if exporter.directory:
            path = self.choose_folder(self.path.text() or self._suggested())
        else:
            path = self.choose_path(self.path.text() or self._suggested(),
                                    f"{exporter.title} (*{exporter.suffix});;All files (*)")
        if path:
            self.path.setText(path)

    def show_status(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if error else "")

    def start_export(self) -> Task | None:
        """Export on the worker thread; returns the task (None if nothing was started)."""
        project = self.session.project
        if project is None:
            self.show_status("Open a project first.", error=True)
            return None
        if not self.save_settings():
            return None
        if not self.path.text().strip():
            self._browse()
        target = self.path.text().strip()
        if not target:
            return None
        path = Path(target)
        if not path.suffix:
            path = path.with_suffix(exporters.get(self.format).suffix)
            self.path.setText(str(path))
        fmt, ids, drafts = self.format, self.claim_ids(), self.include_drafts.isChecked()
        self.export_button.setEnabled(False)
        self.show_status(f"Exporting to {path.name}…")

        def work(_progress: Callable[[int, int, str], None], _cancel: object) -> list[str]:
            return reports.export(project, fmt, ids, path, include_drafts=drafts)

        task = self.runner.submit(work, "export")
        task.finished.connect(lambda warnings: self._done(str(path), warnings))
        task.failed.connect(self._failed)
        self.task = task
        return task

    def _done(self, path: str, warnings: list[str]) -> None:
        self.export_button.setEnabled(True)
        self.last_path = path
        self.show_status(" ".join([f"Exported to {path}.", *warnings]))
        self.exported.emit(path, list(warnings))

    def _failed(self, exc: object) -> None:
        self.export_button.setEnabled(True)
        if isinstance(exc, KnownError):
            message = str(exc)
        elif isinstance(exc, OSError):
            message = f"The file could not be written: {exc.strerror or exc}."
        else:
            message = f"The export failed: {type(exc).__name__}: {exc}"
        self.show_status(message, error=True)
        self.failed.emit(message)
