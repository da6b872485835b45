"""File menu behaviour: new/open/recent/close, last project reopens, layout remembered, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from workbench import app as app_module
from workbench.ui.main_window import MainWindow


def test_new_open_recent_and_close(qtbot: QtBot, make_window, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    w = make_window()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "one"), ""))
    w.act_new.trigger()
    assert w.project is not None and w.project.path.name == "one.fcw"
    assert "one" in w.windowTitle()
    w.close_project()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "one.fcw"), ""))
    w.act_open.trigger()
    assert w.project is not None
    assert w.new_project_path(tmp_path / "two.fcw")
    recent = w.recent_projects()
    assert [Path(p).name for p in recent] == ["two.fcw", "one.fcw"]
    w._fill_recent()
    entries = [a for a in w.recent_menu.actions() if "one.fcw" in a.text()]
    entries[0].trigger()
    assert w.project.path.name == "one.fcw"
    w.act_close.trigger()
    assert w.project is None
    assert "No project open" in w.status_label.text()


def test_last_project_reopens_at_start(qtbot: QtBot, settings: QSettings, tmp_path: Path) -> None:
    first = app_module.build_window(tmp_path / "case.fcw", settings)
    qtbot.addWidget(first)
    assert first.project is not None
    first.close()
    again = app_module.build_window(None, settings)
    qtbot.addWidget(again)
    assert again.project is not None and again.project.path.name == "case.fcw"
    again.close()


def test_splitter_sizes_are_remembered(qtbot: QtBot, make_window, tmp_path: Path) -> None:
    w = make_window()
    w.splitter.setSizes([200, 900, 300])
    sizes = w.splitter.sizes()
    w.close()
    again = make_window()
    assert again.splitter.sizes() == sizes


def test_opening_a_bad_file_says_why(qtbot: QtBot, make_window, tmp_path: Path) -> None:
    w = make_window()
    bad = tmp_path / "notes.fcw"
    bad.write_text("these are my notes, not a project")
    assert not w.open_project_path(bad)
    assert "notes.fcw" in w.last_error and "not" in w.last_error
    assert w.project is None
    assert bad.read_text() == "these are my notes, not a project"
    missing = tmp_path / "nowhere.fcw"
    assert not w.open_project_path(missing)
    assert "no such project" in w.last_error


def test_window_with_no_project_is_usable(make_window) -> None:
    w: MainWindow = make_window()
    assert not w.act_import.isEnabled() and not w.act_new_claim.isEnabled()
    assert "New Project" in w.status_label.text()
