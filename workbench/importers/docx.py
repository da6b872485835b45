"""Word .docx documents, checked as a ZIP archive before python-docx parses them.

Checks before parsing: the bytes are a ZIP archive with ``word/document.xml``;
the archive is not a zip bomb (declared uncompressed size, overall and
per-member compression ratio, member count); no part that an XML parser may read
declares a DTD or an entity (entity-expansion attacks) — every part, whatever its
name (python-docx finds the main part through [Content_Types].xml and the
relationships), decoded as libxml2 decodes it (byte-order mark, UTF-16/UTF-32
without one, the declared encoding; EBCDIC, UTF-7 and unknown encodings are
refused; so is an SVG image with a DOCTYPE). Python's zipfile never inflates a
member beyond its declared size, so the declared sizes bound the real work.
"""

from __future__ import annotations

import codecs
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from workbench.domain.model import DocumentMetadata
from workbench.errors import ImportRejected
from workbench.importers.base import DEFAULT_LIMITS, ImportedDocument, Limits, canonicalise
from workbench.importers.heuristics import clean_author, fill_gaps, guess_metadata, tidy, with_derived_title
from workbench.importers.segments import segment
from workbench.importers.text import check_size, check_text_size

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 10_000
_RATIO_MIN_MEMBER = 1024 * 1024  # per-member ratio checked from this uncompressed size
_CHUNK = 1024 * 1024
_DTD_RE = re.compile(rb"<!\s*(?:doctype|entity)", re.IGNORECASE)
_DTD_TEXT_RE = re.compile(r"<!\s*(?:doctype|entity)", re.IGNORECASE)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xef\xbb\xbf", ""),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_NUL_PATTERNS = {frozenset({1, 2, 3}): "utf-32-le", frozenset({0, 1, 2}): "utf-32-be",
                 frozenset({1, 3}): "utf-16-le", frozenset({0, 2}): "utf-16-be"}
_DECLARED_RE = re.compile(r"<\?xml\s[^>]*?\bencoding\s*=\s*[\"']([^\"']*)[\"']")
_ASCII_FAMILY = re.compile(r"(?i)(utf-?8|(us-)?ascii|iso[-_]?8859-\d{1,2}|latin-?1|windows-125\d|cp125\d)\Z")
_FAMILIES = {"utf-16": re.compile(r"(?i)(utf-?16([-_]?[lb]e)?|ucs-?2|iso-10646-ucs-2)\Z"),
             "utf-32": re.compile(r"(?i)(utf-?32([-_]?[lb]e)?|ucs-?4|iso-10646-ucs-4)\Z")}
_PYTHON_DOCX_CREATED = datetime(2013, 12, 23, 23, 15)


def _open_zip(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportRejected(name, f"is damaged: not a readable ZIP archive ({exc})") from None


def _check_sizes(archive: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ImportRejected(name, f"has too many parts ({len(members):,}; the limit is {MAX_MEMBERS:,})")
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise ImportRejected(
            name, f"is suspicious: it would expand to {total // (1024 * 1024):,} MB (limit 200 MB; zip bomb?)"
        )
    worst = total / max(packed, 1)
    for member in members:
        if member.file_size >= _RATIO_MIN_MEMBER:
            worst = max(worst, member.file_size / max(member.compress_size, 1))
    if worst > MAX_RATIO:
        raise ImportRejected(
            name, f"is suspicious: compression ratio {worst:,.0f}:1 exceeds the limit of {MAX_RATIO}:1 (zip bomb?)"
        )
    return members


def _iter_chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


def _sniff(head: bytes) -> str | None:
    """The codec libxml2 reads a part with, by its byte-order mark or the NULs of ``<?xml`` in its first four
    bytes (XML 1.0, appendix F): "" for ASCII-compatible bytes (UTF-8 and 8-bit encodings), "ebcdic", or None
    for bytes no XML parser reads (a binary part)."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    if head.startswith(b"\x4c\x6f\xa7\x94"):
        return "ebcdic"
    zeros = frozenset(i for i, byte in enumerate(head[:4]) if byte == 0)
    if not zeros:
        return ""
    return _NUL_PATTERNS.get(zeros) if len(head) >= 4 else None


def _declared_encoding(text: str) -> str:
    match = _DECLARED_RE.match(text)
    return match.group(1) if match else ""


def _check_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """Refuse a part an XML parser may read that declares a DTD or an entity, or that is in an encoding this
    check does not read (EBCDIC, UTF-7, an unknown one): the part is decoded as libxml2 would decode it (BOM,
    UTF-16/UTF-32 without one, the XML declaration's encoding) before ``<!DOCTYPE`` / ``<!ENTITY`` is looked for.
    A part counts whatever its name: python-docx follows [Content_Types].xml and the relationships, not names."""
    chunks = _iter_chunks(archive, member)
    first = next(chunks, b"")
    codec = _sniff(first[:4])
    if codec is None:
        return
    if codec == "ebcdic":
        raise ImportRejected(name, f"uses an unusual character encoding (EBCDIC) in {member.filename} "
                                   "(refused for safety)")
    head = codecs.getincrementaldecoder(codec or "latin-1")(errors="replace").decode(first[:1024])
    head = head.removeprefix("\ufeff" if codec else "\xef\xbb\xbf").lstrip(" \t\r\n")
    if not head.startswith("<") and not member.filename.lower().endswith(_XML_SUFFIXES):
        return  # not XML: no parser reads it as XML
    declared = _declared_encoding(head)
    family = _FAMILIES.get(codec[:6], _ASCII_FAMILY)
    if declared and not family.match(declared.strip()):
        raise ImportRejected(name, f"uses an unusual character encoding ({declared[:40]}) in {member.filename} "
                                   "(refused for safety)")
    if not codec:  # ASCII-compatible: search the bytes
        tail = b""
        for chunk in itertools.chain((first,), chunks):
            if _DTD_RE.search(tail + chunk):
                break
            tail = chunk[-16:]
        else:
            return
    else:
        decoder = codecs.getincrementaldecoder(codec)(errors="replace")
        text_tail = ""
        for chunk in itertools.chain((first,), chunks):
            text = text_tail + decoder.decode(chunk)
            if _DTD_TEXT_RE.search(text):
                break
            text_tail = text[-16:]
        else:
            return
    raise ImportRejected(name, f"contains an XML DTD or entity declaration in {member.filename} (refused for safety)")


def check_docx_archive(data: bytes, name: str) -> None:
    """Check a .docx archive before parsing it.

    Args:
        data: the file's bytes.
        name: the file name, for messages.

    Raises:
        ImportRejected: not a ZIP, no word/document.xml, zip bomb, DTD/entity declarations.
    """
    with _open_zip(data, name) as archive:
        members = _check_sizes(archive, name)
        names = {m.filename for m in members}
        if "word/document.xml" not in names:
            raise ImportRejected(name, "is a ZIP archive without word/document.xml (not a Word .docx document)")
        try:
            for member in members:  # every part, whatever its name (see _check_part)
                _check_part(archive, member, name)
        except ImportRejected:
            raise
        except Exception as exc:  # corrupt members: bad CRC, bad deflate data, encryption
            raise ImportRejected(name, f"is damaged: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return text or type(exc).__name__


def _block_texts(document: Any) -> Iterator[str]:
    """Yield paragraph texts and table texts in document order."""
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            text = _table_text(block)
        else:
            text = block.text
        if text.strip():
            yield text.strip("\n")


def _table_text(table: Any) -> str:
    rows = []
    for row in table.rows:
        cells = []
        seen: list[Any] = []  # lxml elements compare by identity
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell repeats across the grid
                continue
            seen.append(cell._tc)
            cells.append(" ".join(cell.text.split()))
        line = "\t".join(cells).strip()
        if line:
            rows.append(line)
    return "\n".join(rows)


def _core_metadata(document: Any) -> DocumentMetadata:
    props = document.core_properties
    title = (props.title or "").strip()
    author = clean_author(props.author or "")  # generators write "python-docx", "Administrator", "user"…
    language = (props.language or "").split("-")[0].lower()
    try:
        created = props.created
    except Exception:  # a malformed date in core.xml
        created = None
    published = ""
    if isinstance(created, datetime) and created.replace(tzinfo=None) != _PYTHON_DOCX_CREATED:
        published = created.date().isoformat()
    return DocumentMetadata(title=title, author=author, published=published, language=language)


def extract_docx(data: bytes, name: str = "document.docx", limits: Limits = DEFAULT_LIMITS) -> ImportedDocument:
    """Import a Word .docx document.

    Text is the paragraphs and tables in order, one blank line between blocks.
    Metadata: core properties (title, author, language); the published date is
    a date line in the text when there is one (a file's creation time says when
    the file was made, not when the article appeared), else the core ``created``
    date; the text heuristics fill the remaining gaps; with no title at all, the first sentence is the
    title, marked derived.

    Args:
        data: the file's bytes.
        name: the file name, for messages.
        limits: size limits.

    Returns:
        The imported document.

    Raises:
        ImportRejected: see ``check_docx_archive``; damaged or empty documents.
    """
    check_size(data, name, limits)
    check_docx_archive(data, name)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        text = canonicalise("\n\n".join(_block_texts(document)))
        core = _core_metadata(document)
    except ImportRejected:
        raise
    except Exception as exc:  # python-docx raises many kinds of errors on hostile input
        raise ImportRejected(name, f"is damaged: {_reason(exc)}") from None
    if not text.strip():
        raise ImportRejected(name, "has no readable text")
    check_text_size(text, name, limits)
    guessed = guess_metadata(text)
    if guessed.published:
        core = DocumentMetadata(
            title=core.title, author=core.author, published=guessed.published, language=core.language
        )
    metadata, derived = with_derived_title(fill_gaps(core, guessed), text)
    return ImportedDocument(
        text=text,
        encoding="",
        media_type=MEDIA_TYPE,
        metadata=tidy(metadata),
        segments=segment(text, paged=False),
        derived=derived,
    )
