"""The issue's acceptance flow, through the real window.

Import two fixture articles, select a passage, make a claim, select a passage in
the other article, add it as refuting evidence, close, reopen: the claim, both
highlights in the right place and the link are intact.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workbench.domain.model import PassageRole, Stance
from workbench.ops import claims as claim_ops
from workbench.ops.documents import ImportStatus

from .conftest import ARTICLES, doc_id_titled, import_and_wait, point_of, select_with_keyboard, select_with_mouse

CLAIM_QUOTE = "the bridge was hit by an improvised explosive device at dawn"
EVIDENCE_QUOTE = "Army sources, quoted by Al-Watan Today, now say the bridge was closed"


def test_import_claim_evidence_reopen(qtbot: QtBot, make_window, tmp_path: Path) -> None:
    window = make_window()
    path = tmp_path / "bridge.fcw"
    assert window.new_project_path(path)
    outcomes = import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt", ARTICLES / "bridge-followup.txt"])
    assert [o.status for o in outcomes] == [ImportStatus.IMPORTED, ImportStatus.IMPORTED]
    assert window.library.model.rowCount() == 2

    report = doc_id_titled(window, "Militia Says")
    followup = doc_id_titled(window, "Satellite Images")

    # 1. select with the keyboard in the first article and make a claim (menu action, Ctrl+K)
    window.library.select(report)
    assert window.current_document_id == report
    select_with_keyboard(qtbot, window, CLAIM_QUOTE)
    assert window.reading.view.textCursor().selectedText() == CLAIM_QUOTE
    assert window.act_new_claim.isEnabled()
    qtbot.keyClick(window.reading.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    claim_id = window.claims.current_claim
    assert claim_id
    assert window.claims.editor.text.toPlainText() == CLAIM_QUOTE
    assert window.reading.view.highlight_count == 1

    # 2. select with the mouse in the other article; add it as refuting evidence (Ctrl+2)
    window.library.select(followup)
    assert window.current_document_id == followup
    select_with_mouse(qtbot, window, EVIDENCE_QUOTE)
    assert window.reading.view.textCursor().selectedText() == EVIDENCE_QUOTE
    qtbot.keyClick(window.reading.view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.last_error == ""
    links = claim_ops.claim_links(window.project, claim_id)
    assert {(lk.role, lk.stance) for lk in links} == {(PassageRole.APPEARANCE, None),
                                                       (PassageRole.EVIDENCE, Stance.REFUTES)}
    assert window.claims.editor.links.count() == 1
    assert window.claims.editor.evidence.count() == 1
    assert window.reading.view.highlight_count == 1

    # 3. close the project and reopen it in a new window
    window.close_project()
    assert window.project is None
    window.close()
    qtbot.wait(10)
    again = make_window()
    assert again.open_project_path(path)
    rows = again.claims.model.rows
    assert [r.claim.id for r in rows] == [claim_id]
    assert rows[0].claim.text == CLAIM_QUOTE
    assert (rows[0].appearances, rows[0].refutes, rows[0].supports) == (1, 1, 0)

    for doc_id, quote in ((report, CLAIM_QUOTE), (followup, EVIDENCE_QUOTE)):
        again.open_document(doc_id)
        text = again.reading.document.text
        highlights = claim_ops.highlights(again.project, doc_id)
        assert len(highlights) == 1
        h = highlights[0]
        assert text[h.start:h.end] == quote
        assert (h.start, h.end) == (text.index(quote), text.index(quote) + len(quote))
        assert again.reading.view.highlight_count == 1

    # 4. a plain click in the evidence highlight only places the cursor; Alt+click selects its claim (issue 16);
    # the claim editor jumps back to the claim's passage
    again.claims.select_claim("")
    assert again.claims.current_claim == ""
    again.open_document(followup)
    text = again.reading.document.text
    pos = point_of(again, text.index(EVIDENCE_QUOTE) + 5)
    again.reading.view.select_range(text.index(EVIDENCE_QUOTE), text.index(EVIDENCE_QUOTE))
    qtbot.mouseClick(again.reading.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert again.claims.current_claim == ""
    qtbot.mouseClick(again.reading.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, pos)
    assert again.claims.current_claim == claim_id

    editor = again.claims.editor
    item = next(editor.links.item(i) for i in range(editor.links.count())
                if editor.links.item(i).data(Qt.ItemDataRole.UserRole).role is PassageRole.APPEARANCE)
    editor.links.setCurrentItem(item)
    editor.links.itemActivated.emit(item)
    assert again.current_document_id == report
    assert again.reading.view.textCursor().selectedText() == CLAIM_QUOTE
