"""Write a file so that a crash leaves either the old file or the complete new one.

The content goes to a temporary file in the same folder, which is flushed and
fsync'ed, then moved over the target with ``os.replace`` (atomic on POSIX and
Windows), and the folder is fsync'ed so that the rename itself is durable. A
failure at any point (a full disk, a killed process) never leaves a partial or
0-byte file under the target's name; the temporary file is removed when the
writer survives to do it (``clean_stale_temporaries`` removes those of killed
writers). For exports, backups and copies of projects. No Qt, no SQL.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_MARK = ".partial-"


def temporary_name(target: Path) -> Path:
    """A unique temporary name beside ``target`` (hidden, recognisable as partial)."""
    target = Path(target)
    return target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in ``folder`` durable (no-op where folders cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit(temporary: Path, target: Path) -> None:
    """fsync ``temporary``, move it over ``target`` and fsync the folder."""
    fsync_file(temporary)
    os.replace(temporary, target)
    fsync_dir(Path(target).parent)


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it replaces ``target`` atomically, on error it is removed."""
    target = Path(target)
    tmp = temporary_name(target)
    try:
        with open(tmp, "xb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def atomic_write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically (see the module docstring)."""
    with atomic_output(target) as fh:
        fh.write(data)


def clean_stale_temporaries(folder: Path, pid_alive: Callable[[int], bool], target_name: str = "") -> list[Path]:
    """Remove temporary files left by writers that were killed (``pid_alive(pid)`` is False)."""
    removed: list[Path] = []
    prefix = f".{target_name}" if target_name else "."
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if not name.startswith(prefix) or TEMP_MARK not in name:
            continue
        pid_text = name.rsplit(TEMP_MARK, 1)[1].split("-", 1)[0]
        if pid_text.isdigit() and int(pid_text) != os.getpid() and not pid_alive(int(pid_text)):
            with contextlib.suppress(OSError):
                (Path(folder) / name).unlink()
                removed.append(Path(folder) / name)
    return removed
