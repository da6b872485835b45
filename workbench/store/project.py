"""Opening, creating and checking a project file (``*.fcw``).

A project file is untrusted input: it may come from someone else. Before any
table is read it is checked: SQLite header, ``application_id``, schema version,
``quick_check`` and the allowed schema objects (no triggers or views of
unknown origin). The connection uses WAL with ``synchronous=FULL``,
``foreign_keys=ON`` and ``trusted_schema=OFF`` plus SQLite's other defences for
untrusted database files (``DBCONFIG_DEFENSIVE``, views disabled,
``cell_size_check``, no memory-mapped I/O, low trigger depth).

Opening is read-only until the file is proven sound: every check runs on a read
connection (``mode=ro``, never a checkpoint), so a refused file and its ``-wal``
are left byte for byte as they were; only then is it reopened for writing. A file
whose folder cannot be written is read without a ``-shm`` (``read_only_uri``).

Each refusal is its own ``ProjectError`` subclass (``NotAProject``,
``ForeignProject``, ``NewerSchema``, ``DamagedProject``, ``UnsafeSchema``,
``ProjectInUse``, ``ReadOnlyLocation``) so that the GUI can make the right offer.
A project opened for writing holds ``<project>.lock`` (see ``store.lock``).

The connection may be used from the GUI thread and from the worker thread; a
re-entrant lock serialises access (``Project.lock``). Every multi-step change
goes through ``Project.write()``, which holds the lock and ``db.atomic()``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlite_utils import Database

from workbench import atomicfile
from workbench.domain.model import new_id
from workbench.errors import (
    DamagedProject,
    ForeignProject,
    NewerSchema,
    NotAProject,
    ProjectError,
    ReadOnlyLocation,
    UnsafeSchema,
)
from workbench.store import changelog, history, migrations, oplog, search
from workbench.store import lock as file_lock

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
        owner_lock: the held ``<project>.lock`` (None when read-only); released by ``close()``.
        migrated_from: the schema version before an upgrade on open, else None.
        migration_backup: the backup made before that upgrade, if any.
    """

    def __init__(self, path: Path, db: Database, read_only: bool = False,
                 owner_lock: file_lock.ProjectLock | None = None) -> None:
        self.path = path
        self.db = db
        self.lock = threading.RLock()
        self.read_only = read_only
        self.owner_lock = owner_lock
        self.migrated_from: int | None = None
        self.migration_backup: Path | None = None
        self._closed = False
        self._local = threading.local()  # depth and last changeset are per thread
        if not read_only:
            changelog.install(db)

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """Hold the lock and a transaction; commit on success, roll back on error."""
        if self.read_only:
            raise ProjectError(f"{self.path.name} is open read-only: changes cannot be saved.")
        local = self._local
        with self.lock, _storage_errors(self.path, "saved"), self.db.atomic():
            local.depth = getattr(local, "depth", 0) + 1
            try:
                if local.depth == 1:
                    changelog.reset(self.db)
                    if getattr(local, "action", None) is not None:
                        local.history_mark = history.last_id(self.db)
                yield self.db
                if local.depth == 1:
                    local.changeset = changelog.collect(self.db)
                    search.sync(self.db, local.changeset)  # the full-text index follows every change
                    action = getattr(local, "action", None)
                    if action is not None:  # recorded inside the transaction: the log advances only on commit
                        oplog.append(self.db, action[0], action[1], local.changeset, origin=action[2])
                        history.set_step(self.db, local.history_mark, action[0])
            finally:
                local.depth -= 1

    @contextlib.contextmanager
    def logged(self, label: str, origin: str = "") -> Iterator[str]:
        """Record every transaction this thread commits inside the block in the operation log, as one user action
        named ``label`` (what Undo shows); yields the action's id. Nested blocks belong to the outer action."""
        local = self._local
        if getattr(local, "action", None) is not None:
            yield local.action[0]
            return
        local.action = (new_id(), label, origin)
        try:
            yield local.action[0]
        finally:
            local.action = None

    @contextlib.contextmanager
    def unlogged(self) -> Iterator[None]:
        """Writes inside the block are not user actions (undo and redo replaying the log)."""
        local = self._local
        saved, local.action = getattr(local, "action", None), None
        try:
            yield
        finally:
            local.action = saved

    @property
    def last_changeset(self) -> changelog.ChangeSet:
        """The row changes of this thread's last completed write (what undo replays)."""
        return getattr(self._local, "changeset", None) or changelog.ChangeSet(())

    @property
    def write_count(self) -> int:
        """Rows changed through this project's connection so far (SQLite's ``total_changes``): two equal readings
        mean that nothing was written in between."""
        return int(self.db.conn.total_changes)

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
            if self.owner_lock is not None:
                self.owner_lock.release()

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


def _nonempty(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def read_only_uri(path: Path, *, unshared: bool = False) -> str:
    """The URI of a read connection that never writes the project file or its ``-wal``.

    ``mode=ro`` reads the write-ahead log through the ``-shm`` index, which SQLite
    creates when the folder can be written. In a folder that cannot be written (a
    read-only share, a CD, another user's folder) there may be no ``-shm``: without a
    ``-wal`` nothing else can be writing, so the file is read as ``immutable`` (no
    locks, no ``-shm``); with a ``-wal`` and its ``-shm`` the log is read through
    them; a ``-wal`` without a ``-shm`` cannot be read there and is refused, naming
    what to do.

    ``unshared``: the caller holds the project's write lock (the checks before opening
    for writing), so without a ``-wal`` nobody is writing and the file is read as
    ``immutable`` too: checking a file then creates nothing beside it.
    """
    path = Path(path)
    uri = path.resolve().as_uri()
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if unshared and not _nonempty(wal):
        return f"{uri}?mode=ro&immutable=1"
    if os.access(path.parent, os.W_OK):
        return f"{uri}?mode=ro"
    if not _nonempty(wal):
        return f"{uri}?mode=ro&immutable=1"
    if shm.exists():
        return f"{uri}?mode=ro"
    raise ProjectError(f"{path.name}: its latest changes are in {wal.name}, which cannot be read in a folder that "
                       f"cannot be written ({path.parent}). Copy {path.name} and {wal.name} together to a folder "
                       "you can write to and open the copy there.", path)


def _connect(path: Path, read_only: bool, *, unshared: bool = False) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(read_only_uri(path, unshared=unshared), uri=True, check_same_thread=False)
        # a read connection never checkpoints, even when it is the last one to close
        with contextlib.suppress(AttributeError, sqlite3.Error):
            conn.setconfig(sqlite3.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, True)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False)
    harden(conn)
    if read_only:
        conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def harden(conn: sqlite3.Connection) -> None:
    """SQLite's defences for a database file that may come from someone else.

    See https://www.sqlite.org/security.html ("defense against the dark arts"):
    defensive mode (no writable_schema, no shadow-table writes), untrusted schema
    (SQL functions with side effects cannot run from triggers, views, defaults,
    CHECK constraints or indexes of the file), views disabled (a project has none),
    a low trigger recursion depth, ``cell_size_check`` (catch corrupt b-tree pages
    before using them) and no memory-mapped I/O (a damaged file cannot fault the
    process through a mapping).
    """
    for option, value in (("SQLITE_DBCONFIG_DEFENSIVE", True), ("SQLITE_DBCONFIG_TRUSTED_SCHEMA", False),
                          ("SQLITE_DBCONFIG_ENABLE_VIEW", False), ("SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION", False)):
        with contextlib.suppress(AttributeError, sqlite3.Error):
            conn.setconfig(getattr(sqlite3, option), value)
    with contextlib.suppress(AttributeError, sqlite3.Error):
        conn.setlimit(sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH, 10)
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    conn.execute("PRAGMA mmap_size = 0")


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
        owner = file_lock.acquire(path)
    except ReadOnlyLocation as exc:
        raise ProjectError(f"{path}: cannot create the project file (the folder is read-only).", path) from exc
    try:
        conn = _connect(path, read_only=False)
        db = Database(conn, execute_plugins=False)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        _pragmas_for_writing(db)
        migrations.apply(db)
        atomicfile.fsync_dir(path.parent)  # the new file's name survives a power cut (SQLite syncs its content)
    except (sqlite3.Error, OSError) as exc:
        owner.release()
        with contextlib.suppress(OSError):
            path.unlink()
        raise ProjectError(f"{path}: cannot create the project file ({exc}).") from exc
    return Project(path, db, owner_lock=owner)


def check_header(path: Path) -> None:
    """Raise ProjectError unless ``path`` is a readable SQLite file."""
    if not path.exists():
        raise ProjectError(f"{path}: no such project file.")
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file.")
    if not path.is_file():  # a FIFO or a device would block or never end
        raise NotAProject(f"{path.name} is not a Fact-Check Workbench project (not a regular file).", path)
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise ProjectError(f"{path}: cannot be read ({exc.strerror}).") from exc
    if header != SQLITE_HEADER:
        what = "it is empty" if not header else "not an SQLite file"
        raise NotAProject(f"{path.name} is not a Fact-Check Workbench project ({what}).", path)
    truncated = _truncation(path)
    if truncated:
        raise DamagedProject(f"{path.name} is damaged (truncated: {truncated}).", path)


def _truncation(path: Path) -> str:
    """Why an SQLite file is cut short, or "" (SQLite itself would read the rest as an empty database).

    The 100-byte header records the page size and, when valid, the number of pages.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
        size = path.stat().st_size
    except OSError:
        return ""
    if len(head) < 100:
        return f"{size} bytes, shorter than the 100-byte SQLite header"
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return ""  # not a page size SQLite would write: let SQLite report it
    if size < page_size:
        return f"{size} bytes, shorter than its first page of {page_size} bytes"
    pages = int.from_bytes(head[28:32], "big")
    header_valid = head[24:28] == head[92:96]  # the page count is valid when "version valid for" matches
    journals = (Path(f"{path}-wal"), Path(f"{path}-journal"))  # a log still to apply may hold the rest
    if header_valid and pages and size < pages * page_size and not any(map(_nonempty, journals)):
        return f"{size} bytes instead of the {pages * page_size} its header records"
    return ""


def schema_errors(db: Database, path: Path, allow_newer: bool = False) -> list[ProjectError]:
    """The problems that make ``db`` foreign, newer, unsafe or damaged, each as its ProjectError subclass."""
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    if app_id != APPLICATION_ID:
        return [ForeignProject(
            f"{path.name} is an SQLite file of another application (application id {app_id:#x}).", path)]
    problems: list[ProjectError] = []
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > migrations.SCHEMA_VERSION and not allow_newer:
        problems.append(NewerSchema(
            f"{path.name} was made by a newer version of Fact-Check Workbench "
            f"(schema {version}, this version reads up to {migrations.SCHEMA_VERSION}).", path))
    # read as bytes: damage inside the schema must not surface as a decoding error (it is refused as unexpected)
    for raw in db.execute("SELECT CAST(type AS BLOB), CAST(name AS BLOB), CAST(sql AS BLOB) FROM sqlite_master"):
        type_, name, sql = (bytes(v).decode("utf-8", "replace") if v is not None else "" for v in raw)
        if type_ not in _ALLOWED_TYPES:
            problems.append(UnsafeSchema(
                f"{path.name} contains an unexpected {type_} '{name}', which is not allowed.", path))
        elif _is_virtual(sql) and _squash(sql) != _squash(migrations.VIRTUAL_TABLES.get(name, "")):
            # only the search index, exactly as 0004_search makes it: a virtual table runs a module's code
            problems.append(UnsafeSchema(
                f"{path.name} contains an unexpected virtual table '{name}', which is not allowed.", path))
    expected = migrations.TABLES_AT.get(version, migrations.TABLES if version > migrations.SCHEMA_VERSION else None)
    if expected:
        missing = sorted(expected - set(db.table_names()))
        if missing:
            problems.append(DamagedProject(f"{path.name} is damaged: it lacks the table(s) {', '.join(missing)}.",
                                           path))
    return problems


def _is_virtual(sql: str | None) -> bool:
    return bool(sql) and " ".join(str(sql).split()[:2]).upper() == "CREATE VIRTUAL"


def _squash(sql: str) -> str:
    return " ".join(sql.split())


def check_schema(db: Database, path: Path) -> list[str]:
    """Return the problems that make ``db`` unsafe or foreign (empty list when sound)."""
    return [str(e) for e in schema_errors(db, path)]


# When one file has several problems, the offer follows the most serious kind.
_SEVERITY: tuple[type[ProjectError], ...] = (ForeignProject, UnsafeSchema, NewerSchema, DamagedProject)


def _combined(problems: list[ProjectError], path: Path) -> ProjectError:
    kind = next(k for k in _SEVERITY if any(isinstance(p, k) for p in problems))
    return kind("\n".join(str(p) for p in problems), path)


def _location_writable(path: Path) -> bool:
    """Whether the project file and its folder can be written (for -wal, -shm and the lock file)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def integrity_problems(db: Database, full: bool = False) -> list[str]:
    """Run quick_check (or integrity_check) and foreign_key_check."""
    pragma = "integrity_check" if full else "quick_check"
    rows = [r[0] for r in db.execute(f"PRAGMA {pragma}").fetchall()]
    problems = [] if rows == ["ok"] else [f"{pragma}: {r}" for r in rows]
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(f"foreign key: row {rowid} of {table} points to a missing {parent}")
    return problems


CONTENT_CHECK_BUDGET_S = 0.25
_ENOUGH = 3  # damage found: the message names a few, not every row


def content_problems(db: Database, budget_s: float | None = CONTENT_CHECK_BUDGET_S,
                     clock: Callable[[], float] = time.monotonic) -> list[str]:
    """Damage inside rows that ``quick_check`` cannot see: originals against their SHA-256, quotes against texts.

    Documents are visited in random order until ``budget_s`` seconds have passed
    (all of them when ``budget_s`` is None), so that opening stays quick however big
    the project is, and successive opens look at different documents.
    """
    deadline = None if budget_s is None else clock() + budget_s
    problems: list[str] = []
    try:
        ids = [r[0] for r in db.execute("SELECT rowid FROM documents ORDER BY random()").fetchall()]
    except sqlite3.OperationalError:  # no documents table: schema_errors reports it
        return problems
    for rowid in ids:
        if (deadline is not None and clock() > deadline) or len(problems) >= _ENOUGH:
            break
        try:
            row = db.execute("SELECT id, CAST(title AS BLOB), sha256, original, text FROM documents WHERE rowid = ?",
                             [rowid]).fetchone()
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            problems.append(f"document row {rowid} cannot be read ({str(exc)[:80]})")
            continue
        if row is None:
            continue
        doc_id, raw_title, sha, original, text = row
        title = bytes(raw_title or b"").decode("utf-8", "replace") or doc_id
        if hashlib.sha256(bytes(original or b"")).hexdigest() != sha:
            problems.append(f"the original of “{title}” no longer matches its SHA-256")
        problems += _passage_problems(db, doc_id, title, text or "")
    return problems


def _passage_problems(db: Database, doc_id: str, title: str, text: str) -> list[str]:
    try:
        rows = db.execute('SELECT id, start, "end", exact, orphan FROM passages WHERE document_id = ?',
                          [doc_id]).fetchall()
    except (sqlite3.DatabaseError, UnicodeDecodeError):  # an old schema (no orphan column) or an unreadable row
        return []
    return [f"passage {pid[:8]} no longer matches its quote in “{title}”"
            for pid, start, end, exact, orphan in rows
            if not orphan and isinstance(start, int) and isinstance(end, int) and text[start:end] != exact]


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


BeforeMigrate = Callable[[Database, Path, int], Path | None]


def open_project(path: Path, read_only: bool = False, *, allow_newer: bool = False,
                 before_migrate: BeforeMigrate | None = None, check_content: bool = True) -> Project:
    """Open and check an existing project file, migrating an older schema.

    Args:
        path: the project file.
        read_only: open without writing anything (no lock, no migration).
        allow_newer: with ``read_only``, accept a schema made by a newer version.
        before_migrate: called as ``before_migrate(db, path, version)`` before an older
            schema is upgraded (to back the file up); returns the backup's path.
        check_content: spot-check rows within ``CONTENT_CHECK_BUDGET_S`` (``content_problems``);
            False for a caller that checks every row itself (``ops.project.check``).

    Raises:
        NotAProject, ForeignProject, NewerSchema, UnsafeSchema, DamagedProject,
        ProjectInUse, ReadOnlyLocation: each with a message naming the file and the reason.
        ProjectError: anything else (missing file, a folder…).
    """
    path = Path(path)
    check_header(path)
    owner: file_lock.ProjectLock | None = None
    if not read_only:
        if not _location_writable(path):
            raise ReadOnlyLocation(f"{path.name}: the file or its folder is read-only, so it is open read-only.",
                                   path)
        owner = file_lock.acquire(path)
    conn: sqlite3.Connection | None = None
    try:
        # Read-only until proven sound: the checks run on a read connection, which writes nothing (no
        # checkpoint, no journal change), so a refused file and its -wal stay exactly as they were.
        conn = _checked_connection(path, allow_newer=allow_newer and read_only, check_content=check_content,
                                   unshared=owner is not None)
        if read_only:
            project = Project(path, Database(conn, execute_plugins=False), read_only=True)
        else:
            conn.close()
            conn = _connect(path, read_only=False)
            project = _open_for_writing(Database(conn, execute_plugins=False), path, before_migrate, owner)
    except BaseException:
        if conn is not None:  # do not leave a refused file open (and locked on Windows)
            conn.close()
        if owner is not None:
            owner.release()
        raise
    return project


# Failures to open that are not the file's fault: say so rather than call it damaged.
_NOT_DAMAGE = ("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_PERM", "SQLITE_BUSY", "SQLITE_LOCKED")


def _checked_connection(path: Path, allow_newer: bool, check_content: bool = True,
                        unshared: bool = False) -> sqlite3.Connection:
    """A read connection to ``path`` after the checks of ``open_project`` passed; else the right ProjectError."""
    conn: sqlite3.Connection | None = None
    try:
        try:
            conn = _connect(path, read_only=True, unshared=unshared)
            db = Database(conn, execute_plugins=False)
            problems = schema_errors(db, path, allow_newer=allow_newer)
            if not problems:
                damage = integrity_problems(db)
                if not damage and check_content:  # rows are read only once the pages are known sound
                    damage = content_problems(db)
                problems = [DamagedProject(f"{path.name} is damaged: {p}", path) for p in damage]
        except UnicodeDecodeError as exc:  # SQLite quotes a damaged schema in its error message
            raise DamagedProject(f"{path.name} is damaged and cannot be opened (its schema is unreadable).",
                                 path) from exc
        except sqlite3.DatabaseError as exc:
            if str(getattr(exc, "sqlite_errorname", "")).startswith(_NOT_DAMAGE):
                raise ProjectError(f"{path.name} cannot be opened ({exc}).", path) from exc
            raise DamagedProject(f"{path.name} is damaged and cannot be opened ({exc}).", path) from exc
        if problems:
            raise _combined(problems, path)
    except BaseException:
        if conn is not None:
            conn.close()
        raise
    return conn


def _open_for_writing(db: Database, path: Path, before_migrate: BeforeMigrate | None,
                      owner: file_lock.ProjectLock | None) -> Project:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    backup: Path | None = None
    try:
        outdated = version < migrations.SCHEMA_VERSION or bool(migrations.migrations.pending(db))
        if outdated and before_migrate is not None:
            backup = before_migrate(db, path, version)
        _pragmas_for_writing(db)
        migrations.apply(db)
    except sqlite3.OperationalError as exc:
        raise ProjectError(f"{path.name} cannot be opened for writing ({exc}).", path) from exc
    project = Project(path, db, owner_lock=owner)
    if outdated:
        project.migrated_from = version
        project.migration_backup = backup
    return project


def open_or_create(path: Path) -> Project:
    path = Path(path)
    return open_project(path) if path.exists() else create_project(path)
