"""Opening, creating and checking a project file (``*.fcw``).

A project file is untrusted input: it may come from someone else. Before any
table is read it is checked: SQLite header, ``application_id``, schema version,
``quick_check`` and the allowed schema objects (no triggers or views of
unknown origin). The connection uses WAL with ``synchronous=FULL``,
``foreign_keys=ON`` and ``trusted_schema=OFF``.

The connection may be used from the GUI thread and from the worker thread; a
re-entrant lock serialises access (``Project.lock``). Every multi-step change
goes through ``Project.write()``, which holds the lock and ``db.atomic()``.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from workbench.errors import ProjectError
from workbench.store import changelog, migrations

APPLICATION_ID = 0x46435742  # "FCWB"
SQLITE_HEADER = b"SQLite format 3\x00"
PROJECT_SUFFIX = ".fcw"

_ALLOWED_TYPES = {"table", "index"}


class Project:
    """An open project file: the sqlite-utils database plus its lock.

    Attributes:
        path: the project file.
        db: the sqlite-utils Database. Only ``workbench.store`` touches it.
        lock: re-entrant lock serialising use of the connection across threads.
        read_only: True when opened read-only.
    """

    def __init__(self, path: Path, db: Database, read_only: bool = False) -> None:
        self.path = path
        self.db = db
        self.lock = threading.RLock()
        self.read_only = read_only
        self._closed = False
        self._depth = 0
        self.last_changeset = changelog.ChangeSet(())
        if not read_only:
            changelog.install(db)

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """Hold the lock and a transaction; commit on success, roll back on error."""
        if self.read_only:
            raise ProjectError(f"{self.path.name} is open read-only: changes cannot be saved.")
        with self.lock, _storage_errors(self.path, "saved"), self.db.atomic():
            self._depth += 1
            try:
                if self._depth == 1:
                    changelog.reset(self.db)
                yield self.db
                if self._depth == 1:
                    self.last_changeset = changelog.collect(self.db)
            finally:
                self._depth -= 1

    @contextlib.contextmanager
    def read(self) -> Iterator[Database]:
        """Hold the lock for a group of reads."""
        with self.lock, _storage_errors(self.path, "read"):
            yield self.db

    @property
    def name(self) -> str:
        return self.path.stem

    def close(self) -> None:
        if self._closed:
            return
        with self.lock:
            with contextlib.suppress(sqlite3.Error):
                if not self.read_only:
                    self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.db.close()
            self._closed = True

    @property
    def closed(self) -> bool:
        return self._closed


# SQLite result codes that are the storage's fault, not a bug: the user is told.
_STORAGE_ERRORS = {
    "SQLITE_BUSY": "the project is busy: another program is writing to it",
    "SQLITE_LOCKED": "the project is locked by another program",
    "SQLITE_FULL": "the disk is full",
    "SQLITE_READONLY": "the file or its folder is read-only",
    "SQLITE_IOERR": "the disk reported an input/output error",
    "SQLITE_CORRUPT": "the project file is damaged",
    "SQLITE_NOTADB": "the project file is damaged",
    "SQLITE_CANTOPEN": "the file can no longer be opened",
    "SQLITE_PERM": "permission denied",
}


@contextlib.contextmanager
def _storage_errors(path: Path, what: str) -> Iterator[None]:
    """Turn storage failures into a ProjectError (nothing was saved: the transaction rolled back)."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        name = getattr(exc, "sqlite_errorname", "") or ""
        reason = next((msg for code, msg in _STORAGE_ERRORS.items() if name.startswith(code)), None)
        if reason is None and "database is locked" in str(exc):
            reason = _STORAGE_ERRORS["SQLITE_LOCKED"]
        if reason is None:
            raise
        raise ProjectError(f"{path.name}: the change could not be {what} — {reason} ({exc}).") from exc


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False)
    # Defensive settings for a database file that may come from someone else.
    with contextlib.suppress(AttributeError, sqlite3.Error):
        conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)
    with contextlib.suppress(AttributeError, sqlite3.Error):
        conn.setconfig(sqlite3.SQLITE_DBCONFIG_TRUSTED_SCHEMA, False)
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def _pragmas_for_writing(db: Database) -> None:
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise ProjectError(f"cannot use write-ahead logging (journal mode is {mode})")
    db.execute("PRAGMA synchronous = FULL")


def create_project(path: Path) -> Project:
    """Create a new empty project file at ``path`` (which must not exist)."""
    path = Path(path)
    if path.exists():
        raise ProjectError(f"{path}: a file with this name already exists.")
    if not path.parent.is_dir():
        raise ProjectError(f"{path}: the folder {path.parent} does not exist.")
    try:
        conn = _connect(path, read_only=False)
        db = Database(conn)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        _pragmas_for_writing(db)
        migrations.apply(db)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            path.unlink()
        raise ProjectError(f"{path}: cannot create the project file ({exc}).") from exc
    return Project(path, db)


def check_header(path: Path) -> None:
    """Raise ProjectError unless ``path`` is a readable SQLite file."""
    if not path.exists():
        raise ProjectError(f"{path}: no such project file.")
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file.")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise ProjectError(f"{path}: cannot be read ({exc.strerror}).") from exc
    if header != SQLITE_HEADER:
        raise ProjectError(f"{path.name} is not a Fact-Check Workbench project (not an SQLite file).")


def check_schema(db: Database, path: Path) -> list[str]:
    """Return the problems that make ``db`` unsafe or foreign (empty list when sound)."""
    problems: list[str] = []
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    if app_id != APPLICATION_ID:
        return [f"{path.name} is an SQLite file of another application (application id {app_id:#x})."]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > migrations.SCHEMA_VERSION:
        problems.append(
            f"{path.name} was made by a newer version of Fact-Check Workbench "
            f"(schema {version}, this version reads up to {migrations.SCHEMA_VERSION})."
        )
    for type_, name in db.execute("SELECT type, name FROM sqlite_master"):
        if type_ not in _ALLOWED_TYPES:
            problems.append(f"{path.name} contains an unexpected {type_} '{name}', which is not allowed.")
    if version in migrations.TABLES_AT:
        missing = sorted(migrations.TABLES_AT[version] - set(db.table_names()))
        if missing:
            problems.append(f"{path.name} is damaged: it lacks the table(s) {', '.join(missing)}.")
    return problems


def integrity_problems(db: Database, full: bool = False) -> list[str]:
    """Run quick_check (or integrity_check) and foreign_key_check."""
    pragma = "integrity_check" if full else "quick_check"
    rows = [r[0] for r in db.execute(f"PRAGMA {pragma}").fetchall()]
    problems = [] if rows == ["ok"] else [f"{pragma}: {r}" for r in rows]
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"foreign key: row {rowid} of {table} points to a missing {parent}")
    return problems


@contextlib.contextmanager
def damage_as_error(path: Path) -> Iterator[None]:
    """Turn an SQLite error met while reading a damaged file into a ProjectError naming it.

    Damage that ``quick_check`` does not see (bytes overwritten inside a row) shows
    up only when the row is read, e.g. as text that is not UTF-8.
    """
    try:
        yield
    except sqlite3.DatabaseError as exc:
        # SQLite may quote the whole damaged value in its message: keep the start of it.
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if len(detail) > 100:
            detail = detail[:99] + "…"
        raise ProjectError(f"{Path(path).name} is damaged ({detail}).") from exc


def open_project(path: Path, read_only: bool = False) -> Project:
    """Open and check an existing project file, migrating an older schema."""
    path = Path(path)
    check_header(path)
    conn: sqlite3.Connection | None = None
    try:
        conn = _connect(path, read_only=read_only)
        db = Database(conn)
        problems = check_schema(db, path)
        if not problems:
            problems = [f"{path.name} is damaged: {p}" for p in integrity_problems(db)]
    except sqlite3.DatabaseError as exc:
        if conn is not None:  # do not leave the damaged file open (and locked on Windows)
            conn.close()
        raise ProjectError(f"{path.name} is damaged and cannot be opened ({exc}).") from exc
    if problems:
        db.close()
        raise ProjectError("\n".join(problems))
    if not read_only:
        try:
            _pragmas_for_writing(db)
            migrations.apply(db)
        except sqlite3.OperationalError as exc:
            db.close()
            raise ProjectError(f"{path.name} cannot be opened for writing ({exc}).") from exc
    return Project(path, db, read_only=read_only)


def open_or_create(path: Path) -> Project:
    path = Path(path)
    return open_project(path) if path.exists() else create_project(path)
