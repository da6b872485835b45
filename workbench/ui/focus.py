"""Keyboard focus back where it was when a dialog closes (issue 16).

A window manager gives the keyboard back to the main window when a dialog closes. Without one (Xvfb without a
window manager, some kiosk sessions) and on the offscreen platform nothing is active afterwards, so the next
shortcut was lost until the window was clicked. ``FocusKeeper`` remembers the main window's focus widget and,
when the focus leaves the application because its window was hidden (a dialog closed) and nothing else became
active, activates the window (or the dialog still open over it) and gives that widget the focus again.
Switching to another application leaves the window that had the focus visible, so focus is never taken back.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class FocusKeeper(QObject):
    """Restores ``window``'s active state and focus widget after one of its dialogs closes."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.last_focus: QWidget | None = None
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._on_focus_changed)

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if not shiboken6.isValid(self.window):
            return
        if new is not None:
            if new.window() is self.window:
                self.last_focus = new
        elif old is not None:  # the focus left the application: was its window closed (checked once hidden)?
            closing = old.window()
            QTimer.singleShot(0, self, lambda: self._after_focus_left(closing))

    def _after_focus_left(self, window: QWidget) -> None:
        if not shiboken6.isValid(window) or not window.isVisible():
            self.restore()

    def restore(self) -> None:
        """Activate the window (or the dialog still open over it) and focus what had the focus, if nothing
        else is active."""
        if not shiboken6.isValid(self.window) or not self.window.isVisible() or QApplication.activeWindow():
            return
        modal = QApplication.activeModalWidget()
        target = modal if modal is not None and modal.isVisible() else self.window
        target.activateWindow()
        if target is not self.window:
            return  # a dialog still open keeps its own focus widget
        widget = self.last_focus
        if widget is not None and shiboken6.isValid(widget) and widget.isVisible() and widget.isEnabled():
            widget.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

