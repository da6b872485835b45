"""Suggestion lists: related passages for the current claim, and the claim finder for the open document.

Nothing here changes the project by itself: a suggestion becomes evidence or a claim only when the user
presses a button (each such action is one undoable step).

Signals of ``RelatedPassagesPanel``:
    passage_activated(str document_id, int start, int end): show a suggested passage in its document.
Signals of ``ClaimFinderPanel``:
    sentence_activated(str document_id, int start, int end): show the sentence in the reading pane.
    claim_made(str claim_id): a suggestion was turned into a claim.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.domain.changes import Changes
from workbench.domain.checkworthy import KIND_LABELS
from workbench.domain.discovery import RelatedPassage
from workbench.domain.model import Stance
from workbench.ops import claims as claim_ops
from workbench.ui.rich_delegate import HTML_ROLE, RichListView, esc, marked_html
from workbench.ui.session import Session

if TYPE_CHECKING:
    from workbench.domain.claim_finder import AttributionSuggestion


def _search_ops() -> ModuleType:
    """``ops.search``, imported on first use (its ranking modules are not needed to start the window)."""
    from workbench.ops import search

    return search


ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def related_html(r: RelatedPassage) -> str:
    head = f"<b>{esc(r.document_title or 'Untitled')}</b>"
    if r.published:
        head += f' <span style="color: gray;">· {esc(r.published)}</span>'
    why = "; ".join(r.reasons) if r.reasons else "shares: " + ", ".join(r.terms[:6])
    return (f"{head}<br>{marked_html(r.text, r.marks)}<br>"
            f'<span style="color: gray;">{esc(why)}</span>')


def kind_label(s: AttributionSuggestion) -> str:
    """"little to check" / "opinion" / "headline" for a suggestion not proposed as a claim to check, else ""."""
    return KIND_LABELS.get(s.kind, "")


def attribution_html(s: AttributionSuggestion) -> str:
    chain = " › ".join(s.chain)
    who = f"<b>{esc(s.claimant)}</b>" + (f' <span style="color: gray;">via {esc(chain)}</span>' if chain else "")
    where = "" if s.segment.value == "body" else f' <span style="color: gray;">({esc(s.segment.value)})</span>'
    label = kind_label(s)
    mark = f' <span style="color: #b35900;">[{esc(label)}]</span>' if label else ""
    return f"{who}{where}{mark}<br>{esc(s.sentence)}"


def attribution_plain(s: AttributionSuggestion) -> str:
    """The row's plain text (accessibility, copy): "[opinion] claimant: sentence"."""
    label = kind_label(s)
    return (f"[{label}] " if label else "") + f"{s.claimant}: {s.sentence}"


class _SuggestionList(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.model = QStandardItemModel(self)
        self.list = RichListView()
        self.list.setModel(self.model)
        self.dirty = True

    def _lay_out(self, buttons: QHBoxLayout) -> None:
        """Header, list, then the panel's row of buttons."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.list.activated.connect(lambda _i: self.show_current())

    def invalidate(self) -> None:
        """The suggestions are out of date: recompute now if shown, else when next shown."""
        self.dirty = True
        if self.isVisible():
            self.refresh()

    def show_current(self) -> None:
        """Show the selected suggestion's place (panels that can, override this)."""

    def _fill(self, items: list[tuple[object, str, str]]) -> None:
        """Replace the rows: (payload, html, plain text) each."""
        self.model.clear()
        for payload, html_text, plain in items:
            item = QStandardItem(plain)
            item.setData(html_text, HTML_ROLE)
            item.setData(payload, ITEM_ROLE)
            item.setEditable(False)
            self.model.appendRow(item)
        if items:
            self.list.setCurrentIndex(self.model.index(0, 0))

    def current(self) -> object | None:
        idx = self.list.currentIndex()
        return idx.data(ITEM_ROLE) if idx.isValid() else None

    def select_row(self, row: int) -> None:
        self.list.setCurrentIndex(self.model.index(row, 0))

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self.dirty:
            self.refresh()

    def refresh(self) -> None:
        """Recompute the suggestions; the base list has none (panels override this)."""
        self.dirty = False
        self._fill([])


class RelatedPassagesPanel(_SuggestionList):
    """Related passages of the selected claim, computed on the worker thread (``shown`` when they are listed)."""

    passage_activated = Signal(str, int, int)
    shown = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("relatedPassages")
        self.claim_id = ""
        self._request = 0  # the latest claim asked about (answers about earlier ones are dropped)
        self._select_after: int | None = None  # the row to select when the list comes back (after Add)
        self.items: list[RelatedPassage] = []
        self.buttons: dict[Stance, QPushButton] = {}
        row = QHBoxLayout()
        row.addWidget(QLabel("Add as:"))
        for stance, text in ((Stance.SUPPORTS, "Supports"), (Stance.REFUTES, "Refutes"), (Stance.CONTEXT, "Context")):
            b = QPushButton(text)
            b.setToolTip(f"Link the selected passage to the claim as evidence: {stance.label.lower()}")
            b.clicked.connect(lambda _c=False, s=stance: self.add(s))
            self.buttons[stance] = b
            row.addWidget(b)
        row.addStretch(1)
        self.show_button = QPushButton("Show in document")
        self.show_button.clicked.connect(self.show_current)
        row.addWidget(self.show_button)
        self._lay_out(row)
        session.changed.connect(self._on_changed)
        session.project_opened.connect(lambda: self.set_claim(""))
        self.set_claim("")

    def set_claim(self, claim_id: str) -> None:
        self.claim_id = claim_id
        if claim_id:
            self.invalidate()
        else:
            self.refresh()

    def refresh(self) -> None:
        self.dirty = False
        self._request += 1
        claim = self.session.query(claim_ops.find_claim, self.claim_id, default=None) if self.claim_id else None
        if claim is None:
            self.items = []
            self.header.setText("Select a claim to see passages in other documents that share its places, actors, "
                                "dates, numbers and events (every spelling).")
        else:  # on the worker thread: a large project takes longer than the window may freeze
            request, text = self._request, claim.text
            self.header.setText(f"Looking for passages related to “{_short(text)}”…")
            self.session.query_later(_search_ops().related_passages, self.claim_id, default=[],
                                     on_result=lambda found: self._show(found, text, request))
            return
        self._show([], "", self._request)

    def _show(self, found: list[RelatedPassage], claim_text: str, request: int) -> None:
        if request != self._request:
            return  # another claim was selected meanwhile
        self.items = found
        if claim_text:
            n = len(found)
            self.header.setText(f"{n} passage{'s' * (n != 1)} in other documents related to: “{_short(claim_text)}”"
                                if n else f"No related passages found for “{_short(claim_text)}”.")
        self._fill([(r, related_html(r), r.text) for r in self.items])
        if self._select_after is not None and self.model.rowCount():
            self.select_row(min(self._select_after, self.model.rowCount() - 1))  # the next one, after an Add
        self._select_after = None
        for b in self.buttons.values():
            b.setEnabled(bool(self.items))
        self.show_button.setEnabled(bool(self.items))
        self.shown.emit()

    def add(self, stance: Stance) -> str:
        passage = self.current()
        if not isinstance(passage, RelatedPassage) or not self.claim_id:
            return ""
        self._select_after = self.list.currentIndex().row()  # once the list is computed again
        ev = self.session.apply(_search_ops().add_related_as_evidence, self.claim_id, passage, stance,
                                undo=f"Add evidence ({stance.label.lower()})")
        if not ev:
            self._select_after = None
        return ev or ""

    def show_current(self) -> None:
        passage = self.current()
        if isinstance(passage, RelatedPassage):
            self.passage_activated.emit(passage.document_id, passage.start, passage.end)

    def _on_changed(self, changes: Changes) -> None:
        if self.claim_id and changes & (Changes.CLAIMS | Changes.EVIDENCE | Changes.DOCUMENTS | Changes.ENTITIES
                                        | Changes.PROJECT | Changes.SOURCES):
            self.invalidate()


class ClaimFinderPanel(_SuggestionList):
    sentence_activated = Signal(str, int, int)
    claim_made = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("claimFinder")
        self.document_id = ""
        self.items: list[AttributionSuggestion] = []
        self.include_others = QCheckBox("Include comments and boilerplate")
        self.include_others.toggled.connect(lambda _on: self.refresh())
        self.make_button = QPushButton("Make claim")
        self.make_button.setToolTip("Make a claim of the selected sentence, with its claimant and attribution chain")
        self.make_button.clicked.connect(self.make_claim)
        row = QHBoxLayout()
        row.addWidget(self.include_others)
        row.addStretch(1)
        row.addWidget(self.make_button)
        self._lay_out(row)
        self.list.clicked.connect(lambda _i: self.show_current())
        session.changed.connect(self._on_changed)
        session.project_opened.connect(lambda: self.set_document(""))
        self.set_document("")

    def set_document(self, doc_id: str) -> None:
        self.document_id = doc_id
        if doc_id:
            self.invalidate()
        else:
            self.refresh()

    def refresh(self) -> None:
        self.dirty = False
        if not self.document_id or self.session.project is None:
            self.items = []
            self.header.setText("Open a document to list the sentences that attribute a statement to someone.")
        else:
            others = self.include_others.isChecked()
            self.items = self.session.query(_search_ops().suggest_claims, self.document_id, comments=others,
                                            boilerplate=others, default=[])
            n = len(self.items)
            marked = sum(1 for s in self.items if kind_label(s))
            self.header.setText(f"{n} sentence{'s' * (n != 1)} report{'s' * (n == 1)} what someone said "
                                "(not yet claims), most check-worthy first"
                                + (f"; {marked} marked as opinion, headline or little to check, listed last"
                                   if marked else "")
                                if n else "No reported statements found that are not claims yet.")
        self._fill([(s, attribution_html(s), attribution_plain(s)) for s in self.items])
        self.make_button.setEnabled(bool(self.items))

    def show_current(self) -> None:
        s = self.current()
        if isinstance(s, _search_ops().AttributionSuggestion) and self.document_id:
            self.sentence_activated.emit(self.document_id, s.start, s.end)

    def make_claim(self) -> str:
        s = self.current()
        if not isinstance(s, _search_ops().AttributionSuggestion) or not self.document_id:
            return ""
        claim_id = self.session.apply(_search_ops().make_claim, self.document_id, s, undo="New claim from suggestion")
        if claim_id:
            self.claim_made.emit(claim_id)
        return claim_id or ""

    def _on_changed(self, changes: Changes) -> None:
        if self.document_id and changes & (Changes.CLAIMS | Changes.PASSAGES | Changes.SEGMENTS | Changes.PROJECT):
            self.invalidate()
