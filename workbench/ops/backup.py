"""Use cases of backups: automatic backups, save a copy, restore, move a damaged file aside.

Backups live beside the user data (``<data dir>/backups/<stem>-<hash>/``; the data
dir is ``$WORKBENCH_DATA_DIR`` or the platform's user data folder, see
``workbench.paths.data_dir``). Every copy goes through SQLite's backup API and is
checked before it is moved into place (``store.backup``).
"""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workbench import atomicfile, paths
from workbench.errors import ProjectError
from workbench.store import backup as store_backup
from workbench.store import claims as store_claims
from workbench.store import documents as store_docs
from workbench.store import lock as file_lock
from workbench.store.project import Project

BackupInfo = store_backup.BackupInfo
AUTOMATIC_INTERVAL_S = 30 * 60


def default_root() -> Path:
    """``<user data>/backups`` (``$WORKBENCH_DATA_DIR/backups`` when set)."""
    return paths.backups_dir()


def folder(project_path: Path, root: Path | None = None) -> Path:
    return store_backup.folder_for(root or default_root(), project_path)


def make_backup(project_path: Path, *, label: str = "", root: Path | None = None) -> Path:
    """Back up a project file now (its own read connection; safe while the app writes) and rotate."""
    return store_backup.snapshot(Path(project_path), root or default_root(), label=label)


def last_change(project_path: Path) -> float:
    """The latest modification time of the project file and its write-ahead log. An empty log holds no change:
    SQLite makes one at every open, so its time says only when the project was last opened."""
    times = []
    with contextlib.suppress(OSError):
        times.append(Path(project_path).stat().st_mtime)
    with contextlib.suppress(OSError):
        wal = Path(f"{project_path}-wal").stat()
        if wal.st_size:
            times.append(wal.st_mtime)
    return max(times, default=0.0)


def needs_backup(project: Project, root: Path | None = None) -> bool:
    """True unless the project is empty or its newest backup is newer than its last change."""
    with project.read() as db:
        if store_docs.count(db) == 0 and store_claims.count(db) == 0:
            return False
    newest = store_backup.newest_time(folder(project.path, root))
    return newest is None or newest.timestamp() < last_change(project.path)


def before_migration(db: Any, path: Path, version: int) -> Path:
    """Back up a project about to be upgraded from schema ``version`` (called by ``open_project``)."""
    try:
        return store_backup.snapshot(Path(path), default_root(), label=f"before-upgrade-from-{version}",
                                     source=db.conn)
    except ProjectError as exc:
        raise ProjectError(f"{Path(path).name} needs upgrading, but it could not be backed up first, so it was "
                           f"not changed ({exc}).", Path(path)) from exc


def list_backups(project_path: Path | None = None, root: Path | None = None) -> list[BackupInfo]:
    """The backups of one project (newest first), or of every project when ``project_path`` is None."""
    root = root or default_root()
    if project_path is not None:
        return store_backup.list_backups(store_backup.folder_for(root, project_path))
    out: list[BackupInfo] = []
    for sub in store_backup.list_folders(root):
        out += store_backup.list_backups(sub)
    return sorted(out, key=lambda b: b.created, reverse=True)


def latest_good(project_path: Path, root: Path | None = None) -> BackupInfo | None:
    return next((b for b in list_backups(project_path, root) if b.ok), None)


def save_copy(project: Project, target: Path) -> Path:
    """Write a consistent copy of the open project to ``target`` (backup API; replaces ``target`` atomically)."""
    target = Path(target)
    if target.resolve() == project.path.resolve():
        raise ProjectError(f"{target.name} is the open project itself: choose another name for the copy.", target)
    if file_lock.read_info(target) is not None:
        raise ProjectError(f"{target.name} is open in another window or program: choose another name.", target)
    atomicfile.clean_stale_temporaries(target.parent, file_lock.pid_alive, target.name)  # of killed copies
    store_backup.copy_database(project.path, target)
    return target


def restore_to(backup: Path, target: Path) -> Path:
    """Restore a backup to ``target``, a new file (never overwrites)."""
    store_backup.restore(Path(backup), Path(target))
    return Path(target)


def restore_in_place(damaged: Path, backup: Path, now: datetime | None = None) -> Path:
    """Move a damaged project aside (``<name>.damaged-<time>``) and restore ``backup`` under its name.

    Returns the moved-aside file. If the restore fails, the damaged file is put back.
    """
    damaged = Path(damaged)
    store_backup.verify(Path(backup))
    owner = file_lock.acquire(damaged)
    try:
        aside = store_backup.move_aside(damaged, now or datetime.now(UTC))
        try:
            store_backup.restore(Path(backup), damaged)
        except BaseException:
            with contextlib.suppress(OSError):
                if not damaged.exists():
                    os.replace(aside, damaged)
                    atomicfile.fsync_dir(damaged.parent)
            raise
    finally:
        owner.release()
    return aside
