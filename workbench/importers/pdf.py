"""PDF documents: the text layer read with pypdf, pages separated by a blank line.

``extract_pdf(data, name, limits)`` parses in this process.
``extract_pdf_isolated`` — what ``import_bytes`` uses — runs it in a child
process (``importers.pdf_worker``) with a memory limit (``RLIMIT_AS``), a CPU
limit and a wall-clock timeout after which the child is killed: a PDF built to
hang or exhaust the parser (reference loops, decompression bombs) is rejected
with a clear reason and the app never stops responding.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from workbench.domain.model import DocumentMetadata, Segment, SegmentKind
from workbench.errors import ImportRejected
from workbench.importers.base import DEFAULT_LIMITS, ImportedDocument, Limits, canonicalise
from workbench.importers.heuristics import fill_gaps, guess_metadata, parse_date, tidy
from workbench.importers.segments import segment
from workbench.importers.text import check_size, check_text_size

MEDIA_TYPE = "application/pdf"
PDF_MAGIC = b"%PDF-"
_HEADER_WINDOW = 1024  # the PDF header may follow some junk bytes
_OBJECT = re.compile(rb"\d{1,10}[ \t\r\n\f\x00]{1,64}\d{1,10}[ \t\r\n\f\x00]{1,64}obj\b")


def is_pdf(data: bytes) -> bool:
    """Tell whether bytes carry a PDF header in their first kilobyte."""
    return PDF_MAGIC in data[:_HEADER_WINDOW]


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return text or type(exc).__name__


def _open(data: bytes, name: str) -> Any:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except MemoryError:
        raise
    except Exception as exc:  # pypdf raises many kinds of errors on hostile input
        raise ImportRejected(name, f"is damaged: {_reason(exc)}") from None
    if reader.is_encrypted:
        try:
            opened = bool(reader.decrypt(""))  # many PDFs only have an owner password
        except Exception:  # an unsupported algorithm or a missing crypto library
            opened = False
        if not opened:
            raise ImportRejected(name, "is encrypted (it needs a password to open)")
    return reader


def _page_texts(reader: Any, name: str, limits: Limits) -> list[str]:
    texts: list[str] = []
    total = 0
    try:
        for page in reader.pages:
            page_text = canonicalise(page.extract_text() or "").strip("\n")
            texts.append(page_text)
            total += len(page_text) + 2
            if total > limits.max_text_chars:
                raise ImportRejected(name, f"is too large (more than {limits.max_text_chars:,} characters of text)")
    except (ImportRejected, MemoryError):  # MemoryError: the worker process reports the memory limit
        raise
    except Exception as exc:  # broken page trees, content streams, fonts
        raise ImportRejected(name, f"is damaged: {_reason(exc)}") from None
    return texts


def _info_metadata(reader: Any) -> DocumentMetadata:
    try:
        info = reader.metadata
    except Exception:  # a broken /Info dictionary is not fatal
        return DocumentMetadata()
    if not info:
        return DocumentMetadata()

    def text_of(key: str) -> str:
        try:
            value = info.get(key)
        except Exception:  # an unreadable entry is left empty
            return ""
        return str(value).strip() if value else ""

    published = ""
    try:
        created = info.creation_date
        if isinstance(created, datetime):
            published = created.date().isoformat()
    except Exception:  # a malformed D:YYYYMMDD… string
        digits = text_of("/CreationDate").removeprefix("D:")[:8]
        published = parse_date(f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}") if digits.isdigit() else ""
    title = text_of("/Title").removeprefix("Microsoft Word - ")
    return DocumentMetadata(title=title, author=text_of("/Author"), published=published)


def extract_pdf(data: bytes, name: str = "document.pdf", limits: Limits = DEFAULT_LIMITS) -> ImportedDocument:
    """Import the text layer of a PDF.

    Args:
        data: the file's bytes.
        name: the file name, for messages.
        limits: size limits.

    Returns:
        The imported document; pages are joined with a blank line.

    Raises:
        ImportRejected: not a PDF, damaged, encrypted, or without a text layer.
    """
    check_size(data, name, limits)
    if not is_pdf(data):
        raise ImportRejected(name, "is not a PDF file (no %PDF- header)")
    reader = _open(data, name)
    pages = _page_texts(reader, name, limits)
    if not pages:
        raise ImportRejected(name, "is damaged: it has no pages")
    text = "\n\n".join(pages)
    if not text.strip():
        raise ImportRejected(name, "has no text layer (scanned image?)")
    check_text_size(text, name, limits)
    metadata = fill_gaps(_info_metadata(reader), guess_metadata(text))
    return ImportedDocument(
        text=text,
        encoding="",
        media_type=MEDIA_TYPE,
        metadata=tidy(metadata),
        segments=segment(text),
    )


def _worker_command() -> list[str]:
    """``python -I -c ...``: isolated mode (no user site, no PYTHONPATH, not the current folder on sys.path).

    In a frozen bundle ``sys.executable`` is the app itself: its launcher runs the worker when given
    ``--pdf-worker`` (see packaging/launcher.py).
    """
    if getattr(sys, "frozen", False):
        return [sys.executable, "--pdf-worker"]
    package_parent = str(Path(__file__).resolve().parents[2])
    code = (f"import sys; sys.path.insert(0, {package_parent!r}); "
            "from workbench.importers.pdf_worker import main; sys.exit(main())")
    return [sys.executable, "-I", "-c", code]


def _worker_cwd() -> str:
    """The worker's current folder: this package's (a frozen bundle has no such folder: its own)."""
    return str(getattr(sys, "_MEIPASS", "")) if getattr(sys, "frozen", False) else os.path.dirname(__file__)


def _from_json(doc: dict[str, Any]) -> ImportedDocument:
    return ImportedDocument(
        text=str(doc["text"]), encoding=str(doc["encoding"]), media_type=str(doc["media_type"]),
        metadata=DocumentMetadata(**{k: str(v) for k, v in doc["metadata"].items()}),
        segments=tuple(Segment(int(a), int(b), SegmentKind(k)) for a, b, k in doc["segments"]),
    )


def extract_pdf_isolated(data: bytes, name: str = "document.pdf", limits: Limits = DEFAULT_LIMITS) -> ImportedDocument:
    """Import the text layer of a PDF, parsed in a separate, resource-limited process.

    Args:
        data: the file's bytes.
        name: the file name, for messages.
        limits: size limits, the parser's timeout (seconds) and memory limit (bytes).

    Returns:
        The imported document, as ``extract_pdf`` would return it.

    Raises:
        ImportRejected: everything ``extract_pdf`` rejects, plus: too slow (the
            child is killed), too much memory, or the parser process failing.
    """
    check_size(data, name, limits)
    if not is_pdf(data):
        raise ImportRejected(name, "is not a PDF file (no %PDF- header)")
    if not _OBJECT.search(data):  # no "N G obj" at all: nothing a parser could read (saves starting one)
        raise ImportRejected(name, "is damaged: it contains no PDF objects")
    request = {"name": name, "max_bytes": limits.max_bytes, "max_text_chars": limits.max_text_chars,
               "memory_bytes": limits.pdf_memory_bytes, "timeout_s": limits.pdf_timeout_s}
    try:
        proc = subprocess.Popen([*_worker_command(), json.dumps(request)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=_worker_cwd(),
                                start_new_session=sys.platform != "win32")
    except OSError as exc:
        raise ImportRejected(name, f"could not be read: the PDF reader could not start ({exc})") from None
    try:
        out, err = proc.communicate(data, timeout=limits.pdf_timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise ImportRejected(
            name, f"took too long to read (more than {limits.pdf_timeout_s:g} s): it may be damaged or built "
                  "to hang PDF readers") from None
    try:
        answer = json.loads(out) if proc.returncode == 0 else None
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
        if b"MemoryError" in err:
            raise ImportRejected(name, "needs more memory to read than the limit allows; it may be built to "
                                       "exhaust PDF readers")
        raise ImportRejected(name, f"could not be read: the PDF reader stopped (exit status {proc.returncode}"
                                   f"{': ' + tail[0][:160] if tail else ''})")
    if "rejected" in answer:
        raise ImportRejected(name, str(answer["rejected"]))
    try:
        return _from_json(answer["document"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ImportRejected(name, f"could not be read: the PDF reader gave a malformed answer ({exc})") from None
