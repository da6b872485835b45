"""Item delegate that paints a little rich text (bold, colour, marked matches) in a list row.

The HTML is built here from escaped text only, and the document never loads a resource (no images, no
links, nothing fetched): ``loadResource`` is refused.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QUrl
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

HTML_ROLE = Qt.ItemDataRole.UserRole + 10
MARK_STYLE = "background-color: rgba(186, 85, 211, 90); font-weight: 600;"
DIM = 'style="color: gray;"'  # secondary text in a row (dropped on the selected row)


def dim(text_html: str) -> str:
    return f"<span {DIM}>{text_html}</span>"


class _SafeDocument(QTextDocument):
    def loadResource(self, _type: int, _name: QUrl | str) -> Any:
        return None


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def marked_html(text: str, marks: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str:
    """``text`` escaped, with each ``(start, end)`` range wrapped in a highlight span."""
    out, pos = [], 0
    for a, b in sorted(marks):
        if a < pos:
            continue
        out += [esc(text[pos:a]), f'<span style="{MARK_STYLE}">', esc(text[a:b]), "</span>"]
        pos = b
    out.append(esc(text[pos:]))
    return "".join(out)


class RichTextDelegate(QStyledItemDelegate):
    """Paints the item's ``HTML_ROLE`` (falls back to its display text)."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex,
                  selected: bool = False) -> QTextDocument:
        doc = _SafeDocument()
        doc.setDocumentMargin(4)
        doc.setDefaultFont(option.font)  # type: ignore[attr-defined]
        body = index.data(HTML_ROLE) or esc(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        if selected:  # grey on the selection colour is unreadable: dim by opacity-like colour of the text instead
            body = body.replace(DIM, "")
        doc.setHtml(body)
        width = option.rect.width()  # type: ignore[attr-defined]
        widget = option.widget  # type: ignore[attr-defined]
        if width <= 0 and isinstance(widget, QAbstractItemView):
            width = widget.viewport().width()
        doc.setTextWidth(max(80, width))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # type: ignore[attr-defined]
        style = opt.widget.style() if opt.widget else QApplication.style()  # type: ignore[attr-defined]
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)  # type: ignore[attr-defined]
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        doc = self._document(option, index, selected)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))  # type: ignore[attr-defined]
        painter.save()
        rect = opt.rect  # type: ignore[attr-defined]
        painter.translate(rect.topLeft())
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 2)


class RichListView(QListView):
    """A list of rich-text rows that wrap to the width (rows are measured again when it changes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(RichTextDelegate(self))
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setAlternatingRowColors(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()
