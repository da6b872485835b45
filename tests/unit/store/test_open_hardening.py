"""Opening a project, hardened (issue 10): read-only until proven sound, read-only folders, a refusal that
never writes, truncated files, damage inside rows, and lock files that are folders or stale."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.domain.model import utc_now
from workbench.errors import DamagedProject, ProjectError, ProjectInUse, ReadOnlyLocation
from workbench.store import lock as file_lock
from workbench.store import project as store_project
from workbench.store.project import create_project, open_project

TEXTS = ("Local sources said the bridge at Khasham was shelled overnight.",
         "According to the Amaq agency, the fighters withdrew from Mayadin.",
         "Pro-opposition media reported clashes near the river crossing.")


def filled(path: Path, texts: tuple[str, ...] = TEXTS) -> Path:
    """A sound, closed project with documents (real SHA-256) and one passage per document."""
    project = create_project(path)
    with project.write() as db:
        for i, text in enumerate(texts):
            original = text.encode("utf-8")
            db.table("documents").insert({"id": f"doc-{i}", "sha256": hashlib.sha256(original).hexdigest(),
                                    "original": original, "text": text, "title": f"Report {i}",
                                    "imported_at": "2017-12-09T00:00:00Z", "size": len(original)})
            db.table("passages").insert({"id": f"passage-{i}", "document_id": f"doc-{i}", "start": 0, "end": 5,
                                   "exact": text[:5], "created_at": "2017-12-09T00:00:00Z"})
    project.close()
    return path


def files(path: Path) -> dict[str, bytes]:
    """The bytes of the project file and its companions, by name."""
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir()) if p.name.startswith(path.name)}


# ----- item 2: a refusal never writes ------------------------------------------------------------------


def foreign_wal(path: Path, tmp_path: Path) -> None:
    """Put the -wal of another project beside ``path`` (its writer never checkpointed)."""
    other = tmp_path / "other" / "other.fcw"
    other.parent.mkdir()
    create_project(other).close()
    con = sqlite3.connect(other)
    con.setconfig(sqlite3.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, True)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("DROP TABLE settings")
    con.execute("CREATE TABLE intruder (x)")
    con.executemany("INSERT INTO intruder VALUES (?)", [(os.urandom(500),) for _ in range(50)])
    con.commit()
    con.close()
    wal = Path(f"{other}-wal")
    assert wal.stat().st_size > 0
    Path(f"{path}-wal").write_bytes(wal.read_bytes())


def test_refusing_a_project_with_a_foreign_wal_writes_nothing(tmp_path: Path) -> None:
    path = filled(tmp_path / "p.fcw")
    foreign_wal(path, tmp_path)
    before = {name: data for name, data in files(path).items() if not name.endswith("-shm")}
    with pytest.raises(ProjectError):
        open_project(path)
    after = {name: data for name, data in files(path).items() if not name.endswith(("-shm", ".lock"))}
    assert after == before  # the .fcw and its -wal are byte-identical; the -wal was not checkpointed or deleted


def test_a_sound_project_is_checked_on_a_read_connection_before_the_write_connection(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = filled(tmp_path / "p.fcw")
    opened: list[bool] = []
    real = store_project._connect

    def spy(p: Path, read_only: bool, **kwargs: bool) -> sqlite3.Connection:
        opened.append(read_only)
        return real(p, read_only, **kwargs)

    monkeypatch.setattr(store_project, "_connect", spy)
    open_project(path).close()
    assert opened == [True, False]


# ----- item 1: a project that cannot be written opens read-only ---------------------------------------


def test_the_read_connection_of_an_unwritable_folder_needs_no_shm(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = filled(tmp_path / "p.fcw")
    writable = {str(tmp_path): False}
    monkeypatch.setattr(store_project.os, "access", lambda p, _m: writable.get(str(p), True))
    assert store_project.read_only_uri(path).endswith("?mode=ro&immutable=1")  # no -wal: nothing else writes
    Path(f"{path}-wal").write_bytes(b"x" * 100)
    with pytest.raises(ProjectError, match=r"p\.fcw-wal.*Copy p\.fcw and p\.fcw-wal together"):
        store_project.read_only_uri(path)  # a -wal without its -shm cannot be read there
    Path(f"{path}-shm").write_bytes(b"")
    assert store_project.read_only_uri(path).endswith("?mode=ro")  # read through the existing -shm
    writable[str(tmp_path)] = True
    assert store_project.read_only_uri(path).endswith("?mode=ro")


def test_a_project_in_an_unwritable_folder_opens_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = filled(tmp_path / "p.fcw")
    monkeypatch.setattr(store_project.os, "access", lambda p, _m: str(p) not in (str(tmp_path), str(path)))
    with pytest.raises(ReadOnlyLocation, match="read-only"):
        open_project(path)
    project = open_project(path, read_only=True)
    try:
        assert project.read_only
        assert project.db.execute("SELECT count(*) FROM documents").fetchone()[0] == len(TEXTS)
    finally:
        project.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.fcw"]  # no -wal, -shm or lock was made


# ----- item 7: a truncated project is damaged, not foreign ---------------------------------------------


@pytest.mark.parametrize("size", [60, 99, 100, 2000, 8192])
def test_a_truncated_project_is_damaged_not_foreign(tmp_path: Path, size: int) -> None:
    path = filled(tmp_path / "p.fcw")
    with path.open("r+b") as fh:
        fh.truncate(size)
    with pytest.raises(DamagedProject, match=r"p\.fcw is damaged") as info:
        open_project(path)
    assert "another application" not in str(info.value)


# ----- item 8: damage inside rows is caught on open ----------------------------------------------------


def test_an_original_that_no_longer_matches_its_sha256_is_refused_on_open(tmp_path: Path) -> None:
    path = filled(tmp_path / "p.fcw")
    con = sqlite3.connect(path)
    con.execute("UPDATE documents SET original = CAST('Local sources said the bridge was NOT shelled.' AS BLOB) "
                "WHERE id = 'doc-1'")
    con.commit()
    con.close()
    with pytest.raises(DamagedProject, match="the original of “Report 1” no longer matches its SHA-256"):
        open_project(path)
    with pytest.raises(DamagedProject):
        open_project(path, read_only=True)


def test_a_text_that_no_longer_matches_its_passages_is_refused_on_open(tmp_path: Path) -> None:
    path = filled(tmp_path / "p.fcw")
    con = sqlite3.connect(path)
    con.execute("UPDATE documents SET text = 'XXXXX' || substr(text, 6) WHERE id = 'doc-2'")
    con.commit()
    con.close()
    with pytest.raises(DamagedProject, match="no longer matches its quote in “Report 2”"):
        open_project(path)


def test_the_content_check_stops_at_its_time_budget(tmp_path: Path) -> None:
    path = filled(tmp_path / "p.fcw")
    con = sqlite3.connect(path)
    con.execute("UPDATE documents SET original = CAST('tampered' AS BLOB)")  # every document is damaged
    con.commit()
    con.close()
    project = open_project(path, read_only=True, check_content=False)
    try:
        ticks = iter(range(100))
        clock = lambda: float(next(ticks))  # noqa: E731 - one second per call
        assert len(store_project.content_problems(project.db, budget_s=1.5, clock=clock)) < len(TEXTS)
        assert len(store_project.content_problems(project.db, budget_s=None)) == len(TEXTS)
    finally:
        project.close()


# ----- item 6: a lock path that is a folder ------------------------------------------------------------


def test_a_lock_path_that_is_a_folder_is_named_with_the_reason(tmp_path: Path) -> None:
    path = filled(tmp_path / "p.fcw")
    file_lock.lock_path(path).mkdir()
    with pytest.raises(ReadOnlyLocation) as info:
        open_project(path)
    message = str(info.value)
    assert str(file_lock.lock_path(path)) in message and "is a folder" in message
    open_project(path, read_only=True).close()  # it can still be read


# ----- item 11: stale locks and how to clear them -----------------------------------------------------


def write_lock(path: Path, **fields: object) -> None:
    info = {"pid": 1, "host": socket.gethostname(), "user": "someone", "time": utc_now(), **fields}
    file_lock.lock_path(path).write_text(json.dumps(info))


@pytest.fixture
def sleeper() -> object:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    yield child
    child.kill()
    child.wait()


def test_a_lock_of_a_live_pid_without_start_time_is_stale_when_its_flock_is_free(
        tmp_path: Path, sleeper: subprocess.Popen[bytes]) -> None:
    path = filled(tmp_path / "p.fcw")
    write_lock(path, pid=sleeper.pid)  # no "started": the old code respected it for as long as the pid lived
    project = open_project(path)
    assert file_lock.read_info(path).pid == os.getpid()  # type: ignore[union-attr]
    project.close()


def no_flock(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_fd: int, _op: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(file_lock.fcntl, "flock", refuse)


def test_without_flock_a_pid_that_started_after_the_lock_is_stale(
        tmp_path: Path, sleeper: subprocess.Popen[bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    path = filled(tmp_path / "p.fcw")
    no_flock(monkeypatch)
    write_lock(path, pid=sleeper.pid, time="2017-12-09T10:00:00Z")  # the pid was given to a newer process
    open_project(path).close()


def test_a_respected_lock_says_which_file_to_delete_and_when(
        tmp_path: Path, sleeper: subprocess.Popen[bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    path = filled(tmp_path / "p.fcw")
    no_flock(monkeypatch)
    write_lock(path, pid=sleeper.pid)
    with pytest.raises(ProjectInUse) as info:
        open_project(path)
    message = str(info.value)
    assert str(file_lock.lock_path(path)) in message
    assert f"process {sleeper.pid}" in message and "safe to delete p.fcw.lock" in message


def test_a_lock_held_by_a_running_program_says_to_close_it_there(tmp_path: Path) -> None:
    path = filled(tmp_path / "p.fcw")
    first = open_project(path)
    try:
        with pytest.raises(ProjectInUse) as info:
            open_project(path)
        assert "Close it there first" in str(info.value) and "delete" not in str(info.value)
    finally:
        first.close()
