"""The importer contract: bytes in, canonical text + metadata + segments out.

Pure Python: no Qt, no SQL. Every importer raises ``ImportRejected(name, reason)``
for input it cannot take; nothing else may escape for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.domain.model import DocumentMetadata, Segment


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits checked before a file is read or parsed."""

    max_bytes: int = 50 * 1024 * 1024
    max_text_chars: int = 20 * 1024 * 1024


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
    """

    text: str
    encoding: str
    media_type: str
    metadata: DocumentMetadata
    segments: tuple[Segment, ...] = field(default_factory=tuple)


def canonicalise(text: str) -> str:
    """Strip a leading BOM and normalise CRLF/CR line endings to LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")
