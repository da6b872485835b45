"""GUI fixtures: a real MainWindow with isolated settings, driven by qtbot."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from workbench.ui.main_window import MainWindow

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot: QtBot, settings: QSettings) -> Iterator[Callable[[], MainWindow]]:
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        w = MainWindow(settings)
        w.ask = lambda _t, _q: True
        qtbot.addWidget(w)
        w.resize(1400, 860)
        w.show()
        qtbot.waitExposed(w)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.close()
    QApplication.processEvents()


@pytest.fixture
def window(make_window: Callable[[], MainWindow], tmp_path: Path) -> MainWindow:
    w = make_window()
    assert w.new_project_path(tmp_path / "case.fcw")
    return w


def import_and_wait(qtbot: QtBot, window: MainWindow, paths: list[Path]) -> list:
    with qtbot.waitSignal(window.import_finished, timeout=20000) as blocker:
        window.import_paths(paths)
    return blocker.args[0]


def doc_id_titled(window: MainWindow, start: str) -> str:
    for d in window.library.model.docs:
        if d.metadata.title.startswith(start):
            return d.id
    raise AssertionError(f"no document titled {start!r}: {[d.metadata.title for d in window.library.model.docs]}")


def select_with_keyboard(qtbot: QtBot, window: MainWindow, quote: str) -> None:
    """Put the caret before ``quote`` and extend the selection with Shift+Right."""
    view = window.reading.view
    text = window.reading.document.text  # type: ignore[union-attr]
    start = text.index(quote)
    cursor = view.textCursor()
    cursor.setPosition(view.offsets.to_utf16(start))
    view.setTextCursor(cursor)
    view.setFocus()
    target = view.offsets.to_utf16(start + len(quote))
    while view.textCursor().position() < target:  # Shift+Right moves by grapheme cluster
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)


def point_of(window: MainWindow, cp: int) -> QPoint:
    view = window.reading.view
    c = QTextCursor(view.document())
    c.setPosition(view.offsets.to_utf16(cp))
    return view.cursorRect(c).center()


def select_with_mouse(qtbot: QtBot, window: MainWindow, quote: str) -> None:
    """Drag the mouse from the start of ``quote`` to its end (same line assumed)."""
    view = window.reading.view
    text = window.reading.document.text  # type: ignore[union-attr]
    start = text.index(quote)
    view.select_range(start, start)  # scrolls it into view
    a, b = point_of(window, start), point_of(window, start + len(quote))
    vp = view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(vp, b)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=b)
