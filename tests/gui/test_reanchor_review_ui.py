"""Issue 16 item 2 in the window: Passages to Review (View ▸ …, Ctrl+Shift+P).

Importing the new version of the article whose "also confirmed that the village was under the control" became
"also stated that the village remained under the control" must not move that passage silently: it waits in
Passages to Review, old quote and new text side by side with the changed words marked, and the person accepts
the new text, places it by hand or keeps it as an orphan — each an undoable step. Before the fix the passage
moved "with small changes" and the Orphans window was empty.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QTextCursor, QTextDocument
from pytestqt.qtbot import QtBot

from tests.unit.ops.reanchor_helpers import NEW_TEXT, QUOTES, V2, Case, passage_row, with_claims
from workbench.ops import claims as claim_ops
from workbench.store import history as store_history
from workbench.ui.main_window import MainWindow
from workbench.ui.review_dialog import ReviewDialog

from .conftest import import_and_wait


class Asked:
    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.calls: list[tuple[str, str]] = []

    def __call__(self, title: str, question: str) -> bool:
        self.calls.append((title, question))
        return self.answer


def formatted(doc: QTextDocument, test: Callable[[object], bool]) -> list[str]:
    """The runs of text in ``doc`` whose character format passes ``test``."""
    out = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.isValid() and test(frag.charFormat()):
                out.append(frag.text())
            it += 1
        block = block.next()
    return out


def struck(doc: QTextDocument) -> list[str]:
    return formatted(doc, lambda f: f.fontStrikeOut())  # type: ignore[attr-defined]


def bold(doc: QTextDocument) -> list[str]:
    return formatted(doc, lambda f: f.fontWeight() >= 600)  # type: ignore[attr-defined]


def new_version(qtbot: QtBot, window: MainWindow) -> tuple[Case, ReviewDialog, Asked]:
    assert window.project is not None
    case = with_claims(window.project)
    window.refresh_all()
    asked = Asked(True)
    window.ask = asked
    with qtbot.waitSignal(window.durability.reanchored, timeout=20000):
        import_and_wait(qtbot, window, [V2])
    dialog = window.durability.orphans_dialog
    assert dialog is not None and dialog.isVisible()  # opened because passages wait for review
    qtbot.waitUntil(lambda: not dialog.pending, timeout=20000)
    return case, dialog, asked


def select(dialog: ReviewDialog, passage_id: str) -> None:
    row = next(i for i, r in enumerate(dialog.rows) if r.passage_id == passage_id)
    dialog.table.selectRow(row)


def test_the_issue_a_reworded_passage_waits_for_review_side_by_side(qtbot: QtBot, window: MainWindow,
                                                                    tmp_path: Path) -> None:
    case, dialog, asked = new_version(qtbot, window)
    assert "3 to review" in asked.calls[0][1] and "never changed without you" in asked.calls[0][1]
    assert dialog.windowTitle() == "Passages to Review"
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == ["To review"] * 3 + ["Orphan"]
    # the passage did not move and its quote was not rewritten
    assert window.project is not None
    row = passage_row(window.project, case.passages["control"])
    assert (row[0], row[3], row[5]) == (case.old_id, QUOTES["control"], 1)
    select(dialog, case.passages["control"])
    r = dialog.selected()
    assert r is not None and r.found == NEW_TEXT["control"]
    assert dialog.table.item(dialog.table.currentRow(), 2).text() == "confirmed → stated; was → remained"
    assert "differ from the quote" in dialog.reason.text() and "2 change(s)" in dialog.reason.text()
    # old and new side by side: removed words struck through, added words bold, the rest plain
    assert struck(dialog.old_view.document()) == ["confirmed", "was"]
    assert bold(dialog.new_view.document()) == ["stated", "remained"]
    assert QUOTES["control"] in dialog.old_view.toPlainText()
    assert NEW_TEXT["control"] in dialog.new_view.toPlainText()
    # the new version below, the proposed place selected
    assert dialog.place_view.textCursor().selectedText() == NEW_TEXT["control"]
    assert dialog.accept_button.isEnabled() and dialog.orphan_button.isEnabled()
    image = dialog.grab()
    assert not image.isNull() and image.save(str(tmp_path / "review.png"))

    # Accept New Text: the quote becomes the new text, recorded in the claim's history; undo, redo
    dialog.accept_button.click()
    row = passage_row(window.project, case.passages["control"])
    assert (row[3], row[5]) == (NEW_TEXT["control"], 0) and row[0] != case.old_id
    user = store_history.current_user()
    expected = f"quote changed on re-anchoring: “{QUOTES['control']}” → “{NEW_TEXT['control']}”, accepted by {user}"
    assert expected in [e.action for e in claim_ops.claim_history(window.project, case.claims["control"])]
    assert case.passages["control"] not in {r.passage_id for r in dialog.rows}
    window.act_undo.trigger()
    assert passage_row(window.project, case.passages["control"])[3] == QUOTES["control"]
    qtbot.waitUntil(lambda: case.passages["control"] in {r.passage_id for r in dialog.rows} and not dialog.pending,
                    timeout=20000)
    window.act_redo.trigger()
    assert passage_row(window.project, case.passages["control"])[3] == NEW_TEXT["control"]


def test_place_at_selection_keep_as_orphan_and_show(qtbot: QtBot, window: MainWindow) -> None:
    case, dialog, _asked = new_version(qtbot, window)
    assert window.project is not None
    select(dialog, case.passages["wounded"])
    assert dialog.place_view.textCursor().selectedText() == NEW_TEXT["wounded"]  # the proposal, to adjust
    text = dialog.place_view.toPlainText()
    start = text.index("4 civilians were wounded")
    cursor = dialog.place_view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("4 civilians were wounded"), QTextCursor.MoveMode.KeepAnchor)
    dialog.place_view.setTextCursor(cursor)
    assert dialog.place_button.isEnabled()
    dialog.place_button.click()
    row = passage_row(window.project, case.passages["wounded"])
    assert (row[3], row[4], row[5]) == ("4 civilians were wounded", 0, 0)
    assert any(", placed by " in e.action for e in claim_ops.claim_history(window.project, case.claims["wounded"]))
    qtbot.waitUntil(lambda: not dialog.pending, timeout=20000)
    # Keep as Orphan: the evidence passage with the reworded sentence stays on the old version
    select(dialog, case.evidence_passage)
    dialog.orphan_button.click()
    assert passage_row(window.project, case.evidence_passage)[4:] == (1, 0)
    qtbot.waitUntil(lambda: not dialog.pending, timeout=20000)
    assert sorted(r.status for r in dialog.rows) == ["orphan", "orphan", "review"]
    # an orphan cannot be "accepted", only placed by hand; Show in Document goes where it still is
    select(dialog, case.passages["ambush"])
    assert not dialog.accept_button.isEnabled() and not dialog.orphan_button.isEnabled()
    assert dialog.reason.text().startswith("Not found in the new version") and "by hand" in dialog.reason.text()
    dialog.show_button.click()
    assert window.current_document_id == case.old_id
    sel = window.reading.view.selection_range()
    assert sel is not None and window.reading.document is not None
    assert window.reading.document.text[sel[0] : sel[1]] == QUOTES["ambush"]
    # every choice can be undone from the window
    window.act_undo.trigger()
    assert passage_row(window.project, case.evidence_passage)[4:] == (0, 1)


def test_the_view_menu_entry_and_an_empty_queue(qtbot: QtBot, window: MainWindow) -> None:
    window.act_orphans.trigger()
    dialog = window.durability.orphans_dialog
    assert dialog is not None and dialog.isVisible()
    assert window.act_orphans.shortcut().toString() == "Ctrl+Shift+P"
    assert dialog.table.rowCount() == 0 and dialog.reason.text() == "Nothing to review."
    assert not any(b.isEnabled() for b in (dialog.accept_button, dialog.place_button, dialog.orphan_button,
                                           dialog.show_button))
    dialog.close()
