"""The reading pane: a document's canonical text, read-only, with highlights.

The text lives in a ``QPlainTextEdit`` (fast for 10 MB texts). Highlights and
segment marks are painted as extra selections computed for the visible part
only, from span lists sorted by start; so painting cost depends on what is on
screen, not on the number of highlights. Offsets are code points everywhere
outside this module; ``OffsetMap`` converts to Qt's UTF-16 positions here.

A plain click only places the cursor: it never changes the current claim (the
claim Ctrl+1/2/3 link to). Asking for a highlight's claim is explicit: Alt+click
on the highlight, or a click on its bar in the left margin (``highlight_gutter.py``,
one bar per visible highlight, beside the lines it covers).

Signals of ``DocumentView``:
    claim_requested(str claim_id, str link_id): the user asked to make this highlight's claim current
        (Alt+click on it, or a click on its margin marker).
    highlight_clicked(str claim_id, str link_id): a plain click placed the cursor in a highlight (the current
        claim is unchanged; the window may say how to switch).
    selection_changed(bool has_selection): a non-empty selection appeared/vanished.
    annotation_clicked(str note): a click on an imported annotation's highlight (or its margin bar) selected its
        passage (so that New Claim from Selection makes it a claim); ``note`` is the annotation's note.

Imported web annotations (``PassageRole.ANNOTATION``) are painted in their own colour with their note as the
tool tip; they belong to no claim, so the claim actions (Alt+click, Ctrl+J, the context menu) ignore them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QResizeEvent,
    QShowEvent,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from workbench.domain.model import Document, Highlight, PassageRole, Segment, SegmentKind
from workbench.domain.offsets import OffsetMap
from workbench.ui.colors import role_colour, segment_colours
from workbench.ui.current_claim import CurrentClaimBar
from workbench.ui.highlight_gutter import GUTTER_WIDTH, LANE_WIDTH, LANES, HighlightGutter, Marker, innermost

FIND_COLOUR = QColor(186, 85, 211, 80)  # orchid: unlike any highlight colour, readable in both themes
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


@dataclass(slots=True)
class _Span:
    start: int  # UTF-16
    end: int
    fmt: QTextCharFormat
    highlight: Highlight | None = None


class _SpanIndex:
    """Spans sorted by start; ``overlapping(a, b)`` in O(log n + k)."""

    def __init__(self, spans: list[_Span]) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.spans]
        self.max_len = max((s.end - s.start for s in self.spans), default=0)

    def add(self, span: _Span) -> None:
        """Insert one span in order (no re-sort: adding a highlight to 10,000 costs a bisect and a list insert)."""
        i = bisect_left(self.starts, span.start)
        while i < len(self.spans) and self.spans[i].start == span.start and self.spans[i].end <= span.end:
            i += 1
        self.spans.insert(i, span)
        self.starts.insert(i, span.start)
        self.max_len = max(self.max_len, span.end - span.start)

    def remove_links(self, link_ids: set[str]) -> None:
        """Drop the spans of these links (``max_len`` stays an upper bound, which ``overlapping`` allows)."""
        keep = [i for i, s in enumerate(self.spans) if not (s.highlight and s.highlight.link_id in link_ids)]
        if len(keep) != len(self.spans):
            self.spans = [self.spans[i] for i in keep]
            self.starts = [self.starts[i] for i in keep]

    def overlapping(self, a: int, b: int) -> list[_Span]:
        lo = bisect_left(self.starts, a - self.max_len)
        hi = bisect_right(self.starts, b)
        return [s for s in self.spans[lo:hi] if s.end > a and s.start < b]

    def __len__(self) -> int:
        return len(self.spans)


class DocumentView(QPlainTextEdit):
    """Read-only text view that paints highlights of the visible part."""

    claim_requested = Signal(str, str)
    highlight_clicked = Signal(str, str)
    selection_changed = Signal(bool)
    annotation_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        option = self.document().defaultTextOption()
        option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        self.document().setDocumentMargin(18)
        font = QFont(self.font())
        font.setPointSizeF(max(11.0, font.pointSizeF() + 1))
        self.setFont(font)
        self.setCursorWidth(2)
        self.document().setUndoRedoEnabled(False)
        self.offsets = OffsetMap("")
        self._highlights = _SpanIndex([])
        self._segments = _SpanIndex([])
        self._find = _SpanIndex([])  # find-in-document matches (find_bar.py), painted over the highlights
        self._selected_claim = ""
        self._formats: dict[tuple[object, object, bool], QTextCharFormat] = {}
        self._visible = (-1, -1)
        self.paint_count = 0
        self.verticalScrollBar().valueChanged.connect(self._refresh_visible)
        self.selectionChanged.connect(self._on_selection_changed)
        self._had_selection = False
        self.describe_claim: Callable[[str], str] = lambda _claim_id: ""  # claim id → short text (tool tips)
        self.gutter = HighlightGutter(self)
        self.setViewportMargins(GUTTER_WIDTH, 0, 0, 0)

    # ----- content -------------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        self.offsets = OffsetMap(text)
        self._highlights = _SpanIndex([])
        self._segments = _SpanIndex([])
        self._find = _SpanIndex([])
        self.setPlainText(text)
        if _RTL.search(text):
            self._mark_rtl_blocks(text)
        self._visible = (-1, -1)
        self.gutter.update()

    def _mark_rtl_blocks(self, text: str) -> None:
        """Lay out right-to-left paragraphs (Arabic, Hebrew…) right-aligned, as their readers expect.

        QPlainTextEdit detects each block's direction but does not apply it to the
        layout; a block format with an explicit direction does. Only blocks that
        contain right-to-left letters are visited, one step each (not one per letter: a 10 MB Arabic text has
        millions).
        """
        doc = self.document()
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()  # one relayout for all the blocks, not one each (10 MB of Arabic: 4.3 s → 0.1 s)
        pos = 0
        while (match := _RTL.search(text, pos)) is not None:  # the first right-to-left letter of a paragraph…
            block = doc.findBlock(self.offsets.to_utf16(match.start()))
            # …and the search goes on after its block: one step a paragraph
            pos = max(match.end(), self.offsets.to_codepoint(block.position() + block.length()))
            if block.textDirection() == Qt.LayoutDirection.RightToLeft:
                fmt = block.blockFormat()
                fmt.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
                cursor.setPosition(block.position())
                cursor.setBlockFormat(fmt)
        cursor.endEditBlock()

    def set_segments(self, segments: tuple[Segment, ...]) -> None:
        colours = segment_colours(self.palette())
        spans = []
        for seg in segments:
            if seg.kind is SegmentKind.BODY:
                continue
            fg, bg = colours[seg.kind]
            fmt = QTextCharFormat()
            fmt.setForeground(fg)
            if bg.alpha():
                fmt.setBackground(bg)
            spans.append(_Span(self.offsets.to_utf16(seg.start), self.offsets.to_utf16(seg.end), fmt))
        self._segments = _SpanIndex(spans)
        self._refresh_visible(force=True)

    def _format(self, h: Highlight, selected: bool) -> QTextCharFormat:
        """One shared format per (role, stance, selected) — and per note for annotations (their tool tip)."""
        annotation = h.role is PassageRole.ANNOTATION
        selected = selected and not annotation  # an annotation belongs to no claim: never the current claim's
        key = (h.role, h.note if annotation else h.stance, selected)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            colour = QColor(role_colour(h.role, h.stance))
            if selected:
                colour.setAlpha(min(255, colour.alpha() + 80))
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(QColor(colour.red(), colour.green(), colour.blue()))
            fmt.setBackground(colour)
            fmt.setToolTip(f"Annotation: {h.note}" if annotation else
                           "claim" if h.stance is None else f"evidence: {h.stance.label}")
            self._formats[key] = fmt
        return fmt

    def _span(self, h: Highlight) -> _Span:
        to16 = self.offsets.to_utf16
        return _Span(to16(h.start), to16(h.end), self._format(h, h.claim_id == self._selected_claim), h)

    def set_highlights(self, highlights: list[Highlight], selected_claim: str = "") -> None:
        self._selected_claim = selected_claim
        self._highlights = _SpanIndex([self._span(h) for h in highlights])
        self._refresh_visible(force=True)

    def update_highlights(self, added: list[Highlight], removed_links: set[str]) -> None:
        """Add and remove a few highlights without rebuilding the others."""
        if removed_links:
            self._highlights.remove_links(removed_links)
        for h in added:
            self._highlights.add(self._span(h))
        self._refresh_visible(force=True)

    def set_selected_claim(self, claim_id: str) -> None:
        """Emphasise the highlights of the selected claim (restyles only the old and new claim's spans)."""
        old, self._selected_claim = self._selected_claim, claim_id
        if old == claim_id:
            return
        for span in self._highlights.spans:
            h = span.highlight
            if h is not None and h.claim_id in (old, claim_id):
                span.fmt = self._format(h, h.claim_id == claim_id)
        self._refresh_visible(force=True)

    def set_find_matches(self, ranges: list[tuple[int, int]], current: int = -1) -> None:
        """Paint find-in-document matches (code-point ranges); ``current`` (an index) stronger."""
        to16 = self.offsets.to_utf16
        plain, strong = QTextCharFormat(), QTextCharFormat()
        plain.setBackground(FIND_COLOUR)
        strong.setBackground(QColor(FIND_COLOUR.red(), FIND_COLOUR.green(), FIND_COLOUR.blue(), 190))
        strong.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        self._find = _SpanIndex([_Span(to16(a), to16(b), strong if i == current else plain)
                                 for i, (a, b) in enumerate(ranges)])
        self._refresh_visible(force=True)

    @property
    def find_match_count(self) -> int:
        return len(self._find)

    @property
    def highlight_count(self) -> int:
        return len(self._highlights)

    # ----- selection in code points -------------------------------------------------------
    def selection_range(self) -> tuple[int, int] | None:
        """The selection as a code-point range, or None if nothing is selected."""
        c = self.textCursor()
        if not c.hasSelection():
            return None
        a = self.offsets.to_codepoint(c.selectionStart())
        b = self.offsets.to_codepoint(c.selectionEnd())
        return (a, b) if b > a else None

    def select_range(self, start: int, end: int, *, center: bool = True) -> None:
        """Select code points [start, end) and scroll them into view."""
        c = QTextCursor(self.document())
        c.setPosition(self.offsets.to_utf16(start))
        c.setPosition(self.offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(c)
        if center:
            self.centerCursor()
        self._refresh_visible()

    def highlights_at(self, cp: int) -> list[Highlight]:
        """The claims' highlights at ``cp`` (imported annotations are not: see ``annotations_at``)."""
        u = self.offsets.to_utf16(cp)
        return [s.highlight for s in self._highlights.overlapping(u, u + 1)
                if s.highlight and s.highlight.role is not PassageRole.ANNOTATION]

    def annotations_at(self, cp: int) -> list[Highlight]:
        """The imported annotations' highlights at ``cp``."""
        u = self.offsets.to_utf16(cp)
        return [s.highlight for s in self._highlights.overlapping(u, u + 1)
                if s.highlight and s.highlight.role is PassageRole.ANNOTATION]

    def open_annotation(self, h: Highlight) -> None:
        """Select an annotation's passage (New Claim from Selection then makes it a claim) and say its note."""
        self.select_range(h.start, h.end, center=False)
        self.annotation_clicked.emit(h.note)

    # ----- painting the visible part -----------------------------------------------------
    def visible_range(self) -> tuple[int, int]:
        """UTF-16 range of the text currently on screen."""
        first = self.firstVisibleBlock()
        start = first.position() if first.isValid() else 0
        vp = self.viewport().rect()
        end = self.cursorForPosition(QPoint(vp.right(), vp.bottom())).position()
        last = self.document().findBlock(end)
        if last.isValid():
            end = last.position() + last.length()
        return start, max(start, end)

    def _refresh_visible(self, *_args: object, force: bool = False) -> None:
        self.gutter.update()
        rng = self.visible_range()
        if not force and rng == self._visible:
            return
        self._visible = rng
        a, b = rng
        selections = []
        found = self._find.overlapping(a, b)
        for span in self._segments.overlapping(a, b) + self._highlights.overlapping(a, b) + found:
            sel = QTextEdit.ExtraSelection()
            cur = QTextCursor(self.document())
            cur.setPosition(max(span.start, a))
            cur.setPosition(min(span.end, b, self.document().characterCount() - 1),
                            QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cur  # type: ignore[attr-defined]
            sel.format = span.fmt  # type: ignore[attr-defined]
            selections.append(sel)
        self.setExtraSelections(selections)
        self.paint_count += 1

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self.gutter.setGeometry(rect.left(), rect.top(), GUTTER_WIDTH, rect.height())
        self._refresh_visible()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._refresh_visible(force=True)

    def zoom(self, steps: int) -> None:
        if steps > 0:
            self.zoomIn(steps)
        elif steps < 0:
            self.zoomOut(-steps)
        self._refresh_visible(force=True)

    def _on_selection_changed(self) -> None:
        has = self.textCursor().hasSelection()
        if has != self._had_selection:
            self._had_selection = has
            self.selection_changed.emit(has)

    def highlight_at_point(self, pos: QPoint) -> Highlight | None:
        """The innermost (shortest) highlight under a viewport point, if any."""
        u16 = self.cursorForPosition(pos).position()
        return innermost(self.highlights_at(self.offsets.to_codepoint(u16)))

    def highlight_at_cursor(self) -> Highlight | None:
        """The innermost highlight at the text cursor (or just before it, at a highlight's end)."""
        cp = self.offsets.to_codepoint(self.textCursor().position())
        return innermost(self.highlights_at(cp) or (self.highlights_at(cp - 1) if cp else []))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        h = self.highlight_at_point(event.position().toPoint())
        if h is None:
            u16 = self.cursorForPosition(event.position().toPoint()).position()
            note = innermost(self.annotations_at(self.offsets.to_codepoint(u16)))
            if note is not None:
                self.open_annotation(note)
            return
        if event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.claim_requested.emit(h.claim_id, h.link_id)
        else:  # a plain click places the cursor and never switches the current claim
            self.highlight_clicked.emit(h.claim_id, h.link_id)

    # ----- margin markers (HighlightGutter) -----------------------------------------------------
    def markers(self) -> list[Marker]:
        """One marker per highlight on screen: its lines' span in the margin, in a lane of its own if it can."""
        a, b = self.visible_range()
        height = self.viewport().height()
        spans = sorted((s for s in self._highlights.overlapping(a, b) if s.highlight is not None),
                       key=lambda s: (s.start, -s.end))
        out: list[Marker] = []
        lane_bottoms = [-1] * LANES
        for span in spans:
            top = 0 if span.start < a else self._line_rect(span.start).top()
            bottom = height if span.end > b else self._line_rect(max(span.start, span.end - 1)).bottom()
            if bottom < 0 or top > height:
                continue
            lane = next((i for i, low in enumerate(lane_bottoms) if low < top), LANES - 1)
            lane_bottoms[lane] = max(lane_bottoms[lane], bottom + 2)
            x = 3 + lane * (LANE_WIDTH + 1)
            h = span.highlight
            assert h is not None
            out.append(Marker(QRect(x, top, LANE_WIDTH, max(4, bottom - top + 1)), h,
                              h.claim_id == self._selected_claim and h.role is not PassageRole.ANNOTATION))
        return out

    def _line_rect(self, u16: int) -> QRect:
        cur = QTextCursor(self.document())
        cur.setPosition(min(u16, self.document().characterCount() - 1))
        return self.cursorRect(cur)


class ReadingPane(QWidget):
    """The current-claim bar, the document header (title, publisher, date, URL) and the document view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.claim_bar = CurrentClaimBar()
        self.header = QLabel()
        self.header.setObjectName("documentHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setContentsMargins(8, 6, 8, 0)
        font = QFont(self.header.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() + 1.5)
        self.header.setFont(font)
        self.byline = QLabel()
        self.byline.setObjectName("documentByline")
        self.byline.setWordWrap(True)
        self.byline.setTextFormat(Qt.TextFormat.PlainText)
        self.byline.setContentsMargins(8, 0, 8, 6)
        self.byline.setForegroundRole(self.byline.foregroundRole())
        self.byline.setStyleSheet("color: palette(mid);")
        self.view = DocumentView()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.claim_bar)
        layout.addWidget(self.header)
        layout.addWidget(self.byline)
        layout.addWidget(self.view, 1)
        self.document: Document | None = None
        self.show_placeholder()

    def show_placeholder(self) -> None:
        self.document = None
        self.header.setText("No document open")
        self.byline.setText("Import articles (Ctrl+I, or drop files on the window) or pick one in the library.")
        self.view.set_text("")

    def show_document(self, doc: Document) -> None:
        self.document = doc
        m = doc.metadata
        self.header.setText(m.title or doc.filename)
        sub = " · ".join(x for x in (m.publisher, m.author and f"by {m.author}", m.published, m.url) if x)
        self.byline.setText(sub or doc.filename)
        self.view.set_text(doc.text)
        self.view.set_segments(doc.segments)
