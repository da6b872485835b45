"""Importers: bytes → canonical text + metadata + segments (body / comments / boilerplate).

Pure Python (no Qt, no SQL, no network). The format is chosen by sniffing the
content first (``%PDF-``, a ZIP archive with ``word/document.xml``, an HTML
document start) and the file suffix second; textual content with an unknown
suffix is plain text. Every failure on bad input is an ``ImportRejected`` whose
message names the file and the reason.

``import_bytes`` and ``import_path`` parse in the import sandbox (``importers.sandbox``): a
child process under the memory, time and output limits of ``Limits``, the same for every
format. ``import_here`` is the same import in this process, without those limits: what the
sandbox's worker runs, and for trusted input only.

Example:
    >>> doc = import_bytes(b"Village Retaken\\n\\nLocal sources said...", "a.txt")
    >>> doc.metadata.title
    'Village Retaken'
"""

from __future__ import annotations

import importlib
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path

from workbench.errors import ImportRejected
from workbench.importers.base import DEFAULT_LIMITS, ImportCancelled, ImportedDocument, Limits, canonicalise
from workbench.importers.text import check_size, human_size, import_text, looks_binary

__all__ = [
    "DEFAULT_LIMITS",
    "SUPPORTED_SUFFIXES",
    "ImportCancelled",
    "ImportedDocument",
    "Limits",
    "canonicalise",
    "import_bytes",
    "import_here",
    "import_path",
    "segment",
    "sniff_format",
]

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")

_SUFFIX_FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
_HTML_STARTS = ("<!doctype html", "<html", "<head", "<body")
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_Importer = Callable[[bytes, str, Limits], ImportedDocument]


def _lazy(module: str, attr: str) -> _Importer:
    """An importer whose module is imported on first use (the window starts without the parsers)."""

    def run(data: bytes, name: str, limits: Limits) -> ImportedDocument:
        importer: _Importer = getattr(importlib.import_module(module), attr)
        return importer(data, name, limits)

    return run


_IMPORTERS: dict[str, _Importer] = {
    "text": import_text,
    "markdown": _lazy("workbench.importers.markdown", "import_markdown"),
    "html": _lazy("workbench.importers.html", "extract_html"),
    "docx": _lazy("workbench.importers.docx", "extract_docx"),
    "pdf": _lazy("workbench.importers.pdf", "extract_pdf_checked"),
}


def __getattr__(name: str) -> object:
    """``segment`` (the segmenter, a heavy module) is imported on first use."""
    if name == "segment":
        from workbench.importers.segments import segment

        return segment
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")




def _is_pdf(data: bytes) -> bool:
    from workbench.importers.pdf import is_pdf

    return is_pdf(data)


def _head_text(data: bytes) -> str:
    """Decode the first bytes loosely for sniffing (UTF-16 by BOM, else Latin-1)."""
    head = data[:2048]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    return head.decode("latin-1").lstrip("\ufeff\xef\xbb\xbf")


def _looks_html(data: bytes) -> bool:
    head = _head_text(data).lstrip().lower()
    while head.startswith("<!--"):
        end = head.find("-->")
        if end < 0:
            return False
        head = head[end + 3 :].lstrip()
    if head.startswith("<?xml"):
        return "<html" in head or "<!doctype html" in head
    return head.startswith(_HTML_STARTS)


def sniff_format(data: bytes, filename: str) -> str:
    """Choose an importer: "pdf", "docx", "html", "markdown" or "text".

    Content decides first: a PDF header, a ZIP archive (handed to the .docx
    importer, which checks it), an HTML document start. Then the suffix. A .pdf
    or .docx file whose content is text is imported as text; if it is binary,
    its own importer rejects it with a precise reason.

    Args:
        data: the file's bytes.
        filename: the file name (only its suffix is used).

    Returns:
        The format name.
    """
    suffix = Path(filename).suffix.lower()
    if _is_pdf(data):
        return "pdf"
    if data.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC)):
        return "docx"
    if _looks_html(data):
        return "html"
    by_suffix = _SUFFIX_FORMATS.get(suffix, "text")
    if by_suffix in ("pdf", "docx") and not looks_binary(data):
        return "text"
    return by_suffix


def _precheck(data: bytes, name: str, limits: Limits) -> None:
    """The checks that need no parser (size, empty, old Office file), made before a worker is asked."""
    check_size(data, name, limits)
    if not data:
        raise ImportRejected(name, "is empty")
    if data.startswith(_OLE_MAGIC):
        raise ImportRejected(name, "is an old binary Office file (.doc); save it as .docx, PDF or text and import that")


def import_here(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> ImportedDocument:
    """Import a file's bytes in this process, with no memory or time limit (the sandbox's worker runs this).

    Raises:
        ImportRejected: as ``import_bytes``, except for the sandbox's limits.
    """
    name = os.path.basename(filename) or filename or "unnamed file"
    _precheck(data, name, limits)
    return _IMPORTERS[sniff_format(data, name)](data, name, limits)


def import_bytes(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS,
                 cancel: threading.Event | None = None) -> ImportedDocument:
    """Import a file's bytes, parsed in the import sandbox (a child process under ``limits``).

    Args:
        data: the whole file.
        filename: its name, used for messages and as a format hint.
        limits: size limits and the sandbox's memory, time and output limits.
        cancel: set it to stop: the sandbox's process is killed at once.

    Returns:
        Canonical text, encoding, media type, metadata and segments.

    Raises:
        ImportRejected: for any input that cannot be imported; the message names
            the file and the reason (a limit hit names the limit).
        ImportCancelled: ``cancel`` was set before the file was read.
        SandboxBug: an importer failed with an unexpected exception (a bug).
    """
    name = os.path.basename(filename) or filename or "unnamed file"
    _precheck(data, name, limits)
    from workbench.importers.sandbox import run_import  # its process machinery loads with the first import

    return run_import(data, name, limits, cancel)


def import_path(path: Path, limits: Limits = DEFAULT_LIMITS,
                cancel: threading.Event | None = None) -> ImportedDocument:
    """Import a file from disk, checking its size before reading it.

    Args:
        path: the file.
        limits: size limits.

    Returns:
        The imported document.

    Raises:
        ImportRejected: missing, a folder, not a regular file, unreadable, too
            large, or rejected by its importer.
    """
    path = Path(path)
    name = path.name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ImportRejected(name, "does not exist") from None
    except OSError as exc:
        raise ImportRejected(name, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ImportRejected(name, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ImportRejected(name, "is not a regular file")
    if info.st_size > limits.max_bytes:
        raise ImportRejected(
            name, f"is too large ({human_size(info.st_size)}; the limit is {human_size(limits.max_bytes)})"
        )
    try:
        with path.open("rb") as stream:
            data = stream.read(limits.max_bytes + 1)  # the file may have grown since stat()
    except PermissionError:
        raise ImportRejected(name, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise ImportRejected(name, f"cannot be read ({exc.strerror or exc})") from None
    return import_bytes(data, name, limits, cancel)
