"""Issue 13, points 3 and 4 in the window: correction notices on the Verdict tab (publish, edit, remove — each
undoable) and a source's public identity (job title, sameAs links, image) in the Sources dialog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workbench.ops import corrections
from workbench.ops import sources as source_ops
from workbench.ui.main_window import MainWindow
from workbench.ui.sources_dialog import SourcesDialog

from .reasoning_helpers import Case, open_case
from .test_claim_editor import _claim

LEFT = Qt.MouseButton.LeftButton


def test_publish_edit_and_remove_a_correction_notice(qtbot: QtBot, window: MainWindow) -> None:
    claim_id = _claim(qtbot, window)
    editor = window.claims.editor
    view = editor.verdict
    editor.tabs.setCurrentWidget(view)
    assert not view.add_correction.isEnabled()  # never published: nothing to correct
    assert "Not published yet" in view.published.text()
    view.rating.setCurrentIndex(view.rating.findData("Misleading"))
    view.rating.activated.emit(view.rating.currentIndex())
    view.status.setCurrentIndex(view.status.findData("final"))
    view.status.activated.emit(view.status.currentIndex())
    assert view.add_correction.isEnabled() and view.published.text().startswith("Published ")
    view.rating.setCurrentIndex(view.rating.findData("False"))
    view.rating.activated.emit(view.rating.currentIndex())

    asked: list[tuple[str, str, str, bool]] = []
    answers = [("2026-03-04", "Rating changed from Misleading to False.", "A second witness was reached."),
               ("2026-03-05", "Rating changed from Misleading to False.", "Two witnesses were reached.")]

    def ask(date: str, change: str, text: str, *, editing: bool) -> tuple[str, str, str] | None:
        asked.append((date, change, text, editing))
        return answers.pop(0)

    editor.ask_correction = ask  # type: ignore[method-assign]
    qtbot.mouseClick(view.add_correction, LEFT)
    assert asked[0] == ("", "Rating changed from Misleading to False.", "", False)  # suggested from the history
    (notice,) = corrections.corrections(window.project, claim_id)
    assert (notice.date, notice.text) == ("2026-03-04", "A second witness was reached.")
    assert view.corrections.topLevelItemCount() == 1 and view.corrections.isVisibleTo(view)
    assert window.session.undo_stack.undoText() == "Publish correction"

    view.corrections.setCurrentItem(view.corrections.topLevelItem(0))
    qtbot.mouseClick(view.edit_correction, LEFT)
    assert asked[1] == ("2026-03-04", "Rating changed from Misleading to False.", "A second witness was reached.",
                        True)
    assert corrections.corrections(window.project, claim_id)[0].text == "Two witnesses were reached."
    assert window.session.undo_stack.undoText() == "Edit correction"
    view.corrections.setCurrentItem(view.corrections.topLevelItem(0))
    qtbot.mouseClick(view.remove_correction, LEFT)
    assert corrections.corrections(window.project, claim_id) == []
    assert view.corrections.topLevelItemCount() == 0
    window.act_undo.trigger()  # the removal
    assert [n.text for n in corrections.corrections(window.project, claim_id)] == ["Two witnesses were reached."]
    assert view.corrections.topLevelItemCount() == 1


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    yield from open_case(tmp_path)


def test_sources_dialog_edits_the_public_identity(qtbot: QtBot, case: Case) -> None:
    dialog = SourcesDialog(case.session, lambda _t, _q: True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    project = case.session.project
    assert project is not None
    sid = source_ops.resolve_source(project, "Shaam Voice")
    dialog.select_source(sid)
    dialog.job_title.setText("  Editor in  chief ")
    dialog.job_title.editingFinished.emit()
    dialog.same_as.setPlainText("https://www.wikidata.org/wiki/Q1\nhttps://shaam.example/about")
    dialog.image.setText("https://shaam.example/logo.png")
    dialog.image.editingFinished.emit()
    qtbot.waitUntil(lambda: len(source_ops.get_source(project, sid).same_as) == 2, timeout=3000)
    src = source_ops.get_source(project, sid)
    assert (src.job_title, src.image) == ("Editor in chief", "https://shaam.example/logo.png")
    assert src.same_as == ("https://www.wikidata.org/wiki/Q1", "https://shaam.example/about")
    dialog.image.setText("not a web address")
    dialog.image.editingFinished.emit()
    assert source_ops.get_source(project, sid).image == "https://shaam.example/logo.png"  # refused, kept
    assert dialog.image.text() == "https://shaam.example/logo.png"  # the stored value is shown again
    case.session.undo_stack.undo()  # the links
    assert source_ops.get_source(project, sid).same_as == ()
    assert dialog.same_as.toPlainText() == ""
