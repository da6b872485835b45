"""The entities dialog lists the spellings matched automatically and splits a wrong one off (undoably); the
related-passages panel says why a passage is related."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workbench.ops import claims as claim_ops
from workbench.ops import entities as entity_ops
from workbench.ops import search as search_ops
from workbench.ui.main_window import MainWindow
from workbench.ui.rich_delegate import HTML_ROLE

from .conftest import doc_id_titled, import_and_wait

RELATED = sorted((Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "related").glob("*.txt"))
CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)


@pytest.fixture
def case(qtbot: QtBot, window: MainWindow) -> MainWindow:
    import_and_wait(qtbot, window, RELATED)
    return window


def test_automatic_groups_are_shown_and_a_spelling_split_off(qtbot: QtBot, case: MainWindow) -> None:
    window = case
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL | SHIFT)
    dialog = window.discovery.entities_window
    rows = [dialog.auto_groups.item(i).text() for i in range(dialog.auto_groups.count())]
    row = next(i for i, text in enumerate(rows) if "Hajin" in text and "Hajeen" in text)
    dialog.auto_groups.setCurrentRow(row)
    spellings = [dialog.auto_spellings.item(i).text() for i in range(dialog.auto_spellings.count())]
    assert sorted(spellings) == ["Hajeen", "Hajin"] and dialog.auto_spellings.currentItem().text() == spellings[-1]
    qtbot.mouseClick(dialog.split_button, Qt.MouseButton.LeftButton)
    assert not any("Hajin" in g.names for g in entity_ops.automatic_groups(window.project))
    assert not any("Hajin" in dialog.auto_groups.item(i).text() for i in range(dialog.auto_groups.count()))
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)  # undo from the main window
    assert any(set(g.names) == {"Hajin", "Hajeen"} for g in entity_ops.automatic_groups(window.project))
    assert entity_ops.list_entities(window.project) == []  # nothing became an entity
    dialog.close()


def test_related_passages_show_their_reasons(qtbot: QtBot, case: MainWindow) -> None:
    window = case
    doc = doc_id_titled(window, "Clashes Erupt")
    quote = "heavy clashes broke out between government troops and units of the SDF’s Deir ez-Zor Military Council"
    claim_id = window.session.apply(claim_ops.create_claim_from_passage, doc,
                                    *claim_ops.locate_quote(window.project, doc, quote + " in Khusham"),
                                    undo="New claim")
    window.claims.select_claim(claim_id)
    related = window.discovery.related
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL | ALT)
    qtbot.waitUntil(lambda: related.model.rowCount() > 0, timeout=10000)
    html = [related.model.item(i).data(HTML_ROLE) for i in range(related.model.rowCount())]
    assert any("same place: Khusham≈Ksham" in h for h in html)
    assert len(html) == len(search_ops.related_passages(window.project, claim_id))
