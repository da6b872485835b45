"""Pages → one text: furniture at its place, body paragraphs flowing across columns and pages.

``assemble`` takes every page's lines sorted into furniture and body (``pdf_furniture``), puts the body in
reading order (``pdf_layout``), cleans each line's characters (``pdf_unicode``), builds paragraphs and joins
their lines (``pdf_text``), and writes the text: paragraphs separated by a blank line, the lines of one
furniture group (a page's head, its line numbers, its foot) and the rows of a table by a line break. It
returns the furniture's ranges, which become boilerplate segments.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from workbench.importers.pdf_furniture import PageParts
from workbench.importers.pdf_layout import Block, Line, reading_order
from workbench.importers.pdf_text import Dehyphenator, body_height_of, continues, join_lines, paragraphs_of
from workbench.importers.pdf_unicode import (
    fix_number_punctuation,
    looks_visual,
    normalise_compat,
    visual_to_logical,
)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the first page, for the title: its text and the height of its first line."""

    text: str
    height: float


@dataclass(slots=True)
class Flow:
    """The assembled text.

    Attributes:
        text: paragraphs separated by blank lines (no trailing newline).
        furniture: (start, end) ranges of the page furniture in ``text``.
        first_page: the first page's body paragraphs, in order.
        first_page_text: the first page's text, furniture included (for a printed date).
    """

    text: str = ""
    furniture: list[tuple[int, int]] = field(default_factory=list)
    first_page: list[Paragraph] = field(default_factory=list)
    first_page_text: str = ""


def _clean(lines: list[Line], visual: bool) -> list[Line]:
    out = []
    for line in lines:
        text = normalise_compat(visual_to_logical(line.text) if visual else line.text).strip()
        if line.rtl:
            text = fix_number_punctuation(text)
        if text:
            out.append(replace(line, text=text))
    return out


class _Writer:
    """Accumulates paragraphs; holds furniture back while a body paragraph is still open."""

    def __init__(self, dehyphenator: Dehyphenator, body_height: float) -> None:
        self.dehyphenator = dehyphenator
        self.body_height = body_height
        self.chunks: list[str] = []
        self.length = 0
        self.furniture: list[tuple[int, int]] = []
        self.open: list[Line] = []
        self.open_block: Block | None = None
        self.held: list[list[Line]] = []
        self.page_paragraphs: list[Paragraph] = []

    def _emit(self, text: str, furniture: bool) -> None:
        if not text:
            return
        if self.chunks:
            self.chunks.append("\n\n")
            self.length += 2
        if furniture:
            self.furniture.append((self.length, self.length + len(text)))
        self.chunks.append(text)
        self.length += len(text)

    def furniture_group(self, lines: list[Line]) -> None:
        if not lines:
            return
        if self.open:
            self.held.append(lines)
        else:
            self._emit("\n".join(ln.text for ln in lines), furniture=True)

    def close(self) -> None:
        if self.open:
            text = join_lines([ln.text for ln in self.open], self.dehyphenator)
            self.page_paragraphs.append(Paragraph(text, self.open[0].height))
            self._emit(text, furniture=False)
            self.open, self.open_block = [], None
        for group in self.held:
            self._emit("\n".join(ln.text for ln in group), furniture=True)
        self.held = []

    def block(self, block: Block) -> None:
        if block.table:  # one line per row, never joined
            self.close()
            self._emit("\n".join(ln.text for ln in block.lines), furniture=False)
            return
        for index, paragraph in enumerate(paragraphs_of(block, self.body_height)):
            if (index == 0 and self.open and self.open_block is not None
                    and continues(self.open[-1], self.open_block, paragraph[0], block)):
                self.open.extend(paragraph)
            else:
                self.close()
                self.open = list(paragraph)
            self.open_block = block

    @property
    def text(self) -> str:
        return "".join(self.chunks)


def assemble(pages: list[PageParts]) -> Flow:
    """Write the document's text from its pages (see the module doc).

    Args:
        pages: every page's lines sorted into furniture and body.

    Returns:
        The text, the furniture's ranges and what the metadata needs of the first page.
    """
    visual = looks_visual(ln.text for page in pages for ln in page.body)
    cleaned = [PageParts(_clean(p.head, visual), _clean(p.side, visual), _clean(p.body, visual),
                         _clean(p.foot, visual)) for p in pages]
    ordered = [reading_order(p.body) for p in cleaned]
    dehyphenator = Dehyphenator.from_lines(ln.text for blocks in ordered for b in blocks for ln in b.lines)
    writer = _Writer(dehyphenator, body_height_of(ln for p in cleaned for ln in p.body))
    flow = Flow()
    for number, (parts, blocks) in enumerate(zip(cleaned, ordered, strict=True)):
        start = writer.length
        writer.furniture_group(parts.head)
        writer.furniture_group(parts.side)
        for block in blocks:
            writer.block(block)
        writer.furniture_group(parts.foot)
        if number == 0:
            pending = join_lines([ln.text for ln in writer.open], dehyphenator) if writer.open else ""
            flow.first_page = list(writer.page_paragraphs)
            if pending:
                flow.first_page.append(Paragraph(pending, writer.open[0].height))
            flow.first_page_text = writer.text[start:] + ("\n\n" + pending if pending else "")
    writer.close()
    flow.text = writer.text
    flow.furniture = writer.furniture
    return flow
