"""The PDF parser's own process: hostile PDFs cannot hang, exhaust or crash the app.

``extract_pdf_isolated`` (in ``importers.pdf``) runs
``python -I -c "...pdf_worker.main()"`` with the PDF on stdin and the file name
and limits as a JSON argument. Before parsing, this process limits itself:
address space (``RLIMIT_AS``: a decompression bomb raises MemoryError here, not in
the app), CPU time (``RLIMIT_CPU``, a backstop to the parent's wall-clock
timeout, which kills it), no files written (``RLIMIT_FSIZE`` = 0) and no core
dumps. The answer is one JSON object on stdout — ``{"document": {...}}`` or
``{"rejected": "reason"}`` — never a pickle, so the app never unpickles what a
process that parsed hostile input wrote.
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import asdict
from typing import Any

EXIT_OK = 0
EXIT_BAD_REQUEST = 2


def limit_resources(memory_bytes: int, cpu_seconds: float) -> None:
    """Apply the child's resource limits (POSIX only; a no-op elsewhere)."""
    try:
        import resource
    except ImportError:  # Windows: only the parent's timeout applies
        return
    limits = [
        (resource.RLIMIT_AS, memory_bytes),
        (resource.RLIMIT_CPU, max(1, math.ceil(cpu_seconds)) + 1),
        (resource.RLIMIT_FSIZE, 0),
        (resource.RLIMIT_CORE, 0),
    ]
    for kind, value in limits:
        try:
            _soft, hard = resource.getrlimit(kind)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(kind, (value, hard))
        except (ValueError, OSError):  # not supported on this platform
            pass


def document_to_json(doc: Any) -> dict[str, Any]:
    """An ``ImportedDocument`` as plain JSON data (the parent rebuilds it with ``pdf._from_json``)."""
    return {"text": doc.text, "encoding": doc.encoding, "media_type": doc.media_type,
            "metadata": asdict(doc.metadata),
            "segments": [[s.start, s.end, s.kind.value] for s in doc.segments],
            "derived": list(doc.derived), "extraction": doc.extraction}


def run(data: bytes, request: dict[str, Any]) -> dict[str, Any]:
    """Parse ``data`` under the limits of ``request``; return the JSON answer."""
    name = str(request.get("name") or "document.pdf")
    try:
        from workbench.errors import ImportRejected
        from workbench.importers.base import Limits
        from workbench.importers.pdf import extract_pdf

        limits = Limits(max_bytes=int(request["max_bytes"]), max_text_chars=int(request["max_text_chars"]))
        try:
            return {"document": document_to_json(extract_pdf(data, name, limits))}
        except ImportRejected as exc:
            return {"rejected": exc.reason}
    except MemoryError:
        return {"rejected": "needs more memory to read than the limit allows "
                            f"({int(request.get('memory_bytes', 0)) // (1024 * 1024):,} MB); it may be built to "
                            "exhaust PDF readers"}
    except RecursionError:
        return {"rejected": "is damaged: its structure refers to itself too deeply"}


def main() -> int:
    try:
        request = json.loads(sys.argv[1])
    except (IndexError, ValueError):
        sys.stderr.write("usage: pdf_worker '{\"name\": ..., \"max_bytes\": ..., ...}' < file.pdf\n")
        return EXIT_BAD_REQUEST
    limit_resources(int(request["memory_bytes"]), float(request["timeout_s"]))
    data = sys.stdin.buffer.read()
    answer = run(data, request)
    try:
        out = json.dumps(answer, ensure_ascii=True).encode("ascii")
    except MemoryError:
        out = b'{"rejected": "needs more memory to read than the limit allows"}'
    sys.stdout.buffer.write(out)
    sys.stdout.buffer.flush()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
