"""One writer per project: the lock file, second openers, stale locks, read-only locations."""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.domain.model import utc_now
from workbench.errors import ProjectInUse, ReadOnlyLocation
from workbench.store import lock as file_lock
from workbench.store import project as store_project
from workbench.store.project import create_project, open_project

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "case.fcw"
    create_project(path).close()
    return path


def hold_lock_in_child(path: Path) -> subprocess.Popen[str]:
    """Another process that opens the project for writing and keeps it open until killed."""
    code = ("import sys, time; from workbench.store.project import open_project; "
            f"p = open_project({str(path)!r}); print('held', flush=True); time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "held"
    return child


def test_open_writes_the_lock_and_close_removes_it(saved: Path) -> None:
    project = open_project(saved)
    lock = file_lock.lock_path(saved)
    assert lock.name == "case.fcw.lock"
    info = json.loads(lock.read_text())
    assert info["pid"] == os.getpid()
    assert info["host"] == socket.gethostname()
    assert info["user"] and info["time"].endswith("Z")
    project.close()
    assert not lock.exists()


def test_create_holds_the_lock_too(tmp_path: Path) -> None:
    project = create_project(tmp_path / "new.fcw")
    assert file_lock.read_info(tmp_path / "new.fcw").pid == os.getpid()  # type: ignore[union-attr]
    with pytest.raises(ProjectInUse):
        open_project(tmp_path / "new.fcw")
    project.close()
    assert file_lock.read_info(tmp_path / "new.fcw") is None


def test_a_second_open_in_the_same_process_is_told_and_may_read(saved: Path) -> None:
    first = open_project(saved)
    try:
        with pytest.raises(ProjectInUse) as info:
            open_project(saved)
        message = str(info.value)
        assert "case.fcw is already open for writing by" in message
        assert f"process {os.getpid()}" in message
        assert "read-only" in message
        reader = open_project(saved, read_only=True)  # read-only needs no lock
        assert reader.read_only
        reader.close()
    finally:
        first.close()
    open_project(saved).close()  # free again


def test_another_live_process_holds_the_lock(saved: Path) -> None:
    child = hold_lock_in_child(saved)
    try:
        with pytest.raises(ProjectInUse) as info:
            open_project(saved)
        assert f"process {child.pid}" in str(info.value)
        assert info.value.holder.startswith(file_lock.read_info(saved).user)  # type: ignore[union-attr]
    finally:
        child.kill()
        child.communicate()  # waits and closes its stdout pipe
    # the kernel released the dead child's flock; its lock file is stale and taken over
    project = open_project(saved)
    assert file_lock.read_info(saved).pid == os.getpid()  # type: ignore[union-attr]
    project.close()


def _write_lock(path: Path, **fields: object) -> None:
    info = {"pid": 1, "host": socket.gethostname(), "user": "someone", "time": "2017-12-09T10:00:00Z", **fields}
    file_lock.lock_path(path).write_text(json.dumps(info))


def test_a_stale_lock_of_a_dead_process_is_taken_over(saved: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    _write_lock(saved, pid=dead.pid)
    project = open_project(saved)
    assert file_lock.read_info(saved).pid == os.getpid()  # type: ignore[union-attr]
    project.close()


def test_a_lock_naming_a_live_process_without_flock_is_respected(saved: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    def no_flock(_fd: int, _op: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")  # a file system without flock: the pid is all there is

    monkeypatch.setattr(file_lock.fcntl, "flock", no_flock)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _write_lock(saved, pid=sleeper.pid, started=file_lock._start_time(sleeper.pid), time=utc_now())
        with pytest.raises(ProjectInUse, match=f"process {sleeper.pid}"):
            open_project(saved)
        # a recycled pid (another start time) is not the holder
        _write_lock(saved, pid=sleeper.pid, started="1")
        open_project(saved).close()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_lock_from_another_computer_is_respected_with_advice(saved: Path) -> None:
    _write_lock(saved, pid=os.getpid(), host="newsroom-laptop-7", user="rasha")
    with pytest.raises(ProjectInUse) as info:
        open_project(saved)
    message = str(info.value)
    assert "rasha on newsroom-laptop-7" in message
    assert "delete case.fcw.lock" in message


def test_a_garbled_lock_file_is_stale(saved: Path) -> None:
    file_lock.lock_path(saved).write_bytes(b"\x00\xffnot json")
    open_project(saved).close()


def test_release_is_idempotent_and_keeps_a_newer_lock(saved: Path) -> None:
    held = file_lock.acquire(saved)
    held.release()
    held.release()
    assert not held.held
    again = file_lock.acquire(saved)
    held.release()  # the old handle must not remove the new lock
    assert file_lock.lock_path(saved).exists()
    again.release()


def test_read_only_location_is_detected_before_locking(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_project, "_location_writable", lambda _p: False)
    with pytest.raises(ReadOnlyLocation, match=r"case\.fcw: the file or its folder is read-only"):
        open_project(saved)
    assert not file_lock.lock_path(saved).exists()
    project = open_project(saved, read_only=True)
    assert project.read_only
    project.close()


def test_a_lock_file_that_cannot_be_created_means_read_only(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refuse(path, flags, *args):  # type: ignore[no-untyped-def]
        if str(path).endswith(".lock"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ReadOnlyLocation, match="only be opened read-only"):
        open_project(saved)


def test_pid_alive() -> None:
    assert file_lock.pid_alive(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # reaped: its pid is free at once
    assert not file_lock.pid_alive(child.pid)
    assert not file_lock.pid_alive(0)


def test_a_planted_link_as_lock_file_is_never_followed(saved: Path, tmp_path: Path) -> None:
    victim = tmp_path / "important.txt"
    victim.write_text("do not overwrite")
    file_lock.lock_path(saved).symlink_to(victim)
    with pytest.raises(ReadOnlyLocation, match="not a plain file"):
        open_project(saved)
    assert victim.read_text() == "do not overwrite"
    file_lock.lock_path(saved).unlink()
    os.mkfifo(file_lock.lock_path(saved))
    with pytest.raises(ReadOnlyLocation, match="not a plain file"):
        open_project(saved)
