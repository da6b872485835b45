"""The QApplication: its names, desktop file and icon (the window, the screenshot command and the smoke test)."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from workbench import APP_NAME, __version__
from workbench.ops import quiet_gc
from workbench.resources import resource_path

STARTUP_GC_LIMIT_MS = 10_000  # the collector comes back by then even if nothing was ever painted
# How long a thread running Python keeps the interpreter lock when another asks for it (Python's default: 5 ms).
# The window's thread asks for it at every timer, paint or signal that reaches Python while work runs on the
# workspace's or the export's thread, often many times a turn; 1 ms hands it over sooner (issue 15: in A/B runs
# the Export dialog's opening stall 41-69 -> 32-33 ms, an HTML export's 21-23 -> 17-18 ms) for a few per cent of
# the worker's speed.
SWITCH_INTERVAL_S = 0.001


def skip_source_scans_of_window_modules() -> None:
    """PySide6's import hook reads the source of every module named in an import statement run after PySide6 was
    loaded (``inspect.getsource``, once per module) to learn whether it mentions PySide6, for its ``from
    __feature__ import`` switches, which this app never uses. The window's modules (``workbench/ui/*.py`` but
    the package's ``__init__``) all mention PySide6 (``tests/gui/test_startup_lazy.py`` checks that they do),
    so they are entered in the hook's table as it would enter them ("uses PySide6, no switch") and it reads
    none of them: 2-3 ms of every start. Nothing happens if a PySide6 version keeps that table elsewhere."""
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    try:
        entries = list(os.scandir(os.path.dirname(__file__)))
    except OSError:  # the installed bundle keeps the modules in an archive (and the hook finds no source there)
        return
    for entry in entries:
        name, ext = os.path.splitext(entry.name)
        if ext == ".py" and name != "__init__":
            table.setdefault(f"{__package__}.{name}", 0)


def configure_interpreter() -> None:
    """The interpreter settings of the window's process (``make_application``; the GUI benchmarks too)."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    skip_source_scans_of_window_modules()


class _FirstPaint(QObject):
    """Calls ``done`` once, after the first paint of the widget it watches has been processed."""

    def __init__(self, widget: QObject, done: Callable[[str], None]) -> None:
        super().__init__(widget)
        self.done = done

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Paint, QEvent.Type.UpdateRequest):
            obj.removeEventFilter(self)
            QTimer.singleShot(0, lambda: self.done("first paint"))
        return False


def pause_gc_until_first_paint(app: QApplication) -> None:
    """The start creates tens of thousands of long-lived objects (modules, classes, Qt wrappers); the cyclic
    collector walking them again and again costs about a tenth of the start and frees almost nothing. It is
    paused from here until the main window's first paint (``resume_gc_after_first_paint``); then the objects
    made so far are frozen (``gc.freeze``: moved out of every later collection, which also keeps later
    collections short) and collection resumes. It resumes after ``STARTUP_GC_LIMIT_MS`` in any case."""
    release = quiet_gc.hold()

    def resume(reason: str) -> None:
        if getattr(app, "workbench_gc_resumed", ""):
            return
        app.workbench_gc_resumed = reason  # type: ignore[attr-defined]
        gc.freeze()
        release()

    app.workbench_gc_resume = resume  # type: ignore[attr-defined]
    QTimer.singleShot(STARTUP_GC_LIMIT_MS, lambda: resume("time limit"))


def resume_gc_after_first_paint(window: QObject) -> None:
    """Resume the collector paused by ``make_application`` once ``window`` has painted (only the window is
    watched: an application-wide filter would see every event of the start)."""
    app = QApplication.instance()
    resume = getattr(app, "workbench_gc_resume", None)
    if resume is not None and not getattr(app, "workbench_gc_resumed", ""):
        window.installEventFilter(_FirstPaint(window, resume))


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    configure_interpreter()
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
