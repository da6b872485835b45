"""The claim editor: one claim in four tabs — Claim, Evidence, Verdict, History.

Every edit is saved when made, as an undoable command ("Undo Edit claim").

Signals:
    link_activated(str document_id, int start, int end): jump to a passage.
    evidence_dialog_requested(str kind, object view): add ("url"/"file"/"note", None) or edit (kind, view).
    remove_evidence_requested(str evidence_id): remove a piece of evidence (the window asks nothing: undoable).
    loaded(str claim_id): the editor (re)loaded its claim ("" for none) — after selection, an edit, an undo,
        a deletion; ``claim`` is then the claim it shows. The current claim is the editor's. A change that only
        linked or unlinked evidence or passages (``refresh``) reloads those lists and the history, not the claim:
        it does not emit this.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QIcon
from PySide6.QtWidgets import (
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.domain import evidence_kinds
from workbench.domain.changes import Changes, OpChanges
from workbench.domain.model import Claim, ClaimLink, Correction, Corroboration, PassageRole
from workbench.ops import claims as claim_ops
from workbench.ops import corrections, desk, verdicts
from workbench.ops import evidence as ev_ops
from workbench.ops.claims import ClaimantChange
from workbench.ui.claim_panel import NO_CLAIM
from workbench.ui.colors import role_colour
from workbench.ui.evidence_list import EvidenceList
from workbench.ui.session import Session
from workbench.ui.verdict_view import HistoryView, VerdictView

if TYPE_CHECKING:
    from workbench.ui.claimant_dialog import ClaimantDecision

CHAIN_SEPARATOR = " › "


_COUNT = re.compile(r"\((\d+)\)$")


class _TabBar(QTabBar):
    """Tabs as wide for "Evidence (7)" as for "Evidence (107)": a count that changes never resizes them."""

    def tabSizeHint(self, index: int) -> QSize:
        size = super().tabSizeHint(index)
        text = self.tabText(index)
        if (count := _COUNT.search(text)) is not None:  # as wide as with a count of 000 (or 0000…)
            wide = f"{text[:count.start(1)]}{'0' * max(3, len(count[1]))}{text[count.end(1):]}"
            fm, mnemonic = self.fontMetrics(), Qt.TextFlag.TextShowMnemonic  # as QTabBar measures titles
            size.setWidth(size.width() + max(0, fm.size(mnemonic, wide).width() - fm.size(mnemonic, text).width()))
        return size


class _Tabs(QTabWidget):
    """The editor's tabs. Qt's tab widget lays itself out and repaints the whole visible page whenever a tab's
    title changes (the Claim tab's fields and lists, after every new piece of evidence: "Evidence (4)"); here
    (``set_title``), when that layout would move nothing — the tabs keep their sizes (``_TabBar``), the pages
    theirs — only the tab bar repaints its titles."""

    def __init__(self) -> None:
        super().__init__()
        self.setTabBar(_TabBar(self))
        self._laid_out: tuple[object, ...] | None = None

    def _geometry(self) -> tuple[object, ...]:
        bar = self.tabBar()
        return (self.size(), bar.geometry(), bar.sizeHint(), self.sizeHint(), self.minimumSizeHint(), self.count())

    def set_title(self, index: int, title: str) -> None:
        """Set a tab's title (``setTabText`` would lay out and repaint the whole tab widget, title changed or
        not)."""
        if self.tabText(index) != title:
            self.tabBar().setTabText(index, title)  # the bar asks for a layout when its size changes: ``event``

    def event(self, e: QEvent) -> bool:
        if e.type() != QEvent.Type.LayoutRequest:
            return super().event(e)
        if self.isVisible() and self._laid_out == self._geometry():
            return True
        handled = super().event(e)
        self._laid_out = self._geometry() if self.isVisible() else None
        return handled


def _completer(parent: QWidget) -> QCompleter:
    c = QCompleter([], parent)
    c.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    c.setFilterMode(Qt.MatchFlag.MatchContains)
    return c


class ClaimEditor(QWidget):
    link_activated = Signal(str, int, int)
    evidence_dialog_requested = Signal(str, object)
    remove_evidence_requested = Signal(str)
    loaded = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.claim_id = ""
        self.claim: Claim | None = None
        self.title = QLabel("No claim selected")
        self.title.setObjectName("claimEditorTitle")
        self.title.setWordWrap(True)
        self.tabs = _Tabs()
        self.tabs.setObjectName("claimTabs")
        # --- Claim tab
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("The claim, as you will check it")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(100)
        self.claimant = QLineEdit()
        self.claimant.setPlaceholderText("Who made the claim (a source; new names are added to the registry)")
        self.completer = _completer(self)
        self.claimant.setCompleter(self.completer)
        self.attribution = QLineEdit()
        self.attribution.setObjectName("attributionChain")
        self.attribution.setPlaceholderText("Reported via, nearest first: SouthFront › local sources › Amaq")
        self.attribution.setToolTip("The sources through which the claim reached the article, nearest first, "
                                    "separated by › or ;")
        self.claim_date = QLineEdit()
        self.claim_date.setPlaceholderText("YYYY-MM-DD")
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("Comma-separated, e.g. Tal Sarmin, handover")
        self.tag_completer = _completer(self)
        self.tags.setCompleter(self.tag_completer)
        self.links = QListWidget()
        self.links.setObjectName("claimLinks")
        self.links.setWordWrap(True)
        self.links.setAlternatingRowColors(True)
        self.remove_link_button = QPushButton("Remove selected passage")
        self.delete_button = QPushButton("Delete claim")
        claim_tab = QWidget()
        form = QFormLayout()
        form.addRow("Claim", self.text)
        form.addRow("Claimant", self.claimant)
        form.addRow("Reported via", self.attribution)
        form.addRow("Claim date", self.claim_date)
        form.addRow("Tags", self.tags)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_link_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        cl = QVBoxLayout(claim_tab)
        cl.addLayout(form)
        cl.addWidget(QLabel("Where it is stated (double-click to jump):"))
        cl.addWidget(self.links, 1)
        cl.addLayout(buttons)
        # --- other tabs
        self.evidence = EvidenceList()
        self.evidence.thumbnailer = self._thumbnail
        self.verdict = VerdictView()
        self.history = HistoryView()
        self.tabs.addTab(claim_tab, "Claim")
        self.tabs.addTab(self.evidence, "Evidence")
        self.tabs.addTab(self.verdict, "Verdict")
        self.tabs.addTab(self.history, "History")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(700)
        self._save_timer.timeout.connect(self.save_text)
        self.text.textChanged.connect(self._text_edited)
        self.claimant.editingFinished.connect(self.save_claimant)
        self.attribution.editingFinished.connect(self.save_attribution)
        self.claim_date.editingFinished.connect(self.save_date)
        self.tags.editingFinished.connect(self.save_tags)
        self.links.itemActivated.connect(self._jump)
        self.links.currentRowChanged.connect(lambda _r: self._update_buttons())
        self._history_stale = False  # a link changed while the History tab was hidden: read it when shown
        self.tabs.currentChanged.connect(lambda _i: self._show_history_if_stale())
        self.evidence.jump.connect(self.link_activated)
        self.evidence.add_requested.connect(lambda kind: self.evidence_dialog_requested.emit(kind, None))
        self.evidence.edit_requested.connect(lambda v: self.evidence_dialog_requested.emit(v.evidence.kind.value, v))
        self.evidence.remove_requested.connect(self.remove_evidence_requested)
        self.verdict.verdict_edited.connect(self.save_verdict)
        self.verdict.correction_requested.connect(self.edit_correction)
        self.verdict.assignee_edited.connect(lambda name: self._apply(desk.assign, name, undo="Assign claim"))
        self.verdict.correction_remove_requested.connect(
            lambda notice_id: self.session.apply(corrections.remove_correction, notice_id, undo="Remove correction"))
        self._loading = False
        self._asking = False  # the claimant question is open: a focus change must not ask again
        self._thumbs: dict[str, Any] = {}
        self.load("")

    # ----- loading --------------------------------------------------------------------------------
    def load(self, claim_id: str) -> None:
        self.flush()
        if claim_id != self.claim_id:
            self._thumbs.clear()
        self.claim_id = claim_id
        self._loading = True
        try:
            q = self.session.query
            claim = q(claim_ops.find_claim, claim_id, default=None) if claim_id else None
            self.claim = claim
            enabled = claim is not None
            for w in (self.text, self.claimant, self.attribution, self.claim_date, self.tags, self.links,
                      self.delete_button, self.evidence, self.verdict, self.history):
                w.setEnabled(enabled)
            names = q(claim_ops.source_names, default=[])
            self.completer.model().setStringList(names)  # type: ignore[attr-defined]
            self.tag_completer.model().setStringList(q(verdicts.all_tags, default=[]))  # type: ignore[attr-defined]
            self.verdict.set_scale(q(verdicts.ratings, default=[]))
            if claim is None:
                self.claim_id = ""
                self.title.setText(NO_CLAIM)
                for w in (self.claimant, self.attribution, self.claim_date, self.tags):
                    w.clear()
                self.text.setPlainText("")
                self.links.clear()
                self.evidence.set_views([], Corroboration())
                self.history.clear()
                self.verdict.load("", claim_ops.ClaimStatus.DRAFT, "", "")
                self.verdict.set_corrections("", [])
                self.verdict.load_desk((), "")
                self.tabs.set_title(1, "Evidence")
            else:
                rating = f" · {claim.rating}" if claim.rating else ""
                self.title.setText(f"Claim {claim.id[:8]} · {claim.status.label}{rating} · "
                                   f"updated {claim.updated_at.replace('T', ' ').replace('Z', '')} UTC")
                if self.text.toPlainText() != claim.text:
                    self.text.setPlainText(claim.text)
                self.claimant.setText(q(claim_ops.claimant_name, claim, default=""))
                self.attribution.setText(CHAIN_SEPARATOR.join(q(verdicts.attribution, claim_id, default=[])))
                for w in (self.claimant, self.attribution):
                    w.setCursorPosition(0)
                self.claim_date.setText(claim.claim_date)
                self.tags.setText(", ".join(q(verdicts.tags, claim_id, default=())))
                self._load_links()
                self._load_evidence()
                self.verdict.load(claim.rating, claim.status, claim.summary, claim.rationale)
                self.verdict.set_corrections(claim.published_at, q(corrections.corrections, claim_id, default=[]))
                members = q(desk.get_settings, default=desk.DeskSettings()).members
                self.verdict.load_desk(members, claim.assignee, (claim.submitted_by, claim.submitted_at),
                                       (claim.reviewed_by, claim.reviewed_at))
                self.history.set_entries(q(claim_ops.claim_history, claim_id, default=[]))
            self._history_stale = False
        finally:
            self._loading = False
        self._update_buttons()
        self.loaded.emit(self.claim_id)

    def refresh(self, changes: Changes | OpChanges) -> None:
        """Bring the editor up to date after a change to the project (an op, an undo, a redo).

        A change that only added, removed or edited links — this claim's evidence or the passages where it is
        stated — reloads just what shows them: the Evidence tab, the passages list and the History tab (that
        one when it is shown: now if it is on screen, else when it is chosen), and nothing at all when only
        other claims' links changed. The claim's fields, the lists of names, the verdict and
        the desk stay as they are (unsaved typing too), and nothing outside those lists is repainted. Any
        other change — the claim itself, a source, the rating scale, an undo (which writes the claim's history
        as "undone: …"), a change whose rows are unknown — reloads the whole claim (``load``).
        """
        rows = getattr(changes, "rows", None)
        part = None
        if (self.claim is not None and rows and not getattr(changes, "broad", True)
                and not changes & Changes.PROJECT):
            part = claim_ops.links_changed(rows, self.claim_id)
        if part is None:
            self.load(self.claim_id)
            return
        if not part:
            return
        self._loading = True
        try:
            if part.appearances:
                self._load_links()
            if part.evidence:
                self._load_evidence()
            self._history_stale = True
            self._show_history_if_stale()
        finally:
            self._loading = False
        self._update_buttons()

    def _show_history_if_stale(self) -> None:
        """Read the claim's history again if a change made it stale and the History tab is on screen."""
        if self._history_stale and self.claim_id and self.tabs.currentWidget() is self.history:
            self._history_stale = False
            self.history.set_entries(self.session.query(claim_ops.claim_history, self.claim_id, default=[]))

    def _load_evidence(self) -> None:
        views, counts = self.session.query(verdicts.evidence_with_corroboration, self.claim_id,
                                           default=([], Corroboration()))
        self.evidence.set_views(views, counts)
        self.tabs.set_title(1, f"Evidence ({len(views)})")

    def _load_links(self) -> None:
        links: list[ClaimLink] = self.session.query(claim_ops.claim_links, self.claim_id, default=[])
        self.links.clear()
        for link in links:
            if link.role is not PassageRole.APPEARANCE:
                continue
            orphan = " (orphan: could not be placed)" if link.passage.orphan else ""
            item = QListWidgetItem(f"{link.document_title}{orphan}\n“{link.passage.quote.exact}”")
            item.setData(Qt.ItemDataRole.UserRole, link)
            item.setBackground(QBrush(role_colour(link.role, link.stance)))
            item.setToolTip(f"…{link.passage.quote.prefix}[{link.passage.quote.exact}]{link.passage.quote.suffix}…")
            self.links.addItem(item)

    def _thumbnail(self, view: Any) -> Any:
        from workbench.ui.thumbnails import thumbnail

        ev_id = view.evidence.id
        if ev_id not in self._thumbs:
            data = self.session.query(ev_ops.file_data, ev_id, default=None)
            pix = thumbnail(data, 40) if data else None
            self._thumbs[ev_id] = QIcon(pix) if pix is not None else None
        return self._thumbs[ev_id]

    def _update_buttons(self) -> None:
        has = bool(self.claim_id)
        self.remove_link_button.setEnabled(has and (self.links.currentItem() is not None))

    def _jump(self, item: QListWidgetItem) -> None:
        link: ClaimLink = item.data(Qt.ItemDataRole.UserRole)
        self.link_activated.emit(link.passage.document_id, link.passage.start, link.passage.end)

    def selected_link_id(self) -> str:
        """The selected appearance (Claim tab) or piece of evidence (Evidence tab), by the visible tab."""
        if self.tabs.currentWidget() is self.evidence:
            v = self.evidence.current_view()
            return v.evidence.id if v else ""
        item = self.links.currentItem()
        return item.data(Qt.ItemDataRole.UserRole).link_id if item else ""

    def current_link(self) -> ClaimLink | None:
        item = self.links.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    # ----- saving: every edit is an undoable command --------------------------------------------------
    def _apply(self, fn: Any, *args: Any, undo: str, **kwargs: Any) -> None:
        if self.claim_id and not self._loading:
            self.session.apply(fn, self.claim_id, *args, undo=undo, **kwargs)

    def _text_edited(self) -> None:
        if not self._loading and self.claim_id:
            self._save_timer.start()

    def save_text(self) -> None:
        self._save_timer.stop()
        text = self.text.toPlainText()
        if text.strip():
            self._apply(claim_ops.update_claim, text=text, undo="Edit claim text")

    def save_claimant(self) -> None:
        """Save the claimant. Replacing a claimant by another name asks (``choose_claimant``) whether to rename
        its source everywhere or to give this claim another source; cancelling puts the old name back."""
        if not self.claim_id or self._loading or self._asking:
            return
        name = self.claimant.text()
        change = self.session.query(claim_ops.claimant_change, self.claim_id, name, default=None)
        if change is None or not change.needs_choice:
            self._apply(claim_ops.update_claim, claimant=name, undo="Edit claimant")
            return
        self._asking = True
        try:
            decision = self.choose_claimant(change)
        finally:
            self._asking = False
        if decision is None:
            self.claimant.setText(change.old_name)
        elif decision.rename:
            self._apply(claim_ops.rename_claimant, decision.name, keep_alias=decision.keep_alias, undo="Rename source")
        else:
            self._apply(claim_ops.set_claimant, decision.name, remove_unused=decision.remove_unused,
                        undo="Change claimant")

    def choose_claimant(self, change: ClaimantChange) -> ClaimantDecision | None:
        """Ask how to replace the claimant (a dialog; tests replace this method)."""
        from workbench.ui.claimant_dialog import ask_claimant  # asked only when a claimant is renamed

        names = self.session.query(claim_ops.source_names, default=[])
        return ask_claimant(change, names, self)

    def save_attribution(self) -> None:
        raw = self.attribution.text().replace(";", CHAIN_SEPARATOR.strip()).replace(">", CHAIN_SEPARATOR.strip())
        names = [n.strip() for n in raw.split(CHAIN_SEPARATOR.strip()) if n.strip()]
        self._apply(verdicts.set_attribution, names, undo="Edit attribution")

    def save_date(self) -> None:
        self._apply(claim_ops.update_claim, claim_date=self.claim_date.text(), undo="Edit claim date")

    def save_tags(self) -> None:
        self._apply(verdicts.set_tags, self.tags.text(), undo="Edit tags")

    def save_verdict(self, fields: dict[str, Any]) -> None:
        name = "Edit rationale" if set(fields) == {"rationale"} else "Change verdict"
        self._apply(verdicts.set_verdict, undo=name, **fields)
        if "status" in fields and self.claim_id:  # refused by the desk's sign-off rule: the message is shown
            claim = self.session.query(claim_ops.find_claim, self.claim_id, default=None)
            if claim is not None and claim.status.value != fields["status"]:
                self.verdict.show_status(claim.status)

    def edit_correction(self, notice: Correction | None) -> None:
        """Publish a new correction notice (None; what changed is suggested from the history) or edit one."""
        if not self.claim_id:
            return
        if notice is None:
            change = self.session.query(corrections.suggested_change, self.claim_id, default="")
            values = self.ask_correction("", change, "", editing=False)
            if values is not None:
                day, change, text = values
                self._apply(corrections.add_correction, text, change=change, date=day, undo="Publish correction")
            return
        values = self.ask_correction(notice.date, notice.change, notice.text, editing=True)
        if values is not None:
            day, change, text = values
            self.session.apply(corrections.edit_correction, notice.id, text=text, change=change, date=day,
                               undo="Edit correction")

    def ask_correction(self, date: str, change: str, text: str, *, editing: bool) -> tuple[str, str, str] | None:
        """The notice dialog (tests replace this method): (date, change, text), or None when cancelled."""
        from workbench.ui.correction_dialog import CorrectionDialog

        dialog = CorrectionDialog(date=date, change=change, text=text, editing=editing, parent=self)
        return dialog.values() if dialog.exec() == CorrectionDialog.DialogCode.Accepted else None

    def flush(self) -> None:
        """Save edits still waiting for their debounce (switching claims, closing)."""
        if self._save_timer.isActive():
            self.save_text()
        if self.verdict.pending:
            self.verdict.flush()

    def focusOutEvent(self, event: Any) -> None:
        self.flush()
        super().focusOutEvent(event)

    def show_evidence(self, evidence_id: str = "") -> None:
        self.tabs.setCurrentWidget(self.evidence)
        if evidence_id:
            self.evidence.select_evidence(evidence_id)

    @property
    def evidence_kinds(self) -> tuple[str, ...]:
        """The kinds the evidence dialog adds (every registered kind but passages)."""
        return tuple(spec.value for spec in evidence_kinds.addable())
