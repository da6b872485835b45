"""Backups of project files, made with SQLite's online backup API (never a file copy).

A copy is written page by page from a read connection of its own (in WAL mode a
reader sees one consistent snapshot while the app goes on writing), to a
temporary name beside the target; the copy is switched to a self-contained
rollback journal, checked (``quick_check`` and ``application_id``), fsync'ed and
only then moved into place (``os.replace``) and the folder fsync'ed. A crash at
any point leaves either no new file or a complete, checked one.

Automatic backups live in ``<root>/<project-stem>-<hash of the project path>/``
as ``<stem>-<UTC time>[-<label>].fcw``; ``rotate`` keeps the 5 most recent, the
newest of each of the 7 most recent days and the newest of each of the 4 most
recent weeks that have backups, and deletes the rest.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from workbench import atomicfile
from workbench.errors import DamagedProject, ProjectError
from workbench.store import lock as file_lock
from workbench.store.project import (
    APPLICATION_ID,
    PROJECT_SUFFIX,
    _connect,
    check_header,
    content_problems,
    integrity_problems,
    schema_errors,
)

KEEP_RECENT = 5
KEEP_DAILY = 7
KEEP_WEEKLY = 4
INSPECT_BUDGET_S = 0.05  # listing backups spot-checks each one's rows for this long
_STAMP = "%Y%m%dT%H%M%S.%fZ"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}\.\d{6}Z)(?:-(?P<label>[a-z0-9-]+))?\.fcw$")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file and what it holds (``problem`` is set when it cannot be read)."""

    path: Path
    created: datetime
    label: str
    size: int
    documents: int | None = None
    claims: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def folder_for(root: Path, project_path: Path) -> Path:
    """``<root>/<stem>-<first 12 hex of sha256(absolute path)>``: one folder per project file."""
    resolved = Path(project_path).resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return Path(root) / f"{resolved.stem}-{digest}"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "the disk is full"
    if isinstance(exc, sqlite3.Error) and str(getattr(exc, "sqlite_errorname", "")).startswith("SQLITE_FULL"):
        return "the disk is full"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def copy_database(source: Path | sqlite3.Connection, target: Path) -> None:
    """Copy a project database to ``target`` with the backup API, check it, then move it into place.

    Args:
        source: a project file (read through a connection of its own) or an open connection.
        target: where the copy goes; replaced atomically if it exists.

    Raises:
        ProjectError: the copy could not be written or failed its check; ``target`` is untouched.
    """
    target = Path(target)
    tmp = atomicfile.temporary_name(target)
    own = isinstance(source, Path)
    src: sqlite3.Connection | None = None
    dst: sqlite3.Connection | None = None
    try:
        src = _connect(source, read_only=True) if isinstance(source, Path) else source
        dst = sqlite3.connect(tmp)
        src.backup(dst)
        mode = dst.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        check = [r[0] for r in dst.execute("PRAGMA quick_check").fetchall()]
        app_id = dst.execute("PRAGMA application_id").fetchone()[0]
        if check == ["ok"] and app_id == APPLICATION_ID:
            # damage inside rows (an original that no longer matches its SHA-256) is never copied as sound
            check = content_problems(Database(dst, execute_plugins=False), budget_s=None) or check
        dst.close()
        dst = None
        if str(mode).lower() != "delete" or check != ["ok"] or app_id != APPLICATION_ID:
            raise DamagedProject(f"the copy failed its check ({'; '.join(check)[:200]}, application id "
                                 f"{app_id:#x}); the original may be damaged", target)
        atomicfile.commit(tmp, target)
    except (sqlite3.Error, OSError, DamagedProject) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, DamagedProject):
            raise DamagedProject(f"{target.name} was not written: {exc}", target) from exc
        if str(getattr(exc, "sqlite_errorname", "")).startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
            raise DamagedProject(f"{target.name} was not written: the project is damaged ({exc}).", target) from exc
        raise ProjectError(f"{target.name} could not be written — {_reason(exc)}.", target) from exc
    finally:
        if dst is not None:
            dst.close()
        if own and src is not None:
            src.close()
        for leftover in (Path(f"{tmp}-journal"),):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime(_STAMP)


def backup_name(project_path: Path, now: datetime, label: str = "") -> str:
    stem = Path(project_path).stem
    return f"{stem}-{_stamp(now)}{'-' + label if label else ''}{PROJECT_SUFFIX}"


def snapshot(project_path: Path, root: Path, *, label: str = "", now: datetime | None = None,
             source: sqlite3.Connection | None = None) -> Path:
    """Back up ``project_path`` into its folder under ``root``, then rotate that folder.

    Args:
        project_path: the project file.
        root: the backups folder (``<user data>/backups``).
        label: a word recorded in the name, e.g. "before-upgrade".
        now: the time to record (default: now).
        source: an open connection to read from instead of a new read connection.

    Returns:
        The new backup file.
    """
    now = now or datetime.now(UTC)
    folder = folder_for(root, project_path)
    try:
        _make_dirs_durably(folder)
    except OSError as exc:
        raise ProjectError(f"The backup folder {folder} cannot be created — {_reason(exc)}.", folder) from exc
    atomicfile.clean_stale_temporaries(folder, file_lock.pid_alive)
    target = folder / backup_name(project_path, now, label)
    copy_database(source if source is not None else Path(project_path), target)
    rotate(folder, now)
    return target


def _make_dirs_durably(folder: Path) -> None:
    """``mkdir -p``, fsyncing the parent of each folder made, so that a power cut cannot lose a backup's folder."""
    missing = []
    for level in (folder, *folder.parents):
        if level.is_dir():
            break
        missing.append(level)
    for level in reversed(missing):
        level.mkdir(exist_ok=True)
        atomicfile.fsync_dir(level.parent)


def keep(created: Iterable[datetime], now: datetime | None = None) -> set[datetime]:
    """The backup times a rotation keeps: recent, daily and weekly copies.

    The ``KEEP_RECENT`` newest; the newest of each of the ``KEEP_DAILY`` most recent
    days with backups; the newest of each of the ``KEEP_WEEKLY`` most recent ISO
    weeks with backups. Backups dated in the future (a clock that was wrong) are kept.
    """
    now = now or datetime.now(UTC)
    ordered = sorted(set(created), reverse=True)
    kept = set(ordered[:KEEP_RECENT]) | {c for c in ordered if c > now}
    days: dict[object, datetime] = {}
    weeks: dict[object, datetime] = {}
    for c in ordered:
        day = c.astimezone(UTC).date()
        if day not in days and len(days) < KEEP_DAILY:
            days[day] = c
        week = tuple(day.isocalendar())[:2]
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks[week] = c
    return kept | set(days.values()) | set(weeks.values())


def _parse(path: Path) -> tuple[datetime, str] | None:
    m = _NAME.match(path.name)
    if not m:
        return None
    created = datetime.fromisoformat(m["stamp"]).astimezone(UTC)  # _STAMP's form (strptime: ~8 ms at every start)
    return created, m["label"] or ""


def _files(folder: Path) -> list[tuple[datetime, str, Path]]:
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    out = []
    for path in entries:
        parsed = _parse(path)
        if parsed and path.is_file():
            out.append((parsed[0], parsed[1], path))
    return sorted(out, key=lambda t: (t[0], t[2].name), reverse=True)


def rotate(folder: Path, now: datetime | None = None) -> list[Path]:
    """Delete the backups in ``folder`` that ``keep`` does not keep; returns the deleted files."""
    files = _files(folder)
    kept = keep([c for c, _, _ in files], now)
    deleted = []
    for created, _label, path in files:
        if created not in kept:
            with contextlib.suppress(OSError):
                path.unlink()
                deleted.append(path)
    if deleted:
        atomicfile.fsync_dir(Path(folder))
    return deleted


def inspect(path: Path) -> BackupInfo:
    """Date, size and counts of documents and claims of one backup file."""
    path = Path(path)
    parsed = _parse(path)
    created, label = parsed if parsed else (datetime.fromtimestamp(path.stat().st_mtime, UTC), "")
    size = path.stat().st_size
    try:
        check_header(path)
        conn = _connect(path, read_only=True)
        try:
            db = Database(conn, execute_plugins=False)
            errors = schema_errors(db, path, allow_newer=True)
            if errors:
                return BackupInfo(path, created, label, size, problem=str(errors[0]))
            damage = content_problems(db, budget_s=INSPECT_BUDGET_S)
            if damage:
                return BackupInfo(path, created, label, size, problem=f"{path.name} is damaged: {damage[0]}")
            docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        finally:
            conn.close()
    except (ProjectError, sqlite3.Error) as exc:
        return BackupInfo(path, created, label, size, problem=str(exc))
    return BackupInfo(path, created, label, size, int(docs), int(claims))


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in one project's folder, newest first."""
    return [inspect(path) for _c, _l, path in _files(folder)]


def list_folders(root: Path) -> list[Path]:
    """Every project's backup folder under ``root``."""
    try:
        return sorted(p for p in Path(root).iterdir() if p.is_dir())
    except OSError:
        return []


def newest_time(folder: Path) -> datetime | None:
    files = _files(folder)
    return files[0][0] if files else None


def verify(path: Path) -> None:
    """Raise a ProjectError subclass unless ``path`` is a sound project file (header, schema, quick_check)."""
    path = Path(path)
    check_header(path)
    conn = None
    try:
        conn = _connect(path, read_only=True)
        db = Database(conn, execute_plugins=False)
        errors = schema_errors(db, path, allow_newer=True)
        if errors:
            raise errors[0]
        problems = integrity_problems(db)
        if problems:
            raise DamagedProject(f"{path.name} is damaged: {problems[0]}", path)
    except sqlite3.DatabaseError as exc:
        raise DamagedProject(f"{path.name} is damaged and cannot be read ({exc}).", path) from exc
    finally:
        if conn is not None:
            conn.close()


def restore(backup: Path, target: Path) -> None:
    """Write a backup's content to ``target``, a new file (never overwrites).

    Raises:
        ProjectError: ``target`` exists, or the backup is damaged (then nothing is written).
    """
    target = Path(target)
    if target.exists() or Path(f"{target}-wal").exists():
        raise ProjectError(f"{target.name} already exists: choose a new name to restore to "
                           "(a backup never overwrites a file).", target)
    verify(Path(backup))
    copy_database(Path(backup), target)


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged project (and its -wal/-shm) to ``<name>.damaged-<time>``; nothing is deleted."""
    path = Path(path)
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    try:
        os.replace(path, aside)
        for suffix in ("-wal", "-shm"):
            companion = Path(f"{path}{suffix}")
            if companion.exists():
                os.replace(companion, Path(f"{aside}{suffix}"))
    except OSError as exc:
        raise ProjectError(f"{path.name} could not be moved aside — {_reason(exc)}.", path) from exc
    atomicfile.fsync_dir(path.parent)
    return aside
