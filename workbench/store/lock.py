"""One writer per project: a lock file ``<project>.lock`` beside the project file.

The lock file holds who has the project open for writing (process id, host,
user, time, and on Linux the process start time, so that a recycled pid is not
mistaken for the holder). On POSIX systems the open lock file is also held with
``flock``: the kernel releases it when the process dies, however it dies.

A lock of this host is stale, and is taken over, when ``flock`` is free (every
holder on this host holds it while it lives, so a free ``flock`` means the holder
is gone, whatever process now has its pid), or, where ``flock`` is not available,
when its process is no longer running or started after the lock was written (a
recycled pid). A lock from another host cannot be checked and is respected: the
user is told who holds it, which file to delete once it is safe, and may open the
project read-only.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import platform
import stat
import sys
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from workbench.domain.model import utc_now
from workbench.errors import ProjectError, ProjectInUse, ReadOnlyLocation

try:
    import fcntl
except ImportError:  # Windows: the pid in the file is all there is
    fcntl = None  # type: ignore[assignment]

LOCK_SUFFIX = ".lock"
_READ_ONLY_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}


@dataclass(frozen=True, slots=True)
class LockInfo:
    """Who holds a project open for writing."""

    pid: int
    host: str
    user: str
    time: str
    started: str = ""

    def describe(self) -> str:
        who = self.user or "someone"
        return f"{who} on {self.host or 'an unknown computer'} (process {self.pid}, since {self.time})"


def lock_path(project_path: Path) -> Path:
    """``/folder/case.fcw`` → ``/folder/case.fcw.lock``."""
    return Path(project_path).with_name(Path(project_path).name + LOCK_SUFFIX)


def _host() -> str:
    """The computer's name, as ``socket.gethostname()`` gives it (``uname``'s node name; on Windows Python asks
    the socket library itself), without importing ``socket`` and ``selectors`` at every start (~2 ms)."""
    return platform.node()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or password database
        return ""


def _start_time(pid: int) -> str:
    """The process start time in clock ticks since boot (Linux), else ""."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else ""


def _started_after(pid: int, when: str) -> bool:
    """Whether process ``pid`` started after the ISO-8601 time ``when`` (Linux; False when unknown)."""
    ticks = _start_time(pid)
    try:
        boot = next(float(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime "))
        hz = os.sysconf("SC_CLK_TCK")
        locked = datetime.fromisoformat(when.replace("Z", "+00:00")).timestamp()
    except (OSError, ValueError, StopIteration, AttributeError):
        return False
    if not ticks.isdigit() or hz <= 0:
        return False
    return boot + int(ticks) / hz > locked + 1  # a second's slack for clock rounding


def _zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2 :].startswith(("Z", "X"))


def pid_alive(pid: int) -> bool:
    """Tell whether process ``pid`` is running on this host."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill would terminate the process there
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(pid)


def _parse(raw: bytes) -> LockInfo | None:
    try:
        data = json.loads(raw.decode("utf-8"))
        return LockInfo(pid=int(data["pid"]), host=str(data["host"]), user=str(data.get("user", "")),
                        time=str(data.get("time", "")), started=str(data.get("started", "")))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def read_info(project_path: Path) -> LockInfo | None:
    """The holder recorded in the lock file, or None (no lock file, or unreadable, or not a plain file)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(lock_path(project_path), flags)
    except OSError:
        return None
    try:
        return _read_fd(fd) if stat.S_ISREG(os.fstat(fd).st_mode) else None
    finally:
        os.close(fd)


def _read_fd(fd: int) -> LockInfo | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return _parse(os.read(fd, 4096))
    except OSError:
        return None


def _held_by_someone_else(info: LockInfo, have_flock: bool) -> bool:
    if info.host != _host():
        return True  # cannot check a process on another computer
    if have_flock:
        # Every holder on this host holds the flock while it lives (a second window of this process too):
        # the flock was free, so the holder is gone, whichever process now has its pid.
        return False
    if info.pid == os.getpid():
        return True  # no flock here: another window of this process holds it
    if not pid_alive(info.pid):
        return False
    if info.started and _start_time(info.pid) and info.started != _start_time(info.pid):
        return False  # the pid was recycled: another process
    return not (info.time and _started_after(info.pid, info.time))


def _in_use(project_path: Path, info: LockInfo | None, live: bool = False) -> ProjectInUse:
    """``live``: the holder is known to be running (it holds the flock): deleting the lock is never safe."""
    holder = info.describe() if info else "another program"
    name = Path(project_path).name
    lock = lock_path(project_path)
    if live:
        hint = " Close it there first; its lock is released when that program ends."
    elif info is not None and info.host != _host():
        hint = (f" If that computer no longer has it open, delete {lock.name} "
                f"beside the project ({lock}) and open it again.")
    else:
        hint = (f" If no Fact-Check Workbench on this computer has it open (process {info.pid if info else '?'} "
                f"is not one), it is safe to delete {lock.name} beside the project ({lock}) and open it again.")
    return ProjectInUse(f"{name} is already open for writing by {holder}. You can open it read-only.{hint}",
                        Path(project_path), holder)


def _not_a_lock_file(project_path: Path) -> ReadOnlyLocation:
    return ReadOnlyLocation(f"{Path(project_path).name}: {lock_path(project_path).name} beside it is not a plain "
                            "file (a link or a device), so the project is opened read-only.", Path(project_path))


class ProjectLock:
    """A held lock; ``release()`` removes the lock file (idempotent)."""

    def __init__(self, project_path: Path, fd: int, info: LockInfo) -> None:
        self.project_path = Path(project_path)
        self.path = lock_path(project_path)
        self.info = info
        self._fd: int | None = fd
        self._ino = os.fstat(fd).st_ino

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            with contextlib.suppress(OSError):
                if os.stat(self.path).st_ino == self._ino:
                    self.path.unlink()
        finally:
            os.close(fd)  # releases flock

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.release()


def acquire(project_path: Path) -> ProjectLock:
    """Take the write lock of ``project_path``.

    Raises:
        ProjectInUse: another live process (or window of this one) holds it.
        ReadOnlyLocation: the lock file cannot be created (read-only folder or file system).
    """
    path = lock_path(project_path)
    for _attempt in range(10):
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(path, flags, 0o644)
        except OSError as exc:
            if exc.errno in _READ_ONLY_ERRNOS:
                raise ReadOnlyLocation(
                    f"{Path(project_path).name}: its folder cannot be written ({exc.strerror}), "
                    "so it can only be opened read-only.", Path(project_path)) from exc
            if exc.errno == errno.ELOOP:  # a planted link would make us overwrite what it points to
                raise _not_a_lock_file(project_path) from exc
            if exc.errno == errno.EISDIR:
                raise ReadOnlyLocation(
                    f"{Path(project_path).name}: its lock file {path} is a folder, so the project can only be "
                    f"opened read-only. If that folder is not yours, delete it and open the project again.",
                    Path(project_path)) from exc
            raise ProjectError(f"{Path(project_path).name}: its lock file {path} cannot be created "
                               f"({exc.strerror or exc}).", Path(project_path)) from exc
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise _not_a_lock_file(project_path)
        try:
            have_flock = False
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    have_flock = True
                except BlockingIOError:
                    raise _in_use(project_path, _read_fd(fd), live=True) from None
                except OSError:  # a file system without flock (some network shares): rely on the pid
                    have_flock = False
            # The holder may have released (unlinked) the file between our open and our flock.
            try:
                current = os.stat(path)
            except FileNotFoundError:
                os.close(fd)
                continue
            if current.st_ino != os.fstat(fd).st_ino:
                os.close(fd)
                continue
            previous = _read_fd(fd)
            if previous is not None and _held_by_someone_else(previous, have_flock):
                raise _in_use(project_path, previous)
            info = LockInfo(pid=os.getpid(), host=_host(), user=_user(), time=utc_now(),
                            started=_start_time(os.getpid()))
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, json.dumps(asdict(info)).encode("utf-8"))
            os.fsync(fd)
            return ProjectLock(project_path, fd, info)
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(fd)
            raise
    raise _in_use(project_path, read_info(project_path))
