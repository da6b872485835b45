"""The claim editor is made after the window's first paint (issue 15), and whatever needs it earlier makes it then.

Until it exists a label says what the empty editor says; once made it takes the label's place in the claim
panel's splitter, with every connection the window and the current-claim bar make to it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from workbench.ui.claim_panel import NO_CLAIM
from workbench.ui.main_window import MainWindow

from .test_claim_editor import _claim


def _unshown_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window.ask = lambda _t, _q: True  # type: ignore[method-assign]
    qtbot.addWidget(window)
    window.resize(1400, 860)
    return window


def test_the_editor_is_made_on_the_turns_after_the_first_paint(qtbot: QtBot, tmp_path: Path) -> None:
    window = _unshown_window(qtbot, tmp_path)
    assert window.new_project_path(tmp_path / "case.fcw")  # opening a project does not need the editor
    panel = window.claims
    assert not panel.editor_made and panel.current_claim == "" and panel.current_claim_object is None
    placeholder = panel.editor_placeholder
    assert panel.splitter.indexOf(placeholder) == 1 and placeholder.text() == NO_CLAIM
    window.layout().activate()
    window.show()
    qtbot.waitUntil(lambda: panel.editor_made, timeout=5000)
    editor = panel.editor
    assert panel.splitter.indexOf(editor) == 1 and panel.splitter.count() == 2  # in the label's place
    assert editor.isVisible() and editor.title.text() == NO_CLAIM
    assert placeholder not in panel.splitter.children()  # the label is out (and deleted later)


def test_what_needs_the_editor_first_makes_it_with_every_connection(qtbot: QtBot, tmp_path: Path) -> None:
    window = _unshown_window(qtbot, tmp_path)
    assert window.new_project_path(tmp_path / "case.fcw")
    window.show()  # no event processed yet: the editor is not made
    assert not window.claims.editor_made
    claim_id = _claim(qtbot, window)  # a new claim is loaded into the editor: made now
    editor = window.claims.editor
    assert window.claims.current_claim == claim_id and editor.claim is not None
    # the current-claim bar follows the editor (connected when it was made)
    assert window.current_claim_ui.claim_id == claim_id
    # the window's connections: Delete claim asks, then deletes (window.ask answers yes in these tests)
    editor.delete_button.click()
    qtbot.waitUntil(lambda: window.claims.model.rowCount() == 0, timeout=5000)
    assert window.claims.current_claim == ""
    assert window.current_claim_ui.claim_id == ""


def test_closing_before_the_editor_is_made_saves_and_closes(qtbot: QtBot, tmp_path: Path) -> None:
    window = _unshown_window(qtbot, tmp_path)
    assert window.new_project_path(tmp_path / "case.fcw")
    window.close()  # nothing to flush in an editor that does not exist
    assert not window.claims.editor_made
    assert window.session.workspace is not None and window.session.workspace.closed
