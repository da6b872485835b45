"""The importer contract: bytes in, canonical text + metadata + segments out.

Pure Python: no Qt, no SQL. Every importer raises ``ImportRejected(name, reason)``
for input it cannot take; nothing else may escape for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.domain.model import DocumentMetadata, Segment


class ImportCancelled(Exception):
    """The user cancelled while this file was being read: nothing was imported, the worker was killed."""


@dataclass(frozen=True, slots=True)
class Limits:
    """The one set of limits on hostile input, for every format (see ``importers.sandbox``).

    Every importer (text, Markdown, HTML, DOCX, PDF) runs in the import sandbox: a
    child process that limits its own address space and CPU time, which the app kills
    when it overruns the wall-clock timeout, and whose answer is refused above
    ``max_output_bytes``. The same limits apply to every format; they are defined
    here and nowhere else.

    Attributes:
        max_bytes: largest file read (checked with stat() before reading).
        max_text_chars: largest canonical text kept.
        timeout_s: wall-clock time one file may take in the sandbox before it is killed;
            the child's CPU time limit (RLIMIT_CPU) is the same, as a backstop.
        memory_bytes: address space the sandbox process may use (RLIMIT_AS).
        max_output_bytes: largest answer (text, metadata, segments as JSON) the app
            accepts from the sandbox.
    """

    max_bytes: int = 50 * 1024 * 1024
    max_text_chars: int = 20 * 1024 * 1024
    timeout_s: float = 30.0
    memory_bytes: int = 1536 * 1024 * 1024
    max_output_bytes: int = 256 * 1024 * 1024

    @property
    def pdf_timeout_s(self) -> float:
        """The former PDF-only name of ``timeout_s``."""
        return self.timeout_s

    @property
    def pdf_memory_bytes(self) -> int:
        """The former PDF-only name of ``memory_bytes``."""
        return self.memory_bytes

    @classmethod
    def from_megabytes(cls, max_file_mb: float | None = None, timeout_s: float | None = None,
                       memory_mb: float | None = None) -> Limits:
        """Limits from user settings (None or a non-positive value keeps the default)."""
        d = cls()
        mb = 1024 * 1024
        return cls(
            max_bytes=int(max_file_mb * mb) if max_file_mb and max_file_mb > 0 else d.max_bytes,
            max_text_chars=d.max_text_chars,
            timeout_s=float(timeout_s) if timeout_s and timeout_s > 0 else d.timeout_s,
            memory_bytes=int(memory_mb * mb) if memory_mb and memory_mb > 0 else d.memory_bytes,
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
    """Strip leading BOMs (a file may carry several) and normalise CRLF/CR line endings to LF."""
    text = text.lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")
