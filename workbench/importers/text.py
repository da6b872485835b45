"""Plain text: detect and record the encoding, refuse binary data, guess metadata.

Encoding detection order: a byte-order mark (UTF-8 → "utf-8-sig", UTF-16 →
"utf-16", UTF-32 → "utf-32"), UTF-16 without a BOM recognised by its NUL-byte
pattern, a charset the document declares (HTML), strict UTF-8, and finally
charset-normalizer for legacy code pages (windows-1252 → "cp1252",
windows-1256 → "cp1256"...).
"""

from __future__ import annotations

import codecs
import re

from workbench.errors import ImportRejected
from workbench.importers.base import DEFAULT_LIMITS, ImportedDocument, Limits, canonicalise

MEDIA_TYPE = "text/plain"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE_BYTES = 64 * 1024
_MAX_CONTROL_RATIO = 0.05
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")
_CONTROL_BYTES = bytes(b for b in range(0x20) if chr(b) not in _ALLOWED_CONTROLS)
_CONTROL_CHARS_RE = re.compile("[" + re.escape("".join(chr(b) for b in _CONTROL_BYTES)) + "\x7f-\x9f]")
# Single-byte code pages preferred when charset-normalizer finds several that give the same text.
_PREFERRED = ("cp1252", "cp1256", "cp1251", "cp1250", "utf-8")
# WHATWG: pages labelled latin-1 or ASCII are decoded as windows-1252.
_DECLARED_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}


def human_size(size: int) -> str:
    """Format a byte count for a message: "512 bytes", "3.2 MB", "2.0 GB"."""
    if size < 1024:
        return f"{size} bytes"
    value = float(size)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            return f"{value:.1f} {unit}"
    return f"{size} bytes"  # pragma: no cover


def check_size(data: bytes, name: str, limits: Limits) -> None:
    """Reject data larger than ``limits.max_bytes``."""
    if len(data) > limits.max_bytes:
        raise ImportRejected(
            name, f"is too large ({human_size(len(data))}; the limit is {human_size(limits.max_bytes)})"
        )


def check_text_size(text: str, name: str, limits: Limits) -> None:
    """Reject extracted text longer than ``limits.max_text_chars``."""
    if len(text) > limits.max_text_chars:
        raise ImportRejected(
            name,
            f"is too large ({len(text):,} characters of text; the limit is {limits.max_text_chars:,})",
        )


def codec_name(label: str) -> str | None:
    """Return Python's canonical codec name for an encoding label, or None if unknown."""
    try:
        return codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 by its NUL bytes (ASCII-range text): return the codec or None."""
    sample = data[:_SAMPLE_BYTES]
    pairs = len(sample) // 2
    if pairs < 2 or len(data) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls >= pairs * 0.4 and even_nuls <= pairs * 0.02:
        return "utf-16-le"
    if even_nuls >= pairs * 0.4 and odd_nuls <= pairs * 0.02:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """Tell whether bytes are binary rather than text (NUL bytes, many control bytes).

    Data with a UTF-16/32 byte-order mark or the NUL pattern of UTF-16 text is
    not binary by this test (its decoded text is checked later).
    """
    if any(data.startswith(bom) for bom, enc in _BOMS if enc != "utf-8-sig"):
        return False
    if _utf16_without_bom(data):
        return False
    sample = data[:_SAMPLE_BYTES]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # C speed: 1 MB in ~1 ms
    return bool(sample) and controls > len(sample) * _MAX_CONTROL_RATIO


def _too_many_controls(text: str) -> bool:
    sample = text[:_SAMPLE_BYTES]
    controls = len(_CONTROL_CHARS_RE.findall(sample))
    return "\x00" in sample or controls > len(sample) * _MAX_CONTROL_RATIO


def _decode_with(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        byte = data[exc.start : exc.start + 1].hex()
        raise ImportRejected(
            name, f"cannot be decoded as {encoding} (invalid byte 0x{byte} at offset {exc.start})"
        ) from None


def _detect_legacy(data: bytes, name: str) -> tuple[str, str]:
    """Ask charset-normalizer for a legacy encoding; prefer common code pages on ties."""
    from charset_normalizer import from_bytes

    try:
        best = from_bytes(data).best()
    except Exception as exc:  # the third-party detector on hostile bytes
        raise ImportRejected(name, f"cannot be decoded: {exc}") from None
    if best is None:
        raise ImportRejected(name, "cannot be decoded: its text encoding is not recognised")
    candidates = [codec_name(c) or c for c in best.could_be_from_charset]
    for preferred in _PREFERRED:
        if preferred in candidates:
            try:
                return data.decode(preferred), preferred
            except UnicodeDecodeError:
                continue
    encoding = codec_name(best.encoding) or best.encoding
    return str(best), encoding


def decode_text(
    data: bytes, name: str, limits: Limits = DEFAULT_LIMITS, declared: str | None = None
) -> tuple[str, str]:
    """Decode bytes of a text format into canonical text and the encoding used.

    Args:
        data: the file's bytes.
        name: the file name, for messages.
        limits: size limits.
        declared: an encoding the document declares (HTML ``<meta charset>``);
            used when there is no byte-order mark and it decodes the bytes.

    Returns:
        (canonical text, encoding name such as "utf-8", "utf-8-sig", "utf-16", "cp1252").

    Raises:
        ImportRejected: empty, too large, binary or undecodable data.
    """
    check_size(data, name, limits)
    if not data:
        raise ImportRejected(name, "is empty")
    if looks_binary(data):
        raise ImportRejected(name, "is a binary file, not text")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    encoding = encoding or _utf16_without_bom(data)
    text: str | None = None
    if encoding:
        text = _decode_with(data, encoding, name)
    elif declared and (codec := codec_name(declared)):
        codec = _DECLARED_ALIASES.get(codec, codec)
        if codec.startswith("utf_16") or codec.startswith("utf-16"):
            codec = "utf-8"  # an ASCII-compatible page cannot really be UTF-16
        try:
            text, encoding = data.decode(codec), codec
        except UnicodeDecodeError:
            text = None
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _detect_legacy(data, name)
    text = canonicalise(text)
    if _too_many_controls(text):
        raise ImportRejected(name, "is a binary file, not text")
    if not text.strip():
        raise ImportRejected(name, "is empty")
    check_text_size(text, name, limits)
    return text, encoding or "utf-8"


def import_text(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> ImportedDocument:
    """Import a plain-text article.

    Args:
        data: the file's bytes.
        name: the file name, for messages.
        limits: size limits.

    Returns:
        The imported document (media type "text/plain"); a text with no headline gets its first
        sentence as title, marked derived.

    Raises:
        ImportRejected: see ``decode_text``.
    """
    # the heuristics and the segmenter are imported here: the window's start needs only this module's checks
    from workbench.importers.heuristics import guess_metadata, tidy, with_derived_title
    from workbench.importers.segments import segment

    text, encoding = decode_text(data, name, limits)
    metadata, derived = with_derived_title(guess_metadata(text), text)
    return ImportedDocument(
        text=text,
        encoding=encoding,
        media_type=MEDIA_TYPE,
        metadata=tidy(metadata),
        segments=segment(text),
        derived=derived,
    )
