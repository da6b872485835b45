"""Errors the user is told about (KnownError) as opposed to bugs.

A KnownError carries a message written for a fact-checker: it names the thing
(a file, a project, an argument) and the reason. Anything else that escapes is a
bug: the GUI shows a crash dialog and logs the traceback.
"""

from __future__ import annotations


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
    """A project file that cannot be created, opened or written."""


class NotFound(KnownError):
    """An id or a quote that does not exist in the project."""


class BadArgument(KnownError):
    """A wrong value given by the user (command line or dialog)."""
