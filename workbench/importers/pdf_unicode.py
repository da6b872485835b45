"""Characters of a PDF's text layer made searchable: compatibility forms and right-to-left order.

*Compatibility forms.* PDFs often carry the glyph's own code point: ligatures (U+FB01 "ﬁ"), Arabic and
Hebrew presentation forms (U+FB1D–FDFF, U+FE70–FEFE). Nobody types those, so a search for "fight" or "دمشق"
would never match. ``normalise_compat`` applies NFKC to those characters only, then NFC to the whole text.
NFKC over the whole text would also rewrite things a reader wants kept as printed: "½" → "1⁄2", "²" → "2",
"™" → "TM", full-width CJK punctuation, "ﬅ" aside — so it is not applied. Soft hyphens, byte-order marks and
control characters (other than tab and newline) are removed.

*Right-to-left order.* A PDF's text layer holds glyphs as they are drawn, left to right. Good readers
(pdfium) restore the logical order; others give Arabic and Hebrew reversed ("visual order"), and in
presentation forms. ``looks_visual`` weighs the evidence over a whole document — the shape of a word's first
and last letters (an Arabic word starts with an initial form and ends with a final one; visual order has it
the other way round), Hebrew final letters at the start of words, the article "ال" at the end of words —
and ``visual_to_logical`` reorders a line: in a right-to-left line the whole line is reversed and runs of
left-to-right text (Latin words, numbers) are turned back; in a left-to-right line only the right-to-left
runs are reversed. Brackets in reversed runs are mirrored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_COMPAT_RE = re.compile("[\ufb00-\ufb4f\ufb50-\ufdff\ufe70-\ufefe]+")
_DROP_RE = re.compile("[\u00ad\ufeff\x00-\x08\x0b-\x1f\x7f]")
_RTL_CLASSES = frozenset(("R", "AL"))
_LTR_RUN_CLASSES = frozenset(("L", "EN", "AN"))  # numbers stay left to right
_HEBREW_FINALS = frozenset("ךםןףץ")
_MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")
_ARABIC_WORD_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefe]+")
_HEBREW_WORD_RE = re.compile("[\u0590-\u05ff\ufb1d-\ufb4f]+")
_RTL_LETTER_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")
_PUNCT_BEFORE_NUMBER_RE = re.compile(r"(?<!\S)([،؛.,:])(\d[\d.,]*)(?=\s|$)")


def normalise_compat(text: str) -> str:
    """Ligatures and presentation forms → ordinary letters; drop soft hyphens and control characters; NFC.

    Args:
        text: text as read from the PDF.

    Returns:
        The text a person would type ("ﬁght" → "fight", "ﻖﺸﻣد" → "قشمد"), other characters unchanged.
    """
    text = _COMPAT_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return unicodedata.normalize("NFC", _DROP_RE.sub("", text))


def fix_number_punctuation(line: str) -> str:
    """In a right-to-left line, put a comma or full stop that a reader placed before a number back after it.

    pdfium's bidi resolution sometimes gives "الكيلومتر ،80 لكنه" for "الكيلومتر 80، لكنه": a punctuation mark
    glued to the front of a number and followed by a space never happens in logical Arabic or Hebrew text.
    """
    return _PUNCT_BEFORE_NUMBER_RE.sub(r"\2\1", line) if _RTL_LETTER_RE.search(line) else line


def _form(ch: str) -> str:
    """"initial", "medial", "final", "isolated" for an Arabic presentation form, else ""."""
    decomposition = unicodedata.decomposition(ch)
    return decomposition[1:decomposition.index(">")] if decomposition.startswith("<") else ""


def _word_votes(word: str) -> int:
    """+1 per sign of logical order in an Arabic or Hebrew word, -1 per sign of visual order."""
    votes = 0
    if len(word) >= 2:
        first, last = _form(word[0]), _form(word[-1])
        votes += (first == "initial") - (first == "final") + (last == "final") - (last == "initial")
        votes += (first == "medial" or last == "medial") * -1
        base = unicodedata.normalize("NFKC", word)
        if len(base) >= 4:
            votes += base.startswith("ال") - base.endswith("لا")
        if word[-1] in _HEBREW_FINALS:
            votes += 1
        if word[0] in _HEBREW_FINALS:
            votes -= 1
    return votes


def looks_visual(lines: Iterable[str]) -> bool:
    """Tell whether a document's right-to-left text came out in visual (reversed) order."""
    votes = 0
    for line in lines:
        for word in (*_ARABIC_WORD_RE.findall(line), *_HEBREW_WORD_RE.findall(line)):
            votes += _word_votes(word)
    return votes < 0


def _bidi(ch: str) -> str:
    return unicodedata.bidirectional(ch)


def _runs(chars: list[str], inside: frozenset[str]) -> list[tuple[int, int]]:
    """Maximal runs [start, end) that start and end with a character of class ``inside`` and hold no
    character of the opposite direction."""
    opposite = _LTR_RUN_CLASSES if inside is _RTL_CLASSES else _RTL_CLASSES
    spans: list[tuple[int, int]] = []
    start = last = -1
    for i, ch in enumerate(chars):
        kind = _bidi(ch)
        if kind in inside:
            if start < 0:
                start = i
            last = i
        elif kind in opposite and start >= 0:
            spans.append((start, last + 1))
            start = -1
    if start >= 0:
        spans.append((start, last + 1))
    return spans


def _reverse_spans(chars: list[str], spans: list[tuple[int, int]]) -> list[str]:
    out = chars[:]
    for start, end in spans:
        out[start:end] = out[start:end][::-1]
    return out


def visual_to_logical(line: str) -> str:
    """Reorder one line of visual-order text into logical order (see the module doc).

    Args:
        line: the characters as drawn, left to right.

    Returns:
        The line in reading order; a line without right-to-left letters is returned unchanged.
    """
    classes = [_bidi(ch) for ch in line]
    rtl = sum(1 for c in classes if c in _RTL_CLASSES)
    if not rtl:
        return line
    ltr = sum(1 for c in classes if c == "L")
    if rtl >= ltr:  # a right-to-left line: reverse it all, then turn the Latin words and numbers back
        chars = list(reversed(line))
        keep = _runs(chars, _LTR_RUN_CLASSES)
        inside = {i for start, end in keep for i in range(start, end)}
        chars = [ch if i in inside else ch.translate(_MIRROR) for i, ch in enumerate(chars)]
        return "".join(_reverse_spans(chars, keep))
    turn = _runs(list(line), _RTL_CLASSES)
    inside = {i for start, end in turn for i in range(start, end)}
    chars = [ch.translate(_MIRROR) if i in inside else ch for i, ch in enumerate(line)]
    return "".join(_reverse_spans(chars, turn))
