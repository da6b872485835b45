"""The sources registry dialog: table, filter, editing saved at once and undoable, delete, track record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workbench.ops import claims as claim_ops
from workbench.ops import sources as source_ops
from workbench.ui.sources_dialog import SourcesDialog, split_aliases, usage_sentence

from .reasoning_helpers import Case, open_case


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    yield from open_case(tmp_path)


def _dialog(qtbot: QtBot, case: Case, answer: bool = True) -> tuple[SourcesDialog, list[tuple[str, str]]]:
    asked: list[tuple[str, str]] = []

    def ask(title: str, question: str) -> bool:
        asked.append((title, question))
        return answer

    dialog = SourcesDialog(case.session, ask)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, asked


def _source(case: Case, name: str) -> source_ops.Source:
    assert case.session.project is not None
    return source_ops.get_source(case.session.project, source_ops.resolve_source(case.session.project, name))


def _table(dialog: SourcesDialog) -> list[list[object]]:
    p = dialog.proxy
    return [[p.index(r, c).data() for c in range(p.columnCount())] for r in range(p.rowCount())]


def test_table_lists_sources_with_uses_and_filters_by_alias(qtbot: QtBot, case: Case) -> None:
    dialog, _ = _dialog(qtbot, case)
    assert _table(dialog) == [
        ["Al-Watan Today", "", "", "", 1],
        ["Euphrates Watch", "organisation", "independent", "B", 2],
        ["Levant Dispatch", "", "", "", 1],
        ["Shaam Voice", "outlet", "pro-opposition", "D", 1],
    ]
    assert dialog.count.text() == "4 sources"
    dialog.filter.setText("ew")  # the alias of Euphrates Watch
    assert [r[0] for r in _table(dialog)] == ["Euphrates Watch"]
    assert dialog.count.text() == "1 of 4"
    dialog.filter.setText("pro-opp")
    assert [r[0] for r in _table(dialog)] == ["Shaam Voice"]
    # the combos offer the kinds, the project's affiliations first and then the examples
    kinds = [dialog.kind.itemText(i) for i in range(dialog.kind.count())]
    assert kinds[:3] == ["outlet", "agency", "official"]
    affiliations = [dialog.affiliation.itemText(i) for i in range(dialog.affiliation.count())]
    assert affiliations[:2] == ["independent", "pro-opposition"]
    assert {"ISIS-linked", "US-led coalition", "Russian state media"} <= set(affiliations)
    assert affiliations.count("independent") == 1


def test_selecting_loads_the_form_and_edits_are_saved_and_undoable(qtbot: QtBot, case: Case) -> None:
    dialog, _ = _dialog(qtbot, case)
    stack = case.session.undo_stack
    watch = _source(case, "Euphrates Watch")
    dialog.select_source(watch.id)
    assert dialog.name.text() == "Euphrates Watch"
    assert dialog.aliases.toPlainText() == "EW"
    assert dialog.kind.currentText() == "organisation"
    assert dialog.affiliation.currentText() == "independent"
    assert dialog.reliability.currentText() == "B — Usually reliable"
    assert dialog.notes.toPlainText() == "Satellite imagery monitor."

    dialog.name.setFocus()
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Euphrates Watch Monitor")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # editingFinished, and the dialog stays open
    assert dialog.isVisible()
    assert _source(case, "EW").name == "Euphrates Watch Monitor"
    assert stack.undoText() == "Edit source"

    dialog.reliability.setCurrentIndex(dialog.reliability.findData("A"))
    dialog.reliability.activated.emit(dialog.reliability.currentIndex())
    dialog.kind.setEditText("satellite monitor")
    dialog._line_edit(dialog.kind).editingFinished.emit()
    dialog.affiliation.setCurrentIndex(dialog.affiliation.findText("US-led coalition"))
    dialog.affiliation.activated.emit(dialog.affiliation.currentIndex())
    dialog.aliases.setPlainText("EW, Euphrates Watch\nFirat Watch")
    dialog.notes.setPlainText("Publishes dated commercial imagery.")
    qtbot.waitUntil(lambda: _source(case, "EW").notes == "Publishes dated commercial imagery.", timeout=3000)
    src = _source(case, "EW")
    assert (src.reliability, src.kind, src.affiliation) == ("A", "satellite monitor", "US-led coalition")
    assert set(src.aliases) == {"Euphrates Watch", "EW", "Firat Watch"}
    row = dialog.model.rows[dialog.model.row_of(src.id)]
    assert row[0] == src  # the table follows
    assert stack.count() == 5 and stack.undoText() == "Edit source"

    stack.undo()  # aliases and notes
    assert _source(case, "EW").notes == "Satellite imagery monitor."
    assert dialog.notes.toPlainText() == "Satellite imagery monitor."
    for _ in range(4):
        stack.undo()
    src = _source(case, "EW")
    assert (src.name, src.reliability, src.kind, src.affiliation) == (
        "Euphrates Watch", "B", "organisation", "independent")
    assert dialog.name.text() == "Euphrates Watch"
    assert dialog.reliability.currentData() == "B"
    stack.redo()
    assert _source(case, "EW").name == "Euphrates Watch Monitor"
    assert dialog.name.text() == "Euphrates Watch Monitor"


def test_a_refused_name_shows_the_message_and_the_stored_name(qtbot: QtBot, case: Case) -> None:
    dialog, _ = _dialog(qtbot, case)
    dialog.select_source(_source(case, "Shaam Voice").id)
    dialog.name.setText("Al-Watan Today")
    dialog.name.editingFinished.emit()
    assert case.errors and "already names another source" in case.errors[-1]
    assert dialog.message.isVisible() and "Al-Watan Today" in dialog.message.text()
    assert dialog.name.text() == "Shaam Voice"
    assert case.session.undo_stack.count() == 0


def test_new_source_is_selected_with_its_name_ready_to_type(qtbot: QtBot, case: Case) -> None:
    dialog, _ = _dialog(qtbot, case)
    dialog.filter.setText("zzz")
    first = dialog.new_source()
    assert first and dialog.source_id == first
    assert dialog.filter.text() == ""
    assert dialog.name.text() == "New source" and dialog.name.selectedText() == "New source"
    assert case.session.undo_stack.undoText() == "Add source"
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    assert dialog.name.text() == "New source 2"
    qtbot.keyClicks(dialog.name, "SMART News Agency")
    dialog.name.editingFinished.emit()
    assert _source(case, "SMART News Agency").id == dialog.source_id
    assert dialog.count.text() == "6 sources"
    case.session.undo_stack.undo()
    case.session.undo_stack.undo()
    assert dialog.count.text() == "5 sources"
    assert dialog.source_id == "" and not dialog.name.isEnabled()


def test_delete_asks_with_the_usage_and_is_undoable(qtbot: QtBot, case: Case) -> None:
    assert case.session.project is not None
    dialog, asked = _dialog(qtbot, case, answer=False)
    watch = _source(case, "Euphrates Watch")
    dialog.select_source(watch.id)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert asked == [("Delete source", "“Euphrates Watch” is the source of 2 pieces of evidence. Delete it? "
                                       "You can undo this.")]
    assert _source(case, "Euphrates Watch").id == watch.id  # refused: still there
    dialog.ask = lambda _t, _q: True
    assert dialog.delete_source()
    assert [r[0] for r in _table(dialog)] == ["Al-Watan Today", "Levant Dispatch", "Shaam Voice"]
    assert dialog.name.text() == "Levant Dispatch"  # the next one is current
    assert case.session.undo_stack.undoText() == "Delete source"
    views = claim_ops.claim_links(case.session.project, case.claim_id)
    assert len(views) == 2  # the evidence stays, without a source
    case.session.undo_stack.undo()
    assert _source(case, "EW") == watch
    assert source_ops.source_usage(case.session.project, watch.id)["evidence"] == 2


def test_track_record_lists_the_claims_and_opens_one(qtbot: QtBot, case: Case) -> None:
    dialog, _ = _dialog(qtbot, case)
    dialog.select_source(_source(case, "Euphrates Watch").id)
    items = [dialog.track.item(i).text() for i in range(dialog.track.count())]
    assert sorted(items, reverse=True) == [
        "Evidence — supports · rated Unproven\nfighters of the Eastern Lions Brigade destroyed the only pontoon bridge "
        "near Abu Hamam",
        "Evidence — refutes · rated False\nThe Abu Hamam pontoon bridge is intact.",
    ]
    assert dialog.track_label.text() == "Track record — 2 claims (double-click to open)"
    dialog.select_source(_source(case, "Levant Dispatch").id)
    assert dialog.track.item(0).text().startswith("Relayed it · rated Unproven\n")
    dialog.select_source(_source(case, "Al-Watan Today").id)
    assert dialog.track.item(0).text() == "Claimant · rated False\nThe Abu Hamam pontoon bridge is intact."
    with qtbot.waitSignal(dialog.claim_activated) as blocker:
        rect = dialog.track.visualItemRect(dialog.track.item(0))
        qtbot.mouseClick(dialog.track.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(dialog.track.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [case.denial_id]


def test_texts_typed_are_saved_when_the_dialog_closes(qtbot: QtBot, case: Case) -> None:
    dialog, _ = _dialog(qtbot, case)
    dialog.select_source(_source(case, "Levant Dispatch").id)
    dialog.notes.setPlainText("Aggregator; rarely names its sources.")
    dialog.close()
    assert _source(case, "Levant Dispatch").notes == "Aggregator; rarely names its sources."


def test_helpers() -> None:
    assert split_aliases("SMART, Smart News\nSMART Agency;  ") == ["SMART", "Smart News", "SMART Agency"]
    assert usage_sentence("SMART", {"claimant": 2, "attribution": 1, "evidence": 3}) == (
        "“SMART” is the claimant of 2 claims, relays 1 claim and is the source of 3 pieces of evidence.")
    assert usage_sentence("X", {"claimant": 1, "attribution": 0, "evidence": 1}) == (
        "“X” is the claimant of 1 claim and is the source of 1 piece of evidence.")


def test_undo_shortcut_in_the_dialog_and_catching_up_when_shown(qtbot: QtBot, case: Case) -> None:
    dialog, _ = _dialog(qtbot, case)
    dialog.select_source(_source(case, "Shaam Voice").id)
    dialog.reliability.setCurrentIndex(dialog.reliability.findData("E"))
    dialog.reliability.activated.emit(dialog.reliability.currentIndex())
    assert _source(case, "Shaam Voice").reliability == "E"
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _source(case, "Shaam Voice").reliability == "D"
    assert dialog.reliability.currentData() == "D"
    dialog.hide()
    assert case.session.project is not None
    source_ops.create_source(case.session.project, "Sputnik")
    case.session.emit_changes(source_ops.Changes.SOURCES)
    assert dialog.count.text() == "4 sources"  # not refreshed while hidden
    dialog.show()
    assert dialog.count.text() == "5 sources"
