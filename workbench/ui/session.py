"""The open project as the widgets see it: run an op, broadcast what changed.

Widgets never hold SQL; they call ops through ``Session.apply`` and refresh
themselves from the ``changed`` signal's ``Changes`` flags.

Signals:
    changed(Changes): an op changed the project.
    error(str): a KnownError's message, for the user.
    project_opened(): a project was opened (or closed: ``project`` is None).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from workbench.domain.changes import Changes
from workbench.errors import KnownError
from workbench.ops.project import Project

T = TypeVar("T")


class Session(QObject):
    changed = Signal(object)
    error = Signal(str)
    project_opened = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.undo_stack = QUndoStack(self)

    def set_project(self, project: Project | None) -> None:
        if self.project is not None and self.project is not project:
            self.project.close()
        self.undo_stack.clear()
        self.project = project
        self.project_opened.emit()

    def apply(self, fn: Callable[..., Any], *args: Any, undo: str = "", **kwargs: Any) -> Any:
        """Run a changing op ``fn(project, ...)`` returning Changes or (result, Changes).

        With ``undo`` (the action's name, e.g. "Add evidence"), the op runs as a command
        on the undo stack ("Undo Add evidence"). Returns the op's result (or its
        Changes), or None after reporting a KnownError.
        """
        if self.project is None:
            self.error.emit("Open or create a project first (File ▸ New Project…).")
            return None
        if undo:
            from workbench.undo import OpCommand

            command = OpCommand(self, undo, fn, args, kwargs)
            self.undo_stack.push(command)
            return None if command.error else command.result
        try:
            out = fn(self.project, *args, **kwargs)
        except KnownError as exc:
            self.error.emit(str(exc))
            return None
        result, changes = out if isinstance(out, tuple) else (out, out)
        if changes:
            self.changed.emit(changes)
        return result

    def query(self, fn: Callable[..., T], *args: Any, default: Any, **kwargs: Any) -> T:
        """Run a read-only op, or return ``default`` when no project is open or it fails."""
        if self.project is None:
            return default  # type: ignore[no-any-return]
        try:
            return fn(self.project, *args, **kwargs)
        except KnownError as exc:
            self.error.emit(str(exc))
            return default  # type: ignore[no-any-return]

    def emit_changes(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)
