"""Find a quote that a person typed (or pasted) in a canonical text, forgiving what the eye cannot see.

A quote typed on one line must still be found where the source wrapped it, and a quote copied from a PDF
must be found in its text. The match is made by a regular expression built from the quote, so that every
match is a range of code-point offsets into the canonical text, exactly as stored for a passage:

* any run of white space in the quote matches any run of white space in the text (a line break, several
  spaces, a tab, a no-break space);
* characters that do not show are skipped in the text: soft hyphen, zero-width space, word joiner, BOM;
* a word broken at the end of a line with a hyphen is found whole ("pro-\\nposed" for "proposed"), and a
  hyphenated word broken after its hyphen is found too ("Deir-\\nEzzor" for "Deir-Ezzor");
* straight and curly quotation marks are the same ('  ‘  ’ and "  “  ”  «  »), and so are the hyphen and
  the dashes (- ‐ ‑ ‒ – — −).

Letters are compared exactly (case and diacritics matter): a quote is evidence and must say what the text
says.
"""

from __future__ import annotations

import re

_IGNORABLE = "\u00ad\u200b\u2060\ufeff"
_IGNORABLE_RE = re.compile(f"[{_IGNORABLE}]")
_SKIP = f"[{_IGNORABLE}]*"
_SPACE = rf"(?:\s|[{_IGNORABLE}])+"
_LINE_BREAK = r"(?:[ \t]*\n[ \t]*)?"
_WORD_BREAK = rf"(?:[{_IGNORABLE}]+|-[ \t]*\n[ \t]*)?"
_EQUIVALENT = ("'‘’‛′`´", "\"“”„‟″«»", "-‐‑‒–—−")
_CLASS = {ch: "[" + re.escape(group) + "]" for group in _EQUIVALENT for ch in group}
_DASHES = _EQUIVALENT[2]


def normalise_quote(quote: str) -> str:
    """The quote as it is matched: invisible characters removed, white space runs made single spaces,
    the ends stripped."""
    return " ".join(_IGNORABLE_RE.sub("", quote).split())


def quote_pattern(quote: str) -> re.Pattern[str] | None:
    """The regular expression that finds ``quote`` in a text (see the module docstring), or None for a
    quote with nothing to match."""
    words = normalise_quote(quote).split(" ")
    if words == [""]:
        return None
    parts: list[str] = []
    for w, word in enumerate(words):
        if w:
            parts.append(_SPACE)
        for i, ch in enumerate(word):
            if i:
                prev = word[i - 1]
                if prev in _DASHES:
                    parts.append(_LINE_BREAK)
                elif prev.isalpha() and ch.isalpha():
                    parts.append(_WORD_BREAK)
                else:
                    parts.append(_SKIP)
            parts.append(_CLASS.get(ch) or re.escape(ch))
    return re.compile("".join(parts))


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Every (possibly overlapping) range of ``text`` that matches ``quote``, in text order.

    Args:
        text: canonical text.
        quote: what the person typed.

    Returns:
        (start, end) code-point offsets, one per match; [] when there is none or the quote is blank.
    """
    pattern = quote_pattern(quote)
    found: list[tuple[int, int]] = []
    if pattern is None:
        return found
    match = pattern.search(text)
    while match is not None:
        found.append((match.start(), match.end()))
        match = pattern.search(text, match.start() + 1)
    return found
