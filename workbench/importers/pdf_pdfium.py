"""Read a PDF's text layer with pdfium (pypdfium2): properties and every page's lines with their boxes.

pdfium was chosen by measurement (see the README's PDF section): it is the fastest of the three readers
tried, opens AES-encrypted files and Brotli-compressed streams without extra libraries, gives Arabic in
logical order with ordinary letters, and splits ligatures. Only this module knows about pdfium; it turns the
library's errors into ``PdfProblem`` with a reason in plain words, and its characters into ``Line`` boxes
(top-down page coordinates, the page's rotation applied) for the pure text pipeline.

Lines are pdfium's lines, split further where two words are far apart (a gutter between columns) or where
the text jumps up or down. Coordinates are turned so that most of the page's text reads left to right (a
landscape table stored sideways is read upright); words running across that direction (a margin note
turned 90 degrees) are marked ``vertical``. pdfium marks a hyphen it believes to be the typesetter's with
U+0002 and does not break the line after it; such a hyphen is given back as "-" at the end of its line, so
that ``pdf_text.Dehyphenator`` decides.
"""

from __future__ import annotations

import ctypes
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from workbench.importers.pdf_layout import Line, Page, is_rtl_text

SPLIT_GAP_EM = 1.0  # words further apart than this many line heights are different lines
_VERTICAL_RATIO = 1.5
_ANGLE_SAMPLES = 24
_LINE_BREAKS = frozenset("\r\n")
_SPACES = frozenset(" \t\xa0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u3000")
_PDFIUM_HYPHENS = frozenset("\x02\ufffe")
_STOPS = _LINE_BREAKS | _SPACES | _PDFIUM_HYPHENS
_PROPERTY_KEYS = ("Title", "Author", "Subject", "Creator", "Producer")


class PdfProblem(Exception):
    """The PDF cannot be read; ``reason`` is for the user ("is encrypted ...", "is damaged: ...")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_OPEN_ERRORS = {
    2: "is damaged: it could not be read as a PDF file",
    3: "is damaged: its structure could not be read (it may be truncated or not really a PDF)",
    4: "is encrypted (it needs a password to open); ask the sender for an unprotected copy",
    5: "is encrypted with a protection scheme this app cannot open; ask the sender for an unprotected copy",
    6: "is damaged: its list of pages could not be read",
}


def open_pdf(data: bytes) -> Any:
    """Open a PDF (with the empty password, which opens files that only restrict printing or copying).

    Raises:
        PdfProblem: damaged, encrypted with a real password, or an unsupported protection scheme.
    """
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        raise PdfProblem(_OPEN_ERRORS.get(code if isinstance(code, int) else 0,
                                          "is damaged: its structure could not be read")) from None


def properties(pdf: Any) -> dict[str, str]:
    """The document information dictionary's text entries (Title, Author, Creator, Producer...)."""
    found: dict[str, str] = {}
    for key in _PROPERTY_KEYS:
        try:
            value = pdf.get_metadata_value(key)
        except Exception:  # a broken /Info entry is not fatal
            value = ""
        if isinstance(value, str) and value.strip():
            found[key] = " ".join(value.split())
    return found


@dataclass(slots=True)
class _Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    break_after: bool = False
    vertical: bool = False


def _page_text(raw: Any, textpage: Any, count: int) -> str:
    import pypdfium2.raw as pdfium_c

    text = textpage.get_text_range()
    if len(text) != count:  # chars outside the BMP or inserted/excluded chars: read them one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 0xFFFD) for i in range(count))
    return text


def _transform(box: tuple[float, float, float, float], crop: tuple[float, float, float, float],
               rotation: int) -> tuple[float, float, float, float]:
    """A box (left, bottom, right, top in PDF space) → (x0, x1, top, bottom) as the page is displayed."""
    left, bottom, right, top = box
    c_left, c_bottom, c_right, c_top = crop
    if rotation == 90:
        xs, ys = (bottom - c_bottom, top - c_bottom), (left - c_left, right - c_left)
    elif rotation == 180:
        xs, ys = (c_right - right, c_right - left), (bottom - c_bottom, top - c_bottom)
    elif rotation == 270:
        xs, ys = (c_top - top, c_top - bottom), (c_right - right, c_right - left)
    else:
        xs, ys = (left - c_left, right - c_left), (c_top - top, c_top - bottom)
    return min(xs), max(xs), min(ys), max(ys)


def _quadrant(raw: Any, index: int) -> int:
    """The direction of a character's baseline in quarter turns, as pdfium measures it (clockwise)."""
    import pypdfium2.raw as pdfium_c

    angle = float(pdfium_c.FPDFText_GetCharAngle(raw, index))
    return round(angle / (math.pi / 2)) % 4 if angle >= 0 else 0


def text_rotation(raw: Any, text: str) -> int:
    """How far to turn the page (degrees, clockwise) so that most of its text reads left to right.

    The page's /Rotate entry is not used: a page turned for display with its text running up the screen
    is read as a person turning their head would read it.
    """
    letters = [i for i, ch in enumerate(text) if ch.isalnum()]
    sample = letters[:: max(1, len(letters) // _ANGLE_SAMPLES)][:_ANGLE_SAMPLES]
    votes = Counter(_quadrant(raw, i) for i in sample)
    quadrant = votes.most_common(1)[0][0] if votes else 0
    return {0: 0, 1: 270, 2: 180, 3: 90}[quadrant]


def _words(raw: Any, text: str, crop: tuple[float, float, float, float], rotation: int) -> list[_Word]:
    """Split the page's characters into words with their boxes (two box look-ups per word)."""
    import pypdfium2.raw as pdfium_c

    page_quadrant = {0: 0, 270: 1, 180: 2, 90: 3}[rotation]

    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    c_left, _c_bottom, _c_right, c_top = crop
    words: list[_Word] = []
    start, length = 0, len(text)
    while start < length:
        ch = text[start]
        if ch in _LINE_BREAKS or ch in _SPACES:
            if ch in _LINE_BREAKS and words:
                words[-1].break_after = True
            start += 1
            continue
        end = start + 1
        while end < length and text[end] not in _STOPS:
            end += 1
        hyphen = end < length and text[end] in _PDFIUM_HYPHENS
        last = end if hyphen else end - 1
        if not get_box(raw, start, rect_ref):
            start = last + 1
            continue
        first_box = (rect.left, rect.bottom, rect.right, rect.top)
        if not get_box(raw, last, rect_ref):
            start = last + 1
            continue
        left = min(first_box[0], rect.left)
        right = max(first_box[2], rect.right)
        bottom = min(first_box[1], rect.bottom)
        top = max(first_box[3], rect.top)
        if rotation:
            x0, x1, y0, y1 = _transform((left, bottom, right, top), crop, rotation)
        else:
            x0, x1, y0, y1 = left - c_left, right - c_left, c_top - top, c_top - bottom
        across = (end - start > 1 and y1 - y0 > _VERTICAL_RATIO * (x1 - x0)
                  and _quadrant(raw, start) != page_quadrant)  # a word turned across the page's text
        words.append(_Word(text[start:end] + ("-" if hyphen else ""), x0, x1, y0, y1, hyphen, across))
        start = last + 1
    return words


def _lines(words: list[_Word]) -> list[Line]:
    lines: list[Line] = []
    current: list[_Word] = []

    def flush() -> None:
        if current:
            text = " ".join(w.text for w in current)
            lines.append(Line(text, min(w.x0 for w in current), max(w.x1 for w in current),
                              min(w.top for w in current), max(w.bottom for w in current),
                              current[0].x1 - current[0].x0, is_rtl_text(text), current[0].vertical))
            current.clear()

    for word in words:
        if current:
            prev = current[-1]
            height = max(prev.bottom - prev.top, word.bottom - word.top, 0.1)
            shift = abs((word.top + word.bottom) - (prev.top + prev.bottom)) / 2
            gap = max(word.x0 - prev.x1, prev.x0 - word.x1)
            if word.vertical or prev.vertical:
                if not (word.vertical and prev.vertical and abs(word.x0 - prev.x0) < prev.x1 - prev.x0):
                    flush()
            elif prev.break_after or shift > 0.5 * height or gap > SPLIT_GAP_EM * height:
                flush()
        current.append(word)
    flush()
    return lines


def read_page(pdf: Any, index: int) -> Page:
    """Read one page's lines.

    Raises:
        PdfProblem: the page cannot be loaded.
    """
    import pypdfium2 as pdfium

    try:
        page = pdf[index]
    except pdfium.PdfiumError:
        raise PdfProblem(f"is damaged: page {index + 1} could not be read") from None
    try:
        crop = tuple(float(v) for v in page.get_cropbox())
        width, height = crop[2] - crop[0], crop[3] - crop[1]
        textpage = page.get_textpage()
        try:
            raw = textpage.raw
            count = textpage.count_chars()
            if count <= 0:
                return Page(width, height, ())
            text = _page_text(raw, textpage, count)
            rotation = text_rotation(raw, text)
            if rotation in (90, 270):
                width, height = height, width
            words = _words(raw, text, (crop[0], crop[1], crop[2], crop[3]), rotation)
        finally:
            textpage.close()
    except pdfium.PdfiumError:
        raise PdfProblem(f"is damaged: the text of page {index + 1} could not be read") from None
    finally:
        page.close()
    return Page(width, height, tuple(_lines(words)))
