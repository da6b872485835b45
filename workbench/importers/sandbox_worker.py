"""The import sandbox's child process: every importer parses hostile input here, never in the app.

``importers.sandbox`` starts ``python -I -c "...sandbox_worker.main()"`` (the frozen app:
``workbench --import-worker``) and keeps it for the next file. Jobs come one at a time
on stdin: one JSON line ``{"job": "import" | "json", "name": ..., "size": N, "limits": {...}}``
followed by N bytes. Before each job this process limits itself: address space
(``RLIMIT_AS``: a bomb raises MemoryError here, not in the app) and CPU time
(``RLIMIT_CPU``, counted from the start of the job: a backstop to the parent's wall-clock
timeout, which kills it); it can write no files (``RLIMIT_FSIZE`` = 0) and dumps no core.
The answer is an 8-byte big-endian length and one JSON object — ``{"document": {...}}``,
``{"value": ...}`` or ``{"rejected": "reason"}`` — never a pickle, so the app never unpickles
what a process that parsed hostile input wrote. After running out of memory the process
answers and exits (its heap may be in a bad state); the parent starts a fresh one.
An idle worker exits by itself after ``IDLE_EXIT_S`` seconds, and at once when stdin closes
(the app quit or crashed).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import math
import os
import sys
import traceback
from dataclasses import asdict
from typing import Any, BinaryIO

EXIT_OK = 0
EXIT_BAD_REQUEST = 2
EXIT_IDLE = 3  # the parent may retry a request this worker never read
IDLE_EXIT_S = 120.0
MAX_HEADER = 64 * 1024
MB = 1024 * 1024
NEAR_LIMIT = 0.6  # a job rejected after taking this share of its address space counts as out of memory:
# a failed large allocation (lxml: "Unable to allocate output buffer") leaves the peak well below the limit

# What each importer imports lazily: loaded before the limits are set, so the limits bound the
# parsing of the file, not the loading of the libraries (and a persistent worker loads them once).
_PRELOAD = {
    "text": ("charset_normalizer",),
    "markdown": ("charset_normalizer",),
    "html": ("lxml.etree", "lxml.html", "trafilatura", "readability.readability"),
    "docx": ("docx", "docx.table"),
    "pdf": ("pypdfium2", "pypdfium2.raw", "pypdf", "workbench.importers.pdf_pdfium",
            "workbench.importers.pdf_repair", "workbench.importers.pdf_flow",
            "workbench.importers.pdf_furniture", "workbench.importers.pdf_meta"),
}


def limit_static() -> None:
    """Limits that never change: no files written, no core dumps (POSIX only)."""
    try:
        import resource
    except ImportError:  # Windows: only the parent's timeout applies
        return
    for kind in (resource.RLIMIT_FSIZE, resource.RLIMIT_CORE):
        try:
            _soft, hard = resource.getrlimit(kind)
            resource.setrlimit(kind, (0, hard))
        except (ValueError, OSError):  # not supported on this platform
            pass


def limit_job(memory_bytes: int, cpu_seconds: float) -> None:
    """Address space and CPU time for the next job (soft limits; POSIX only, a no-op elsewhere).

    RLIMIT_CPU counts the process's whole life, so the job's budget is added to the CPU time
    already used. The hard limits are left alone so that the next job may have other limits.
    """
    try:
        import resource
    except ImportError:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    for kind, value in ((resource.RLIMIT_AS, memory_bytes),
                        (resource.RLIMIT_CPU, math.ceil(used + max(cpu_seconds, 0.1)) + 1)):
        try:
            _soft, hard = resource.getrlimit(kind)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(kind, (value, hard))
        except (ValueError, OSError):
            pass


def unlimit_job() -> None:
    """Lift the job's address-space and CPU limits between jobs (to read the next one and load libraries)."""
    try:
        import resource
    except ImportError:
        return
    for kind in (resource.RLIMIT_AS, resource.RLIMIT_CPU):
        try:
            _soft, hard = resource.getrlimit(kind)
            resource.setrlimit(kind, (hard, hard))
        except (ValueError, OSError):
            pass


def document_to_json(doc: Any) -> dict[str, Any]:
    """An ``ImportedDocument`` as plain JSON data (the parent rebuilds it with ``sandbox.document_from_json``)."""
    return {"text": doc.text, "encoding": doc.encoding, "media_type": doc.media_type,
            "metadata": asdict(doc.metadata),
            "segments": [[s.start, s.end, s.kind.value] for s in doc.segments],
            "derived": list(doc.derived), "extraction": doc.extraction}


def _limits(request: dict[str, Any]) -> Any:
    from workbench.importers.base import Limits

    raw = request.get("limits") or {}
    d = Limits()
    return Limits(max_bytes=int(raw.get("max_bytes", d.max_bytes)),
                  max_text_chars=int(raw.get("max_text_chars", d.max_text_chars)),
                  timeout_s=float(raw.get("timeout_s", d.timeout_s)),
                  memory_bytes=int(raw.get("memory_bytes", d.memory_bytes)),
                  max_output_bytes=int(raw.get("max_output_bytes", d.max_output_bytes)))


def _preload(fmt: str) -> None:
    for module in _PRELOAD.get(fmt, ()):
        with contextlib.suppress(ImportError):  # the importer itself will say what is missing
            importlib.import_module(module)


def run(data: bytes, request: dict[str, Any]) -> dict[str, Any]:
    """Do one job under the limits of ``request``; the JSON answer says ``"last": true`` when this process
    must exit after it (it ran out of memory, or came near the limit: its heap is not to be trusted)."""
    limits = _limits(request)
    before = vm_peak()
    answer = _job(data, request, limits)
    after = vm_peak()
    near = after is not None and after >= NEAR_LIMIT * limits.memory_bytes
    if near and "rejected" in answer and not answer.get("memory") and (
            before is not None and before < NEAR_LIMIT * limits.memory_bytes):
        # a library reported its failed allocation as something else ("Unable to allocate output buffer")
        answer = {"rejected": memory_reason(limits.memory_bytes), "memory": True}
    if near or answer.get("memory"):
        answer["last"] = True
    return answer


def run_here(data: bytes, request: dict[str, Any]) -> dict[str, Any]:
    """A job's answer computed in the calling process with no limits (``sandbox.IN_PROCESS``, for tests)."""
    return _job(data, request, _limits(request), apply_limits=False)


def _job(data: bytes, request: dict[str, Any], limits: Any, apply_limits: bool = True) -> dict[str, Any]:
    from workbench import importers
    from workbench.errors import ImportRejected

    name = str(request.get("name") or "document")
    job = request.get("job", "import")
    if job == "import":
        _preload(importers.sniff_format(data, name))
    try:
        if apply_limits:
            limit_job(limits.memory_bytes, limits.timeout_s)
        try:
            if job == "json":
                return {"value": json.loads(data)}
            return {"document": document_to_json(importers.import_here(data, name, limits))}
        except ImportRejected as exc:
            return {"rejected": exc.reason}
        except ValueError as exc:  # JSON job only: import_here turns bad input into ImportRejected
            if job == "json":
                return {"rejected": f"is not valid JSON ({str(exc)[:200]})"}
            raise
        finally:
            if apply_limits:
                unlimit_job()
    except MemoryError:
        return {"rejected": memory_reason(limits.memory_bytes), "memory": True}
    except RecursionError:
        return {"rejected": "is damaged: its structure is nested too deeply to read"}
    except Exception as exc:  # a bug in an importer: reported as such, with its type, and logged by the parent
        return {"error": f"{type(exc).__name__}: {str(exc)[:500]}", "traceback": traceback.format_exc()[-8000:]}


def vm_peak() -> int | None:
    """This process's peak address space in bytes (Linux ``VmPeak``), or None where unknown."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def memory_reason(memory_bytes: int) -> str:
    """The reason given for a file that needed more memory than the sandbox allows."""
    return (f"is too large to import safely: reading it needed more than {memory_bytes / (1024 * MB):.1f} GB "
            f"of memory (the limit)" if memory_bytes >= 1024 * MB else
            f"is too large to import safely: reading it needed more than {memory_bytes // MB:,} MB of memory "
            "(the limit)")


def _wait_for_request(stream: BinaryIO) -> bool:
    """Wait for the next request; False when idle for too long (POSIX; elsewhere wait forever)."""
    if sys.platform == "win32":
        return True
    import select

    ready, _w, _x = select.select([stream], [], [], IDLE_EXIT_S)
    return bool(ready)


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _encode(answer: dict[str, Any]) -> bytes:
    try:
        return json.dumps(answer, ensure_ascii=False).encode("utf-8", "surrogatepass")
    except MemoryError:
        return b'{"rejected": "is too large to import safely: its text needs more memory than the limit", ' \
               b'"memory": true, "last": true}'


def main() -> int:
    """Serve jobs until stdin closes or the worker has been idle for ``IDLE_EXIT_S``."""
    stdin = sys.stdin.buffer
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a library's stray print cannot corrupt an answer
    sys.stdout = sys.stderr
    limit_static()
    import workbench.importers  # noqa: F401  (loaded once, outside any job's limits)

    while True:
        if not _wait_for_request(stdin):
            return EXIT_IDLE
        line = stdin.readline(MAX_HEADER)
        if not line:
            return EXIT_OK
        try:
            request = json.loads(line)
            data = _read_exactly(stdin, int(request["size"]))
        except (ValueError, KeyError, TypeError):
            sys.stderr.write("sandbox_worker: bad request\n")
            return EXIT_BAD_REQUEST
        answer = run(data, request)
        del data
        body = _encode(answer)
        out.write(len(body).to_bytes(8, "big"))
        out.write(body)
        out.flush()
        if answer.get("last"):
            return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
