"""The QApplication: its names, desktop file and icon (the window, the screenshot command and the smoke test)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from workbench import APP_NAME, __version__
from workbench.resources import resource_path


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Fact-Check Workbench")
    app.setDesktopFileName("fact-check-workbench")
    icon = resource_path("icons", "workbench.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app
