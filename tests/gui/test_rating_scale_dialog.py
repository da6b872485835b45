"""The rating scale dialog: edit, add, remove, reorder, reset; renames keep claims' ratings; refusals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot

from workbench.domain.model import DEFAULT_RATINGS, Rating
from workbench.ops import claims as claim_ops
from workbench.ops import verdicts
from workbench.ui.rating_scale_dialog import COLOUR, DEFINITION, LABEL, USES, VALUE, RatingScaleDialog

from .reasoning_helpers import Case, open_case


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    yield from open_case(tmp_path)


def _dialog(qtbot: QtBot, case: Case) -> RatingScaleDialog:
    dialog = RatingScaleDialog(case.session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _ratings(case: Case) -> list[Rating]:
    assert case.session.project is not None
    return verdicts.ratings(case.session.project)


def _rating_of(case: Case, claim_id: str) -> str:
    assert case.session.project is not None
    return claim_ops.get_claim(case.session.project, claim_id).rating


def _row(dialog: RatingScaleDialog, label: str) -> int:
    return [r.label for r in dialog.scale()].index(label)


def _set(dialog: RatingScaleDialog, row: int, col: int, text: str) -> None:
    item = dialog.table.item(row, col)
    assert isinstance(item, QTableWidgetItem)
    item.setText(text)


def test_shows_the_scale_with_usage(qtbot: QtBot, case: Case) -> None:
    dialog = _dialog(qtbot, case)
    assert dialog.scale() == DEFAULT_RATINGS
    t = dialog.table
    assert [t.item(_row(dialog, label), USES).text() for label in ("True", "False", "Unproven")] == ["", "1", "1"]
    assert t.item(0, COLOUR).text() == "#2e7d32" and not t.item(0, COLOUR).icon().isNull()
    assert not dialog.remove_button.isEnabled() or t.rowCount() > 1
    assert not dialog.up_button.isEnabled() and dialog.down_button.isEnabled()  # first row is current


def test_rename_edit_reorder_and_add_keep_claims_and_undo(qtbot: QtBot, case: Case) -> None:
    dialog = _dialog(qtbot, case)
    _set(dialog, _row(dialog, "Unproven"), LABEL, "Unsupported")
    _set(dialog, _row(dialog, "False"), DEFINITION, "The claim is wrong, and the evidence shows it.")
    dialog.table.item(_row(dialog, "True"), VALUE).setData(Qt.ItemDataRole.EditRole, 6)
    dialog.choose_colour = lambda initial: QColor("#123456") if initial.name() == "#6a1b9a" else None
    dialog.table.cellDoubleClicked.emit(_row(dialog, "Misleading"), COLOUR)
    dialog.table.setCurrentCell(_row(dialog, "Mixed"), LABEL)
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    assert dialog.table.currentRow() == 1
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.table.currentRow() == 7
    assert dialog.table.state() == dialog.table.State.EditingState  # the new label is ready to type
    dialog.table.setCurrentCell(7, DEFINITION)  # commits the editor
    _set(dialog, 7, LABEL, "Satire")
    assert dialog.renames() == {"Unproven": "Unsupported"}
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted and not case.errors
    scale = _ratings(case)
    assert [r.label for r in scale] == ["True", "Mixed", "Mostly true", "Mostly false", "False", "Unsupported",
                                        "Misleading", "Satire"]
    assert scale[0].value == 6
    assert scale[4].definition == "The claim is wrong, and the evidence shows it."
    assert scale[6].colour == "#123456"
    assert _rating_of(case, case.claim_id) == "Unsupported"  # the rename kept the claim's rating
    assert _rating_of(case, case.denial_id) == "False"
    stack = case.session.undo_stack
    assert stack.undoText() == "Edit rating scale"
    stack.undo()
    assert _ratings(case) == DEFAULT_RATINGS
    assert _rating_of(case, case.claim_id) == "Unproven"


def test_swapped_labels_move_the_claims_with_them(qtbot: QtBot, case: Case) -> None:
    dialog = _dialog(qtbot, case)
    _set(dialog, _row(dialog, "Unproven"), LABEL, "Tmp")
    _set(dialog, _row(dialog, "False"), LABEL, "Unproven")
    _set(dialog, _row(dialog, "Tmp"), LABEL, "False")
    assert dialog.renames() == {"False": "Unproven", "Unproven": "False"}
    dialog.accept()
    assert not case.errors
    assert _rating_of(case, case.claim_id) == "False"
    assert _rating_of(case, case.denial_id) == "Unproven"


def test_removing_a_used_rating_is_refused_and_the_dialog_stays_open(qtbot: QtBot, case: Case) -> None:
    dialog = _dialog(qtbot, case)
    dialog.table.setCurrentCell(_row(dialog, "False"), LABEL)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "False" not in [r.label for r in dialog.scale()]
    assert dialog.message.isVisible() and "1 claim(s) have the rating you removed" in dialog.message.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert case.errors[-1].startswith("“False” is the rating of 1 claim(s)")
    assert dialog.message.text() == case.errors[-1]
    assert _ratings(case) == DEFAULT_RATINGS and case.session.undo_stack.count() == 0
    # removing an unused one is fine
    dialog.load(DEFAULT_RATINGS, original=True)
    dialog.table.setCurrentCell(_row(dialog, "Mostly true"), LABEL)
    dialog.remove_rating()
    assert not dialog.message.isVisible()
    dialog.accept()
    assert "Mostly true" not in [r.label for r in _ratings(case)]


def test_bad_labels_are_refused_with_a_message(qtbot: QtBot, case: Case) -> None:
    dialog = _dialog(qtbot, case)
    _set(dialog, 1, LABEL, "true")
    dialog.accept()
    assert dialog.isVisible() and dialog.message.text() == "Two ratings have the same label."
    _set(dialog, 1, LABEL, "  ")
    dialog.accept()
    assert dialog.message.text() == "Every rating needs a label."
    assert _ratings(case) == DEFAULT_RATINGS


def test_reset_to_default_after_edits(qtbot: QtBot, case: Case) -> None:
    assert case.session.project is not None
    verdicts.save_rating_scale(case.session.project, [*DEFAULT_RATINGS[4:6], Rating("Satire", "", "#000000", 0)])
    dialog = _dialog(qtbot, case)
    assert [r.label for r in dialog.scale()] == ["False", "Unproven", "Satire"]
    qtbot.mouseClick(dialog.down_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert dialog.scale() == DEFAULT_RATINGS and dialog.renames() == {}
    assert dialog.table.item(_row(dialog, "False"), USES).text() == "1"  # still the stored "False"
    dialog.accept()
    assert _ratings(case) == DEFAULT_RATINGS
    assert _rating_of(case, case.denial_id) == "False"


def test_cancel_saves_nothing(qtbot: QtBot, case: Case) -> None:
    dialog = _dialog(qtbot, case)
    _set(dialog, 0, LABEL, "Correct")
    dialog.reject()
    assert _ratings(case) == DEFAULT_RATINGS and case.session.undo_stack.count() == 0
