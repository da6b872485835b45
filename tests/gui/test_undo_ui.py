"""Global undo/redo through the real widgets: a long sequence of edits, undone and redone,
returns the project byte for byte (in its exported content) to each earlier state."""

from __future__ import annotations

import json

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from workbench.domain.model import SegmentKind, Stance
from workbench.ops import claims as claim_ops
from workbench.store.dump import dump
from workbench.ui.main_window import MainWindow

from .conftest import ARTICLES, doc_id_titled, import_and_wait


def content(window: MainWindow) -> bytes:
    return json.dumps(dump(window.project.db), sort_keys=True, ensure_ascii=False).encode()


def _select(window: MainWindow, quote: str) -> None:
    text = window.reading.document.text
    start = text.index(quote)
    window.reading.view.select_range(start, start + len(quote))


def test_long_undo_redo_sequence_restores_every_state(qtbot: QtBot, window: MainWindow) -> None:
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt", ARTICLES / "bridge-followup.txt"])
    report = doc_id_titled(window, "Militia Says")
    followup = doc_id_titled(window, "Satellite Images")
    states = [content(window)]
    labels: list[str] = []

    def step(action) -> None:  # type: ignore[no-untyped-def]
        action()
        assert window.last_error == ""
        labels.append(window.session.undo_stack.undoText())
        states.append(content(window))
        assert states[-1] != states[-2], f"step {labels[-1]} changed nothing"

    editor = window.claims.editor
    window.open_document(report)
    _select(window, "the bridge was hit by an improvised explosive device at dawn")
    step(window.act_new_claim.trigger)
    step(lambda: (editor.text.setPlainText("The Abu Hamam bridge was blown up on 13 October."), editor.flush()))
    step(lambda: (editor.claimant.setText("Shaam Voice"), editor.claimant.editingFinished.emit()))
    step(lambda: (editor.attribution.setText("Shaam Voice › local sources in the town"),
                  editor.attribution.editingFinished.emit()))
    step(lambda: (editor.tags.setText("Abu Hamam, bridge"), editor.tags.editingFinished.emit()))
    window.open_document(followup)
    _select(window, "a section of the pontoon bridge near Abou Hammam is missing")
    step(window.act_supports.trigger)
    _select(window, "now say the bridge was closed")
    step(window.act_refutes.trigger)
    verdict = editor.verdict
    step(lambda: (verdict.rating.setCurrentIndex(verdict.rating.findData("Mostly true")),
                  verdict.rating.activated.emit(verdict.rating.currentIndex())))
    step(lambda: (verdict.rationale.setPlainText("Satellite images show the **gap**."), verdict.flush()))
    step(lambda: (verdict.status.setCurrentIndex(2), verdict.status.activated.emit(2)))
    _select(window, "The group did not say what caused the damage.")
    step(lambda: window.mark_segment(SegmentKind.COMMENTS))

    def edit_metadata() -> None:
        def fill() -> None:
            dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible())
            dialog.edits["publisher"].setText("Levant Dispatch Monitoring Desk")
            dialog.accept()

        QTimer.singleShot(30, fill)
        window.act_metadata.trigger()

    step(edit_metadata)
    evidence_id = editor.evidence.items_of(Stance.REFUTES)[0].evidence.id
    editor.show_evidence(evidence_id)
    step(editor.evidence.remove_button.click)
    step(window.act_delete_claim.trigger)
    assert claim_ops.list_claims(window.project) == []
    assert labels[0] == "New claim" and labels[-1] == "Delete claim"
    assert window.act_undo.text() == "&Undo Delete claim"

    # undo everything, one step at a time, checking each earlier state byte for byte
    for i in range(len(labels) - 1, -1, -1):
        assert window.session.undo_stack.undoText() == labels[i]
        window.act_undo.trigger()
        assert content(window) == states[i], f"undo of {labels[i]}"
    assert not window.session.undo_stack.canUndo()
    assert window.reading.view.highlight_count == 0
    # and redo everything
    for i, label in enumerate(labels):
        assert window.session.undo_stack.redoText() == label
        window.act_redo.trigger()
        assert content(window) == states[i + 1], f"redo of {label}"
    # the widgets follow: no claims left after redoing the deletion
    assert window.claims.model.rowCount() == 0
    window.act_undo.trigger()  # bring the claim back: the list and the highlights show it again
    assert window.claims.model.rowCount() == 1
    window.open_document(followup)
    assert window.reading.view.highlight_count == 1


def test_undo_history_is_recorded_and_shown(qtbot: QtBot, window: MainWindow) -> None:
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt"])
    _select(window, "the bridge was hit by an improvised explosive device at dawn")
    window.act_new_claim.trigger()
    claim_id = window.claims.current_claim
    verdict = window.claims.editor.verdict
    verdict.rating.setCurrentIndex(verdict.rating.findData("False"))
    verdict.rating.activated.emit(verdict.rating.currentIndex())
    window.act_undo.trigger()
    window.act_redo.trigger()
    lines = window.claims.editor.history.lines()
    assert lines[0] == "redone: Change verdict"
    assert "rating changed from (none) to False" in lines
    assert lines[-1].startswith("claim created")
    actions = [h.action for h in claim_ops.claim_history(window.project, claim_id)]
    assert actions == ["claim created", "verdict changed", "undone: Change verdict", "redone: Change verdict"]
