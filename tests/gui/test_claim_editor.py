"""The claim panel and editor: every edit saved at once, links, removal, menus and shortcuts."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from workbench.domain.model import ClaimStatus, PassageRole, Stance
from workbench.ops import claims as claim_ops
from workbench.ui.main_window import MainWindow

from .conftest import ARTICLES, doc_id_titled, import_and_wait, select_with_keyboard

QUOTE = "fighters of the Eastern Lions Brigade destroyed the only pontoon bridge near Abu Hamam"


def _claim(qtbot: QtBot, window: MainWindow) -> str:
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt", ARTICLES / "bridge-followup.txt"])
    window.open_document(doc_id_titled(window, "Militia Says"))
    window.reading.view.select_range(*_range(window, QUOTE))
    claim_id = window.new_claim_from_selection()
    assert claim_id
    return claim_id


def _range(window: MainWindow, quote: str) -> tuple[int, int]:
    text = window.reading.document.text  # type: ignore[union-attr]
    start = text.index(quote)
    return start, start + len(quote)


def test_edits_are_saved_at_once(qtbot: QtBot, window: MainWindow) -> None:
    claim_id = _claim(qtbot, window)
    editor = window.claims.editor
    editor.text.setFocus()
    editor.text.selectAll()
    qtbot.keyClicks(editor.text, "A militia destroyed the Abu Hamam bridge on 13 October 2017.")
    qtbot.waitUntil(lambda: claim_ops.get_claim(window.project, claim_id).text.startswith("A militia"),
                    timeout=3000)
    editor.claimant.setText("Shaam Voice")
    editor.claimant.editingFinished.emit()
    editor.claim_date.setText("2017-10-13")
    editor.claim_date.editingFinished.emit()
    editor.verdict.status.setCurrentIndex(1)
    editor.verdict.status.activated.emit(1)
    claim = claim_ops.get_claim(window.project, claim_id)
    assert claim.text == "A militia destroyed the Abu Hamam bridge on 13 October 2017."
    assert claim_ops.claimant_name(window.project, claim) == "Shaam Voice"
    assert claim.claim_date == "2017-10-13"
    assert claim.status is ClaimStatus.REVIEW
    row = window.claims.model.rows[0]
    assert row.claimant == "Shaam Voice"
    # the completer offers existing sources
    assert "Shaam Voice" in editor.completer.model().stringList()
    actions = [h.action for h in claim_ops.claim_history(window.project, claim_id)]
    assert actions[0] == "claim created" and actions.count("claim edited") == 3
    assert actions[-1] == "verdict changed"
    assert window.session.undo_stack.undoText() == "Change verdict"
    window.act_undo.trigger()
    assert claim_ops.get_claim(window.project, claim_id).status is ClaimStatus.DRAFT
    window.act_redo.trigger()
    assert claim_ops.get_claim(window.project, claim_id).status is ClaimStatus.REVIEW


def test_pending_text_edit_is_saved_when_switching_claims(qtbot: QtBot, window: MainWindow) -> None:
    claim_id = _claim(qtbot, window)
    editor = window.claims.editor
    editor.text.setPlainText("Edited just before switching")
    assert editor._save_timer.isActive()
    window.claims.select_claim("")
    assert claim_ops.get_claim(window.project, claim_id).text == "Edited just before switching"


def test_evidence_of_each_stance_appearance_and_removal(qtbot: QtBot, window: MainWindow) -> None:
    claim_id = _claim(qtbot, window)
    window.open_document(doc_id_titled(window, "Satellite Images"))
    for quote, act in (("a section of the pontoon bridge near Abou Hammam is missing", window.act_supports),
                       ("The group did not say what caused the damage.", window.act_context),
                       ("now say the bridge was closed", window.act_refutes)):
        window.reading.view.select_range(*_range(window, quote))
        assert act.isEnabled()
        act.trigger()
    window.reading.view.select_range(*_range(window, "The Eastern Lions Brigade repeated its claim"))
    window.act_appearance.trigger()
    links = claim_ops.claim_links(window.project, claim_id)
    assert sorted((lk.role.value, lk.stance.value if lk.stance else "") for lk in links) == [
        ("appearance", ""), ("appearance", ""), ("evidence", "context"), ("evidence", "refutes"),
        ("evidence", "supports")]
    assert window.reading.view.highlight_count == 4
    row = window.claims.model.rows[0]
    assert (row.supports, row.refutes, row.context, row.appearances) == (1, 1, 1, 2)

    editor = window.claims.editor
    assert editor.links.count() == 2
    assert [len(editor.evidence.items_of(s)) for s in (Stance.SUPPORTS, Stance.REFUTES, Stance.CONTEXT)] == [1, 1, 1]
    refuting = editor.evidence.items_of(Stance.REFUTES)[0]
    editor.show_evidence(refuting.evidence.id)
    assert editor.evidence.remove_button.isEnabled()
    editor.evidence.remove_button.click()
    assert len(claim_ops.claim_links(window.project, claim_id)) == 4
    assert window.reading.view.highlight_count == 3
    assert window.session.undo_stack.undoText() == "Remove evidence"
    window.act_undo.trigger()
    assert len(claim_ops.claim_links(window.project, claim_id)) == 5
    assert window.reading.view.highlight_count == 4


def test_evidence_needs_a_claim_and_a_selection(qtbot: QtBot, window: MainWindow) -> None:
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt"])
    window.reading.view.select_range(*_range(window, "Abu Hamam"))
    assert not window.act_refutes.isEnabled()
    assert window.add_selection_as_evidence(Stance.REFUTES) == ""
    assert "claim" in window.last_error
    window.reading.view.select_range(0, 0)
    assert window.new_claim_from_selection() == ""
    assert "Select a passage" in window.last_error


def test_delete_claim_asks_first(qtbot: QtBot, window: MainWindow) -> None:
    claim_id = _claim(qtbot, window)
    asked = []
    window.ask = lambda title, q: asked.append(q) or False
    window.act_delete_claim.trigger()
    assert asked and claim_ops.list_claims(window.project)
    window.ask = lambda title, q: True
    window.act_delete_claim.trigger()
    assert claim_ops.list_claims(window.project) == []
    assert window.claims.current_claim == ""
    assert window.reading.view.highlight_count == 0
    assert claim_ops.claim_history(window.project, claim_id)[-1].action == "claim deleted"


def test_clicking_a_claim_row_selects_it_and_marks_open_document(qtbot: QtBot, window: MainWindow) -> None:
    claim_id = _claim(qtbot, window)
    window.claims.select_claim("")
    window.claims.table.selectRow(0)
    assert window.claims.current_claim == claim_id
    assert window.claims.model.data(window.claims.model.index(0, 0)).startswith("● ")
    window.open_document(doc_id_titled(window, "Satellite Images"))
    assert not window.claims.model.data(window.claims.model.index(0, 0)).startswith("● ")


def test_filters(qtbot: QtBot, window: MainWindow) -> None:
    _claim(qtbot, window)
    window.claims.filter.setText("no such words")
    assert window.claims.proxy.rowCount() == 0 and "0 of 1" in window.claims.count.text()
    window.claims.filter.setText("eastern lions")
    assert window.claims.proxy.rowCount() == 1
    window.library.filter.setText("satellite")
    assert window.library.proxy.rowCount() == 1


def test_every_action_has_a_shortcut_and_a_menu(window: MainWindow) -> None:
    in_menus = set()
    for menu_action in window.menuBar().actions():
        for act in menu_action.menu().actions():
            in_menus.add(act)
    core = [window.act_new, window.act_open, window.act_close, window.act_import, window.act_import_folder,
            window.act_metadata, window.act_new_claim, window.act_appearance, window.act_supports,
            window.act_refutes, window.act_context, window.act_remove_link, window.act_delete_claim,
            window.act_mark_body, window.act_mark_comments, window.act_mark_boiler, window.act_zoom_in,
            window.act_zoom_out, window.act_zoom_reset, window.act_quit]
    for act in core:
        assert not act.shortcut().isEmpty(), act.text()
        assert act in in_menus, act.text()
    shortcuts = [a.shortcut().toString() for a in core]
    assert len(shortcuts) == len(set(shortcuts)), "two actions share a shortcut"
    toolbar = set(window.toolbar.actions())
    assert {window.act_new_claim, window.act_supports, window.act_refutes, window.act_context} <= toolbar


def test_context_menu_offers_claim_actions(qtbot: QtBot, window: MainWindow) -> None:
    _claim(qtbot, window)
    window.reading.view.select_range(*_range(window, "Abu Hamam"))
    menu = window.build_context_menu()
    texts = [a.text() for a in menu.actions()]
    menu.deleteLater()
    assert window.act_new_claim.text() in texts and window.act_refutes.text() in texts
    assert PassageRole.APPEARANCE  # roles are shown in the legend too
    legend = [w.text().strip() for w in window.legend.findChildren(type(window.status_label))]
    assert legend == ["Claim", "Supports", "Refutes", "Context", "Annotation", "Comments", "Boilerplate"]


def test_keyboard_selection_with_non_ascii_text(qtbot: QtBot, window: MainWindow) -> None:
    import_and_wait(qtbot, window, [ARTICLES / "bridge-followup.txt"])
    select_with_keyboard(qtbot, window, "Maintenance, sure 😂 🇸🇾")
    rng = window.reading.view.selection_range()
    assert rng is not None
    assert window.reading.document.text[rng[0]:rng[1]] == "Maintenance, sure 😂 🇸🇾"
