"""QUndoStack commands that call ops (redo = apply, undo = inverse); they never touch widgets.

``OpCommand`` runs an op the first time it is redone (when pushed), keeps the row
changes the op made, and from then on undoes and redoes by replaying them through
``ops.undo``. A command whose op failed or changed nothing makes itself obsolete,
so the stack drops it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from workbench.domain.changes import Changes
from workbench.errors import KnownError
from workbench.ops import undo as undo_ops
from workbench.store.changelog import ChangeSet

if TYPE_CHECKING:
    from workbench.ui.session import Session


class OpCommand(QUndoCommand):
    def __init__(self, session: Session, label: str, fn: Callable[..., Any], args: tuple[Any, ...],
                 kwargs: dict[str, Any]) -> None:
        super().__init__(label)
        self.session = session
        self.label = label
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.changeset: ChangeSet | None = None
        self.result: Any = None
        self.error = ""

    def redo(self) -> None:
        project = self.session.project
        if project is None:
            self.setObsolete(True)
            return
        try:
            if self.changeset is None:
                out = self.fn(project, *self.args, **self.kwargs)
                self.result, changes = out if isinstance(out, tuple) else (out, out)
                self.changeset = project.last_changeset if changes else ChangeSet(())
                if not self.changeset:
                    self.setObsolete(True)
            else:
                changes = undo_ops.reapply(project, self.changeset, self.label)
        except KnownError as exc:
            self.error = str(exc)
            self.setObsolete(True)
            self.session.error.emit(self.error)
            return
        self.session.emit_changes(changes)

    def undo(self) -> None:
        project = self.session.project
        if project is None or not self.changeset:
            return
        try:
            changes = undo_ops.revert(project, self.changeset, self.label)
        except KnownError as exc:
            self.session.error.emit(f"Cannot undo “{self.label}”: {exc}")
            return
        self.session.emit_changes(changes | Changes.PROJECT)
