"""The open project as the widgets see it: a thin Qt adapter over the core ``Workspace``.

Widgets never hold SQL; they call ops through ``Session.apply`` (run by the workspace on its worker thread,
recorded in the project's operation log when given an ``undo`` label; the window waits for these short ops
without running a nested event loop, which could delete a dialog whose handler is still running) and refresh
themselves from the ``changed`` signal's ``OpChanges`` (flags, plus the ids and rows that changed).

Signals:
    changed(OpChanges): an op, an undo or a redo changed the project.
    error(str): a KnownError's message, for the user.
    project_opened(): a project was opened (or closed: ``project`` is None).
    undo_changed(): what Undo and Redo would do changed.

Read-only ops that may take longer than the window may freeze (a search, related passages in a large project) go
through ``query_later``: the window keeps working and the answer arrives through a queued signal.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from workbench.core.workspace import WINDOW, Workspace
from workbench.domain.changes import Changes, OpChanges
from workbench.errors import KnownError
from workbench.ops.project import Project

T = TypeVar("T")


class Session(QObject):
    changed = Signal(object)
    error = Signal(str)
    project_opened = Signal()
    undo_changed = Signal()
    _delivered = Signal(object)  # a query_later answer, from the worker thread (queued to the GUI thread)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._delivered.connect(self._deliver)
        self.workspace: Workspace | None = None
        self.undo_stack = UndoHistory(self)

    @property
    def project(self) -> Project | None:
        return self.workspace.project if self.workspace is not None else None

    def set_project(self, project: Project | Workspace | None) -> None:
        """Make ``project`` the open one (a Project is adopted by a new Workspace); the previous one is closed."""
        old = self.workspace
        if isinstance(project, Project):
            project = Workspace(project, origin=WINDOW)
        if old is not None and old is not project and (project is None or old.project is not project.project):
            old.close()
        self.workspace = project
        self.project_opened.emit()
        self.undo_changed.emit()

    def apply(self, fn: Callable[..., Any], *args: Any, undo: str = "", **kwargs: Any) -> Any:
        """Run a changing op ``fn(project, ...)`` returning Changes or (result, Changes).

        With ``undo`` (the action's name, e.g. "Add evidence") the op is recorded in the operation log as one
        action ("Undo Add evidence"). Returns the op's result (or its Changes), or None after reporting a
        KnownError (then nothing was changed).
        """
        if self.workspace is None:
            self.error.emit("Open or create a project first (File ▸ New Project…).")
            return None
        try:
            outcome = self.workspace.apply(fn, *args, label=undo, **kwargs)
        except KnownError as exc:
            self.error.emit(str(exc))
            return None
        if outcome.changes:
            self.changed.emit(outcome.changes)
        if undo:
            self.undo_changed.emit()
        return outcome.result

    def query(self, fn: Callable[..., T], *args: Any, default: Any, **kwargs: Any) -> T:
        """Run a read-only op, or return ``default`` when no project is open (or it was closed with the window: a
        deferred refresh may still ask) or it fails."""
        if self.workspace is None or self.workspace.closed:
            return default  # type: ignore[no-any-return]
        try:
            return self.workspace.query(fn, *args, **kwargs)
        except KnownError as exc:
            self.error.emit(str(exc))
            return default  # type: ignore[no-any-return]

    def query_later(self, fn: Callable[..., Any], *args: Any, on_result: Callable[[Any], None], default: Any,
                    **kwargs: Any) -> None:
        """Run a read-only op on the worker thread without waiting for it; ``on_result`` gets its result (or
        ``default`` after reporting a KnownError) on the GUI thread, unless the project changed meanwhile."""
        if self.workspace is None or self.workspace.closed:
            on_result(default)
            return
        workspace = self.workspace
        future = workspace.submit_query(fn, *args, **kwargs)
        future.add_done_callback(lambda f: self._delivered.emit((workspace, f, on_result, default)))

    def _deliver(self, payload: tuple[Workspace, Future[Any], Callable[[Any], None], Any]) -> None:
        workspace, future, on_result, default = payload
        if workspace is not self.workspace or workspace.closed:
            return  # another project is open now (or the window closed it): the answer is about the old one
        try:
            result = future.result()
        except KnownError as exc:
            self.error.emit(str(exc))
            result = default
        on_result(result)

    def emit_changes(self, changes: Changes | OpChanges) -> None:
        """Broadcast changes made outside ``apply`` (long tasks on the task runner); rows unknown: broad."""
        if changes:
            self.changed.emit(OpChanges.of(changes))
        self.undo_changed.emit()

    def replay(self, backward: bool) -> bool:
        """Undo or redo through the operation log; a refusal is reported and changes nothing."""
        if self.workspace is None:
            return False
        try:
            outcome = self.workspace.undo() if backward else self.workspace.redo()
        except KnownError as exc:
            self.error.emit(str(exc))
            self.undo_changed.emit()
            return False
        self.changed.emit(outcome.changes)
        self.undo_changed.emit()
        return True


class UndoHistory(QObject):
    """Edit ▸ Undo / Redo over the project's operation log, with the QUndoStack calls the widgets use."""

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.session = session

    def _ws(self) -> Workspace | None:
        ws = self.session.workspace
        return ws if ws is not None and not ws.closed else None

    def undoText(self) -> str:
        ws = self._ws()
        return (ws.undo_label or "") if ws else ""

    def redoText(self) -> str:
        ws = self._ws()
        return (ws.redo_label or "") if ws else ""

    def canUndo(self) -> bool:
        return bool(self.undoText())

    def canRedo(self) -> bool:
        return bool(self.redoText())

    def count(self) -> int:
        ws = self._ws()
        return ws.count() if ws else 0

    def undo(self) -> None:
        self.session.replay(True)

    def redo(self) -> None:
        self.session.replay(False)

    def createUndoAction(self, parent: QObject, prefix: str = "&Undo") -> QAction:
        return self._action(parent, prefix, backward=True)

    def createRedoAction(self, parent: QObject, prefix: str = "&Redo") -> QAction:
        return self._action(parent, prefix, backward=False)

    def _action(self, parent: QObject, prefix: str, *, backward: bool) -> QAction:
        action = QAction(prefix, parent)

        def update() -> None:
            label = self.undoText() if backward else self.redoText()
            action.setText(f"{prefix} {label}" if label else prefix)
            action.setEnabled(bool(label) and not (self.session.project and self.session.project.read_only))

        action.triggered.connect(self.undo if backward else self.redo)
        self.session.undo_changed.connect(update)
        update()
        return action
