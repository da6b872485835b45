"""File ▸ New Project…: where a new project file goes by default (issue 16).

The dialog opens in the folder of the most recent project the user keeps somewhere of their own; when there is
none — only the demo project, which lives in the app's data folder — in the user's documents folder
(``QStandardPaths.DocumentsLocation``; ``$WORKBENCH_DOCUMENTS_DIR`` overrides it, for tests and scripted
setups), else the home folder. Never in the app's data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from workbench import paths

PROJECT_FILTER = "Fact-Check Workbench projects (*.fcw);;All files (*)"


def documents_folder() -> Path:
    """``$WORKBENCH_DOCUMENTS_DIR``, else the user's documents folder if it exists, else the home folder."""
    override = os.environ.get("WORKBENCH_DOCUMENTS_DIR")
    if override:
        return Path(override)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def _app_data_folder() -> Path:
    return paths.data_dir().resolve()


def new_project_folder(recent: list[str]) -> Path:
    """Where the New Project dialog opens: the folder of the latest recent project outside the app's data
    folder (demo project, restored backups), else ``documents_folder()``."""
    app_data = _app_data_folder()
    for path in recent:
        folder = Path(path).resolve().parent
        if folder.is_dir() and not folder.is_relative_to(app_data):
            return folder
    return documents_folder()


def ask_new_project_path(parent: QWidget, recent: list[str]) -> Path | None:
    """Ask where to create a project file (the platform's own save dialog where it has one)."""
    path, _ = QFileDialog.getSaveFileName(parent, "New project", str(new_project_folder(recent)), PROJECT_FILTER)
    return Path(path) if path else None
