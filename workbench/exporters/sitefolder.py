"""Writing a folder of files (the static site) so that a failure never leaves half a site under its name.

The files are written into a temporary sibling folder (``.<name>.partial-<pid>-<random>``), each flushed to
disk; then the folder is swapped in: a new target is a rename; an earlier site this app wrote (it holds the
marker file ``.fact-check-site``) is renamed aside, the new one renamed in, and the old one removed. A folder
that exists, is not empty and holds no marker is refused before anything is written: it may be someone's
documents, and the swap would delete them.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from workbench.atomicfile import TEMP_MARK, fsync_dir, fsync_file
from workbench.errors import BadArgument

MARKER = ".fact-check-site"


def check_target(folder: Path) -> None:
    """Raise BadArgument when ``folder`` may not be (over)written: a file, or a folder that is neither empty
    nor a site this app wrote."""
    folder = Path(folder)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise BadArgument(f"{folder} is not a folder: the static site is a folder of pages (give a new or empty "
                          "folder).")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).is_file():
        raise BadArgument(f"{folder} is not empty and is not a site this app wrote (it has no {MARKER} file): "
                          "nothing was written. Choose a new or empty folder.")
    if not folder.parent.is_dir():
        raise BadArgument(f"{folder.parent} does not exist: create it first, or choose another folder.")


def _sibling(folder: Path, mark: str) -> Path:
    return folder.with_name(f".{folder.name}{mark}{os.getpid()}-{secrets.token_hex(4)}")


def write_folder(folder: Path, files: Mapping[str, bytes], *, generator: str) -> None:
    """Write ``files`` (relative path → content) as the whole content of ``folder``, atomically (see the module
    docstring); the marker file is added. Raises BadArgument (nothing written) when ``check_target`` refuses."""
    folder = Path(folder).absolute()
    check_target(folder)
    temp = _sibling(folder, TEMP_MARK)
    try:
        temp.mkdir()
        made: set[Path] = {temp}
        written: list[Path] = []
        for name, data in {**files, MARKER: json.dumps({"generator": generator}).encode() + b"\n"}.items():
            if ".." in Path(name).parts or Path(name).is_absolute():
                raise ValueError(f"not a relative path inside the site: {name!r}")
            path = temp / name
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(data)
            written.append(path)
        with ThreadPoolExecutor(8) as pool:  # every file and folder on disk before the swap (fsync waits on I/O)
            list(pool.map(fsync_file, written))
            list(pool.map(fsync_dir, made))
        _swap(temp, folder)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _swap(temp: Path, folder: Path) -> None:
    old = None
    if folder.is_dir():
        if any(folder.iterdir()):
            old = _sibling(folder, ".old-")
            os.replace(folder, old)
        else:
            folder.rmdir()
    try:
        os.replace(temp, folder)
    except BaseException:
        if old is not None:
            with contextlib.suppress(OSError):
                os.replace(old, folder)
        raise
    fsync_dir(folder.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
