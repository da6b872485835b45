"""Generate the PDF corpus whose text is known exactly (``generated/*.pdf`` from ``generated/*.txt``).

Each ``generated/<name>.txt`` is the reference text: the first paragraph is the title, the next ones the
byline/date lines, then the article (paragraphs separated by a blank line; a short paragraph without final
punctuation is a subheading). This script typesets it the way real documents are typeset — with our own
line breaker, so that we know every decision it made — and writes ``<name>.pdf`` plus
``<name>.expect.json``: the lines that are page furniture (running heads, page numbers, line numbers), the
words hyphenated at a line end (soft hyphens and compounds), the document properties written into the PDF
and what the importer should find (title, author, publication date, searches).

Features: two columns with a title spanning both, justified text with first-line indents, hyphenation at line
ends, fi/fl ligatures from the font (DejaVu Serif shapes them) and literal U+FB01 characters, running heads
that alternate between even and odd pages, "Page N of M" / "- N -" / bare page numbers, a line-number
column, Arabic right-to-left text (Qt shapes it, so the text layer holds the glyphs in visual order), and a
20-page document for timing.

Run (the PDFs are committed; rerun only after editing a text or this script)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/corpus/pdf/make_pdfs.py
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent / "generated"
_VOWELS = set("aeiouy")


@dataclass
class Spec:
    """How one document is typeset."""

    name: str
    page: tuple[float, float] = (595.0, 842.0)
    margins: tuple[float, float, float, float] = (56.0, 56.0, 70.0, 64.0)  # left, right, top, bottom
    columns: int = 1
    gutter: float = 18.0
    family: str = "DejaVu Serif"
    size: float = 10.5
    leading: float = 1.32
    indent: bool = True  # first-line indent, no gap (else: a gap, no indent)
    justify: bool = True
    rtl: bool = False
    meta_lines: int = 2
    header: Callable[[int], tuple[str, str]] | None = None
    footer: Callable[[int, int], str] | None = None
    line_numbers: bool = False
    literal_ligatures: dict[str, str] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)
    expect: dict[str, object] = field(default_factory=dict)
    source: str = ""  # another document's text, repeated (the timing document)
    min_pages: int = 0


@dataclass
class Op:
    x: float
    y: float  # baseline
    text: str
    font: str  # "body", "title", "meta", "head", "small"


@dataclass
class State:
    pages: list[list[Op]] = field(default_factory=list)
    column: int = 0
    y: float = 0.0
    top: float = 0.0  # where columns start on this page
    furniture: list[str] = field(default_factory=list)
    hyphenated: list[list[str]] = field(default_factory=list)
    line_no: int = 0


def split_points(word: str) -> list[int]:
    """Where our hyphenator may break a plain word (3+ letters each side): V-CV ("re-port") or VC-CV ("lan-guage")."""
    if not word.isalpha() or not word.islower() or len(word) < 7:
        return []
    return [i for i in range(3, len(word) - 2)
            if word[i] not in _VOWELS and word[i + 1] in _VOWELS
            and (word[i - 1] in _VOWELS or (word[i - 1] not in _VOWELS and word[i - 2] in _VOWELS))]


class Typesetter:
    """Greedy line breaking with hyphenation; pages as lists of text operations."""

    def __init__(self, spec: Spec, metrics: dict[str, object]) -> None:
        self.spec = spec
        self.metrics = metrics
        self.state = State()
        width, _height = spec.page
        left, right, _top, _bottom = spec.margins
        self.frame = (left, width - right)

    def width(self, text: str, font: str = "body") -> float:
        return float(self.metrics[font].horizontalAdvance(text))  # type: ignore[attr-defined]

    def col_box(self, span: bool) -> tuple[float, float]:
        left, right = self.frame
        if span or self.spec.columns == 1:
            return left, right
        col_w = (right - left - self.spec.gutter * (self.spec.columns - 1)) / self.spec.columns
        order = range(self.spec.columns)[::-1] if self.spec.rtl else range(self.spec.columns)
        x0 = left + list(order).index(self.state.column) * (col_w + self.spec.gutter)
        return x0, x0 + col_w

    def new_page(self) -> None:
        self.state.pages.append([])
        self.state.column = 0
        self.state.y = self.state.top = self.spec.margins[2]
        self.state.line_no = 0

    def advance(self, height: float, span: bool) -> None:
        bottom = self.spec.page[1] - self.spec.margins[3]
        if not self.state.pages:
            self.new_page()
        if self.state.y + height > bottom:
            if not span and self.state.column + 1 < self.spec.columns:
                self.state.column += 1
                self.state.y = self.state.top
            else:
                self.new_page()
        self.state.y += height

    def draw_line(self, tokens: list[str], font: str, x0: float, x1: float, indent: float, last: bool) -> None:
        ops = self.state.pages[-1]
        drawn = [self.spec.literal_ligatures.get(t, t) for t in tokens]
        if self.spec.rtl:
            line = " ".join(drawn)
            ops.append(Op(x1 - indent - self.width(line, font), self.state.y, line, font))
        elif self.spec.justify and not last and len(drawn) > 1 and font == "body":
            words_w = sum(self.width(t, font) for t in drawn)
            gap = (x1 - x0 - indent - words_w) / (len(drawn) - 1)
            x = x0 + indent
            for token in drawn:
                ops.append(Op(x, self.state.y, token, font))
                x += self.width(token, font) + gap
        else:
            ops.append(Op(x0 + indent, self.state.y, " ".join(drawn), font))
        if self.spec.line_numbers and font == "body":
            self.state.line_no += 1
            ops.append(Op(x0 - 34, self.state.y, str(self.state.line_no), "small"))

    def paragraph(self, text: str, font: str, span: bool, gap_before: float) -> None:
        size = float(self.metrics[font].height())  # type: ignore[attr-defined]
        line_h = size * (self.spec.leading if font == "body" else 1.15)
        if self.state.pages and self.state.y > self.state.top:
            self.state.y += gap_before
        indent = size * 1.2 if font == "body" and self.spec.indent and self.state.y > self.state.top else 0.0
        words = text.split()
        line: list[str] = []
        first = True
        while words:
            x0, x1 = self.col_box(span)
            avail = x1 - x0 - (indent if first else 0.0)
            word = words[0]
            trial = " ".join([*line, word])
            if self.width(trial, font) <= avail:
                line.append(words.pop(0))
                continue
            if not line and self.width(word, font) > avail:  # a word longer than the line: put it alone
                line.append(words.pop(0))
            elif font == "body" and not self.spec.rtl:
                piece = self.hyphen_piece(line, word, avail, font)
                if piece:
                    head, tail = piece
                    line.append(head)
                    words[0] = tail
                    self.state.hyphenated.append([head, tail, word])
            self.advance(line_h, span)
            x0, x1 = self.col_box(span)
            self.draw_line(line, font, x0, x1, indent if first else 0.0, last=False)
            line, first = [], False
        if line:
            self.advance(line_h, span)
            x0, x1 = self.col_box(span)
            self.draw_line(line, font, x0, x1, indent if first else 0.0, last=True)

    def hyphen_piece(self, line: list[str], word: str, avail: float, font: str) -> tuple[str, str] | None:
        """The longest head of ``word`` (with its hyphen) that still fits on the line, and the rest."""
        core = word.rstrip(".,;:!?\"”’)")
        candidates = [i + 1 for i, ch in enumerate(core[:-2]) if ch == "-" and i >= 1]  # compounds: after "-"
        candidates += split_points(core)
        for cut in sorted(candidates, reverse=True):
            head = word[:cut] if word[cut - 1] == "-" else word[:cut] + "-"
            if self.width(" ".join([*line, head]), font) <= avail:
                return head, word[cut:]
        return None


def typeset(spec: Spec, text: str, metrics: dict[str, object]) -> tuple[list[list[Op]], State]:
    paragraphs = [p.replace("\n", " ") for p in text.split("\n\n")]
    ts = Typesetter(spec, metrics)
    body_size = float(metrics["body"].height())  # type: ignore[attr-defined]
    gap = 0.0 if spec.indent else body_size * 0.75
    for index, para in enumerate(paragraphs):
        if index == 0:
            ts.paragraph(para, "title", span=True, gap_before=0)
        elif index <= spec.meta_lines:
            ts.paragraph(para, "meta", span=True, gap_before=body_size * 0.4)
            if index == spec.meta_lines:
                ts.state.y += body_size * 1.2
                ts.state.top = ts.state.y  # the columns start below the title block
        elif len(para.split()) < 9 and not para.endswith((".", ":", "?", "!", "”", '"')):
            ts.paragraph(para, "head", span=False, gap_before=body_size * 0.9)
        else:
            ts.paragraph(para, "body", span=False, gap_before=gap)
    while len(ts.state.pages) < spec.min_pages:
        ts.new_page()
    total = len(ts.state.pages)
    width, height = spec.page
    left, right, top, bottom = spec.margins
    for number, ops in enumerate(ts.state.pages, start=1):
        if spec.header:
            head_left, head_right = spec.header(number)
            y = top - 30
            for text_, x in ((head_left, left), (head_right, width - right - ts.width(head_right, "small"))):
                if text_:
                    ops.append(Op(x, y, text_, "small"))
                    ts.state.furniture.append(text_)
        if spec.footer:
            foot = spec.footer(number, total)
            ops.append(Op((width - ts.width(foot, "small")) / 2, height - bottom + 34, foot, "small"))
            ts.state.furniture.append(foot)
    if spec.line_numbers:
        ts.state.furniture.extend(str(n) for n in range(1, 60))
    return ts.state.pages, ts.state


def render(spec: Spec, text: str) -> tuple[bytes, State]:
    from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QSizeF
    from PySide6.QtGui import QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(72)
    page_size = QPageSize(QSizeF(*spec.page), QPageSize.Unit.Point)
    writer.setPageLayout(QPageLayout(page_size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0),
                                     QPageLayout.Unit.Point))
    writer.setCreator("make_pdfs.py")

    def font(size: float, bold: bool = False, italic: bool = False, family: str = spec.family) -> QFont:
        f = QFont(family)
        f.setPointSizeF(size)
        f.setBold(bold)
        f.setItalic(italic)
        f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        return f

    fonts = {"body": font(spec.size), "title": font(spec.size * 2.0, bold=True),
             "meta": font(spec.size * 0.95, italic=not spec.rtl), "head": font(spec.size * 1.15, bold=True),
             "small": font(spec.size * 0.8, family="DejaVu Sans")}
    metrics: dict[str, object] = {k: QFontMetricsF(f, writer) for k, f in fonts.items()}
    pages, state = typeset(spec, text, metrics)
    painter = QPainter(writer)
    for index, ops in enumerate(pages):
        if index:
            writer.newPage()
        for op in ops:
            painter.setFont(fonts[op.font])
            painter.drawText(QPointF(op.x, op.y), op.text)
    painter.end()
    buffer.close()
    return bytes(buffer.data().data()), state


def set_properties(data: bytes, properties: dict[str, str]) -> bytes:
    """Replace the /Info dictionary (Qt writes its own title, creator and dates)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.metadata = None  # drop Qt's entries
    writer.add_metadata({"/" + k: v for k, v in properties.items()})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def specs() -> list[Spec]:
    """The generated documents."""
    return [
        Spec("bulletin-two-column", columns=2, size=10.0,
             header=lambda n: ("EUPHRATES VALLEY WEEKLY", "Conflict Bulletin No. 14"),
             footer=lambda n, total: f"Page {n} of {total}",
             properties={"Title": "10811.exe", "Author": "Supreme", "CreationDate": "D:20210617093000+02'00'",
                         "ModDate": "D:20210618101500+02'00'", "Producer": "make_pdfs.py (Qt)"},
             expect={"title": "Conflicting Accounts of the Fighting Around Al-Ashara", "author": "Hana Sorensen",
                     "published": "2019-03-12", "searches": ["confirmed", "Al-Ashara", "pro-opposition"]}),
        Spec("field-notes-single-column", page=(420.0, 595.0), margins=(48.0, 48.0, 62.0, 58.0), family="DejaVu Sans",
             size=9.5, indent=False, justify=False,
             header=lambda n: ("Field Notes", "") if n % 2 == 0 else ("", "The Footage From the Bridge"),
             footer=lambda n, total: f"- {n} -",
             literal_ligatures={"fight": "\ufb01ght", "fireworks": "\ufb01reworks"},
             properties={"Title": "Microsoft Word - fieldnotes_v3_FINAL.docx", "Author": "user",
                         "CreationDate": "D:20200102030405Z"},
             expect={"title": "Field Notes: The Footage From the Bridge at Deir Hafer", "author": "",
                     "published": "2018-11-04", "searches": ["fight", "fireworks", "2½ kilometres"]}),
        Spec("arabic-dispatch", page=(420.0, 595.0), margins=(48.0, 48.0, 62.0, 58.0), family="DejaVu Sans",
             size=11.0, indent=False, justify=False, rtl=True, meta_lines=1,
             footer=lambda n, total: str(n),
             properties={"Title": "untitled", "Author": "Administrator", "CreationDate": "D:20190305"},
             expect={"title": "اشتباكات متقطعة على طريق دمشق دير الزور", "author": "", "published": "",
                     "language": "ar", "searches": ["دمشق", "دير الزور", "مصادر محلية", "ISIS"]}),
        Spec("briefing-transcript", family="DejaVu Sans Mono", size=10.0, indent=False, justify=False,
             margins=(90.0, 56.0, 80.0, 70.0), line_numbers=True, leading=2.0, meta_lines=1,
             header=lambda n: ("Unofficial transcript - subject to correction", ""),
             footer=lambda n, total: "Desk Transcription Services",
             properties={"Title": "Press Briefing on the Deir Ezzor Crossings", "Author": "Levant Frontline Desk",
                         "CreationDate": "D:20190110"},
             expect={"title": "Press Briefing on the Deir Ezzor Crossings", "author": "Levant Frontline Desk",
                     "published": "2019-01-09", "searches": ["thirty hours"]}),
        Spec("digest-twenty-pages", source="bulletin-two-column", size=11.0, indent=False, justify=False,
             header=lambda n: ("Weekly Digest of Disputed Claims", ""),
             footer=lambda n, total: f"Page {n}",
             properties={"Title": "Weekly Digest of Disputed Claims", "Author": "Euphrates Valley Weekly"},
             expect={"title": "Weekly Digest of Disputed Claims", "author": "Euphrates Valley Weekly",
                     "published": "2019-03-12", "searches": ["Al-Ashara"]}),
    ]


def main(argv: list[str]) -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["make_pdfs"])
    wanted = set(argv[1:])
    for spec in specs():
        if wanted and spec.name not in wanted:
            continue
        source = spec.source or spec.name
        text = (HERE / f"{source}.txt").read_text(encoding="utf-8").strip()
        if spec.source:  # the timing document: the source's body repeated until it fills min_pages
            paragraphs = text.split("\n\n")
            title = ["Weekly Digest of Disputed Claims", "Compiled by the Euphrates Valley Weekly desk",
                     "Edition of 12 March 2019"]
            text = "\n\n".join(title + paragraphs[3:] * 8)
            (HERE / f"{spec.name}.txt").write_text(text + "\n", encoding="utf-8")
        data, state = render(spec, text)
        data = set_properties(data, spec.properties)
        (HERE / f"{spec.name}.pdf").write_bytes(data)
        expect = {"pages": len(state.pages), "properties": spec.properties, **spec.expect,
                  "furniture": sorted(set(state.furniture)),
                  "hyphenated": state.hyphenated,
                  "literal_ligatures": spec.literal_ligatures}
        (HERE / f"{spec.name}.expect.json").write_text(json.dumps(expect, ensure_ascii=False, indent=1) + "\n",
                                                       encoding="utf-8")
        soft = sum(1 for h in state.hyphenated if not h[0].endswith("--") and "-" not in h[2])
        print(f"{spec.name}: {len(state.pages)} pages, {len(data):,} bytes, {soft} soft hyphens, "
              f"{len(state.hyphenated) - soft} compound breaks")
    del app
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    sys.exit(main(sys.argv))
