"""Guess document metadata from plain text: title, author, date, URL, publisher, language.

Used by every importer, either alone (plain text, Markdown) or to fill the gaps
left by the format's own metadata (HTML meta tags, DOCX core properties, PDF
info dictionary). Only the top of the text is looked at, so that a date or a
URL in a reader comment is never taken for the article's.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import date

from workbench.domain.model import DocumentMetadata
from workbench.importers.boilerplate import is_boilerplate_line

_TOP_LINES = 15
_LABELLED_URL_LINES = 40
_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 30
_MAX_DATE_LINE_CHARS = 100
_MAX_BYLINE_CHARS = 200
_LANGUAGE_SAMPLE = 20_000

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_PATTERNS = (
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.IGNORECASE),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.IGNORECASE),
    re.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<mon>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"),
    # 06.12.2017 or 6/12/2017: day first, as most of the world writes it (month first when the day is > 12)
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})[./](?P<mon>\d{1,2})[./](?P<year>\d{4})(?!\d)"),
)
_DATELINE_SPLIT_RE = re.compile(r"\s+[|–—•·-]\s+|\s*\|\s*")
_AUTHOR_RE = re.compile(r"^(?:by|written\s+by|reporting\s+by|author\s*:|by\s*:)\s+(?P<name>.+)$", re.IGNORECASE)
_AUTHOR_SPLIT_RE = re.compile(r"\s*(?:\||•|·|—|–|\s-\s|,\s*(?=\w+\s+\d)|\bon\s+(?=\w+\s+\d)|\d).*$")
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
_WORD_RE = re.compile(r"[^\W\d_]+")
_ENGLISH_STOPWORDS = frozenset(
    """
    the and of to in is that for on with was as by at from it are said has have were this an be not
    which or its his their had been after they he she but also will would
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def _top_lines(text: str, count: int) -> list[str]:
    lines = []
    for raw in text.split("\n"):
        line = raw.strip().strip("*_").strip()
        if line:
            lines.append(line)
            if len(lines) >= count:
                break
    return lines


def parse_date(value: str) -> str:
    """Find a calendar date in a short string and return it as ISO YYYY-MM-DD.

    Args:
        value: e.g. "November 30, 2017", "30 November 2017", "Dec. 13, 2017",
            "date 2017-09-25 Donate", "2017-09-25T08:00:00Z".

    Returns:
        The first valid date found, or "" when there is none.
    """
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(value):
            parts = match.groupdict()
            try:
                year = int(parts["year"])
                if parts.get("month"):
                    month = _MONTHS[parts["month"].lower()[:3]]
                else:
                    month = int(parts["mon"])
                day = int(parts["day"])
                if not parts.get("month") and month > 12 >= day and match.re is _DATE_PATTERNS[-1]:
                    day, month = month, day
                if not 1800 <= year <= 2200:
                    continue
                return date(year, month, day).isoformat()
            except (KeyError, ValueError):
                continue
    return ""


def _is_date_line(line: str) -> bool:
    return len(line) <= _MAX_DATE_LINE_CHARS and bool(parse_date(line))


def _is_url_line(line: str) -> bool:
    return bool(_BARE_URL_RE.match(line) or _LABELLED_URL_RE.match(line))


def looks_like_headline(line: str) -> bool:
    """Tell whether a line can be a headline: short, not a sentence, not furniture."""
    if not line or len(line) > _MAX_TITLE_CHARS or len(line.split()) > _MAX_TITLE_WORDS:
        return False
    if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return False
    return not line[0].islower()


def guess_title(text: str) -> str:
    """Return the first headline-like line near the top, skipping boilerplate, or ""."""
    for line in _top_lines(text, _TOP_LINES):
        if is_boilerplate_line(line) or _is_date_line(line) or _is_url_line(line) or _AUTHOR_RE.match(line):
            continue
        return line if looks_like_headline(line) else ""
    return ""


def guess_author(text: str) -> str:
    """Return the name from a "By Name" line near the top, or ""."""
    for line in _top_lines(text, _TOP_LINES):
        match = _AUTHOR_RE.match(line) if len(line) <= _MAX_BYLINE_CHARS else None
        if not match:
            continue
        name = _AUTHOR_SPLIT_RE.sub("", match.group("name")).strip(" ,;:")
        words = name.split()
        if 1 <= len(words) <= 8 and len(name) <= 100 and name[0].isupper():
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
                or ":" in part or _URL_RE.search(part)):
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


def _is_arabic(ch: str) -> bool:
    code = ord(ch)
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x08A0 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


def guess_language(text: str) -> str:
    """Guess the language simply: Arabic script majority → "ar", English stopwords → "en", else ""."""
    sample = text[:_LANGUAGE_SAMPLE]
    arabic = latin = 0
    for ch in sample:
        if ch.isalpha():
            if _is_arabic(ch):
                arabic += 1
            elif ch.isascii() or "\u00c0" <= ch <= "\u024f":
                latin += 1
    if arabic and arabic > latin:
        return "ar"
    if latin <= arabic or not latin:
        return ""
    words = [w.lower() for w in _WORD_RE.findall(sample)]
    hits = sum(1 for w in words if w in _ENGLISH_STOPWORDS)
    if hits >= 2 and hits * 10 >= len(words):
        return "en"
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
    )


def fill_gaps(primary: DocumentMetadata, fallback: DocumentMetadata) -> DocumentMetadata:
    """Return ``primary`` with its empty fields taken from ``fallback``."""
    changes = {
        f.name: getattr(fallback, f.name)
        for f in fields(primary)
        if not getattr(primary, f.name) and getattr(fallback, f.name)
    }
    return replace(primary, **changes) if changes else primary


def tidy(metadata: DocumentMetadata) -> DocumentMetadata:
    """Collapse whitespace in every field and drop a URL that is not http(s)."""
    changes: dict[str, str] = {}
    for f in fields(metadata):
        value = getattr(metadata, f.name)
        cleaned = " ".join(str(value or "").split())
        if f.name == "url" and cleaned:
            cleaned = clean_url(cleaned)
        if cleaned != value:
            changes[f.name] = cleaned
    return replace(metadata, **changes) if changes else metadata
