"""Colours of highlights and segments, readable in light and dark themes.

Backgrounds are translucent so overlapping highlights blend (an overlap is
visibly darker) and the text colour of either theme stays legible.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap

from workbench.domain.model import PassageRole, SegmentKind, Stance

ROLE_COLOURS: dict[tuple[PassageRole, Stance | None], QColor] = {
    (PassageRole.APPEARANCE, None): QColor(255, 193, 7, 110),  # amber: where the claim is stated
    (PassageRole.EVIDENCE, Stance.SUPPORTS): QColor(46, 160, 67, 95),  # green
    (PassageRole.EVIDENCE, Stance.REFUTES): QColor(218, 54, 51, 95),  # red
    (PassageRole.EVIDENCE, Stance.CONTEXT): QColor(56, 139, 253, 95),  # blue
    (PassageRole.ANNOTATION, None): QColor(0, 150, 136, 90),  # teal: an imported web annotation (no claim yet)
}

LEGEND = [
    ((PassageRole.APPEARANCE, None), "Claim"),
    ((PassageRole.EVIDENCE, Stance.SUPPORTS), "Supports"),
    ((PassageRole.EVIDENCE, Stance.REFUTES), "Refutes"),
    ((PassageRole.EVIDENCE, Stance.CONTEXT), "Context"),
    ((PassageRole.ANNOTATION, None), "Annotation"),
]


def role_colour(role: PassageRole, stance: Stance | None) -> QColor:
    return ROLE_COLOURS[(role, stance if role is PassageRole.EVIDENCE else None)]


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def segment_colours(palette: QPalette) -> dict[SegmentKind, tuple[QColor, QColor]]:
    """(foreground, background) of comments and boilerplate for this palette."""
    if is_dark(palette):
        return {
            SegmentKind.COMMENTS: (QColor(160, 170, 185), QColor(120, 140, 170, 40)),
            SegmentKind.BOILERPLATE: (QColor(120, 120, 120), QColor(0, 0, 0, 0)),
        }
    return {
        SegmentKind.COMMENTS: (QColor(85, 95, 110), QColor(110, 130, 160, 28)),
        SegmentKind.BOILERPLATE: (QColor(150, 150, 150), QColor(0, 0, 0, 0)),
    }


def swatch(colour: str, size: int = 12) -> QIcon:
    """A small square of ``colour`` (e.g. a rating's "#c62828"); an empty frame for ""."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#9e9e9e"))
    if colour:
        painter.setBrush(QColor(colour))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pixmap)
