"""The QApplication: its names, desktop file and icon (the window, the screenshot command and the smoke test)."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from workbench import APP_NAME, __version__
from workbench.ops import quiet_gc
from workbench.resources import resource_path

STARTUP_GC_LIMIT_MS = 10_000  # the collector comes back by then even if nothing was ever painted


class _FirstPaint(QObject):
    """Calls ``done`` once, after the first paint event of any widget has been processed."""

    def __init__(self, app: QApplication, done: Callable[[], None]) -> None:
        super().__init__(app)
        self.done = done

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            QTimer.singleShot(0, self.done)
        return False


def pause_gc_until_first_paint(app: QApplication) -> None:
    """The start creates tens of thousands of long-lived objects (modules, classes, Qt wrappers); the cyclic
    collector walking them again and again costs about a tenth of the start and frees almost nothing. It is
    paused from here until the first paint; then the objects made so far are frozen (``gc.freeze``: moved out of
    every later collection, which also keeps later collections short) and collection resumes."""
    release = quiet_gc.hold()

    def resume() -> None:
        if getattr(app, "_workbench_gc_resumed", False):
            return
        app._workbench_gc_resumed = True  # type: ignore[attr-defined]
        gc.freeze()
        release()

    app.installEventFilter(_FirstPaint(app, resume))
    QTimer.singleShot(STARTUP_GC_LIMIT_MS, resume)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    if existing is None:
        pause_gc_until_first_paint(app)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Fact-Check Workbench")
    app.setDesktopFileName("fact-check-workbench")
    icon = resource_path("icons", "workbench.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app
