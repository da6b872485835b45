"""Search and discovery through the real window: the search panel, find in the document, entities and
spellings, related passages and the claim finder (keyboard first, as a fact-checker uses them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from workbench.domain.model import PassageRole, Stance
from workbench.ops import claims as claim_ops
from workbench.ops import entities as entity_ops
from workbench.ops import verdicts
from workbench.ui.entities_dialog import EntitiesDialog
from workbench.ui.main_window import MainWindow
from workbench.ui.search_panel import HIT_ROLE

from .conftest import doc_id_titled, import_and_wait

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "resources" / "samples").glob("0*.txt"))
KAFR_JALAL = ROOT / "tests" / "fixtures" / "search" / "kafr-jalal-handover.txt"
CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)


@pytest.fixture
def case(qtbot: QtBot, window: MainWindow) -> MainWindow:
    import_and_wait(qtbot, window, [*SAMPLES, KAFR_JALAL])
    return window


def test_search_panel_keyboard_and_jump(qtbot: QtBot, case: MainWindow) -> None:
    window, search = case, case.discovery
    entity_ops.add_aliases(window.project, "Tal Sarmin", ["Tell Sarmeen", "Tal Sarmeen", "تل سرمين"])
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL | SHIFT)
    assert search.search_dock.isVisible()
    assert QApplication.focusWidget() is search.panel.query
    qtbot.keyClicks(search.panel.query, "tell sarmeen")
    qtbot.waitUntil(lambda: search.panel.model.rowCount() >= 3, timeout=10000)
    hits = search.panel.model.hits
    assert all(h.entity == "Tal Sarmin" for h in hits)
    assert {"Tell Sarmeen", "Tal Sarmin"} <= {h.matched_variant for h in hits}
    assert "spellings found:" in search.panel.summary.text()
    assert "spellings of Tal Sarmin" in search.panel.model.data(search.panel.model.index(0), Qt.ItemDataRole.UserRole
                                                                 + 10)
    qtbot.keyClick(search.panel.query, Qt.Key.Key_Down)
    qtbot.keyClick(search.panel.query, Qt.Key.Key_Down)
    assert search.panel.results.currentIndex().row() == 2
    qtbot.keyClick(search.panel.query, Qt.Key.Key_Up)
    row = search.panel.results.currentIndex().row()
    hit = search.panel.results.currentIndex().data(HIT_ROLE)
    assert row == 1
    qtbot.keyClick(search.panel.query, Qt.Key.Key_Return)
    assert window.current_document_id == hit.document_id
    if hit.field != "title":
        assert window.reading.view.selection_range() == (hit.start, hit.end)
        assert window.reading.document.text[hit.start:hit.end] == hit.matched_variant  # type: ignore[union-attr]
    # filters: kind and segment
    search.panel.query.setText("tell sarmeen")
    search.panel.kind.setCurrentIndex(search.panel.kind.findData("document"))
    search.panel.segment.setCurrentIndex(search.panel.segment.findData("comments"))
    with qtbot.waitSignal(search.panel.searched, timeout=10000):
        search.panel.run()
    assert search.panel.model.hits and {(h.kind, h.segment) for h in search.panel.model.hits} == {
        ("document", "comments")}


def test_search_hit_of_a_claim_selects_it(qtbot: QtBot, case: MainWindow) -> None:
    window, panel = case, case.discovery.panel
    doc = doc_id_titled(window, "Daesh Claims")
    quote = "captured two armored vehicles"
    claim_id = window.session.apply(claim_ops.create_claim_from_passage, doc,
                                    *claim_ops.locate_quote(window.project, doc, quote), text="Convoy ambushed",
                                    undo="New claim")
    window.open_document(doc_id_titled(window, "Army Reportedly"))
    window.discovery.show_search()
    panel.kind.setCurrentIndex(panel.kind.findData("claim"))
    panel.query.setText("ambushed convoy")
    with qtbot.waitSignal(panel.searched, timeout=10000):
        panel.run()
    assert [h.id for h in panel.model.hits] == [claim_id]
    panel.results.doubleClicked.emit(panel.model.index(0))  # what a double-click does
    panel.results.activated.emit(panel.model.index(0))
    assert window.claims.current_claim == claim_id
    assert window.current_document_id == doc
    assert window.reading.view.selection_range() == claim_ops.locate_quote(window.project, doc, quote)


def test_find_in_document(qtbot: QtBot, case: MainWindow) -> None:
    window, bar = case, case.discovery.find_bar
    window.open_document(doc_id_titled(window, "Heavy Clashes"))
    view = window.reading.view
    text = window.reading.document.text  # type: ignore[union-attr]
    qtbot.keyClick(view, Qt.Key.Key_F, CTRL)
    assert bar.isVisible() and QApplication.focusWidget() is bar.field
    qtbot.keyClicks(bar.field, "TELL sarmeen")
    n = text.count("Tell Sarmeen")
    assert n >= 2 and len(bar.matches) == n == view.find_match_count
    assert bar.count.text() == f"1 of {n}"
    first = view.selection_range()
    assert first is not None and text[first[0]:first[1]] == "Tell Sarmeen"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count.text() == f"2 of {n}" and view.selection_range() == bar.matches[1]
    qtbot.keyClick(window, Qt.Key.Key_F3, SHIFT)
    assert view.selection_range() == bar.matches[0]
    qtbot.keyClick(window, Qt.Key.Key_F3, SHIFT)
    assert bar.count.text() == f"{n} of {n}"  # wraps round
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert bar.count.text() == f"1 of {n}"
    bar.field.setText("no such words anywhere")
    assert bar.count.text() == "No matches" and view.find_match_count == 0
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and view.find_match_count == 0


def test_find_ignores_harakat_and_alef_forms(qtbot: QtBot, case: MainWindow) -> None:
    window, bar = case, case.discovery.find_bar
    window.open_document(next(d.id for d in window.library.model.docs if d.filename.startswith("05")))
    text = window.reading.document.text  # type: ignore[union-attr]
    window.discovery.find_bar_open()
    bar.field.setText("قتلوا")  # the article writes قُتلوا, with a damma
    assert len(bar.matches) == 1
    a, b = bar.matches[0]
    assert text[a:b] == "قُتلوا"
    assert window.reading.view.selection_range() == (a, b)
    bar.field.setText("اشتباكات")
    assert len(bar.matches) == text.count("اشتباكات") >= 2


def test_entities_dialog_aliases_and_suggestions(qtbot: QtBot, case: MainWindow) -> None:
    window = case
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL | SHIFT)
    dialog = window.discovery.entities_window
    assert isinstance(dialog, EntitiesDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.new_name, "Tal Sarmin")
    qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
    assert dialog.current_entity() is not None and dialog.current_entity().name == "Tal Sarmin"  # type: ignore
    suggested = [dialog.suggested.item(i).text().split("   ")[0] for i in range(dialog.suggested.count())]
    assert "Tell Sarmeen" in suggested and "Tal Sarmeen" in suggested
    dialog.suggested.setCurrentRow(suggested.index("Tell Sarmeen"))
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert [dialog.aliases.item(i).text() for i in range(dialog.aliases.count())] == ["Tell Sarmeen"]
    suggested = [dialog.suggested.item(i).text().split("   ")[0] for i in range(dialog.suggested.count())]
    dialog.suggested.setCurrentRow(suggested.index("Tal Sarmeen"))
    qtbot.mouseClick(dialog.reject_button, Qt.MouseButton.LeftButton)
    suggested = [dialog.suggested.item(i).text().split("   ")[0] for i in range(dialog.suggested.count())]
    assert "Tal Sarmeen" not in suggested  # remembered
    qtbot.keyClicks(dialog.new_alias, "Tel Sarmin")
    qtbot.mouseClick(dialog.add_alias_button, Qt.MouseButton.LeftButton)
    assert entity_ops.list_entities(window.project)[0].aliases == ("Tel Sarmin", "Tell Sarmeen")
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)  # undo works from the main window
    assert entity_ops.list_entities(window.project)[0].aliases == ("Tell Sarmeen",)
    groups = [dialog.groups.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.groups.count())]
    pair = next(g for g in groups if {g.of, g.variant} == {"Qasr al-Hayr", "Qasr el-Heir"})
    dialog.groups.setCurrentRow(groups.index(pair))
    qtbot.mouseClick(dialog.group_accept, Qt.MouseButton.LeftButton)
    assert dialog.current_entity().name == pair.of  # type: ignore[union-attr]
    assert dialog.current_entity().aliases == (pair.variant,)  # type: ignore[union-attr]
    dialog.close()


def test_related_passages_add_as_evidence(qtbot: QtBot, case: MainWindow) -> None:
    window = case
    entity_ops.add_aliases(window.project, "Tal Sarmin", ["Tell Sarmeen", "Tal Sarmeen", "تل سرمين"])
    doc = doc_id_titled(window, "Defense Ministry")
    quote = "The units stationed in Tal Sarmin have not taken part in any combat operations during the past week"
    claim_id = window.session.apply(claim_ops.create_claim_from_passage, doc,
                                    *claim_ops.locate_quote(window.project, doc, quote), undo="New claim")
    window.claims.select_claim(claim_id)
    related = window.discovery.related
    qtbot.keyClick(window, Qt.Key.Key_R, CTRL | ALT)
    assert window.discovery.related_dock.isVisible()
    qtbot.waitUntil(lambda: related.model.rowCount() > 0, timeout=10000)
    assert "related to" in related.header.text()
    assert claim_ops.claim_links(window.project, claim_id)[0].role is PassageRole.APPEARANCE
    assert len(claim_ops.claim_links(window.project, claim_id)) == 1  # suggestions are not evidence
    related.select_row(0)
    chosen = related.current()
    with qtbot.waitSignal(related.shown, timeout=10000):  # computed again on the worker thread
        qtbot.mouseClick(related.buttons[Stance.REFUTES], Qt.MouseButton.LeftButton)
    assert related.list.currentIndex().row() == 0  # the next passage is selected
    links = claim_ops.claim_links(window.project, claim_id)
    ev = [lk for lk in links if lk.role is PassageRole.EVIDENCE]
    assert [(lk.stance, lk.passage.document_id, lk.passage.start, lk.passage.end) for lk in ev] == [
        (Stance.REFUTES, chosen.document_id, chosen.start, chosen.end)]  # type: ignore[union-attr]
    assert all((r.document_id, r.start) != (chosen.document_id, chosen.start)  # type: ignore[union-attr]
               for r in related.items)
    qtbot.mouseClick(related.show_button, Qt.MouseButton.LeftButton)
    top = related.items[0]
    assert window.current_document_id == top.document_id
    assert window.reading.view.selection_range() == (top.start, top.end)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert len(claim_ops.claim_links(window.project, claim_id)) == 1


def test_claim_finder_makes_a_claim(qtbot: QtBot, case: MainWindow) -> None:
    window = case
    window.open_document(doc_id_titled(window, "Did Government Forces"))
    finder = window.discovery.finder
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL | ALT)
    assert window.discovery.finder_dock.isVisible()
    qtbot.waitUntil(lambda: finder.model.rowCount() > 0, timeout=10000)
    body_only = finder.model.rowCount()
    assert all(s.segment.value == "body" for s in finder.items)
    finder.include_others.setChecked(True)
    assert finder.model.rowCount() > body_only
    finder.include_others.setChecked(False)
    row = next(i for i, s in enumerate(finder.items) if len(s.chain) == 2)
    finder.select_row(row)
    finder.show_current()
    s = finder.items[row]
    assert window.reading.view.selection_range() == (s.start, s.end)
    qtbot.mouseClick(finder.make_button, Qt.MouseButton.LeftButton)
    claim_id = window.claims.current_claim
    assert claim_id
    claim = claim_ops.get_claim(window.project, claim_id)
    assert claim.text == s.sentence
    assert claim_ops.claimant_name(window.project, claim) == "Wadi Media"
    assert verdicts.attribution(window.project, claim_id) == ["Levant Frontline", "local sources"]
    assert window.claims.editor.claimant.text() == "Wadi Media"
    assert finder.model.rowCount() == body_only - 1  # the sentence is a claim now
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert claim_ops.find_claim(window.project, claim_id) is None
    assert finder.model.rowCount() == body_only


def test_an_older_project_is_indexed_on_the_worker_thread(qtbot: QtBot, make_window, tmp_path: Path) -> None:
    from workbench.ops import documents as doc_ops
    from workbench.ops import search as search_ops
    from workbench.ops.project import create_project
    from workbench.store import search as store_search

    path = tmp_path / "older.fcw"
    project = create_project(path)
    doc_ops.import_files(project, SAMPLES)
    with project.write() as db:  # as a project made before the search index looks after its upgrade
        store_search.clear(db)
        store_search.set_state(db, "stale")
    project.close()
    window = make_window()
    assert window.open_project_path(path)
    assert window.discovery.rebuild_task is not None  # started on opening, off the GUI thread
    qtbot.waitUntil(lambda: window.discovery.rebuild_task is None, timeout=20000)
    assert search_ops.index_state(window.project) == "ready"
    window.discovery.show_search()
    window.discovery.panel.query.setText("Sarmeen")
    with qtbot.waitSignal(window.discovery.panel.searched, timeout=10000):
        window.discovery.panel.run()
    assert window.discovery.panel.model.rowCount() > 0
