"""Guess document metadata from plain text: title, author, date, URL, publisher, language, direction.

Used by every importer, either alone (plain text, Markdown) or to fill the gaps
left by the format's own metadata (HTML meta tags, DOCX core properties, PDF
info dictionary). Only the top of the text is looked at, so that a date or a
URL in a reader comment is never taken for the article's. ``tidy`` cleans what
every importer returns (author and publisher through ``clean_author`` and
``clean_publisher``, language tags, the writing direction).

For importers: ``guess_metadata(text)`` never invents a title; a text with no
headline gets one from its first sentence through ``with_derived_title``, which
also says that the title was derived (``ImportedDocument.derived``).
"""

from __future__ import annotations

import re
from dataclasses import fields, replace

from workbench.domain.model import DocumentMetadata
from workbench.importers.boilerplate import is_boilerplate_line
from workbench.importers.meta_dates import parse_date
from workbench.importers.meta_language import (
    direction_of_language,
    guess_direction,
    guess_language,
    normalise_direction,
    normalise_language,
)
from workbench.importers.meta_names import clean_author, clean_publisher, has_byline_marker, strip_byline_prefix
from workbench.importers.meta_title import headline_text, looks_like_headline, title_from_line

__all__ = [
    "clean_author",
    "clean_publisher",
    "clean_url",
    "dateline_publisher",
    "derive_title",
    "fill_gaps",
    "guess_author",
    "guess_direction",
    "guess_language",
    "guess_metadata",
    "guess_published",
    "guess_publisher",
    "guess_title",
    "guess_url",
    "looks_like_headline",
    "parse_date",
    "tidy",
    "with_derived_title",
]

_TOP_LINES = 15
_LABELLED_URL_LINES = 40
_MAX_DATE_LINE_CHARS = 100
_MAX_BYLINE_CHARS = 200

_DATELINE_SPLIT_RE = re.compile(r"\s+[|–—•·-]\s+|\s*\|\s*")
_URL_RE = re.compile(r"https?://[^\s<>\"'“”]+", re.IGNORECASE)
_LABELLED_URL_RE = re.compile(
    r"^(?:source|url|link|original(?:ly\s+published)?(?:\s+(?:at|on))?|read\s+(?:the\s+)?original"
    r"(?:\s+at)?|published\s+at|via)\s*:?\s*<?(?P<url>https?://\S+?)>?(?:\s+[–—|-]\s.*)?$",
    re.IGNORECASE,
)
_BARE_URL_RE = re.compile(r"^<?(?P<url>https?://\S+?)>?$", re.IGNORECASE)
_SUPPORT_RE = re.compile(r"^(?:[Pp]lease\s+)?[Ss]upport\s+(?P<name>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2})[!.]?$")
_COPYRIGHT_RE = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?P<name>[^.|]{2,60}?)\s*"
    r"(?:\.|\||all rights reserved|$)",
    re.IGNORECASE,
)
_PUBLISHER_RE = re.compile(r"^(?:publisher|published\s+by|outlet)\s*:\s*(?P<name>.{2,80})$", re.IGNORECASE)
_NAME_FIELDS = {"author": clean_author, "publisher": clean_publisher}


def _top_lines(text: str, count: int) -> list[str]:
    lines = []
    for raw in text.split("\n"):
        line = raw.strip().strip("*_").strip()
        if line:
            lines.append(line)
            if len(lines) >= count:
                break
    return lines


def _is_date_line(line: str) -> bool:
    return len(line) <= _MAX_DATE_LINE_CHARS and bool(parse_date(line))


def _is_url_line(line: str) -> bool:
    return bool(_BARE_URL_RE.match(line) or _LABELLED_URL_RE.match(line))


def byline(line: str) -> tuple[bool, str]:
    """Tell whether a line is a byline ("By …", "Von …", "بقلم …", "作者：…", "NAME 기자") and return the
    cleaned name(s) in it ("" when the byline names nobody, as in "By Staff Writer")."""
    if len(line) > _MAX_BYLINE_CHARS:
        return False, ""
    rest = strip_byline_prefix(line)
    if rest == line:
        return False, ""
    name = clean_author(rest)
    if name:
        return True, name
    # "By Staff Writer" is a byline that names nobody; "By The Numbers: …" is a headline
    return has_byline_marker(line) and len(rest.split()) <= 4 and not any(c in rest for c in ":?!"), ""


def _is_furniture(line: str) -> bool:
    return is_boilerplate_line(line) or _is_date_line(line) or _is_url_line(line) or byline(line)[0]


def _first_text_line(text: str) -> str:
    for line in _top_lines(text, _TOP_LINES):
        if not _is_furniture(line):
            return line
    return ""


def guess_title(text: str) -> str:
    """Return the first headline-like line near the top, skipping furniture and bylines, or ""."""
    line = _first_text_line(text)
    return headline_text(line) if looks_like_headline(line) else ""


def derive_title(text: str) -> str:
    """A title for a text with no headline: its first sentence, cut to about 12 words or 90 characters
    at a word boundary with "…" (40 characters for Chinese or Japanese), or "" for no text."""
    return title_from_line(_first_text_line(text))


def with_derived_title(metadata: DocumentMetadata, text: str) -> tuple[DocumentMetadata, tuple[str, ...]]:
    """Give metadata without a title one derived from ``text`` (see ``derive_title``).

    Returns:
        (metadata, derived): ``derived`` is ("title",) when the title was derived, else ().
    """
    if metadata.title.strip():
        return metadata, ()
    title = derive_title(text)
    return (replace(metadata, title=title), ("title",)) if title else (metadata, ())


def guess_author(text: str) -> str:
    """Return the cleaned name(s) from a byline near the top ("By Name", "Von Name", "بقلم Name"…), or ""."""
    for line in _top_lines(text, _TOP_LINES):
        is_byline, name = byline(line)
        if is_byline and name:
            return name
    return ""


def guess_published(text: str) -> str:
    """Return the ISO date of a short date line near the top ("date 2017-09-25"), or ""."""
    for line in _top_lines(text, _TOP_LINES):
        if len(line) <= _MAX_DATE_LINE_CHARS:
            found = parse_date(line)
            if found:
                return found
    return ""


def clean_url(url: str) -> str:
    """Return an http(s) URL without trailing punctuation, or "" for anything else."""
    url = url.strip().rstrip(".,;:)]>\"'”’")
    return url if _URL_RE.fullmatch(url) else ""


def guess_url(text: str) -> str:
    """Return a "Source: https://…" URL near the top, or a bare URL line at the very top."""
    lines = _top_lines(text, _LABELLED_URL_LINES)
    for line in lines:
        match = _LABELLED_URL_RE.match(line)
        if match:
            return clean_url(match.group("url"))
    for line in lines[:_TOP_LINES]:
        match = _BARE_URL_RE.match(line)
        if match:
            return clean_url(match.group("url"))
    return ""


def dateline_publisher(line: str) -> str:
    """The outlet named in a dateline such as "06.12.2017 | Syria War Notes" or
    "Dawn Press – Damascus – 6/12/2017" (the first part that is not the date), or ""."""
    if not _is_date_line(line):
        return ""
    parts = [p.strip() for p in _DATELINE_SPLIT_RE.split(line) if p.strip()]
    if len(parts) < 2:
        return ""
    for part in parts:
        words = part.split()
        if (parse_date(part) or is_boilerplate_line(part) or not 1 <= len(words) <= 5 or not part[0].isupper()
                or ":" in part or _URL_RE.search(part) or byline(part)[0]):
            continue
        return part
    return ""


def guess_publisher(text: str) -> str:
    """Return the outlet named by "Publisher:", a dateline, "Support <Outlet>" or "© 2017 <Outlet>"."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines[:_TOP_LINES]:
        if _PUBLISHER_RE.match(line):
            break
        name = dateline_publisher(line)
        if name:
            return name
    for pattern in (_PUBLISHER_RE, _SUPPORT_RE, _COPYRIGHT_RE):
        for line in lines:
            match = pattern.match(line)
            if match:
                name = re.sub(r"\s+\d{4}$", "", match.group("name").strip(" .,;:|-"))
                if name and name.lower() not in {"us", "our work", "all rights reserved"}:
                    return name
    return ""


def guess_metadata(text: str) -> DocumentMetadata:
    """Guess every metadata field from the text alone.

    Args:
        text: canonical text.

    Returns:
        DocumentMetadata with the fields that could be found; the others "".
    """
    return DocumentMetadata(
        title=guess_title(text),
        publisher=guess_publisher(text),
        author=guess_author(text),
        url=guess_url(text),
        published=guess_published(text),
        language=guess_language(text),
        direction=guess_direction(text),
    )


def _clean_names(metadata: DocumentMetadata) -> DocumentMetadata:
    changes = {name: clean(getattr(metadata, name)) for name, clean in _NAME_FIELDS.items()}
    changes = {k: v for k, v in changes.items() if v != getattr(metadata, k)}
    return replace(metadata, **changes) if changes else metadata


def fill_gaps(primary: DocumentMetadata, fallback: DocumentMetadata) -> DocumentMetadata:
    """Return ``primary`` with its empty fields taken from ``fallback``.

    Author and publisher are cleaned first, so that a placeholder ("Administrator", "Unknown") in the
    format's own metadata does not hide the byline found in the text.
    """
    primary, fallback = _clean_names(primary), _clean_names(fallback)
    changes = {
        f.name: getattr(fallback, f.name)
        for f in fields(primary)
        if not getattr(primary, f.name) and getattr(fallback, f.name)
    }
    return replace(primary, **changes) if changes else primary


def tidy(metadata: DocumentMetadata) -> DocumentMetadata:
    """Clean what an importer found, so that every format's metadata meets the same rules.

    Whitespace is collapsed in every field; author and publisher go through ``clean_author`` and
    ``clean_publisher``; a URL that is not http(s) is dropped; the language becomes its primary subtag
    ("en-GB" → "en"); the direction is "ltr", "rtl" or "", and is set from the language when empty.
    """
    changes: dict[str, str] = {}
    for f in fields(metadata):
        value = getattr(metadata, f.name)
        cleaned = " ".join(str(value or "").split())
        if f.name == "url" and cleaned:
            cleaned = clean_url(cleaned)
        elif f.name in _NAME_FIELDS:
            cleaned = _NAME_FIELDS[f.name](cleaned)
        elif f.name == "language":
            cleaned = normalise_language(cleaned)
        elif f.name == "direction":
            cleaned = normalise_direction(cleaned)
        if cleaned != value:
            changes[f.name] = cleaned
    metadata = replace(metadata, **changes) if changes else metadata
    if not metadata.direction and metadata.language:
        metadata = replace(metadata, direction=direction_of_language(metadata.language))
    return metadata
