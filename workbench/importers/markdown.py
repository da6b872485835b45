"""Markdown: the text is kept as written (canonical), never rendered.

Metadata comes from a simple YAML-like front matter block (``title:``,
``author:``, ``date:``, ``url:``, ``publisher:``, ``lang:``) when there is one,
the first ``# `` heading (or ``===`` underlined heading) for the title, then the
plain-text heuristics.
"""

from __future__ import annotations

import re

from workbench.domain.model import DocumentMetadata, Segment, SegmentKind
from workbench.importers.base import DEFAULT_LIMITS, ImportedDocument, Limits
from workbench.importers.boilerplate import is_boilerplate_line
from workbench.importers.heuristics import (
    fill_gaps,
    guess_metadata,
    looks_like_headline,
    parse_date,
    tidy,
    with_derived_title,
)
from workbench.importers.segments import merge_adjacent, segment, shift_segments
from workbench.importers.text import decode_text

MEDIA_TYPE = "text/markdown"

_TITLE_SCAN_LINES = 200
_MAX_TITLE_CHARS = 200
_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS_RE = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1")
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_KEYS = {
    "title": "title",
    "author": "author",
    "authors": "author",
    "by": "author",
    "date": "published",
    "published": "published",
    "url": "url",
    "source": "url",
    "link": "url",
    "publisher": "publisher",
    "site": "publisher",
    "lang": "language",
    "language": "language",
}


def strip_inline(text: str) -> str:
    """Remove inline Markdown decoration from a heading: links, emphasis, code ticks."""
    text = _LINK_RE.sub(r"\1", text)
    text = _EMPHASIS_RE.sub(r"\2", text)
    return " ".join(text.replace("`", "").strip("*_ ").split())


def _front_matter(text: str) -> DocumentMetadata:
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return DocumentMetadata()
    values: dict[str, str] = {}
    for line in match.group("body").split("\n"):
        key, sep, value = line.partition(":")
        field = _FRONT_KEYS.get(key.strip().lower())
        if not sep or not field or field in values:
            continue
        value = value.strip().strip("\"'")
        if field == "published":
            value = parse_date(value)
        elif field == "language":
            value = value.split("-")[0].split("_")[0].lower()
        if value:
            values[field] = value
    return DocumentMetadata(**values)


def _atx_h1(line: str) -> str | None:
    """Return the text of a "# Heading" line (closing hashes removed), else None."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or not stripped.startswith(("# ", "#\t")):
        return None
    title = stripped[2:].strip()
    without_hashes = title.rstrip("#")
    if without_hashes != title and (not without_hashes or without_hashes[-1] in " \t"):
        title = without_hashes.strip()
    return title


def _is_setext_h1_underline(line: str) -> bool:
    stripped = line.strip(" \t")
    return bool(stripped) and set(stripped) == {"="} and len(line) - len(line.lstrip(" ")) <= 3


def markdown_title(text: str) -> str:
    """Return the first level-1 heading (ATX or setext), else the first meaningful line when it looks
    like a headline (not a sentence), else "".

    Only the first lines are looked at, each cut to a headline's length, so a
    hostile file with huge lines costs nothing.
    """
    match = _FRONT_MATTER_RE.match(text)
    body = text[match.end() :] if match else text
    lines = body.split("\n", _TITLE_SCAN_LINES)[:_TITLE_SCAN_LINES]
    for index, line in enumerate(lines):
        heading = _atx_h1(line[: _MAX_TITLE_CHARS * 2])
        if heading is None and line.strip() and index + 1 < len(lines) and _is_setext_h1_underline(lines[index + 1]):
            heading = line.strip()
        if heading:
            return strip_inline(heading[: _MAX_TITLE_CHARS * 2])[:_MAX_TITLE_CHARS]
    for line in lines:
        cleaned = strip_inline(line[: _MAX_TITLE_CHARS * 2].lstrip("#> \t"))
        if cleaned and not is_boilerplate_line(cleaned):
            return cleaned[:_MAX_TITLE_CHARS] if looks_like_headline(cleaned[:_MAX_TITLE_CHARS]) else ""
    return ""


def _plain_top(body: str) -> str:
    """The first lines of a Markdown body without inline decoration (for deriving a title)."""
    lines = body.split("\n", _TITLE_SCAN_LINES)[:_TITLE_SCAN_LINES]
    return "\n".join(strip_inline(line[: _MAX_TITLE_CHARS * 4].lstrip("#> \t")) for line in lines)


def import_markdown(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> ImportedDocument:
    """Import a Markdown article, keeping its text as is.

    Args:
        data: the file's bytes.
        name: the file name, for messages.
        limits: size limits.

    Returns:
        The imported document (media type "text/markdown"); with no heading, front-matter title or
        headline-like first line, the title is the first sentence, marked derived.

    Raises:
        ImportRejected: empty, too large, binary or undecodable data.
    """
    text, encoding = decode_text(data, name, limits)
    metadata = _front_matter(text)
    if not metadata.title:
        metadata = fill_gaps(metadata, DocumentMetadata(title=markdown_title(text)))
    match = _FRONT_MATTER_RE.match(text)
    front_end = match.end() if match else 0
    body = text[front_end:]
    metadata = fill_gaps(metadata, guess_metadata(body))
    metadata, derived = with_derived_title(metadata, _plain_top(body))
    segments = shift_segments(segment(body, paged=False), front_end)
    if front_end:
        segments = merge_adjacent([Segment(0, front_end, SegmentKind.BOILERPLATE), *segments])
    return ImportedDocument(
        text=text,
        encoding=encoding,
        media_type=MEDIA_TYPE,
        metadata=tidy(metadata),
        segments=segments,
        derived=derived,
    )
