"""File ▸ Export… (Ctrl+E) through the real widgets: scope, formats, settings, preview, export on the worker
thread, errors shown in the dialog."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import html5lib
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workbench.ops import claims as claim_ops
from workbench.ops import reports
from workbench.ops import settings as settings_ops
from workbench.ops.project import build_demo
from workbench.ui.export_dialog import ExportDialog
from workbench.ui.main_window import MainWindow

NS = {"h": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def demo_window(make_window: Callable[[], MainWindow], tmp_path: Path) -> MainWindow:
    build_demo(tmp_path / "demo.fcw").close()
    window = make_window()
    assert window.open_project_path(tmp_path / "demo.fcw")
    return window


def open_dialog(qtbot: QtBot, window: MainWindow, claim_index: int = 0) -> ExportDialog:
    claim_id = window.claims.model.rows[claim_index].claim.id
    window.claims.select_claim(claim_id)
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.export_window
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.preview.toPlainText() != "", timeout=20000)  # made on the worker thread
    return dialog


def set_format(qtbot: QtBot, dialog: ExportDialog, name: str) -> None:
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        if dialog.format == name:
            dialog.update_preview()
        else:
            dialog.set_format(name)


def test_ctrl_e_opens_the_dialog_with_every_format_and_the_scopes(qtbot: QtBot, demo_window: MainWindow) -> None:
    dialog = open_dialog(qtbot, demo_window, 1)
    project = demo_window.project
    assert project is not None
    rows = claim_ops.list_claims(project)
    assert dialog.scope_current.isChecked()
    assert dialog.claim_ids() == [rows[1].claim.id]
    dialog.set_scope("selected")
    assert dialog.claim_ids() == [r.claim.id for r in rows]  # no filter: every claim is shown
    assert f"({len(rows)})" in dialog.scope_selected.text()
    dialog.set_scope("project")
    assert dialog.claim_ids() is None
    names = [dialog.formats.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.formats.count())]
    assert set(names) == {"html", "site", "pdf", "md", "csv", "claimreview", "annotations", "hypothesis", "bundle"}
    dialog.set_format("claimreview")
    assert "ClaimReview" in dialog.description.text()
    dialog.close()


def test_filtered_claim_list_is_the_selected_scope(qtbot: QtBot, demo_window: MainWindow) -> None:
    project = demo_window.project
    assert project is not None
    first = claim_ops.list_claims(project)[0].claim
    demo_window.claims.filter.setText(first.text[:30])
    dialog = open_dialog(qtbot, demo_window, 0)
    dialog.set_scope("selected")
    assert dialog.claim_ids() == [first.id]
    dialog.close()


def test_preview_shows_the_claim_for_html_and_markdown(qtbot: QtBot, demo_window: MainWindow) -> None:
    dialog = open_dialog(qtbot, demo_window, 0)
    project = demo_window.project
    assert project is not None
    claim = claim_ops.list_claims(project)[0].claim
    set_format(qtbot, dialog, "html")
    text = dialog.preview.toPlainText()
    assert claim.text in text and "How we rate claims" in text and "False" in text
    set_format(qtbot, dialog, "md")
    assert claim.text in dialog.preview.toPlainText()
    set_format(qtbot, dialog, "csv")
    assert "No preview" in dialog.preview.toPlainText()
    assert dialog.preview.resource_requests == []
    dialog.close()


def test_settings_are_saved_in_the_project_and_checked(qtbot: QtBot, demo_window: MainWindow) -> None:
    dialog = open_dialog(qtbot, demo_window)
    project = demo_window.project
    assert project is not None
    dialog.author.setText("Euphrates Check Desk")
    dialog.base_url.setText("https://check.example.org/tal-sarmin")
    dialog.report_title.setText("Tal Sarmin, checked")
    assert dialog.save_settings()
    assert settings_ops.get_settings(project) == settings_ops.ReportSettings(
        "Euphrates Check Desk", "https://check.example.org/tal-sarmin", "Tal Sarmin, checked", "default")
    dialog.base_url.setText("javascript:alert(1)")
    assert not dialog.save_settings()
    assert "not a base URL" in dialog.status.text()
    assert settings_ops.get_settings(project).base_url == "https://check.example.org/tal-sarmin"
    dialog.close()


def test_export_runs_on_the_worker_thread_and_writes_the_file(qtbot: QtBot, demo_window: MainWindow,
                                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    real_export = reports.export

    def spy(*args: object, **kwargs: object) -> list[str]:
        threads.append(threading.current_thread())
        return real_export(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "export", spy)
    chosen: list[tuple[str, str]] = []
    target = tmp_path / "out" / "report"
    target.parent.mkdir()

    def choose(suggested: str, file_filter: str) -> str:
        chosen.append((suggested, file_filter))
        return str(target)

    dialog = open_dialog(qtbot, demo_window)
    dialog.choose_path = choose
    dialog.set_scope("project")
    dialog.set_format("html")
    dialog.include_drafts.setChecked(True)  # the demo's verdicts are not all final
    with qtbot.waitSignal(dialog.exported, timeout=20000) as blocker:
        dialog.export_button.click()
    path = Path(blocker.args[0])
    assert path == target.with_suffix(".html") and path.is_file()
    assert chosen and chosen[0][0].endswith("demo-html.html") and "*.html" in chosen[0][1]
    assert threads and threads[0] is not threading.main_thread()
    doc = html5lib.parse(path.read_bytes(), namespaceHTMLElements=True)
    assert len(doc.findall(".//h:article", NS)) == 5
    assert "Exported to" in dialog.status.text()
    assert [p.name for p in path.parent.iterdir()] == ["report.html"]  # no temporary file left

    dialog.set_format("pdf")
    assert dialog.path.text().endswith(".pdf")
    with qtbot.waitSignal(dialog.exported, timeout=30000):
        dialog.export_button.click()
    pdf = PdfReader(str(target.with_suffix(".pdf")))
    assert len(pdf.pages) > 5 and "Page 1 of" in " ".join(pdf.pages[0].extract_text().split())
    dialog.close()


def test_a_failed_export_is_shown_and_leaves_no_file(qtbot: QtBot, demo_window: MainWindow, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, demo_window)
    dialog.path.setText(str(tmp_path / "missing-folder" / "report.html"))
    with qtbot.waitSignal(dialog.failed, timeout=20000) as blocker:
        dialog.export_button.click()
    assert "could not be written" in blocker.args[0]
    assert dialog.status.text() == blocker.args[0]
    assert dialog.export_button.isEnabled()
    assert not (tmp_path / "missing-folder").exists()
    dialog.close()


def test_cancelled_path_choice_exports_nothing(qtbot: QtBot, demo_window: MainWindow) -> None:
    dialog = open_dialog(qtbot, demo_window)
    dialog.choose_path = lambda _s, _f: None
    assert dialog.start_export() is None
    assert dialog.task is None
    dialog.close()


def test_only_final_verdicts_unless_drafts_are_included_and_then_marked(qtbot: QtBot, demo_window: MainWindow,
                                                                        tmp_path: Path) -> None:
    rows = demo_window.claims.model.rows
    index = next(i for i, r in enumerate(rows) if r.claim.status.value != "final")
    dialog = open_dialog(qtbot, demo_window, index)
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        dialog.set_scope("current")
        dialog.update_preview()
    assert "has a final verdict" in dialog.preview.toPlainText()  # what Export would refuse, said up front
    target = tmp_path / "draft.html"
    dialog.path.setText(str(target))
    with qtbot.waitSignal(dialog.failed, timeout=20000) as blocker:
        dialog.export_button.click()
    assert "none of the 1 chosen claim(s) has a final verdict" in blocker.args[0] and not target.exists()
    dialog.include_drafts.setChecked(True)
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        dialog.update_preview()
    assert "DRAFT — not for publication" in dialog.preview.toPlainText()
    with qtbot.waitSignal(dialog.exported, timeout=20000) as done:
        dialog.export_button.click()
    assert "marked DRAFT" in " ".join(done.args[1]) and "DRAFT — not for publication" in target.read_text("utf-8")
    dialog.close()
