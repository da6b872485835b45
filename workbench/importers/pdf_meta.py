"""A PDF's title, author and publication date, judged rather than copied from its properties.

PDF properties are often junk: "10811.exe", "Microsoft Word - draft_v3.docx", "untitled", a path, an author
"Supreme", "user" or "Administrator" (the name of whoever set up the computer), or a program's name.

* *Title*: the Title property when it reads like a title; otherwise the first page's most prominent text
  (the first paragraph set in the largest type, when that is clearly larger than the body text); otherwise
  the first headline-like line of the text (``heuristics.guess_title``, then marked as derived).
* *Author*: the Author property when it reads like a person's or an organisation's name (two words or
  more, not a user account or a program); otherwise a "By ..." line of the text. A single word is refused:
  in PDF properties it is far more often a login ("Supreme", "DSI") than an organisation ("UNHCR").
* *Publication date*: never the CreationDate or ModDate property — those tell when a file was made, not when
  the document was published. A date printed on the first page (a dateline, "Published 12 March 2019", a
  masthead) is taken instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workbench.importers.heuristics import guess_published, guess_title, looks_like_headline, parse_date
from workbench.importers.pdf_flow import Paragraph

_FILE_NAME_RE = re.compile(r"^[^\s/\\]+\.[A-Za-z0-9]{2,5}$|\.(?:docx?|pdf|exe|rtf|odt|txt|html?|indd|qxd|pages|"
                           r"pptx?|xlsx?|tmp|ps|eps|tex|dvi|jpe?g|png|tiff?)$", re.IGNORECASE)
_PATH_RE = re.compile(r"^(?:[A-Za-z]:[\\/]|[\\/]|file:|https?:|~[\\/])|[\\/].*[\\/]")
_APP_PREFIX_RE = re.compile(r"^(?:Microsoft\s+(?:Word|PowerPoint|Excel)(?:\s+for\s+\w+)?|Word|PowerPoint)\s+-\s+",
                            re.IGNORECASE)
_JUNK_TITLES = frozenset((
    "untitled", "untitled document", "untitled-1", "document", "doc1", "document1", "title", "no title",
    "new document", "blank", "powerpoint presentation", "presentation", "slide 1", "print", "page 1", "none",
    "null", "default", "draft", "temp", "test", "anonymous",
))
_JUNK_AUTHORS = frozenset((
    "user", "admin", "administrator", "owner", "author", "unknown", "default", "guest", "test", "supreme",
    "windows", "pc", "home", "hp", "dell", "lenovo", "acer", "asus", "toshiba", "sony", "samsung", "apple", "mac",
    "macbook", "microsoft", "office", "word", "adobe", "acrobat", "distiller", "pdf", "latex", "tex", "pdftex",
    "libreoffice", "openoffice", "writer", "pages", "quartz", "ghostscript", "cairo", "skia", "chrome", "chromium",
    "google", "docs", "scanner", "scan", "system", "root", "staff", "operator", "client", "customer", "install",
    "installer", "setup", "me", "mine", "none", "null", "anonymous",
))
_MIN_TITLE_RATIO = 1.2  # the title's type is at least this much larger than the body's
_TITLE_PARAGRAPHS = 8  # only the first paragraphs of the first page are looked at
_MAX_TITLE_CHARS = 250
_DATE_LINES = 40
_MAX_DATE_LINE_CHARS = 60
_MAX_DATE_LINE_WORDS = 8


@dataclass(frozen=True, slots=True)
class PdfMetadata:
    """What ``pdf.py`` puts into ``DocumentMetadata`` and ``ImportedDocument.derived``."""

    title: str = ""
    author: str = ""
    published: str = ""
    derived: tuple[str, ...] = ()


def is_junk_title(title: str) -> bool:
    """Tell whether a Title property is not a title: empty, a file name, a path, digits, "untitled"..."""
    title = " ".join(title.split())
    letters = sum(ch.isalpha() for ch in title)
    if letters < 3 or _APP_PREFIX_RE.match(title) or _FILE_NAME_RE.search(title) or _PATH_RE.search(title):
        return True
    if title.lower().strip(" .") in _JUNK_TITLES:
        return True
    if " " not in title and ("_" in title or any(ch.isdigit() for ch in title)):  # draft_v3, report2019b
        return True
    return " " not in title and "-" in title and title.islower()  # a file's stem: test-punkt


def is_plausible_author(author: str, software: str = "") -> bool:
    """Tell whether an Author property names a person or an organisation.

    Args:
        author: the property's value.
        software: the Creator and Producer properties; an author named there is the software's maker.
    """
    author = " ".join(author.split())
    words = re.findall(r"[^\W\d_][\w.'’-]*", author)
    if not words or len(author) > 120 or sum(ch.isdigit() for ch in author) > 2 or "@" in author:
        return False
    lowered = {w.lower().strip(".") for w in words}
    if lowered & _JUNK_AUTHORS:
        return False
    if software and any(len(w) > 2 and w.lower() in software.lower() for w in words):
        return False
    return len(words) > 1 and any(w[0].isupper() for w in words)  # one word: "Supreme", "DSI", "LEAD"


def title_from_page(paragraphs: list[Paragraph]) -> str:
    """The first page's most prominent paragraph: set clearly larger than the body text, near the top."""
    if not paragraphs:
        return ""
    weights: dict[float, int] = {}
    for p in paragraphs:
        key = round(p.height, 1)
        weights[key] = weights.get(key, 0) + len(p.text)
    body = max(weights, key=lambda k: weights[k])
    candidates = [p for p in paragraphs[:_TITLE_PARAGRAPHS]
                  if p.height >= _MIN_TITLE_RATIO * body and 3 <= len(p.text) <= _MAX_TITLE_CHARS
                  and sum(ch.isalpha() for ch in p.text) >= 3]
    if not candidates:
        return ""
    largest = max(p.height for p in candidates)
    return next(p.text for p in candidates if p.height >= largest * 0.95)


def printed_date(first_page_text: str) -> str:
    """The date printed near the top of the first page, as ISO YYYY-MM-DD, or "".

    A short line that is mostly a date ("Thursday, August 6, 2020", "Published 12 March 2019") wins over a
    date inside a sentence ("comments must reach us by September 21, 2020."), which
    ``heuristics.guess_published`` would take first.
    """
    lines = [line.strip() for line in first_page_text.split("\n") if line.strip()][:_DATE_LINES]
    for line in lines:
        if len(line) <= _MAX_DATE_LINE_CHARS and len(line.split()) <= _MAX_DATE_LINE_WORDS:
            found = parse_date(line)
            if found:
                return found
    return guess_published(first_page_text)


def judge(props: dict[str, str], first_page: list[Paragraph], first_page_text: str, text: str) -> PdfMetadata:
    """Choose title, author and publication date (see the module doc).

    Args:
        props: the PDF's properties (Title, Author, Creator, Producer...).
        first_page: the first page's body paragraphs with their type size.
        first_page_text: the first page's text, furniture included.
        text: the body text (furniture left out).

    Returns:
        The chosen values; ``derived`` names those guessed from the text rather than read.
    """
    derived: list[str] = []
    title = props.get("Title", "")
    if is_junk_title(title):
        title = title_from_page(first_page)
        if not title:
            title = guess_title(text)  # the body's text: furniture is no title
            if title:
                derived.append("title")
    elif not looks_like_headline(title) and len(title) > _MAX_TITLE_CHARS:
        title = title[:_MAX_TITLE_CHARS].rsplit(" ", 1)[0]
    author = props.get("Author", "")
    if not is_plausible_author(author, f"{props.get('Creator', '')} {props.get('Producer', '')}"):
        author = ""
    return PdfMetadata(title=title, author=author, published=printed_date(first_page_text),
                       derived=tuple(derived))
