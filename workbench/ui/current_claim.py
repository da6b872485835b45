"""The current claim — the one Ctrl+1/2/3 link evidence to — shown wherever the user acts (issue 16).

The current claim is the claim editor's (``ClaimPanel.current_claim``); ``CurrentClaimController`` shows that
one value everywhere and offers the explicit ways to change it from the text:

- the bar above the reading pane: the claim's short text, its status and rating, what each link key does;
- the link actions' texts ("Link as &Context to “Khasham handed over…”"), status tips and tool tips
  ("Ctrl+3 → adds context to: “Khasham handed over…”"): the Claim menu, the toolbar and the reading pane's
  context menu use those actions;
- switching: Alt+click on a highlight, a click on its bar in the left margin, **Claim ▸ Select Claim of
  Highlight at Cursor** (Ctrl+J) and the context menu's "Select Claim of This Highlight". A plain click in
  the text never switches: it places the cursor, and the status bar says how to switch if that was meant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QVBoxLayout, QWidget

from workbench.domain import evidence_kinds
from workbench.domain.model import Stance

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow

SHORT = 38  # characters of a claim in menus, tips and messages
BAR = 170  # characters of a claim in the bar above the text
MESSAGE_MS = 8000
# action attribute, what the shortcut does (status tip), menu text with / without a current claim
LINKS = (
    ("act_supports", "supports:", "Link as &Supports to {claim}", "Link as &Supports (no current claim)"),
    ("act_refutes", "refutes:", "Link as &Refutes to {claim}", "Link as &Refutes (no current claim)"),
    ("act_context", "adds context to:", "Link as &Context to {claim}", "Link as &Context (no current claim)"),
    ("act_appearance", "also states:", "Selection Also &States {claim}", "Selection Also &States the Claim"),
)
STANCE_WORDS = {Stance.SUPPORTS: "supporting evidence", Stance.REFUTES: "refuting evidence",
                Stance.CONTEXT: "context"}


def shorten(text: str, limit: int = SHORT) -> str:
    """``text`` on one line, cut after the last whole word that fits in ``limit`` characters (… when cut)."""
    words = text.split()
    out = ""
    for word in words:
        candidate = f"{out} {word}" if out else word
        if len(candidate) > limit:
            return (out or word[:limit]) + "…"
        out = candidate
    return out


def quoted(text: str, limit: int = SHORT) -> str:
    return f"“{shorten(text, limit)}”"


def _menu_text(text: str) -> str:
    """Text for an action's label: a literal & is written && (a single one would make a mnemonic)."""
    return text.replace("&", "&&")


class CurrentClaimBar(QFrame):
    """Above the document: the current claim — the one Ctrl+1/2/3 link to — with its status and the keys.

    ``title`` holds the claim's short text in quotes (or says there is none), ``status`` its status and
    rating, ``keys`` what each link shortcut does. Amber like the claim highlights; readable in both themes
    (translucent tint over the palette, the palette's text colour).
    """

    STYLE = """
        QFrame#currentClaimBar { background: rgba(255, 193, 7, 52); border-left: 5px solid rgb(255, 179, 0);
                                 border-bottom: 1px solid rgba(255, 179, 0, 110); }
        QFrame#currentClaimBar[empty="true"] { background: rgba(128, 128, 128, 28);
                                               border-left: 5px solid rgba(128, 128, 128, 120);
                                               border-bottom: 1px solid rgba(128, 128, 128, 60); }
        QLabel#currentClaimCaption { font-weight: bold; }
        QLabel#currentClaimStatus { border: 1px solid rgba(128, 128, 128, 150); border-radius: 3px;
                                    padding: 0px 4px; }
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("currentClaimBar")
        self.setStyleSheet(self.STYLE)
        self.caption = QLabel("Current claim:")
        self.caption.setObjectName("currentClaimCaption")
        self.title = QLabel()
        self.title.setObjectName("currentClaimText")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        font = QFont(self.title.font())
        font.setBold(True)
        self.title.setFont(font)
        self.status = QLabel()
        self.status.setObjectName("currentClaimStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.keys = QLabel()
        self.keys.setObjectName("currentClaimKeys")
        self.keys.setTextFormat(Qt.TextFormat.PlainText)
        self.keys.setWordWrap(True)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.caption, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        top.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 5, 8, 5)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.keys)
        self._shown: tuple[str, str, str, str] | None = None
        self.set_claim("", "", "")

    def set_claim(self, text: str, status: str, keys: str, tip: str = "") -> None:
        """Show the current claim (``text`` already shortened), or that there is none (``text`` empty).

        Showing what is already shown does nothing: the bar is restyled, laid out and repainted only when
        something in it changed (the window calls this after every change to the claim)."""
        shown = (text, status, keys, tip)
        if shown == self._shown:
            return
        self._shown = shown
        empty = not text
        if self.property("empty") != empty:
            self.setProperty("empty", empty)
            # the style sheet's [empty="true"] rule applies once the bar is polished again: setting the sheet
            # again does it (going through self.style() costs ~10 ms at start: PySide then builds Python enums
            # for all of QStyle's, ~600 members)
            self.setStyleSheet(self.STYLE)
        self.title.setText("none — select one in the claim list, or select a passage and press Ctrl+K to make one"
                           if empty else text)
        self.status.setText(status)
        self.status.setVisible(bool(status))
        self.keys.setText(keys)
        self.setToolTip(tip)
        self.updateGeometry()  # the wrapped lines' height changed, not the size hint: tell the parent's layout


class CurrentClaimController(QObject):
    """Keeps the current claim on screen and offers the explicit ways to switch it (see the module doc).

    ``window`` is the ``MainWindow``: its ``claims`` panel, ``reading`` pane, ``claim_menu`` and link actions.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.claim_id = ""
        w = window
        act = QAction("Select Claim of &Highlight at Cursor", window)
        act.setShortcut(QKeySequence("Ctrl+J"))
        tip = "Make the claim of the highlight at the text cursor the current claim (the one Ctrl+1/2/3 link to)"
        act.setStatusTip(tip)
        act.setToolTip(f"{tip} (Ctrl+J)")
        act.triggered.connect(lambda _checked=False: self.select_at_cursor())
        window.addAction(act)
        self.act_select_highlight_claim = act
        menu_actions = w.claim_menu.actions()
        after = menu_actions.index(w.act_appearance) + 1
        w.claim_menu.insertAction(menu_actions[after] if after < len(menu_actions) else None, act)  # type: ignore[arg-type]
        view = w.reading.view
        view.claim_requested.connect(self.request)
        view.highlight_clicked.connect(self._plain_click)
        view.describe_claim = self.describe
        w.claims.when_editor(lambda editor: editor.loaded.connect(lambda _claim_id: self.update()))
        self.update()

    # ----- showing -------------------------------------------------------------------------------
    def describe(self, claim_id: str, limit: int = SHORT) -> str:
        """A claim's short text in quotes (from the claim list), or "" when unknown."""
        model = self.window.claims.model
        row = model.row_of(claim_id)
        return quoted(model.rows[row].claim.text, limit) if row >= 0 else ""

    def update(self) -> None:
        """Show the editor's claim in the bar and in the link actions (after any load of the editor)."""
        w = self.window
        claim = w.claims.current_claim_object
        self.claim_id = claim.id if claim is not None else ""
        short = quoted(claim.text) if claim is not None else ""
        for kind, act in w.evidence_actions.items():
            what = evidence_kinds.get(kind).label.lower()
            key = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            tip = f"{key} → {what} as evidence for: {short or 'no current claim — select one in the claim list first'}"
            act.setStatusTip(tip)
            act.setToolTip(tip)
        for attr, verb, with_claim, without in LINKS:
            act = getattr(w, attr)
            key = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if claim is None:
                act.setText(without)
                tip = f"{key} → {verb} no current claim — select one in the claim list first"
            else:
                act.setText(with_claim.format(claim=_menu_text(short)))
                tip = f"{key} → {verb} {short}"
            act.setStatusTip(tip)
            act.setToolTip(tip)
        if claim is None:
            w.reading.claim_bar.set_claim(
                "", "", "Then Ctrl+1 / Ctrl+2 / Ctrl+3 link a selected passage to it as supporting, refuting or "
                "context evidence.")
            return
        status = claim.status.label + (f" · {claim.rating}" if claim.rating else "")
        keys = " · ".join(f"{getattr(w, attr).shortcut().toString(QKeySequence.SequenceFormat.NativeText)} → {v}"
                          for attr, v in (("act_supports", "supports"), ("act_refutes", "refutes"),
                                          ("act_context", "adds context"), ("act_appearance", "also states it")))
        tip = (f"The current claim: “{' '.join(claim.text.split())}”\n\nEvidence you link with Ctrl+1/2/3 goes "
               "to it. To switch: pick a claim in the claim list, Alt+click a highlight, click its bar in the "
               "margin, or press Ctrl+J with the cursor in a highlight.")
        w.reading.claim_bar.set_claim(quoted(claim.text, BAR), status, keys, tip)

    def _message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, MESSAGE_MS)

    def announce_link(self, claim_id: str, stance: Stance) -> None:
        """Say in the status bar what a link shortcut just did."""
        self._message(f"Linked as {STANCE_WORDS[stance]} to {self.describe(claim_id)} · Ctrl+Z undoes it")

    # ----- switching -------------------------------------------------------------------------------
    def request(self, claim_id: str, _link_id: str = "") -> None:
        """Make ``claim_id`` current: an explicit request (Alt+click, margin bar, menu entry, Ctrl+J)."""
        if claim_id == self.window.claims.current_claim:
            self._message(f"{self.describe(claim_id)} is already the current claim.")
            return
        self.window.claims.select_claim(claim_id)
        if self.window.claims.current_claim == claim_id:
            self._message(f"Current claim: {self.describe(claim_id)} — Ctrl+1/2/3 now link to it.")

    def select_at_cursor(self) -> None:
        h = self.window.reading.view.highlight_at_cursor()
        if h is None:
            self._message("No highlight at the cursor: put the cursor in a highlight, then Ctrl+J makes its claim "
                          "the current one.")
            return
        self.request(h.claim_id, h.link_id)

    def _plain_click(self, claim_id: str, _link_id: str) -> None:
        current = self.window.claims.current_claim
        if claim_id == current:
            return
        still = f"Ctrl+1/2/3 still link to {self.describe(current, 30)}" if current else "no claim is current"
        self._message(f"Highlight of {self.describe(claim_id, 30)}; {still} (Alt+click or Ctrl+J to switch).")

    def add_to_context_menu(self, menu: QMenu, pos: QPoint | None) -> None:
        """Add "Select Claim of This Highlight: “…”" for each claim highlighted at ``pos`` (viewport
        coordinates; None: at the text cursor), innermost first."""
        view = self.window.reading.view
        if pos is None:
            h = view.highlight_at_cursor()
            hits = [h] if h is not None else []
        else:
            u16 = view.cursorForPosition(pos).position()
            hits = sorted(view.highlights_at(view.offsets.to_codepoint(u16)), key=lambda h: h.end - h.start)
        seen: list[str] = []
        for h in hits:
            if h.claim_id in seen:
                continue
            seen.append(h.claim_id)
            label = _menu_text(self.describe(h.claim_id) or "its claim")
            if h.claim_id == self.window.claims.current_claim:
                act = menu.addAction(f"Select Claim of This Highlight: {label} (the current claim)")
                act.setEnabled(False)
            else:
                act = menu.addAction(f"Select Claim of This Highlight: {label}")
                act.triggered.connect(lambda _c=False, cid=h.claim_id, lid=h.link_id: self.request(cid, lid))
            act.setStatusTip("Make this highlight's claim the current claim (the one Ctrl+1/2/3 link to)")
        if seen:
            menu.addSeparator()
