"""Edit ▸ Undo / Redo over the project's operation log (issue 11): the history survives closing the project,
a refused undo moves nothing, and a change made on the command line is undone from the window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from workbench.core.workspace import CLI, Workspace
from workbench.ops import entities as entity_ops
from workbench.ops import sources as src_ops
from workbench.ui.main_window import MainWindow


def _names(window: MainWindow) -> list[str]:
    return [s.name for s in window.session.query(src_ops.list_sources, default=[])]


def test_undo_survives_closing_and_reopening_the_project(make_window: Callable[[], MainWindow],
                                                         tmp_path: Path) -> None:
    window = make_window()
    path = tmp_path / "desk.fcw"
    assert window.new_project_path(path)
    window.session.apply(src_ops.create_source, "Salma Observer", undo="Add source")
    assert window.act_undo.text() == "&Undo Add source" and window.act_undo.isEnabled()
    window.close_project()
    assert not window.act_undo.isEnabled()
    assert window.open_project_path(path)
    assert window.act_undo.text() == "&Undo Add source"
    window.act_undo.trigger()
    assert _names(window) == [] and window.last_error == ""
    assert window.act_redo.text() == "&Redo Add source"
    window.act_redo.trigger()
    assert _names(window) == ["Salma Observer"]


def test_a_refused_undo_moves_nothing(window: MainWindow) -> None:
    window.session.apply(src_ops.create_source, "Salma Observer", aliases=["the Observer"], undo="Add source")
    window.session.apply(entity_ops.seed_from_sources)  # outside the undo history, as a tool might
    window.act_undo.trigger()
    assert window.last_error.startswith("Cannot undo “Add source”: the entity “Salma Observer” refers to the "
                                        "source “Salma Observer”")
    assert _names(window) == ["Salma Observer"]
    assert window.act_undo.text() == "&Undo Add source" and not window.act_redo.isEnabled()


def test_a_command_line_change_is_undone_from_the_window(qtbot: QtBot, make_window: Callable[[], MainWindow],
                                                        tmp_path: Path) -> None:
    path = tmp_path / "desk.fcw"
    ws = Workspace.create(path, origin=CLI)
    ws.apply(src_ops.create_source, "District office", label="Add source")
    ws.close()
    window = make_window()
    assert window.open_project_path(path)
    assert window.session.undo_stack.undoText() == "Add source"
    window.act_undo.trigger()
    assert _names(window) == []


def test_the_claims_history_marks_an_undone_step(qtbot: QtBot, window: MainWindow) -> None:
    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops

    from .conftest import ARTICLES, import_and_wait

    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt"])
    doc = doc_ops.list_documents(window.project)[0].id
    claim = window.session.apply(claim_ops.create_claim_from_passage, doc, 0, 30, undo="New claim")
    window.session.apply(claim_ops.update_claim, claim, text="The bridge was destroyed", undo="Edit claim")
    window.claims.select_claim(claim)
    assert not any("(undone)" in line for line in window.claims.editor.history.lines())
    window.act_undo.trigger()
    lines = window.claims.editor.history.lines()
    assert any(line.endswith("(undone)") for line in lines), lines


def test_undo_history_lists_every_change_and_undoes_back_to_one(window: MainWindow, tmp_path: Path) -> None:
    from workbench.ui.undo_history import UndoHistoryDialog

    for name in ("Salma Observer", "District office", "Local sources"):
        window.session.apply(src_ops.create_source, name, undo="Add source")
    window.session.apply(src_ops.update_source, src_ops.resolve_source(window.project, "Salma Observer"),
                         reliability="C", undo="Edit source")
    window.act_undo_history.trigger()
    dialog = window.undo_history_window
    assert isinstance(dialog, UndoHistoryDialog)
    assert [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())] == [
        "Edit source", "Add source", "Add source", "Add source"]
    assert {dialog.table.item(r, 3).text() for r in range(4)} == {"window"}
    dialog.table.selectRow(2)  # "District office" added
    assert dialog.undo_to_button.isEnabled()
    assert dialog.undo_to_selected() == 3
    assert _names(window) == ["Salma Observer"]
    assert [dialog.table.item(r, 4).text() for r in range(4)] == ["undone", "undone", "undone", ""]
    assert not dialog.undo_to_button.isEnabled()  # the selected change is undone already
    dialog.redo()
    assert sorted(_names(window)) == ["District office", "Salma Observer"]
    dialog.grab().save(str(tmp_path / "undo-history.png"))
    dialog.close()
