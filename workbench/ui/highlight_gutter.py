"""The reading pane's left margin: a bar beside the lines of each highlight on screen (issue 16).

Clicking a bar makes its highlight's claim the current one — an explicit choice, unlike a plain click in the
text, which only places the cursor. The current claim's bars are solid, the others pale; hovering tells which
claim and role a bar is. The bars are computed by ``DocumentView.markers()`` for the visible part only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QToolTip, QWidget

from workbench.domain.model import Highlight, PassageRole
from workbench.ui.colors import role_colour

if TYPE_CHECKING:
    from workbench.ui.reading_pane import DocumentView

LANES = 3  # bars side by side; more overlapping highlights share the last lane
LANE_WIDTH = 5
GUTTER_WIDTH = 4 + LANES * (LANE_WIDTH + 1) + 2


def innermost(highlights: list[Highlight]) -> Highlight | None:
    """The shortest of overlapping highlights: the one a pointer or caret most plausibly means."""
    return min(highlights, key=lambda h: h.end - h.start) if highlights else None


@dataclass(slots=True)
class Marker:
    """A highlight's bar in the margin, in gutter (= viewport) y coordinates."""

    rect: QRect
    highlight: Highlight
    current: bool  # the highlight belongs to the current claim


class HighlightGutter(QWidget):
    """The reading pane's left margin: a coloured bar beside the lines of each highlight on screen.

    The current claim's bars are solid, the others pale. Clicking a bar makes its claim the current one
    (``DocumentView.claim_requested``); hovering shows which claim and role it is.
    """

    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("highlightGutter")
        self.setMouseTracking(True)
        self.setAutoFillBackground(False)

    def sizeHint(self) -> QSize:
        return QSize(GUTTER_WIDTH, 0)

    def markers(self) -> list[Marker]:
        return self.view.markers()

    def marker_at(self, pos: QPoint) -> Marker | None:
        """The marker under ``pos``; a click beside a bar, within its lines, counts (bars are narrow)."""
        hits = [m for m in self.markers() if m.rect.top() - 2 <= pos.y() <= m.rect.bottom() + 2]
        if not hits:
            return None
        return min(hits, key=lambda m: (abs(m.rect.center().x() - pos.x()),
                                        m.highlight.end - m.highlight.start))

    def tooltip_at(self, pos: QPoint) -> str:
        m = self.marker_at(pos)
        if m is None:
            return ""
        h = m.highlight
        if h.role is PassageRole.ANNOTATION:
            return f"Annotation: {h.note}\nClick to select it (New Claim from Selection makes it a claim)"
        role = "where the claim is stated" if h.stance is None else f"evidence: {h.stance.label}"
        claim = self.view.describe_claim(h.claim_id) or "a claim"
        if m.current:
            return f"{claim} ({role}) — the current claim"
        return f"{claim} ({role})\nClick to make it the current claim (Ctrl+1/2/3 will link to it)"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(QPalette.ColorRole.Base))
        edge = QColor(self.palette().color(QPalette.ColorRole.Mid))
        edge.setAlpha(90)
        painter.fillRect(QRect(self.width() - 1, event.rect().top(), 1, event.rect().height()), edge)
        for m in self.markers():
            colour = QColor(role_colour(m.highlight.role, m.highlight.stance))
            colour.setAlpha(255 if m.current else 110)
            painter.fillRect(m.rect, colour)
            if m.current:
                edge = QColor(colour).darker(160)
                painter.fillRect(QRect(m.rect.left(), m.rect.top(), 1, m.rect.height()), edge)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        m = self.marker_at(event.position().toPoint()) if event.button() == Qt.MouseButton.LeftButton else None
        if m is not None and m.highlight.role is PassageRole.ANNOTATION:
            self.view.open_annotation(m.highlight)
            event.accept()
        elif m is not None:
            self.view.claim_requested.emit(m.highlight.claim_id, m.highlight.link_id)
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.marker_at(event.position().toPoint()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)
