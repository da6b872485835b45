"""Replaying one captured change set directly, without the operation log (tests, tools).

User-facing undo and redo go through the operation log (``core.workspace.Workspace.undo``/``redo``), which
checks the rows before replaying. These two replay a ``ChangeSet`` as captured, backwards or forwards, each in
one transaction, and record "undone"/"redone" in the history like the log does.
"""

from __future__ import annotations

from workbench.domain.changes import Changes, ChangeSet, flags_of
from workbench.store import changelog, oplog
from workbench.store.project import Project


def changes_of(changeset: ChangeSet) -> Changes:
    """The refresh flags of some row changes (the one rule: ``domain.changes.TABLE_CHANGES``)."""
    return flags_of(changeset)


def revert(project: Project, changeset: ChangeSet, label: str) -> Changes:
    with project.unlogged(), project.write() as db:
        changelog.apply_backward(db, changeset)
        oplog.record_history(db, changeset, "undone", label)
    return changes_of(changeset)


def reapply(project: Project, changeset: ChangeSet, label: str) -> Changes:
    with project.unlogged(), project.write() as db:
        changelog.apply_forward(db, changeset)
        oplog.record_history(db, changeset, "redone", label)
    return changes_of(changeset)
