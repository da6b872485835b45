"""Edit ▸ Merge Review…: the conflicts a merge left for a person to decide, and sources that may be duplicates.

Where both desks changed the same field since their common start (or one deleted a row the other changed), the
merge keeps this project's value and records both. The review lists them, one row per conflict: what (the claim,
the source…), the field, this project's value (blue), the other desk's value (amber), why it is a conflict and who
it came from. Long values are cut short in the list; the pane below shows both in full, side by side, with the
words that differ marked, and what each button will do. **Keep Ours** keeps this project's value, **Take Theirs**
takes the other desk's; each conflict resolved is one undoable step (Edit ▸ Undo). "Show resolved" lists the
decided ones too (greyed, with the choice and who made it).

Below, sources the last merge added under a name this project already has: **Fold into Existing** makes the
other desk's source part of this project's (its claims and evidence name this project's source, its name becomes
an alias); one undoable step too.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.anchoring import word_diff
from workbench.domain.merging import ConflictKind
from workbench.ops import merge as merge_ops
from workbench.ops import sources as src_ops
from workbench.ui.colors import is_dark, swatch
from workbench.ui.session import Session
from workbench.ui.table_model import RowsTableModel

Conflict = merge_ops.Conflict
Duplicate = tuple[str, str, str]  # (this project's source id, the other desk's source id, the name)

ELIDE = 90  # characters of a value shown in the list
# (ours, theirs, chosen) backgrounds, light and dark palettes
_SIDE_COLOURS = {False: ("#dcebff", "#ffe9c2", "#d5f5dc"), True: ("#1d3a5c", "#5a4214", "#1e4a2a")}
_HIDDEN_FIELDS = ("id", "created_at", "updated_at", "imported_at")


def _plain(value: Any) -> str:
    return " ".join(str(value).split())


def elide(text: str, limit: int = ELIDE) -> str:
    """One line of at most ``limit`` characters ("…" where cut)."""
    text = _plain(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def row_fields(row: dict[str, Any]) -> list[tuple[str, str]]:
    """A whole row's fields worth showing a person: not empty, not ids or timestamps."""
    return [(k.replace("_", " "), str(v)) for k, v in sorted(row.items())
            if v not in (None, "") and k not in _HIDDEN_FIELDS and not k.endswith("_id")]


def value_text(c: Conflict, side: str) -> str:
    """One side's value as text: the value, "(empty)", "(deleted …)", or a whole row's main fields."""
    value = c.ours if side == "ours" else c.theirs
    if c.field == "*" and value is None:
        return "(deleted in this project)" if side == "ours" else f"(deleted by {c.other})"
    if isinstance(value, dict):
        fields = dict(row_fields(value))
        main = next((fields.pop(k) for k in ("text", "name", "title", "note", "exact", "url") if k in fields), "")
        rest = "; ".join(f"{k}: {v}" for k, v in fields.items() if k in ("rating", "status", "stance",
                                                                          "reliability"))
        return f"{main} ({rest})" if main and rest else main or rest or "(the whole row)"
    if value is None or value == "":
        return "(empty)"
    return str(value)


def what_text(c: Conflict) -> str:
    field = c.field.replace("_", " ")
    what = c.label.removesuffix(f" — {field}") if c.field != "*" else c.label
    return what[:1].upper() + what[1:]


def field_text(c: Conflict) -> str:
    """"rationale"; "whole claim" for a row one side deleted."""
    if c.field != "*":
        return c.field.replace("_", " ")
    table = c.table.replace("_", " ")
    return f"whole {table[:-1] if table.endswith('s') and not table.endswith('ss') else table}"


def chosen_side(c: Conflict) -> str:
    """"ours" or "theirs" for a resolved conflict ("" when open or neither)."""
    if c.open:
        return ""
    return "ours" if c.resolution == c.ours else "theirs" if c.resolution == c.theirs else ""


def status_text(c: Conflict) -> str:
    if c.open:
        return "to decide"
    kept = {"ours": "kept ours", "theirs": "took theirs"}.get(chosen_side(c), "resolved")
    return f"{kept} — {c.resolved_by or 'someone'}, {c.resolved_at[:16].replace('T', ' ')}"


def button_effects(c: Conflict) -> tuple[str, str]:
    """What Keep Ours and Take Theirs will do to this conflict, in words."""
    if c.kind is ConflictKind.DELETED_HERE:
        return "it stays deleted", f"it comes back as {c.other} has it"
    if c.kind in (ConflictKind.DELETED_THERE, ConflictKind.STILL_USED):
        return "it stays, as this project has it", "it is deleted here too"
    field = field_text(c)
    return (f"the {field} stays “{elide(value_text(c, 'ours'), 60)}”",
            f"the {field} becomes “{elide(value_text(c, 'theirs'), 60)}”")


class ConflictsModel(RowsTableModel):
    HEADERS = ("What", "Field", "This project (kept now)", "Other desk", "Why", "From", "Status")
    TIPS = ("The claim, source, evidence… both desks changed", "The field that differs",
            "The value this project has now: it stays until you choose",
            "The value the other desk has", "Why the merge could not decide by itself",
            "The desk or file the other value came from, and when it was merged", "Open, or what was chosen")
    OURS, THEIRS = 2, 3

    def __init__(self) -> None:
        super().__init__()
        self.dark = False

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c: Conflict = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            full = self._text(c, col)
            if role == Qt.ItemDataRole.DisplayRole:
                return elide(full)
            if col == 5:
                return f"Merged from {c.other} on {c.created_at[:16].replace('T', ' ')} UTC"
            return f"<p style='white-space: pre-wrap'>{html.escape(full)}</p>" if len(_plain(full)) > ELIDE \
                or col in (self.OURS, self.THEIRS) else None
        chosen = chosen_side(c)
        if role == Qt.ItemDataRole.BackgroundRole and col in (self.OURS, self.THEIRS):
            ours, theirs, picked = _SIDE_COLOURS[self.dark]
            side = "ours" if col == self.OURS else "theirs"
            if not c.open:
                return QBrush(QColor(picked)) if chosen == side else None
            return QBrush(QColor(ours if side == "ours" else theirs))
        if role == Qt.ItemDataRole.ForegroundRole and not c.open:
            shown = {self.OURS: "ours", self.THEIRS: "theirs"}.get(col)
            return None if shown and shown == chosen else QBrush(QColor("#8b949e" if self.dark else "#6e7781"))
        if role == Qt.ItemDataRole.FontRole and col == 0 and c.open:
            font = QFont()
            font.setBold(True)
            return font
        return None

    @staticmethod
    def _text(c: Conflict, col: int) -> str:
        if col == 0:
            return what_text(c)
        if col == 1:
            return field_text(c)
        if col in (2, 3):
            return value_text(c, "ours" if col == 2 else "theirs")
        if col == 4:
            return c.kind.label
        if col == 5:
            return c.other
        return status_text(c)


class MergeReviewDialog(QDialog):
    """The merge review (see the module's doc). ``duplicates`` returns the pairs the last merge offered."""

    def __init__(self, session: Session, parent: QWidget | None = None,
                 duplicates: Callable[[], list[Duplicate]] = list) -> None:
        super().__init__(parent)
        self.session = session
        self.duplicates = duplicates
        self.setObjectName("mergeReviewDialog")
        self.setWindowTitle("Merge Review")
        self.resize(1180, 760)
        self._dirty = True
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("mergeSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.hide()
        layout.addWidget(self.summary)
        self.note = QLabel()
        self.note.setObjectName("mergeNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.note)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        self.model = ConflictsModel()
        self.model.dark = is_dark(self.palette())
        self.table = QTableView()
        self.table.setObjectName("conflictsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ConflictsModel.OURS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ConflictsModel.THEIRS, QHeaderView.ResizeMode.Stretch)
        for col, width in enumerate((290, 100, 0, 0, 190, 100, 220)):
            if width:
                self.table.setColumnWidth(col, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_details())
        split.addWidget(self.table)
        self.detail = QTextBrowser()
        self.detail.setObjectName("conflictDetail")
        self.detail.setOpenLinks(False)  # nothing here is a link; nothing is ever loaded
        self.detail.setMinimumHeight(120)
        split.addWidget(self.detail)
        split.setSizes([300, 260])
        row = QHBoxLayout()
        ours_bg, theirs_bg, _ = _SIDE_COLOURS[self.model.dark]
        self.ours_button = QPushButton(swatch(ours_bg, 14), "Keep &Ours — this project's value")
        self.ours_button.setObjectName("keepOurs")
        self.ours_button.setToolTip("Keep this project's value for the selected conflict(s); undo with Ctrl+Z")
        self.theirs_button = QPushButton(swatch(theirs_bg, 14), "Take &Theirs — the other desk's value")
        self.theirs_button.setObjectName("takeTheirs")
        self.theirs_button.setToolTip("Take the other desk's value for the selected conflict(s); undo with Ctrl+Z")
        self.ours_button.clicked.connect(lambda: self.resolve_selected("ours"))
        self.theirs_button.clicked.connect(lambda: self.resolve_selected("theirs"))
        self.show_resolved = QCheckBox("Show &resolved")
        self.show_resolved.setToolTip("List the conflicts already decided too, with the choice and who made it")
        self.show_resolved.toggled.connect(lambda _on: self.refresh())
        for button in (self.ours_button, self.theirs_button):
            button.setMinimumHeight(32)
            button.setMinimumWidth(250)
        row.addWidget(self.ours_button)
        row.addWidget(self.theirs_button)
        row.addStretch(1)
        row.addWidget(self.show_resolved)
        layout.addLayout(row)
        layout.addWidget(self._duplicates_box())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        session.changed.connect(self._on_changed)
        session.project_opened.connect(self._on_changed)

    def _duplicates_box(self) -> QGroupBox:
        box = self.duplicates_box = QGroupBox("Possible duplicate sources (one name or alias, two sources)")
        box.setObjectName("duplicateSources")
        v = QHBoxLayout(box)
        self.duplicates_list = QListWidget()
        self.duplicates_list.setObjectName("duplicatesList")
        self.duplicates_list.setMaximumHeight(64)
        self.duplicates_list.itemSelectionChanged.connect(self._update_buttons)
        v.addWidget(self.duplicates_list, 1)
        self.fold_button = QPushButton("&Fold into Existing")
        self.fold_button.setObjectName("foldSource")
        self.fold_button.setToolTip("Make the other desk's source part of this project's source of the same name: "
                                    "its claims and evidence name this project's source, its name becomes an "
                                    "alias. Undo with Ctrl+Z")
        self.fold_button.clicked.connect(self.fold_selected)
        v.addWidget(self.fold_button, 0, Qt.AlignmentFlag.AlignTop)
        box.hide()
        return box

    # ----- loading -------------------------------------------------------------------------------------
    def set_summary(self, text: str) -> None:
        """The last merge's outcome, shown above the list ("" hides it)."""
        self.summary.setText(text)
        self.summary.setVisible(bool(text))

    def _on_changed(self, _changes: object = None) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        self._dirty = False
        keep = {self.model.rows[i.row()].id for i in self.table.selectionModel().selectedRows()}
        first = min((i.row() for i in self.table.selectionModel().selectedRows()), default=0)
        rows = self.session.query(merge_ops.list_conflicts, open_only=not self.show_resolved.isChecked(),
                                  default=[])
        rows.sort(key=lambda c: (not c.open, c.label.casefold(), c.field))
        self.model.set_rows(rows)
        self.table.setColumnHidden(6, not self.show_resolved.isChecked())
        still = [r for r, c in enumerate(rows) if c.id in keep and c.open]
        target = still or ([min(first, len(rows) - 1)] if rows else [])
        selection = self.table.selectionModel()
        for r in target:
            selection.select(self.model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                             | QItemSelectionModel.SelectionFlag.Rows)
        if target:
            self.table.setCurrentIndex(self.model.index(target[0], 0))
        self._fill_duplicates()
        self._update_note(rows)
        self.show_details()

    def _update_note(self, rows: list[Conflict]) -> None:
        n = sum(c.open for c in rows)
        if n:
            self.note.setText(
                f"<b>{n} conflict{'s' if n != 1 else ''} to decide.</b> Both desks changed these since they "
                "last shared their work. This project's value (<span style='background:"
                f"{_SIDE_COLOURS[self.model.dark][0]}'>&nbsp;blue&nbsp;</span>) stays until you choose; "
                f"<b>Take Theirs</b> puts in the other desk's (<span style='background:"
                f"{_SIDE_COLOURS[self.model.dark][1]}'>&nbsp;amber&nbsp;</span>). Each choice can be undone "
                "(Ctrl+Z).")
        else:
            self.note.setText("<b>No conflicts to decide.</b> Everything merged without needing a choice"
                              + (" (the decided ones are listed)." if rows else "."))
        self.setWindowTitle(f"Merge Review — {n} to decide" if n else "Merge Review")

    def _fill_duplicates(self) -> None:
        pairs = self.duplicates()
        here = {s.id: s for s in self.session.query(src_ops.list_sources, default=[])} if pairs else {}
        self.duplicates_list.clear()
        for ours_id, theirs_id, name in pairs:
            if ours_id in here and theirs_id in here:
                item = QListWidgetItem(f"“{name}” from the other desk — this project already has "
                                       f"“{here[ours_id].name}”")
                item.setData(Qt.ItemDataRole.UserRole, (ours_id, theirs_id))
                self.duplicates_list.addItem(item)
        if self.duplicates_list.count():
            self.duplicates_list.setCurrentRow(0)
        self.duplicates_box.setVisible(bool(self.duplicates_list.count()))

    # ----- details -------------------------------------------------------------------------------------
    def selected(self) -> list[Conflict]:
        return [self.model.rows[i.row()] for i in sorted(self.table.selectionModel().selectedRows())]

    def show_details(self) -> None:
        chosen = self.selected()
        self._update_buttons()
        if not chosen:
            self.detail.setHtml("<p style='color:gray'>Select a conflict to see both values in full.</p>")
            return
        if len(chosen) > 1:
            n = sum(c.open for c in chosen)
            self.detail.setHtml(f"<p><b>{len(chosen)} conflicts selected</b> ({n} to decide): Keep Ours or "
                                "Take Theirs applies to each of them, one undoable step each.</p>")
            return
        self.detail.setHtml(self.detail_html(chosen[0]))

    def detail_html(self, c: Conflict) -> str:
        ours_bg, theirs_bg, _ = _SIDE_COLOURS[self.model.dark]
        esc = html.escape
        ours_html, theirs_html = self._side_html(c)
        base = ""
        if c.field != "*" and c.kind is ConflictKind.BOTH_CHANGED:
            before = "(empty)" if c.base in (None, "") else str(c.base)
            base = f"<p style='color:gray'>Before either desk changed it: {esc(before)}</p>"
        keep, take = button_effects(c)
        state = (f"<p><b>Decided:</b> {esc(status_text(c))}.</p>" if not c.open else
                 f"<p><b>Keep Ours</b>: {esc(keep)}. &nbsp; <b>Take Theirs</b>: {esc(take)}.</p>")
        return (f"<p style='font-size:12pt'><b>{esc(what_text(c))}</b> — {esc(field_text(c))}"
                f" <span style='color:gray'>({esc(c.kind.label)}; from {esc(c.other)})</span></p>"
                "<table width='100%' cellspacing='0' cellpadding='8'><tr>"
                f"<td width='50%' valign='top' bgcolor='{ours_bg}'><b>This project (kept now)</b><br>{ours_html}</td>"
                f"<td width='50%' valign='top' bgcolor='{theirs_bg}'><b>{esc(c.other)} (other desk)</b>"
                f"<br>{theirs_html}</td></tr></table>{base}{state}")

    @staticmethod
    def _side_html(c: Conflict) -> tuple[str, str]:
        """Both values in full; for two texts the words that differ in bold and underlined."""
        def full(side: str) -> str:
            value = c.ours if side == "ours" else c.theirs
            if isinstance(value, dict):
                return "<br>".join(f"<b>{html.escape(k)}</b>: {html.escape(v)}" for k, v in row_fields(value))
            return html.escape(value_text(c, side)).replace("\n", "<br>")

        parts = word_diff(c.ours, c.theirs) if isinstance(c.ours, str) and isinstance(c.theirs, str) \
            and c.ours and c.theirs else ()
        same = sum(len(p.old) for p in parts if not p.changed)
        if parts and same >= 0.4 * max(len(c.ours), len(c.theirs)):  # marks help only where most words agree
            out = []
            for side in ("old", "new"):
                bits = []
                for p in parts:
                    text = html.escape(p.old if side == "old" else p.new).replace("\n", "<br>")
                    bits.append(f"<b><u>{text}</u></b>" if p.changed and text.strip() else text)
                out.append("".join(bits))
            return out[0], out[1]
        return full("ours"), full("theirs")

    def _update_buttons(self) -> None:
        project = self.session.project
        writable = project is not None and not project.read_only
        open_ = any(c.open for c in self.selected())
        others = {c.other for c in self.selected()}
        self.theirs_button.setText(f"Take &Theirs — {next(iter(others))}'s value" if len(others) == 1
                                   else "Take &Theirs — the other desk's value")
        self.ours_button.setEnabled(writable and open_)
        self.theirs_button.setEnabled(writable and open_)
        self.fold_button.setEnabled(writable and self.duplicates_list.currentItem() is not None)

    # ----- actions -------------------------------------------------------------------------------------
    def resolve_selected(self, choice: str) -> int:
        """Resolve each selected open conflict with ``choice`` ("ours"/"theirs"); returns how many were."""
        done = 0
        for c in [c for c in self.selected() if c.open]:
            if self.session.apply(merge_ops.resolve_conflict, c.id, choice, undo="Resolve conflict") is None:
                break  # the session reported why
            done += 1
        return done

    def fold_selected(self) -> bool:
        item = self.duplicates_list.currentItem()
        if item is None:
            return False
        ours_id, theirs_id = item.data(Qt.ItemDataRole.UserRole)
        return self.session.apply(merge_ops.merge_sources, ours_id, theirs_id, undo="Merge sources") is not None
