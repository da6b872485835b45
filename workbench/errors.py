"""Errors the user is told about (KnownError) as opposed to bugs.

A KnownError carries a message written for a fact-checker: it names the thing
(a file, a project, an argument) and the reason. Anything else that escapes is a
bug: the GUI shows a crash dialog and logs the traceback.
"""

from __future__ import annotations

from pathlib import Path


class KnownError(Exception):
    """An expected failure with a message for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ImportRejected(KnownError):
    """A file that cannot be imported; ``name`` is the file, ``reason`` why."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        # picklable, so that a parser running in a child process can send it back
        return (type(self), (self.name, self.reason))


class ProjectError(KnownError):
    """A project file that cannot be created, opened or written.

    The subclasses below tell the GUI which offer to make (restore from a
    backup, open read-only, or refuse); ``path`` is the project file.
    """

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class NotAProject(ProjectError):
    """Not an SQLite file at all (random bytes, text, empty, truncated header)."""


class ForeignProject(ProjectError):
    """An SQLite file of another application (wrong ``application_id``): refuse."""


class NewerSchema(ProjectError):
    """Made by a newer version of the app: it may be opened read-only."""


class DamagedProject(ProjectError):
    """Failed ``quick_check``, a broken foreign key, a missing table, unreadable rows: restore from a backup."""


class UnsafeSchema(ProjectError):
    """Contains schema objects a project never has (triggers, views): refuse."""


class ProjectInUse(ProjectError):
    """Open for writing in another window or process; ``holder`` says by whom. It may be opened read-only."""

    def __init__(self, message: str, path: Path | None = None, holder: str = "") -> None:
        super().__init__(message, path)
        self.holder = holder


class ReadOnlyLocation(ProjectError):
    """The file or its folder cannot be written: open it read-only."""


class NotFound(KnownError):
    """An id or a quote that does not exist in the project."""


class BadArgument(KnownError):
    """A wrong value given by the user (command line or dialog)."""


class ReplayRefused(KnownError):
    """Undo or redo would overwrite a later change (or no longer fits the rows): nothing was replayed."""


class NothingToReplay(KnownError):
    """Undo with nothing to undo, or redo with nothing to redo."""
