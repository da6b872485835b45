"""File ▸ Export… ▸ Static web site: the format is a folder (chosen with a folder chooser), previewed by its index
page, exported on the worker thread; a folder that holds other files is refused with the reason."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import html5lib
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workbench.ops.project import build_demo
from workbench.ui.export_dialog import ExportDialog
from workbench.ui.main_window import MainWindow


def test_the_site_is_exported_to_a_chosen_folder(qtbot: QtBot, make_window: Callable[[], MainWindow],
                                                 tmp_path: Path) -> None:
    build_demo(tmp_path / "demo.fcw").close()
    window = make_window()
    assert window.open_project_path(tmp_path / "demo.fcw")
    window.claims.select_claim(window.claims.model.rows[0].claim.id)
    # a window's shortcuts work only in the active window: under a loaded runner the activation had once not
    # come yet when Ctrl+E was pressed, and no dialog opened
    qtbot.waitUntil(window.isActiveWindow)
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.export_window
    assert isinstance(dialog, ExportDialog)
    folders: list[str] = []
    target = tmp_path / "published"

    def choose_folder(suggested: str) -> str:
        folders.append(suggested)
        return str(target)

    def no_file(_suggested: str, _filter: str) -> str:
        raise AssertionError("a folder format must not ask for a file")

    dialog.choose_folder, dialog.choose_path = choose_folder, no_file
    dialog.set_scope("project")
    dialog.include_drafts.setChecked(True)  # the demo's verdicts are not final
    dialog.set_format("site")
    assert dialog.formats.currentItem().text() == "Static web site  (a folder)"
    assert "base URL" in dialog.description.text()
    dialog.base_url.setText("https://check.example.org/tal-sarmin")
    assert dialog.save_settings()
    with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
        dialog.update_preview()
    assert "Latest fact checks" in dialog.preview.toPlainText()  # the index page

    with qtbot.waitSignal(dialog.exported, timeout=20000) as blocker:
        dialog.export_button.click()
    assert folders and folders[0].endswith("demo-site")
    assert Path(blocker.args[0]) == target and (target / "index.html").is_file()
    index = html5lib.parse((target / "index.html").read_bytes(), namespaceHTMLElements=False)
    assert len([li for li in index.iter("li") if "card" in (li.get("class") or "")]) == 5
    assert len(list((target / "claims").iterdir())) == 5

    foreign = tmp_path / "letters"
    foreign.mkdir()
    (foreign / "letter.txt").write_text("keep")
    dialog.path.setText(str(foreign))
    with qtbot.waitSignal(dialog.failed, timeout=20000) as failed:
        dialog.export_button.click()
    assert "is not empty and is not a site this app wrote" in failed.args[0]
    assert [p.name for p in foreign.iterdir()] == ["letter.txt"]
    dialog.close()
