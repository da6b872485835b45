"""An open project as one object: its connection used from one worker thread, its operation log, undo and redo.

Both the window (through ``ui/session.py``, a thin Qt adapter) and the command line drive a ``Workspace``::

    ws = Workspace.open(path)                       # or Workspace.create(path) / Workspace(project)
    out = ws.apply(claim_ops.add_claim, text, label="Add claim")
    out.result, out.changes                         # the op's result; OpChanges (flags, ids, rows)
    ws.undo(); ws.redo()                            # replay the operation log, checked against the rows
    ws.undo_label, ws.redo_label, ws.log()
    ws.close()

``apply`` runs the op (``fn(project, *args)``, returning Changes or (result, Changes)) on the workspace's worker
thread, in one transaction, and records it in the project's operation log inside that transaction: undo and
redo survive closing the project, and a failed op or a failed replay leaves data and log as they were. Calls
made from the worker thread itself (an op that applies another) run inline.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from workbench.domain.changes import Changes, OpChanges
from workbench.ops import project as project_ops
from workbench.ops.project import Project
from workbench.store import oplog

T = TypeVar("T")

WINDOW, CLI = "window", "cli"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What ``apply``, ``undo`` and ``redo`` return: the op's result and what changed."""

    result: Any
    changes: OpChanges


class Workspace:
    """The open project, its worker thread and its operation log (see the module's doc)."""

    def __init__(self, project: Project, *, origin: str = "", executor: ThreadPoolExecutor | None = None) -> None:
        self._project = project
        self.origin = origin
        self._executor = executor or ThreadPoolExecutor(max_workers=1, thread_name_prefix="workspace")
        self._worker: int | None = None
        self._closed = False
        # (project.write_count, Undo's label, Redo's label), read on the worker right after each write
        self._labels: tuple[int, str | None, str | None] | None = None
        # how a caller waits for the worker's answer (the window keeps painting: ui/waiting.wait)
        self.waiter: Callable[[Future[Any]], Any] = Future.result

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path, read_only: bool = False, *, origin: str = "", **kwargs: Any) -> Workspace:
        """Open and check a project on the worker thread (raises what ``ops.project.open_project`` raises)."""
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workspace")
        try:
            project = executor.submit(project_ops.open_project, Path(path), read_only, **kwargs).result()
        except BaseException:
            executor.shutdown(wait=False)
            raise
        return cls(project, origin=origin, executor=executor)

    @classmethod
    def create(cls, path: Path, *, origin: str = "") -> Workspace:
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workspace")
        try:
            project = executor.submit(project_ops.create_project, Path(path)).result()
        except BaseException:
            executor.shutdown(wait=False)
            raise
        return cls(project, origin=origin, executor=executor)

    @property
    def project(self) -> Project:
        """The store handle, for code that takes a Project (long tasks, read-only ops)."""
        return self._project

    @property
    def read_only(self) -> bool:
        return self._project.read_only

    @property
    def closed(self) -> bool:
        return self._closed or self._project.closed

    # ------------------------------------------------------------------ running on the worker thread

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` on the worker thread; the caller waits. Exceptions are raised here."""
        if threading.get_ident() == self._worker:
            return fn(*args, **kwargs)

        def job() -> T:
            self._worker = threading.get_ident()
            return fn(*args, **kwargs)

        return self.waiter(self._executor.submit(job))  # type: ignore[no-any-return]

    def query(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A read-only op ``fn(project, ...)`` on the worker thread."""
        return self.run(fn, self._project, *args, **kwargs)

    def submit_query(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        """A read-only op ``fn(project, ...)`` queued on the worker thread; the caller does not wait (a search,
        related passages: work that may take longer than a window may freeze)."""
        project = self._project

        def job() -> T:
            self._worker = threading.get_ident()
            return fn(project, *args, **kwargs)

        return self._executor.submit(job)

    def apply(self, fn: Callable[..., Any], *args: Any, label: str = "", **kwargs: Any) -> Outcome:
        """Run a changing op in one transaction; with ``label`` it is recorded as one undoable action.

        Raises whatever the op raises (a KnownError for the user): then nothing was changed or recorded.
        """
        return self.run(self._apply, fn, args, kwargs, label)

    def _apply(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], label: str) -> Outcome:
        project = self._project
        if label:
            with project.logged(label, self.origin), project.write():
                out = fn(project, *args, **kwargs)
        else:
            with project.write():
                out = fn(project, *args, **kwargs)
        result, flags = out if isinstance(out, tuple) else (out, out)
        flags = flags if isinstance(flags, Changes | OpChanges) else Changes.NONE
        rows = project.last_changeset
        self._note_labels()
        return Outcome(result, OpChanges.of(flags, rows) if not isinstance(flags, OpChanges) else flags)

    # ------------------------------------------------------------------ the operation log

    def undo(self) -> Outcome:
        """Undo the latest action (label as result). Raises NothingToReplay or ReplayRefused (nothing changed)."""
        return self.run(self._replay, True)

    def redo(self) -> Outcome:
        """Redo the latest undone action. Raises NothingToReplay or ReplayRefused (nothing changed)."""
        return self.run(self._replay, False)

    def _replay(self, backward: bool) -> Outcome:
        project = self._project
        with project.unlogged(), project.write() as db:
            label, rows = oplog.replay(db, backward=backward)
        self._note_labels()
        extra = Changes.PROJECT if backward else Changes.NONE  # the claim's history and status lines
        return Outcome(label, OpChanges.of(extra, rows.inverted() if backward else rows))

    @property
    def undo_label(self) -> str | None:
        """The label of the action Undo would undo (None: nothing)."""
        return self._peek()[1]

    @property
    def redo_label(self) -> str | None:
        return self._peek()[2]

    def _peek(self) -> tuple[int, str | None, str | None]:
        """Undo's and Redo's labels. The window asks for both after every change (its Edit menu): they are read on
        the worker right after each write and kept while nothing else has been written, so asking costs no
        trip to the worker."""
        if self.closed:
            return (0, None, None)
        labels = self._labels
        if labels is not None and labels[0] == self._project.write_count:
            return labels
        return self.run(self._note_labels)

    def _note_labels(self) -> tuple[int, str | None, str | None]:
        with self._project.read() as db:
            undo, redo = oplog.to_undo(db), oplog.to_redo(db)
        self._labels = (self._project.write_count, undo[1] if undo else None, redo[1] if redo else None)
        return self._labels

    def log(self, limit: int = 50) -> list[oplog.LogEntry]:
        """The latest actions that can be undone or redone, newest first."""

        def read() -> list[oplog.LogEntry]:
            with self._project.read() as db:
                return oplog.entries(db, limit)

        return self.run(read)

    def count(self) -> int:
        """How many actions can be undone or redone."""

        def read() -> int:
            with self._project.read() as db:
                found = oplog.counts(db)
            return int(found.get(oplog.DONE, 0)) + int(found.get(oplog.UNDONE, 0))

        return 0 if self.closed else self.run(read)

    # ------------------------------------------------------------------ closing

    def close(self) -> None:
        if self._closed:
            return
        try:
            self.run(self._project.close)
        finally:
            self._closed = True
            self._executor.shutdown(wait=True)
