"""PDF documents: the text layer read with pypdf, pages separated by a blank line.

``extract_pdf(data, name, limits)`` is a plain top-level function taking and
returning picklable values, so that it can later run in a subprocess with time
and memory limits (``multiprocessing`` or ``python -c``) without changes.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from workbench.domain.model import DocumentMetadata
from workbench.errors import ImportRejected
from workbench.importers.base import DEFAULT_LIMITS, ImportedDocument, Limits, canonicalise
from workbench.importers.heuristics import fill_gaps, guess_metadata, parse_date, tidy
from workbench.importers.segments import segment
from workbench.importers.text import check_size, check_text_size

MEDIA_TYPE = "application/pdf"
PDF_MAGIC = b"%PDF-"
_HEADER_WINDOW = 1024  # the PDF header may follow some junk bytes


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
    except ImportRejected:
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
