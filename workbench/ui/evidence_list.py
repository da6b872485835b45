"""The claim's evidence, grouped by stance, with corroboration counts and the rule they follow.

Signals:
    jump(str document_id, int start, int end): show a passage (double-click on passage evidence).
    add_requested(str kind): the user wants to add evidence of a kind ("url", "file", "note" or any other kind
        the registry can add: one button each, from ``domain.evidence_kinds.addable()``).
    edit_requested(object view): edit an EvidenceView.
    remove_requested(str evidence_id): remove a piece of evidence.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QIcon, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.domain import evidence_kinds
from workbench.domain.model import CREDIBILITY, Corroboration, EvidenceView, PassageRole, Stance
from workbench.domain.reasoning import RULE, RULE_DETAIL
from workbench.ui.colors import role_colour

ROLE = Qt.ItemDataRole.UserRole


def origin_of(v: EvidenceView) -> str:
    """Where a piece of evidence comes from, in a few words: the article, the web site, the file (its kind's
    ``origin``)."""
    return evidence_kinds.get(v.evidence.kind).origin(v)


def corroboration_text(c: Corroboration) -> str:
    """"Supports: 3 (1 independent, 1 source unknown) · Refutes: 0 (0 independent) · Context: 1"."""

    def unknown(n: int) -> str:
        return f", {n} source unknown" if n else ""

    context = f" ({c.unknown_context} source unknown)" if c.unknown_context else ""
    return (f"Supports: {c.supports} ({c.independent_supports} independent{unknown(c.unknown_supports)}) · "
            f"Refutes: {c.refutes} ({c.independent_refutes} independent{unknown(c.unknown_refutes)}) · "
            f"Context: {c.context}{context}")


def source_text(v: EvidenceView, c: Corroboration) -> str:
    """The source part of an item's second line: the source (reliability), the outlet it counts as when it has
    no source of its own, or "source unknown"."""
    src = v.source
    if src is not None:
        return f"{src.name} ({src.reliability})" if src.reliability else src.name
    found = c.origin(v.evidence.id)
    if found is not None and found.label:
        return f"counts as {found.label} (no source set)"
    return "source unknown (not counted)"


def counting_tip(v: EvidenceView, c: Corroboration) -> str:
    found = c.origin(v.evidence.id)
    if found is None:
        return ""
    if not found.group:
        return "Its source is unknown: it is listed, but never counted as independent corroboration."
    others = c.shared_with(v.evidence.id)
    if not others:
        return f"Counts as one independent origin: {found.label}."
    return (f"Counts as one with {others} other piece(s) of the same stance: they share a source, an outlet or an "
            f"affiliation ({found.label}).")


class _WrappingDelegate(QStyledItemDelegate):
    """Row heights for wrapped text measured at the width the text gets once indented (the tree measures it at
    the column's full width, and a quote that wraps lost its last line)."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self.tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        if index.column() != 0:
            return super().sizeHint(option, index)
        depth = 1
        parent = index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        opt = QStyleOptionViewItem(option)
        opt.rect = QRect(0, 0, max(40, self.tree.columnWidth(0) - self.tree.indentation() * depth), 1)  # valid
        return super().sizeHint(opt, index)


class EvidenceList(QWidget):
    jump = Signal(str, int, int)
    add_requested = Signal(str)
    edit_requested = Signal(object)
    remove_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setObjectName("corroboration")
        self.summary.setWordWrap(True)
        self.summary.setToolTip(RULE_DETAIL)
        self.rule = QLabel(RULE)
        self.rule.setObjectName("corroborationRule")
        self.rule.setWordWrap(True)
        self.rule.setToolTip(RULE_DETAIL)
        self.rule.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # secondary text in light and dark themes
        small = QFont(self.rule.font())
        if small.pointSizeF() > 0:
            small.setPointSizeF(small.pointSizeF() * 0.92)
            self.rule.setFont(small)
        self.tree = QTreeWidget()
        self.tree.setObjectName("evidenceTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Evidence — source (reliability) · where it comes from", "Grade"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setIconSize(QSize(40, 40))
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.tree.doItemsLayout())  # wrapped rows take their new height
        self.tree.setItemDelegate(_WrappingDelegate(self.tree))
        self.groups: dict[Stance, QTreeWidgetItem] = {}
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for stance in (Stance.SUPPORTS, Stance.REFUTES, Stance.CONTEXT):
            g = QTreeWidgetItem(self.tree, [stance.label])
            g.setFont(0, bold)
            g.setFlags(Qt.ItemFlag.ItemIsEnabled)
            g.setBackground(0, QBrush(role_colour(PassageRole.EVIDENCE, stance)))
            g.setExpanded(True)  # once: a group the checker folds stays folded when the list is refilled
            self.groups[stance] = g
        self.add_buttons: dict[str, QPushButton] = {}
        for spec in evidence_kinds.addable():
            button = QPushButton(QIcon.fromTheme(spec.icon), spec.add_label or f"Add {spec.label.lower()}…")
            button.setObjectName(f"add_{spec.value}")
            button.clicked.connect(lambda _=False, kind=spec.value: self.add_requested.emit(kind))
            self.add_buttons[spec.value] = button
        self.edit_button = QPushButton("Edit…")
        self.go_button = QPushButton("Go to passage")
        self.remove_button = QPushButton("Remove")
        row1 = QHBoxLayout()
        for b in self.add_buttons.values():
            row1.addWidget(b)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        for b in (self.edit_button, self.go_button):
            row2.addWidget(b)
        row2.addStretch(1)
        row2.addWidget(self.remove_button)
        hint = QLabel("Passages: select text in any article and press Ctrl+1 (supports), Ctrl+2 (refutes) "
                      "or Ctrl+3 (context).")
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.rule)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)
        layout.addLayout(row1)
        layout.addLayout(row2)
        self.edit_button.clicked.connect(self._edit)
        self.go_button.clicked.connect(self._go)
        self.remove_button.clicked.connect(self._remove)
        self.tree.itemActivated.connect(self._activated)
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        # set by the editor: EvidenceView -> QIcon | None
        self.thumbnailer: Callable[[EvidenceView], QIcon | None] | None = None
        self._update_buttons()

    def set_views(self, views: list[EvidenceView], corroboration: Corroboration) -> None:
        """Refill the list. Nothing is laid out here: the tree measures its rows when it is next painted (not at
        all while the Evidence tab is hidden), and each stance group keeps the folding the checker chose."""
        current = self.current_view()
        keep = current.evidence.id if current else ""
        for group in self.groups.values():
            group.takeChildren()
        select = None
        for v in views:
            ev = v.evidence
            spec = evidence_kinds.get(ev.kind)
            src = v.source
            source = source_text(v, corroboration)
            grade = str(ev.credibility) if ev.credibility else "–"
            text = v.label
            origin = origin_of(v)
            if ev.note and not spec.shows_note:
                text += f"\nNote: {ev.note}"
            second = " · ".join(x for x in (source, origin) if x)
            item = QTreeWidgetItem(self.groups[ev.stance], [f"{text}\n{second}", grade])
            item.setData(0, ROLE, v)
            where = v.document_title or ev.url or (v.file.filename if v.file else "")
            src_text = ", ".join(x for x in (src.name, src.affiliation, src.kind) if x) if src else source
            tip = counting_tip(v, corroboration)
            item.setToolTip(0, f"{text}\n\n{spec.label}: {where}\nSource: {src_text}"
                            + (f"\n{tip}" if tip else ""))
            if ev.credibility:
                item.setToolTip(1, f"{ev.credibility} — {CREDIBILITY[ev.credibility]}")
            if self.thumbnailer is not None and spec.stores_file:
                icon = self.thumbnailer(v)
                if isinstance(icon, QIcon):
                    item.setIcon(0, icon)
            if ev.id == keep:
                select = item
        for stance, group in self.groups.items():
            n = group.childCount()
            group.setText(0, f"{stance.label} ({n})")
        self.summary.setText(corroboration_text(corroboration))
        if select is not None:
            self.tree.setCurrentItem(select)
        self._update_buttons()

    def current_view(self) -> EvidenceView | None:
        item = self.tree.currentItem()
        value = item.data(0, ROLE) if item is not None else None
        return value if isinstance(value, EvidenceView) else None

    def count(self) -> int:
        return sum(g.childCount() for g in self.groups.values())

    def _children(self, stance: Stance) -> list[QTreeWidgetItem]:
        g = self.groups[stance]
        return [item for i in range(g.childCount()) if (item := g.child(i)) is not None]

    def items_of(self, stance: Stance) -> list[EvidenceView]:
        return [item.data(0, ROLE) for item in self._children(stance)]

    def select_evidence(self, evidence_id: str) -> bool:
        for stance in self.groups:
            for item in self._children(stance):
                if item.data(0, ROLE).evidence.id == evidence_id:
                    self.tree.setCurrentItem(item)
                    return True
        return False

    def _update_buttons(self) -> None:
        v = self.current_view()
        self.edit_button.setEnabled(v is not None)
        self.remove_button.setEnabled(v is not None)
        self.go_button.setEnabled(v is not None and v.passage is not None)

    def _activated(self, item: QTreeWidgetItem, _col: int) -> None:
        v = item.data(0, ROLE)
        if not isinstance(v, EvidenceView):
            return
        if v.passage is not None:
            self.jump.emit(v.passage.document_id, v.passage.start, v.passage.end)
        else:
            self.edit_requested.emit(v)

    def _go(self) -> None:
        v = self.current_view()
        if v is not None and v.passage is not None:
            self.jump.emit(v.passage.document_id, v.passage.start, v.passage.end)

    def _edit(self) -> None:
        v = self.current_view()
        if v is not None:
            self.edit_requested.emit(v)

    def _remove(self) -> None:
        v = self.current_view()
        if v is not None:
            self.remove_requested.emit(v.evidence.id)
