"""Passages to Review (View menu, Ctrl+Shift+P): re-anchoring's review queue, and the orphans.

A passage waits for review when a new version of its document has it with other words (or at an
uncertain place). It stays on the old version, its quote unchanged, until the person chooses:

- **Accept New Text**: it moves to the place proposed and its quote becomes the text there;
- **Place at Selection**: select the right text in the new version (bottom pane) and put it there;
- **Keep as Orphan**: it stays on the old version, listed with the orphans.

Top: the list (passages to review first, then orphans). Middle: the stored quote and the text at the
new place side by side, the words that differ marked (struck through on red where removed, bold on
green where added), with their context in grey. Bottom: the new version, the proposed place marked.
Each choice is one undoable action (Edit ▸ Undo). Finding the proposed places reads whole documents
and runs on the worker thread; the list itself appears at once.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QShowEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.domain.anchoring import REASONS, DiffPart, FlaggedPassage, describe_change, word_diff
from workbench.domain.offsets import OffsetMap
from workbench.ops import documents as doc_ops
from workbench.ops import reanchor as reanchor_ops
from workbench.ui.colors import is_dark

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

# (foreground, background) of removed and added words, for light and dark palettes
_DIFF_COLOURS = {
    False: {"delete": ("#82071e", "#ffd7d5"), "insert": ("#044f1e", "#b7f0c4"), "context": "#6e7781"},
    True: {"delete": ("#ffdcd7", "#8e1519"), "insert": ("#aff5b4", "#116329"), "context": "#8b949e"},
}


def _span(text: str, fg: str, bg: str, extra: str) -> str:
    return f'<span style="color:{fg}; background-color:{bg}; {extra}">{html.escape(text)}</span>'


def diff_html(parts: tuple[DiffPart, ...], side: str, before: str, after: str, dark: bool = False) -> str:
    """One side ("old" or "new") of a word diff as HTML, with ``before``/``after`` context in grey."""
    colours = _DIFF_COLOURS[dark]
    out = []
    for p in parts:
        text = p.old if side == "old" else p.new
        if not text:
            continue
        if p.changed and side == "old":
            fg, bg = colours["delete"]
            out.append(_span(text, fg, bg, "text-decoration: line-through;"))
        elif p.changed:
            fg, bg = colours["insert"]
            out.append(_span(text, fg, bg, "font-weight: 600;"))
        else:
            out.append(html.escape(text))
    grey = colours["context"]
    lead = f'<span style="color:{grey}">…{html.escape(before)}</span>' if before else ""
    tail = f'<span style="color:{grey}">{html.escape(after)}…</span>' if after else ""
    return f'<p style="white-space: pre-wrap; font-size: 11pt;">{lead}{"".join(out)}{tail}</p>'


class ReviewDialog(QDialog):
    """The review queue of re-anchoring, and the orphans (see the module's docstring)."""

    COLUMNS = ("Status", "Passage", "What changed", "Document", "Claims")

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("passagesToReviewDialog")
        self.setWindowTitle("Passages to Review")
        self.resize(1180, 780)
        self.rows: list[FlaggedPassage] = []
        self.texts: dict[str, str] = {}  # newest versions' texts, from the worker
        self.pending: set[str] = set()  # passages whose proposal the worker is still finding
        self.generation = 0
        self._dirty = True
        self._place_doc = ""
        self._place_offsets: OffsetMap | None = None
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("orphansTable")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 90)
        self.table.setColumnWidth(2, 260)
        self.table.setColumnWidth(3, 200)
        self.table.doubleClicked.connect(lambda _i: self.show_selected())
        self.table.itemSelectionChanged.connect(self.show_details)
        split.addWidget(self.table)
        split.addWidget(self._comparison())
        split.addWidget(self._place_pane())
        split.setSizes([190, 250, 260])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        role = QDialogButtonBox.ButtonRole.ActionRole
        self.show_button = buttons.addButton("&Show in Document", role)
        self.accept_button = buttons.addButton("&Accept New Text", role)
        self.place_button = buttons.addButton("&Place at Selection", role)
        self.orphan_button = buttons.addButton("Keep as &Orphan", role)
        self.show_button.setToolTip("Show the passage where it is now (the old version while it waits)")
        self.accept_button.setToolTip("Move the passage to the place proposed; its quote becomes the new text")
        self.place_button.setToolTip("Put the passage at the text selected in the new version below")
        self.orphan_button.setToolTip("Leave the passage on the old version, listed as an orphan")
        self.show_button.clicked.connect(self.show_selected)
        self.accept_button.clicked.connect(self.accept_selected)
        self.place_button.clicked.connect(self.place_selected)
        self.orphan_button.clicked.connect(self.orphan_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        window.session.changed.connect(self._on_changed)
        window.session.project_opened.connect(self._on_changed)
        self.show_details()

    # ----- layout --------------------------------------------------------------------------------
    def _comparison(self) -> QWidget:
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        self.reason = QLabel()
        self.reason.setObjectName("reviewReason")
        self.reason.setWordWrap(True)
        v.addWidget(self.reason)
        row = QHBoxLayout()
        self.old_label, self.old_view = QLabel(), QTextBrowser()
        self.new_label, self.new_view = QLabel(), QTextBrowser()
        for label, view, name in ((self.old_label, self.old_view, "oldQuote"), (self.new_label, self.new_view,
                                                                                  "newText")):
            col = QVBoxLayout()
            label.setTextFormat(Qt.TextFormat.PlainText)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            view.setObjectName(name)
            view.setOpenLinks(False)  # nothing here is a link; nothing is ever loaded
            view.setMinimumHeight(90)
            col.addWidget(label)
            col.addWidget(view, 1)
            row.addLayout(col, 1)
        v.addLayout(row, 1)
        return box

    def _place_pane(self) -> QWidget:
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        self.place_label = QLabel()
        self.place_label.setWordWrap(True)
        v.addWidget(self.place_label)
        self.place_view = QPlainTextEdit()
        self.place_view.setObjectName("newVersionText")
        self.place_view.setReadOnly(True)
        self.place_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.place_view.selectionChanged.connect(self._update_buttons)
        v.addWidget(self.place_view, 1)
        return box

    # ----- loading -------------------------------------------------------------------------------
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
        """List the passages at once (a quick query); find their proposed places on the worker thread.

        A passage whose row did not change keeps the place found before until the new one comes.
        """
        self._dirty = False
        self.generation += 1
        rows = self.window_.session.query(reanchor_ops.flagged, proposals=False, default=[])
        known = {r.passage_id: r for r in self.rows}
        rows = [self._known(r, known.get(r.passage_id)) for r in rows]
        project = self.window_.project
        targets = sorted({r.target_document_id for r in rows if r.target_document_id})
        self.pending = {r.passage_id for r in rows if not r.orphan and not r.reason} if project else set()
        self._set_rows(sorted(rows, key=lambda r: r.orphan), {t: self.texts[t] for t in targets if t in self.texts})
        if project is None or not targets:
            return
        generation = self.generation

        def work(_progress: Any, _cancel: Any) -> tuple[int, list[FlaggedPassage], dict[str, str]]:
            items = reanchor_ops.flagged(project)
            texts = {t: doc_ops.get_document(project, t).text for t in targets}
            return generation, items, texts

        task = self.window_.runner.submit(work, "passages to review")
        task.finished.connect(self._loaded)
        task.failed.connect(self._failed)

    @staticmethod
    def _known(row: FlaggedPassage, before: FlaggedPassage | None) -> FlaggedPassage:
        """``before`` (with its proposal) when the passage is where and as it was, else ``row``."""
        same = before is not None and before.reason and all(
            getattr(before, f) == getattr(row, f) for f in ("document_id", "start", "end", "exact", "orphan",
                                                           "needs_review", "target_document_id"))
        return before if same and before is not None else row

    def _loaded(self, result: tuple[int, list[FlaggedPassage], dict[str, str]]) -> None:
        generation, items, texts = result
        if generation != self.generation:
            return  # a newer refresh is on its way
        self.pending = set()
        self._set_rows(sorted(items, key=lambda r: r.orphan), texts)

    def _failed(self, exc: object) -> None:
        self.pending = set()
        self.note.setText(f"The places in the new versions could not be found: {exc}")
        self.show_details()

    def _set_rows(self, rows: list[FlaggedPassage], texts: dict[str, str]) -> None:
        current = self.selected()
        keep = current.passage_id if current is not None else ""
        index = self.table.currentRow()
        self.rows, self.texts = rows, texts
        review = sum(1 for r in rows if not r.orphan)
        self.note.setText(
            f"{review} passage(s) to review: a new version of their document has them with other words, or at "
            "an uncertain place. They stay on the old version, their quote unchanged, until you choose: "
            "Accept New Text (the quote becomes the new text), Place at Selection (select the right text in the "
            f"new version below) or Keep as Orphan. {len(rows) - review} orphaned passage(s): not found in the "
            "new version; they stay on the old version, where they are still highlighted, and can be placed by "
            "hand. Every choice can be undone.")
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for row, r in enumerate(rows):
            change = ("not in the new version" if r.orphan else "…" if r.passage_id in self.pending else
                      describe_change(word_diff(r.exact, r.found)) if r.found else REASONS.get(r.reason, ""))
            cells = ["Orphan" if r.orphan else "To review", " ".join(r.exact.split())[:200], change,
                     r.document_title, ", ".join(c[:8] for c in r.claim_ids)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setToolTip(r.exact[:1000])
                self.table.setItem(row, col, item)
        target = next((i for i, r in enumerate(rows) if r.passage_id == keep), min(index, len(rows) - 1))
        if target >= 0 and (keep or index >= 0):
            self.table.selectRow(target)
        self.table.blockSignals(False)
        self.show_details()

    # ----- details -------------------------------------------------------------------------------
    def selected(self) -> FlaggedPassage | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def show_details(self) -> None:
        r = self.selected()
        dark = is_dark(self.palette())
        if r is None:
            self.reason.setText("Select a passage to compare its quote with the new version." if self.rows else
                                "Nothing to review.")
            for label, view in ((self.old_label, self.old_view), (self.new_label, self.new_view)):
                label.setText("")
                view.clear()
            self._show_place(None)
            self._update_buttons()
            return
        self.old_label.setText(f"Stored quote — where it is now, version {r.document_id[:8]}")
        self.new_label.setText(f"Text at the new place — newest version {r.target_document_id[:8]}"
                               if r.target_document_id else "Text at the new place — there is no newer version")
        self.old_label.setToolTip(r.document_title)
        self.new_label.setToolTip(r.target_title)
        target_text = self.texts.get(r.target_document_id, "")
        if r.passage_id in self.pending:
            self.reason.setText("Finding the place in the new version…")
            self.old_view.setHtml(diff_html((DiffPart("equal", r.exact, r.exact),), "old", "", "", dark))
            self.new_view.setPlainText("")
        elif r.has_proposal:
            parts = word_diff(r.exact, r.found)
            changed = sum(1 for p in parts if p.changed)
            what = (f"{changed} change(s): {describe_change(parts, 6)}." if changed else "The same words.")
            self.reason.setText(f"{REASONS.get(r.reason, r.reason).capitalize()}. {what}")
            before = target_text[max(0, r.target_start - len(r.prefix)) : r.target_start]  # as much as stored
            after = target_text[r.target_end : r.target_end + len(r.suffix)]
            self.old_view.setHtml(diff_html(parts, "old", r.prefix, r.suffix, dark))
            self.new_view.setHtml(diff_html(parts, "new", before, after, dark))
        else:
            hand = (" To place it by hand, select its text in the new version below." if r.target_document_id
                    else "")
            self.reason.setText(REASONS.get(r.reason, r.reason).capitalize() + "." + hand)
            self.old_view.setHtml(diff_html((DiffPart("equal", r.exact, r.exact),), "old", r.prefix, r.suffix,
                                            dark))
            self.new_view.setHtml("<p><i>No place proposed: select the text in the new version below and "
                                  "choose Place at Selection, or keep the passage as an orphan.</i></p>")
        self._show_place(r)
        self._update_buttons()

    def _show_place(self, r: FlaggedPassage | None) -> None:
        doc_id = r.target_document_id if r is not None else ""
        text = self.texts.get(doc_id, "")
        if r is None or not text:
            self._place_doc, self._place_offsets = "", None
            self.place_view.setPlainText("")
            self.place_view.setExtraSelections([])
            self.place_label.setText("The new version appears here: select the passage's text in it to place "
                                     "it by hand." if r is not None and doc_id and self.pending else "")
            return
        if doc_id != self._place_doc:
            self.place_view.setPlainText(text)
            self._place_doc, self._place_offsets = doc_id, OffsetMap(text)
        self.place_label.setText(f"The new version, “{r.target_title}”: select the passage's text here, then "
                                 "Place at Selection." + (" The place proposed is marked." if r.has_proposal else ""))
        offsets = self._place_offsets
        assert offsets is not None
        cursor = QTextCursor(self.place_view.document())
        extra: list[QTextEdit.ExtraSelection] = []
        if r.has_proposal:
            cursor.setPosition(offsets.to_utf16(r.target_start))
            cursor.setPosition(offsets.to_utf16(r.target_end), QTextCursor.MoveMode.KeepAnchor)
            mark = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(255, 193, 7, 110))
            mark.format = fmt  # type: ignore[misc]
            mark.cursor = QTextCursor(cursor)  # type: ignore[misc]
            extra.append(mark)
        self.place_view.setTextCursor(cursor)
        self.place_view.setExtraSelections(extra)
        self.place_view.centerCursor()

    def place_selection(self) -> tuple[int, int] | None:
        """The code-point range selected in the new version's pane, if any."""
        cursor = self.place_view.textCursor()
        offsets = self._place_offsets
        if offsets is None or not cursor.hasSelection():
            return None
        start, end = offsets.to_codepoint(cursor.selectionStart()), offsets.to_codepoint(cursor.selectionEnd())
        return (start, end) if start < end else None

    def _update_buttons(self) -> None:
        r = self.selected()
        writable = self.window_.project is not None and not self.window_.project.read_only
        self.show_button.setEnabled(r is not None)
        self.accept_button.setEnabled(writable and r is not None and not r.orphan and r.has_proposal
                                      and r.passage_id not in self.pending)
        self.orphan_button.setEnabled(writable and r is not None and not r.orphan)
        self.place_button.setEnabled(writable and r is not None and bool(self._place_doc)
                                     and self.place_selection() is not None)

    # ----- choices -------------------------------------------------------------------------------
    def show_selected(self) -> None:
        r = self.selected()
        if r is not None:
            self.window_.jump_to(r.document_id, r.start, r.end)

    def accept_selected(self) -> None:
        """Accept New Text: the place shown, the quote becomes the text there."""
        r = self.selected()
        if r is None or r.orphan or not r.has_proposal:
            return
        self.window_.session.apply(reanchor_ops.accept, r.passage_id,
                                   (r.target_document_id, r.target_start, r.target_end),
                                   undo="Accept the new text of a passage")

    def place_selected(self) -> None:
        """Place at Selection: the text selected in the new version's pane."""
        r, rng = self.selected(), self.place_selection()
        if r is None or rng is None or not self._place_doc:
            return
        self.window_.session.apply(reanchor_ops.place, r.passage_id, rng[0], rng[1], self._place_doc,
                                   undo="Place a passage in the new version")

    def orphan_selected(self) -> None:
        r = self.selected()
        if r is not None and not r.orphan:
            self.window_.session.apply(reanchor_ops.keep_orphan, r.passage_id, undo="Keep a passage as orphan")

    def mark_selected_reviewed(self) -> None:
        """Kept for callers of the Orphans window: the same as Accept New Text."""
        self.accept_selected()


__all__ = ["ReviewDialog", "diff_html"]
