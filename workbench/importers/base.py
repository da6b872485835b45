"""The importer contract: bytes in, canonical text + metadata + segments out.

Pure Python: no Qt, no SQL. Every importer raises ``ImportRejected(name, reason)``
for input it cannot take; nothing else may escape for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.domain.model import DocumentMetadata, Segment


@dataclass(frozen=True, slots=True)
class Limits:
    """Limits on hostile input, checked before a file is read or parsed.

    Attributes:
        max_bytes: largest file read (checked with stat() before reading).
        max_text_chars: largest canonical text kept.
        pdf_timeout_s: wall-clock time the PDF parser process may take before it is killed.
        pdf_memory_bytes: address space the PDF parser process may use (RLIMIT_AS).
    """

    max_bytes: int = 50 * 1024 * 1024
    max_text_chars: int = 20 * 1024 * 1024
    pdf_timeout_s: float = 30.0
    pdf_memory_bytes: int = 1536 * 1024 * 1024

    @classmethod
    def from_megabytes(cls, max_file_mb: float | None = None, pdf_timeout_s: float | None = None,
                       pdf_memory_mb: float | None = None) -> Limits:
        """Limits from user settings (None or a non-positive value keeps the default)."""
        d = cls()
        mb = 1024 * 1024
        return cls(
            max_bytes=int(max_file_mb * mb) if max_file_mb and max_file_mb > 0 else d.max_bytes,
            max_text_chars=d.max_text_chars,
            pdf_timeout_s=float(pdf_timeout_s) if pdf_timeout_s and pdf_timeout_s > 0 else d.pdf_timeout_s,
            pdf_memory_bytes=int(pdf_memory_mb * mb) if pdf_memory_mb and pdf_memory_mb > 0 else d.pdf_memory_bytes,
        )


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class ImportedDocument:
    """The result of importing one file.

    Attributes:
        text: canonical text (decoded, BOM stripped, CRLF/CR normalised to LF).
        encoding: the detected or declared encoding of text formats ("utf-8",
            "utf-8-sig", "utf-16", "cp1252", "cp1256"...), or "" for binary formats.
        media_type: e.g. "text/plain", "text/html", "text/markdown",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/pdf".
        metadata: what the document itself says of its title, publisher, author,
            URL, publication date (ISO YYYY-MM-DD) and language.
        segments: sorted, non-overlapping ranges covering the whole text, each
            body / comments / boilerplate.
        derived: metadata fields the importer derived rather than read from the
            document (e.g. "title" taken from the first sentence of a text with no headline).
        extraction: "" when the format's main-text extractor gave the text; otherwise
            the fallback that did (e.g. "fallback: visible text"), shown to the user.
    """

    text: str
    encoding: str
    media_type: str
    metadata: DocumentMetadata
    segments: tuple[Segment, ...] = field(default_factory=tuple)
    derived: tuple[str, ...] = ()
    extraction: str = ""


def canonicalise(text: str) -> str:
    """Strip a leading BOM and normalise CRLF/CR line endings to LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")
