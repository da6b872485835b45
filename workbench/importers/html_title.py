"""An HTML page's headline: the metadata title, checked against the page's ``<h1>`` and its site name.

The title trafilatura reads (og:title, then ``<title>``) often carries the site's name ("A Fantástica Loja
dos Materiais Educativos - Como Educar Seus Filhos"), sometimes is the site's name alone ("엔터 미디어"), and
loses the typographic quotes the page shows. The rules, measured on the 40 hand-labelled pages of
tests/corpus/html/aeb/metadata.json (exact title .60 → see the README's table):

1. The first ``<h1>`` (unless it is the site's name: a logo) that is the title with other quote marks,
   or that starts the title with more after it (a site name, a section), is the headline as shown.
2. A title that the article's opening lines do not contain, when the first ``<h1>`` is in them, gives way
   to the ``<h1>`` (the title was the site's name).
3. A title the opening lines do not contain gives way to an ``<h1>`` that has most of its words
   (at least four, 60% of them) in it: the same headline, reworded for search engines.
4. Otherwise a trailing part after " - ", " | ", " — ", " – ", " · " or " :: " that is the site's name
   (equal to the publisher, or one of them starting with the other) is dropped.
"""

from __future__ import annotations

import html
import re

_H1_RE = re.compile(r"<h1\b[^>]*>(?P<text>.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]*>")
_SEPARATORS = (" - ", " | ", " — ", " – ", " · ", " :: ", " » ")
_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "…": "..."}
)
_MIN_H1_CHARS = 8
_MAX_H1_CHARS = 300
_MAX_SCAN_CHARS = 2_000_000
_OPENING_CHARS = 600
_WORD_RE = re.compile(r"[^\W_]+")
_MIN_SHARED_WORDS = 4
_MIN_SHARE_OF_WORDS = 0.6
_MIN_SHARE = 0.4  # an <h1> that starts the title is the headline when it is at least this share of it


def _fold(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split()).casefold()


def first_h1(markup: str) -> str:
    """The text of the page's first ``<h1>`` (tags removed, entities decoded), or "" when it has none that
    can be a headline."""
    for match in _H1_RE.finditer(markup[:_MAX_SCAN_CHARS]):
        text = " ".join(html.unescape(_TAG_RE.sub(" ", match.group("text"))).split())
        if text:  # an empty <h1> holds a logo image: the next one may be the headline
            return text if _MIN_H1_CHARS <= len(text) <= _MAX_H1_CHARS else ""
    return ""


def _shares_words(h1: str, title: str) -> bool:
    """Most of the ``<h1>``'s words are in the title: the same headline, reworded for search engines."""
    words = set(_WORD_RE.findall(_fold(h1)))
    return len(words) >= _MIN_SHARED_WORDS and len(
        words & set(_WORD_RE.findall(_fold(title)))
    ) >= _MIN_SHARE_OF_WORDS * len(words)


def _is_site(text: str, publisher: str) -> bool:
    site, folded = _fold(publisher), _fold(text)
    return bool(site and folded) and (folded == site or site.startswith(folded) or folded.startswith(site))


def without_site_name(title: str, publisher: str) -> str:
    """``title`` without a trailing " - <site name>" (rule 4); unchanged when no part is the site's name."""
    if not _fold(publisher):
        return title
    for separator in _SEPARATORS:
        pos = title.find(separator)
        while pos > 0:
            if _is_site(title[pos + len(separator) :], publisher):
                return title[:pos].strip()
            pos = title.find(separator, pos + 1)
    return title


def headline(title: str, publisher: str, markup: str, body: str) -> str:
    """The page's headline by the rules of the module docstring ("" when there is none)."""
    h1 = first_h1(markup)
    if h1 and _is_site(h1, publisher):
        h1 = ""  # a logo in an <h1>
    folded_title, folded_h1 = _fold(title), _fold(h1)
    if (
        h1
        and folded_title
        and (
            folded_h1 == folded_title
            or (len(folded_h1) >= _MIN_SHARE * len(folded_title) and folded_title.startswith(folded_h1))
        )
    ):
        return h1
    opening = _fold(body[:_OPENING_CHARS])
    if h1 and folded_h1 in opening and (not folded_title or folded_title not in opening):
        return h1
    if h1 and folded_title and folded_title not in opening and _shares_words(h1, title):
        return h1
    return without_site_name(title, publisher) if title else h1
