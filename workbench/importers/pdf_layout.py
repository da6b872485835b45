"""Reading order of a PDF page: lines with their boxes → blocks (columns) in the order a person reads them.

Pure functions over ``Line`` boxes (top-down coordinates, points), whatever library read them.

The page's lines are grouped into *rows* (lines that overlap vertically), and consecutive rows into
*sections*: a section is either a flow of full-width rows, read top to bottom, or a set of rows that share
one or more vertical *gutters* — white strips that no line crosses — read column by column. A row that
crosses the gutters closes a column section (a title spanning two columns, a full-width table); a row that
has a gap of its own after a full-width flow opens one. A column section needs at least two rows with text
on both sides of a gutter; otherwise it is read as a flow (two words far apart on a single line are not
two columns). A column section made of short cells (three or four words each on average) is a table and is
read row by row. Right-to-left pages read their columns from the right.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MIN_GUTTER_EM = 0.8  # a gutter is at least this many line heights wide
_ROW_OVERLAP = 0.5  # two lines share a row when they overlap by half the smaller height
_TABLE_ROWS = 3
_TABLE_WORDS_PER_CELL = 3.5
_RTL_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")


@dataclass(frozen=True, slots=True, eq=False)
class Line:
    """One line of text as the PDF placed it (compared and hashed by identity: two lines with the same text
    and box are still two lines).

    Attributes:
        text: the characters, in logical order as far as the library could tell.
        x0: left edge. x1: right edge. top: top edge. bottom: bottom edge (top-down, points).
        first_word: width of the line's first word (its last in right-to-left text), for the "would the
            next word have fitted on the previous line" test.
        rtl: the line is mostly right-to-left text.
        vertical: the text runs up or down the page (a margin note turned 90 degrees).
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    first_word: float = 0.0
    rtl: bool = False
    vertical: bool = False

    @property
    def height(self) -> float:
        """The line's height: the font's size, roughly."""
        return max(self.bottom - self.top, 0.1)


@dataclass(frozen=True, slots=True)
class Page:
    """A page's size and its lines (any order)."""

    width: float
    height: float
    lines: tuple[Line, ...]


@dataclass(slots=True)
class Block:
    """Lines read one after the other: a column of a column section, a flow section, or a table (its rows)."""

    lines: list[Line] = field(default_factory=list)
    table: bool = False

    @property
    def left(self) -> float:
        return min((ln.x0 for ln in self.lines), default=0.0)

    @property
    def right(self) -> float:
        return max((ln.x1 for ln in self.lines), default=0.0)


def is_rtl_text(text: str) -> bool:
    """Tell whether most strong letters of ``text`` are right-to-left (Arabic, Hebrew...)."""
    if not _RTL_RE.search(text):
        return False
    rtl = ltr = 0
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L":
            ltr += 1
    return rtl > ltr


def _overlaps(a: Line, b_top: float, b_bottom: float) -> bool:
    overlap = min(a.bottom, b_bottom) - max(a.top, b_top)
    return overlap >= _ROW_OVERLAP * min(a.height, b_bottom - b_top)


def _side_by_side(line: Line, row: list[Line]) -> bool:
    return all(line.x0 >= other.x1 or line.x1 <= other.x0 for other in row)


def rows_of(lines: list[Line]) -> list[list[Line]]:
    """Group lines into rows (vertical overlap), top to bottom; each row sorted left to right.

    A row never holds two lines above one another (that would chain the staggered lines of neighbouring
    columns into one tall row).
    """
    rows: list[list[Line]] = []
    bounds: list[tuple[float, float]] = []
    for line in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        if rows and _overlaps(line, *bounds[-1]) and _side_by_side(line, rows[-1]):
            rows[-1].append(line)
            top, bottom = bounds[-1]
            bounds[-1] = (min(top, line.top), max(bottom, line.bottom))
        else:
            rows.append([line])
            bounds.append((line.top, line.bottom))
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
    return rows


def _free_strips(lines: list[Line], min_width: float) -> list[tuple[float, float]]:
    """White vertical strips at least ``min_width`` wide between the leftmost and rightmost text."""
    spans = sorted((ln.x0, ln.x1) for ln in lines)
    strips: list[tuple[float, float]] = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_width:
            strips.append((reach, x0))
        reach = max(reach, x1)
    return strips


def _typical_height(lines: list[Line]) -> float:
    heights = sorted(ln.height for ln in lines)
    return heights[len(heights) // 2] if heights else 10.0


def _row_has_gap(row: list[Line], min_width: float) -> bool:
    return len(row) > 1 and bool(_free_strips(row, min_width))


def _split_count(rows: list[list[Line]], gutter: tuple[float, float]) -> int:
    """How many rows have text on both sides of ``gutter``."""
    return sum(1 for row in rows if any(ln.x1 <= gutter[0] for ln in row) and any(ln.x0 >= gutter[1] for ln in row))


@dataclass(slots=True)
class _Section:
    rows: list[list[Line]]
    gutters: list[tuple[float, float]]


def sections_of(rows: list[list[Line]], min_gutter: float) -> list[_Section]:
    """Group consecutive rows into flow sections (no gutter) and column sections (see the module doc)."""
    sections: list[_Section] = []
    for row in rows:
        current = sections[-1] if sections else None
        if current is not None and current.gutters:
            joined = _free_strips([ln for r in [*current.rows, row] for ln in r], min_gutter)
            if joined:
                current.rows.append(row)
                current.gutters = joined
                continue
        elif current is not None and not _row_has_gap(row, min_gutter):
            current.rows.append(row)
            continue
        sections.append(_Section([row], _free_strips(row, min_gutter) if len(row) > 1 else []))
    merged: list[_Section] = []
    for section in sections:  # a "column section" with fewer than two split rows is a flow
        section.gutters = [g for g in section.gutters if _split_count(section.rows, g) >= 2]
        if merged and not section.gutters and not merged[-1].gutters:
            merged[-1].rows.extend(section.rows)
        else:
            merged.append(section)
    return merged


def _merge_row(row: list[Line]) -> Line:
    """One line from the pieces of a row inside one column (a justified line split at a wide gap)."""
    if len(row) == 1:
        return row[0]
    rtl = is_rtl_text("".join(ln.text for ln in row))
    pieces = sorted(row, key=lambda ln: -ln.x1 if rtl else ln.x0)
    return Line(" ".join(ln.text for ln in pieces), min(ln.x0 for ln in row), max(ln.x1 for ln in row),
                min(ln.top for ln in row), max(ln.bottom for ln in row), pieces[0].first_word, rtl)


def _is_table(section: _Section) -> bool:
    """Short cells side by side on shared rows (a table, a table of contents): read row by row."""
    cells = [ln for row in section.rows for ln in row]
    words = sum(len(ln.text.split()) for ln in cells)
    return len(section.rows) >= _TABLE_ROWS and words <= _TABLE_WORDS_PER_CELL * len(cells)


def reading_order(lines: list[Line], rtl_page: bool | None = None) -> list[Block]:
    """Order a page's lines as a person reads them.

    Args:
        lines: the page's lines (page furniture already set aside).
        rtl_page: read columns right to left; ``None`` decides by the text.

    Returns:
        Blocks in reading order; each block's lines top to bottom.
    """
    if not lines:
        return []
    if rtl_page is None:
        rtl_page = is_rtl_text("".join(ln.text for ln in lines))
    min_gutter = MIN_GUTTER_EM * _typical_height(lines)
    blocks: list[Block] = []
    for section in sections_of(rows_of(lines), min_gutter):
        if not section.gutters or _is_table(section):
            blocks.append(Block([_merge_row(row) for row in section.rows], table=bool(section.gutters)))
            continue
        edges = [g[0] for g in section.gutters]
        columns: list[list[list[Line]]] = [[] for _ in range(len(edges) + 1)]
        for row in section.rows:
            parts: list[list[Line]] = [[] for _ in columns]
            for line in row:
                parts[sum(1 for e in edges if line.x0 >= e)].append(line)
            for column, part in zip(columns, parts, strict=True):
                if part:
                    column.append(part)
        ordered = columns[::-1] if rtl_page else columns
        blocks.extend(Block([_merge_row(row) for row in column]) for column in ordered if column)
    return blocks
