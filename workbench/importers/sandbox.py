"""The import sandbox: every importer parses hostile input in a child process under one set of limits.

``run_import(data, name, limits)`` — what ``importers.import_bytes`` uses for every format (text,
Markdown, HTML, DOCX, PDF) — sends the file to a worker process (``importers.sandbox_worker``) and
waits for its answer. The limits are ``importers.base.Limits``, the same for every format:

* memory: the worker limits its address space to ``limits.memory_bytes`` (``RLIMIT_AS``); a file
  that needs more is refused ("is too large to import safely: reading it needed more than 1.5 GB
  of memory") and the worker is replaced;
* time: the app kills the worker when one file takes longer than ``limits.timeout_s`` (wall clock);
  the worker's own CPU limit (``RLIMIT_CPU``) is the same, as a backstop;
* output: an answer larger than ``limits.max_output_bytes`` is refused without being read, and
  the text kept is at most ``limits.max_text_chars``;
* files: the worker can write none (``RLIMIT_FSIZE`` = 0) and dumps no core.

On Windows and macOS without ``resource`` limits (the app ships as a Linux .deb) only the
wall-clock timeout and the output cap apply.

Workers are reused across files (starting Python and loading lxml, trafilatura and pdfium costs a
few tenths of a second); a worker that failed, hit a limit or was cancelled is killed and the next
file gets a fresh one. ``cancel`` (a ``threading.Event``) kills the worker within ``POLL_S`` and
raises ``ImportCancelled``. ``parse_json`` offers the same sandbox to readers of untrusted JSON
(project bundles).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from workbench import paths
from workbench.domain.model import DocumentMetadata, Segment, SegmentKind
from workbench.errors import ImportRejected
from workbench.importers.base import DEFAULT_LIMITS, ImportCancelled, ImportedDocument, Limits
from workbench.importers.sandbox_worker import EXIT_IDLE, memory_reason
from workbench.importers.text import human_size

IN_PROCESS = False  # tests that monkeypatch an importer set it: importers then run here, with no limits
POLL_S = 0.05  # how often a waiting import looks at its cancel event
MAX_IDLE_WORKERS = 2
# C code failing to allocate under RLIMIT_AS aborts (pdfium); the kernel's OOM killer sends SIGKILL
_SIGNALS_OF_MEMORY = {getattr(signal, "SIGABRT", -1), getattr(signal, "SIGKILL", -1)}
_SIGNALS_OF_TIME = {getattr(signal, "SIGXCPU", -1)}


class _WorkerDied(Exception):
    """The worker ended without answering; ``idle`` when it ended before it had the whole job (worth a retry)."""

    def __init__(self, returncode: int | None, idle: bool = False) -> None:
        super().__init__(returncode)
        self.returncode = returncode
        self.idle = idle


def worker_command() -> list[str]:
    """The worker process's command (``paths.child_command``: isolated ``python -I -c``, or the frozen app with
    ``--import-worker``)."""
    return paths.child_command("workbench.importers.sandbox_worker", "main", "--import-worker")


def worker_cwd() -> str:
    """The worker's current folder: this package's (a frozen bundle has no such folder: its own)."""
    return str(getattr(sys, "_MEIPASS", "")) if getattr(sys, "frozen", False) else os.path.dirname(__file__)


class _Worker:
    """One child process and its pipes."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=worker_cwd(),
                                     start_new_session=sys.platform != "win32")
        self.used = 0

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """Kill the process and reap it (never leaves a zombie or an open pipe)."""
        with contextlib.suppress(OSError):
            self.proc.kill()
        self.proc.wait()
        self.close_pipes()

    def close(self) -> None:
        """Ask an idle worker to exit (stdin closed), killing it if it does not within a second."""
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.wait(timeout=1.0)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
        self.close_pipes()

    def close_pipes(self) -> None:
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                if pipe:
                    pipe.close()
            except OSError:
                pass

    def send(self, header: dict[str, Any], data: bytes) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps(header, ensure_ascii=True).encode("ascii") + b"\n")
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except OSError:  # it died before reading the whole job (idle exit, killed from outside): not the file's doing
            code = self.proc.wait()
            raise _WorkerDied(code, idle=True) from None

    def receive(self, limits: Limits, deadline: float, cancel: threading.Event | None) -> bytes:
        """The answer's bytes; raises TimeoutError, ImportCancelled, OverflowError or _WorkerDied."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        buf = bytearray()
        need = 8
        header_done = False
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while len(buf) < need:
                if cancel is not None and cancel.is_set():
                    raise ImportCancelled
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                if not sel.select(min(POLL_S, left)):
                    continue
                chunk = os.read(fd, min(need - len(buf), 1 << 20))
                if not chunk:
                    code = self.proc.wait()
                    raise _WorkerDied(code, idle=code == EXIT_IDLE and not header_done and not buf)
                buf += chunk
                if not header_done and len(buf) >= 8:
                    size = int.from_bytes(buf[:8], "big")
                    if size > limits.max_output_bytes:
                        raise OverflowError(size)
                    del buf[:8]
                    need, header_done = size, True
        return bytes(buf)


class _Pool:
    """Idle workers, reused across files and threads; each job holds one worker alone."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.idle: list[_Worker] = []

    def take(self) -> _Worker:
        with self.lock:
            while self.idle:
                worker = self.idle.pop()
                if worker.alive():
                    return worker
                worker.kill()  # reap one that exited while idle
        return _Worker()

    def give_back(self, worker: _Worker) -> None:
        with self.lock:
            if worker.alive() and len(self.idle) < MAX_IDLE_WORKERS:
                self.idle.append(worker)
                return
        worker.close()

    def shutdown(self) -> None:
        """Close every idle worker (at exit, and in tests)."""
        with self.lock:
            workers, self.idle = self.idle, []
        for worker in workers:
            worker.close()


_POOL = _Pool()
atexit.register(_POOL.shutdown)


def shutdown() -> None:
    """Close the idle workers now (they also exit by themselves when idle or when the app exits)."""
    _POOL.shutdown()


def _limits_json(limits: Limits) -> dict[str, Any]:
    return {"max_bytes": limits.max_bytes, "max_text_chars": limits.max_text_chars, "timeout_s": limits.timeout_s,
            "memory_bytes": limits.memory_bytes, "max_output_bytes": limits.max_output_bytes}


def _died_reason(code: int | None, limits: Limits) -> str:
    if code is not None and -code in _SIGNALS_OF_MEMORY:
        return memory_reason(limits.memory_bytes)
    if code is not None and -code in _SIGNALS_OF_TIME:
        return f"is too large or too complex to import safely: reading it took more than {limits.timeout_s:g} s"
    return (f"could not be read: the import process stopped (exit status {code}); the file may be damaged or "
            "built to crash readers")


def _call(job: str, data: bytes, name: str, limits: Limits, cancel: threading.Event | None) -> dict[str, Any]:
    """Run one job in a worker: its JSON answer, or ImportRejected naming the file and the limit it hit."""
    header = {"job": job, "name": name, "size": len(data), "limits": _limits_json(limits)}
    if IN_PROCESS:
        if cancel is not None and cancel.is_set():
            raise ImportCancelled
        from workbench.importers.sandbox_worker import run_here

        return run_here(data, header)
    for attempt in range(2):  # a second time only when the worker had ended before it had the whole job
        if cancel is not None and cancel.is_set():
            raise ImportCancelled
        try:
            worker = _POOL.take()
        except OSError:
            raise ImportRejected(name, "could not be read: the import process could not be started") from None
        deadline = time.monotonic() + limits.timeout_s
        try:
            worker.send(header, data)
            body = worker.receive(limits, deadline, cancel)
        except _WorkerDied as died:
            worker.kill()
            if died.idle and attempt == 0:
                continue
            raise ImportRejected(name, _died_reason(died.returncode, limits)) from None
        except TimeoutError:
            worker.kill()
            raise ImportRejected(name, "is too large or too complex to import safely: reading it took more than "
                                       f"{limits.timeout_s:g} s (the limit)") from None
        except OverflowError as size:
            worker.kill()
            raise ImportRejected(name, "is too large to import safely: its text and structure would take "
                                       f"{human_size(int(size.args[0]))} (the limit is "
                                       f"{human_size(limits.max_output_bytes)})") from None
        except BaseException:  # ImportCancelled, KeyboardInterrupt, a bug: never leave a worker running
            worker.kill()
            raise
        try:
            answer = json.loads(body.decode("utf-8", "surrogatepass"))
        except ValueError:
            worker.kill()
            raise ImportRejected(name, "could not be read: the import process gave a malformed answer") from None
        if not isinstance(answer, dict):
            worker.kill()
            raise ImportRejected(name, "could not be read: the import process gave a malformed answer")
        if answer.get("last"):
            worker.close()  # it exits by itself after running out of (or coming near) its memory limit
        else:
            _POOL.give_back(worker)
        return answer
    raise ImportRejected(name, "could not be read: the import process could not be started")  # pragma: no cover


class SandboxBug(Exception):
    """An importer raised something other than ``ImportRejected`` in the sandbox: a bug, with its type and message."""


def run_import(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS,
               cancel: threading.Event | None = None) -> ImportedDocument:
    """Import a file's bytes in the sandbox (``importers.import_here`` in a worker process).

    Args:
        data: the whole file.
        name: its name, for messages and as a format hint.
        limits: the limits (memory, time, output, text, file size).
        cancel: set it to stop: the worker is killed within ``POLL_S`` seconds.

    Returns:
        What ``import_here`` returns.

    Raises:
        ImportRejected: the importer's own rejections, and any limit hit (named in the reason).
        ImportCancelled: ``cancel`` was set.
        SandboxBug: the importer failed with an unexpected exception (a bug).
    """
    answer = _call("import", data, name, limits, cancel)
    if "rejected" in answer:
        raise ImportRejected(name, str(answer["rejected"]))
    if "error" in answer:
        raise SandboxBug(_bug_text(answer))
    try:
        return document_from_json(answer["document"])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ImportRejected(name, "could not be read: the import process gave a malformed answer") from None


def parse_json(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS,
               cancel: threading.Event | None = None) -> Any:
    """``json.loads(data)`` done in the sandbox first, for untrusted JSON (e.g. a project bundle).

    The worker parses under the memory and time limits and sends the value back re-encoded; the
    answer is refused above ``limits.max_output_bytes``, so the app only parses JSON the sandbox
    has proven it can hold.

    Raises:
        ImportRejected: not JSON ("is not valid JSON (...)"), or over a limit.
        ImportCancelled: ``cancel`` was set.
    """
    answer = _call("json", data, name, limits, cancel)
    if "rejected" in answer:
        raise ImportRejected(name, str(answer["rejected"]))
    if "error" in answer:
        raise SandboxBug(_bug_text(answer))
    return answer.get("value")


def _bug_text(answer: dict[str, Any]) -> str:
    """The bug's type and message, then its traceback in the worker (for the log)."""
    return f"{answer['error']}\nin the import sandbox's process:\n{answer.get('traceback', '')}".rstrip()


def document_from_json(doc: dict[str, Any]) -> ImportedDocument:
    """Rebuild an ``ImportedDocument`` from the worker's JSON (``sandbox_worker.document_to_json``)."""
    return ImportedDocument(
        text=str(doc["text"]), encoding=str(doc["encoding"]), media_type=str(doc["media_type"]),
        metadata=DocumentMetadata(**{k: str(v) for k, v in doc["metadata"].items()}),
        segments=tuple(Segment(int(a), int(b), SegmentKind(k)) for a, b, k in doc["segments"]),
        derived=tuple(str(f) for f in doc.get("derived", ())),
        extraction=str(doc.get("extraction", "")),
    )
