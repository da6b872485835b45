"""Page furniture: running heads and feet, page numbers and line numbers, found across the pages of a PDF.

Such lines stay in the imported text at their place (a page's head first, its foot last) but are marked as
boilerplate, so that the body reads on from page to page.

* The *head zone* of a page is its first rows (at most three, in the top quarter of the page) up to the
  first clear vertical gap; the *foot zone* likewise at the bottom. Without such a gap a page has no zone,
  and only its very first and last rows are looked at, for a page number alone on its row.
* A line of a zone is furniture when it is a page number ("7", "- 7 -", "Page 7 of 12", "7/12", "[vii]")
  or when the same line — digits ignored, so "Weekly Bulletin 7" matches "Weekly Bulletin 8", and a letter
  or two of OCR noise forgiven — sits in the same zone at about the same height on at least two pages and
  on at least 30% of the pages (running heads that alternate between left and right pages are on half of
  them). A short line of a zone at a height where furniture was found on that many pages is furniture too
  (the left-page head of a three-page document appears once).
* *Line numbers*: five or more bare numbers on a page, aligned in the margin beside the text and mostly
  increasing downwards.
* *Turned text*: lines that run up or down the page (a print shop's slug or a margin note turned 90 degrees).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise

from workbench.importers.pdf_layout import Line, Page, rows_of

_ZONE_ROWS = 3
_ZONE_FRACTION = 0.25
_GAP_EM = 0.5
_REPEAT_SHARE = 0.3
_SAME_HEIGHT = 0.04  # of the page height
_MIN_LINE_NUMBERS = 5
_FUZZY_MIN_CHARS = 12
_FUZZY_RATIO = 0.9
_MAX_FURNITURE_CHARS = 100
_DIGITS_RE = re.compile(r"\d+")
_PAGE_NUMBER_RES = (
    re.compile(r"(?:page|p\.|pg\.?|seite|pagina|página|страница|صفحة)\s*\d{1,4}(?:\s*(?:of|/|de|sur|von|из|من)\s*\d{1,4})?",
               re.IGNORECASE),
    re.compile(r"[-–—~·•\[(|]?\s*\d{1,4}\s*[-–—~·•\])|]?"),
    re.compile(r"\d{1,4}\s*(?:/|of|de|sur|von|из|من)\s*\d{1,4}", re.IGNORECASE),
    re.compile(r"[-–—\[(]?\s*[ivxlc]{1,6}\s*[-–—\])]?"),
)
_BARE_NUMBER_RE = re.compile(r"\d{1,4}")


@dataclass(slots=True)
class PageParts:
    """A page's lines sorted into furniture (head, side, foot) and body."""

    head: list[Line] = field(default_factory=list)
    side: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    foot: list[Line] = field(default_factory=list)


def is_page_number(text: str) -> bool:
    """Tell whether a line is only a page number: "7", "- 7 -", "Page 7 of 12", "7 / 12", "xii"."""
    text = " ".join(text.split())
    return bool(text) and len(text) <= 30 and any(r.fullmatch(text) for r in _PAGE_NUMBER_RES)


def furniture_key(text: str) -> str:
    """A line's identity across pages: lower case, digits and spacing ignored."""
    return _DIGITS_RE.sub("#", " ".join(text.lower().split()))


def _zone(rows: list[list[Line]], height: float, typical: float, from_top: bool) -> list[list[Line]]:
    ordered = rows if from_top else rows[::-1]
    for k in range(1, min(_ZONE_ROWS, len(ordered) - 1) + 1):
        above, below = (ordered[k - 1], ordered[k]) if from_top else (ordered[k], ordered[k - 1])
        inside = all((ln.top < height * _ZONE_FRACTION) if from_top else (ln.bottom > height * (1 - _ZONE_FRACTION))
                     for ln in ordered[k - 1])
        if not inside:
            break
        gap = min(ln.top for ln in below) - max(ln.bottom for ln in above)
        if gap >= _GAP_EM * typical:
            return ordered[:k]
    return []


def _line_numbers(lines: list[Line]) -> list[Line]:
    """Bare numbers aligned in a margin beside the text (a transcript's or a contract's line numbers)."""
    numbers = [ln for ln in lines if _BARE_NUMBER_RE.fullmatch(ln.text.strip())]
    if len(numbers) < _MIN_LINE_NUMBERS:
        return []
    number_set = set(numbers)
    others = [ln for ln in lines if ln not in number_set]
    if not others:
        return []
    text_left = min(ln.x0 for ln in others)
    text_right = max(ln.x1 for ln in others)
    for side in ([ln for ln in numbers if ln.x1 <= text_left + 1], [ln for ln in numbers if ln.x0 >= text_right - 1]):
        if len(side) < _MIN_LINE_NUMBERS:
            continue
        side.sort(key=lambda ln: ln.top)
        values = [int(ln.text) for ln in side]
        rising = sum(1 for a, b in pairwise(values) if b > a)
        if rising >= 0.8 * (len(values) - 1):
            return side
    return []


def _similar_keys(seen: dict[tuple[bool, str], list[tuple[int, float]]]) -> dict[tuple[bool, str], list[
        tuple[bool, str]]]:
    """Keys that differ by a letter or two (OCR noise: "VICKSBURG" / "VICKSBUEG") count as the same line."""
    keys = [k for k in seen if len(k[1]) >= _FUZZY_MIN_CHARS]
    similar: dict[tuple[bool, str], list[tuple[bool, str]]] = {}
    for key in keys:
        similar[key] = [other for other in keys if other[0] == key[0] and (other == key or SequenceMatcher(
            None, key[1], other[1]).ratio() >= _FUZZY_RATIO)]
    return similar


def _furniture_heights(pages: list[Page], found: list[tuple[list[Line], list[Line]]],
                       needed: float) -> tuple[list[float], list[float]]:
    """Heights (share of the page) where furniture sits on enough pages: a running head that alternates
    between left and right pages is on each height only half the time, and on a three-page document once."""
    result: tuple[list[float], list[float]] = ([], [])
    for zone in (0, 1):
        spots = [ln.top / max(page.height, 1.0) for page, pair in zip(pages, found, strict=True) for ln in pair[zone]]
        result[zone].extend(y for y in spots if sum(1 for o in spots if abs(o - y) <= _SAME_HEIGHT) >= needed)
    return result


def _at_furniture_height(line: Line, page: Page, heights: list[float]) -> bool:
    where = line.top / max(page.height, 1.0)
    return len(line.text) <= _MAX_FURNITURE_CHARS and any(abs(where - y) <= _SAME_HEIGHT for y in heights)


def split_furniture(pages: list[Page]) -> list[PageParts]:
    """Sort every page's lines into furniture and body (see the module doc).

    Args:
        pages: the document's pages.

    Returns:
        One ``PageParts`` per page; within each part, lines top to bottom.
    """
    zones: list[tuple[list[Line], list[Line]]] = []
    seen: dict[tuple[bool, str], list[tuple[int, float]]] = defaultdict(list)
    for index, page in enumerate(pages):
        rows = rows_of(list(page.lines))
        heights = sorted(ln.height for ln in page.lines)
        typical = heights[len(heights) // 2] if heights else 10.0
        head = [ln for row in _zone(rows, page.height, typical, True) for ln in row]
        foot = [ln for row in _zone(rows, page.height, typical, False) for ln in row]
        if rows and not head and len(rows[0]) == 1:  # a page number alone on the first or last row
            head = [ln for ln in rows[0] if is_page_number(ln.text)]
        if len(rows) > 1 and not foot and len(rows[-1]) == 1:
            foot = [ln for ln in rows[-1] if is_page_number(ln.text)]
        zones.append((head, foot))
        for is_head, zone in ((True, head), (False, foot)):
            for line in zone:
                seen[(is_head, furniture_key(line.text))].append((index, line.top / max(page.height, 1.0)))
    needed = max(2.0, _REPEAT_SHARE * len(pages))
    similar = _similar_keys(seen)

    def repeated(is_head: bool, line: Line, page: Page) -> bool:
        where = line.top / max(page.height, 1.0)
        key = (is_head, furniture_key(line.text))
        hits = {i for other in similar.get(key, [key]) for i, y in seen[other] if abs(y - where) <= _SAME_HEIGHT}
        return len(hits) >= needed

    found = [([ln for ln in head if is_page_number(ln.text) or repeated(True, ln, page)],
              [ln for ln in foot if is_page_number(ln.text) or repeated(False, ln, page)])
             for page, (head, foot) in zip(pages, zones, strict=True)]
    spots = _furniture_heights(pages, found, needed)
    parts: list[PageParts] = []
    for page, (head, foot), (head_found, foot_found) in zip(pages, zones, found, strict=True):
        part = PageParts()
        head_set, foot_set = set(head_found), set(foot_found)
        part.head = [ln for ln in head if ln in head_set or _at_furniture_height(ln, page, spots[0])]
        taken = set(part.head)
        part.foot = [ln for ln in foot if (ln in foot_set or _at_furniture_height(ln, page, spots[1]))
                     and ln not in taken]
        taken.update(part.foot)
        rest = [ln for ln in page.lines if ln not in taken and not ln.vertical]
        part.side = [ln for ln in page.lines if ln.vertical and ln not in taken] + _line_numbers(rest)
        side = set(part.side)
        part.body = [ln for ln in rest if ln not in side]
        for lines in (part.head, part.side, part.foot):
            lines.sort(key=lambda ln: (ln.top, ln.x0))
        parts.append(part)
    return parts
