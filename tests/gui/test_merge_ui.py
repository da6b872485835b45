"""Merging another desk's project in the window (issue 14): File ▸ Merge Project or Bundle… runs off the GUI thread,
the claims list shows what came in, the merge review lists the conflicts, Keep Ours / Take Theirs resolve them one
undoable step each, Fold into Existing merges a duplicate source, Undo takes the whole merge back, and a file that
cannot be merged gets a message naming it while nothing changes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from workbench.core.workspace import Workspace
from workbench.ops import claims as claim_ops
from workbench.ops import exchange as exchange_ops
from workbench.ops import merge as merge_ops
from workbench.ops import sources as src_ops
from workbench.store.dump import dump
from workbench.ui.main_window import MainWindow
from workbench.ui.merge_dialog import MergeReviewDialog

from .merge_helpers import Desks, bundle_file, desks, send_to_folder
from .test_gui_stalls import SqlThreads


@pytest.fixture
def two(tmp_path: Path) -> Desks:
    return desks(tmp_path)


@pytest.fixture
def ours(make_window: Callable[[], MainWindow], two: Desks) -> MainWindow:
    w = make_window()
    assert w.open_project_path(two.ours)
    return w


def merge_and_wait(qtbot: QtBot, window: MainWindow, path: Path) -> merge_ops.MergeReport | None:
    with qtbot.waitSignal(window.merging.merged, timeout=20000) as blocker:
        assert window.merging.merge_path(path)
    return blocker.args[0]


def claim_ids(window: MainWindow) -> set[str]:
    return {r.claim.id for r in window.claims.model.rows}


def content(window: MainWindow) -> str:
    found = dump(window.project.db)
    found.pop("history", None)
    return json.dumps(found, sort_keys=True, ensure_ascii=False, default=str)


def select_conflict(dialog: MergeReviewDialog, field: str) -> merge_ops.Conflict:
    [row] = [r for r, c in enumerate(dialog.model.rows) if c.field == field]
    dialog.table.selectionModel().select(dialog.model.index(row, 0),
                                         QItemSelectionModel.SelectionFlag.ClearAndSelect
                                         | QItemSelectionModel.SelectionFlag.Rows)
    return dialog.model.rows[row]


def rationale(window: MainWindow, claim_id: str) -> str:
    return window.session.query(claim_ops.get_claim, claim_id, default=None).rationale


def test_merge_brings_their_work_into_the_window_and_lists_the_conflicts(qtbot: QtBot, ours: MainWindow,
                                                                         two: Desks) -> None:
    assert two.new_claim not in claim_ids(ours)
    assert ours.merging.act_merge.isEnabled()
    assert ours.merging.act_merge in ours.file_menu.actions()
    assert ours.merging.act_review in ours.edit_menu.actions()
    report = merge_and_wait(qtbot, ours, two.theirs)
    assert report is not None and len(report.conflicts) == 3
    assert ours.last_error == ""
    assert two.new_claim in claim_ids(ours)  # the claims list shows the merged claim at once
    assert ours.session.undo_stack.undoText() == "Merge theirs.fcw"
    assert "3 open" in ours.merging.act_review.text()
    assert "Merged theirs.fcw" in ours.statusBar().currentMessage()
    dialog = ours.merging.dialog
    assert dialog is not None and dialog.isVisible()
    assert "3 conflicts to decide" in dialog.summary.text()
    assert {(c.field, c.kind.value) for c in dialog.model.rows} == {
        ("text", "both-changed"), ("rationale", "both-changed"), ("*", "deleted-here")}
    c = select_conflict(dialog, "rationale")
    assert dialog.model.index(dialog.model.rows.index(c), 2).data() == elided(c.ours)
    assert dialog.model.index(dialog.model.rows.index(c), 2).data(Qt.ItemDataRole.ToolTipRole).count("duty sheets")
    detail = dialog.detail.toPlainText()
    assert "duty sheets match them" in detail and "cut once, in February" in detail  # both values in full
    assert "Keep Ours" in detail and "Take Theirs" in detail


def elided(text: str) -> str:
    from workbench.ui.merge_dialog import elide

    return elide(text)


def test_keep_ours_and_take_theirs_resolve_one_undoable_step_each(qtbot: QtBot, ours: MainWindow,
                                                                  two: Desks) -> None:
    merge_and_wait(qtbot, ours, two.theirs)
    dialog = ours.merging.dialog
    assert dialog is not None
    kept = rationale(ours, two.claims["cut"])
    select_conflict(dialog, "rationale")
    qtbot.mouseClick(dialog.theirs_button, Qt.MouseButton.LeftButton)
    assert rationale(ours, two.claims["cut"]) == "The ministry says the night shift was cut once, in February."
    assert len(dialog.model.rows) == 2 and "rationale" not in {c.field for c in dialog.model.rows}
    assert "2 open" in ours.merging.act_review.text()
    assert ours.session.undo_stack.undoText() == "Resolve conflict"
    dialog.show_resolved.setChecked(True)
    [done] = [c for c in dialog.model.rows if not c.open]
    assert dialog.model.index(dialog.model.rows.index(done), 6).data().startswith("took theirs")
    dialog.show_resolved.setChecked(False)

    ours.session.undo_stack.undo()  # the resolution
    assert rationale(ours, two.claims["cut"]) == kept
    assert len(dialog.model.rows) == 3 and "3 open" in ours.merging.act_review.text()

    select_conflict(dialog, "text")
    qtbot.mouseClick(dialog.ours_button, Qt.MouseButton.LeftButton)
    text = ours.session.query(claim_ops.get_claim, two.claims["doubled"], default=None).text
    assert text == "Grain shipments through Tartous doubled in March"
    assert {c.field for c in dialog.model.rows} == {"rationale", "*"}

    select_conflict(dialog, "*")  # deleted here, re-rated there: Take Theirs brings the claim back
    qtbot.mouseClick(dialog.theirs_button, Qt.MouseButton.LeftButton)
    assert ours.last_error == ""
    assert two.claims["never"] in claim_ids(ours)
    ours.session.undo_stack.undo()
    assert two.claims["never"] not in claim_ids(ours)


def test_undo_takes_the_whole_merge_back(qtbot: QtBot, ours: MainWindow, two: Desks) -> None:
    before = content(ours)
    ids = claim_ids(ours)
    merge_and_wait(qtbot, ours, two.theirs)
    assert claim_ids(ours) != ids
    ours.session.undo_stack.undo()
    assert claim_ids(ours) == ids  # the claims list follows the undo
    assert content(ours) == before
    assert ours.merging.act_review.text() == "Merge Re&view…"
    dialog = ours.merging.dialog
    assert dialog is not None and dialog.model.rows == []
    assert "No conflicts to decide" in dialog.note.text()


def test_fold_a_duplicate_source_into_the_existing_one(qtbot: QtBot, ours: MainWindow, two: Desks) -> None:
    report = merge_and_wait(qtbot, ours, two.theirs)
    assert report is not None and report.duplicate_sources == [(two.union_ours, two.union_theirs,
                                                                "Dock Workers Union")]
    dialog = ours.merging.dialog
    assert dialog is not None and dialog.duplicates_box.isVisible()
    assert dialog.duplicates_list.count() == 1
    qtbot.mouseClick(dialog.fold_button, Qt.MouseButton.LeftButton)
    names = [s.id for s in ours.session.query(src_ops.list_sources, default=[])]
    assert two.union_ours in names and two.union_theirs not in names
    assert ours.session.undo_stack.undoText() == "Merge sources"
    assert not dialog.duplicates_box.isVisible()
    ours.session.undo_stack.undo()
    assert dialog.duplicates_list.count() == 1


def test_the_review_from_the_menu_any_time(qtbot: QtBot, ours: MainWindow, two: Desks) -> None:
    merge_and_wait(qtbot, ours, two.theirs)
    assert ours.merging.dialog is not None
    ours.merging.dialog.close()
    ours.merging.act_review.trigger()
    assert ours.merging.dialog.isVisible() and len(ours.merging.dialog.model.rows) == 3


def test_merge_a_bundle_file(qtbot: QtBot, ours: MainWindow, two: Desks, tmp_path: Path) -> None:
    bundle = bundle_file(two.theirs, tmp_path / "theirs-bundle.json")
    report = merge_and_wait(qtbot, ours, bundle)
    assert report is not None and ours.last_error == ""
    assert two.new_claim in claim_ids(ours)
    assert ours.session.undo_stack.undoText() == "Merge theirs-bundle.json"
    assert len(ours.merging.dialog.model.rows) == len(report.conflicts) > 0


def test_a_refused_file_gets_a_message_naming_it_and_changes_nothing(qtbot: QtBot, ours: MainWindow,
                                                                     two: Desks, tmp_path: Path) -> None:
    before = content(ours)
    undo = ours.session.undo_stack.undoText()
    foreign = tmp_path / "notes.fcw"
    foreign.write_text("a shopping list, not a project")
    assert merge_and_wait(qtbot, ours, foreign) is None
    assert "notes.fcw" in ours.last_error and "Nothing was changed" in ours.last_error
    damaged = tmp_path / "damaged.fcw"
    damaged.write_bytes(two.theirs.read_bytes()[:8192])
    assert merge_and_wait(qtbot, ours, damaged) is None
    assert "damaged.fcw" in ours.last_error
    assert merge_and_wait(qtbot, ours, two.ours) is None
    assert "is the project itself" in ours.last_error
    newer = json.loads(bundle_file(two.theirs, tmp_path / "newer.json").read_text(encoding="utf-8"))
    newer["schema_version"] += 1
    (tmp_path / "newer.json").write_text(json.dumps(newer), encoding="utf-8")
    assert merge_and_wait(qtbot, ours, tmp_path / "newer.json") is None
    assert "newer.json" in ours.last_error and "newer version" in ours.last_error
    assert content(ours) == before
    assert ours.session.undo_stack.undoText() == undo
    assert ours.merging.act_merge.isEnabled()


def test_the_merge_runs_no_sql_on_the_gui_thread(qtbot: QtBot, make_window: Callable[[], MainWindow], two: Desks,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    sql = SqlThreads(monkeypatch)
    window = make_window()
    assert window.open_project_path(two.ours)
    sql.reset()
    assert merge_and_wait(qtbot, window, two.theirs) is not None
    assert sql.on_gui == [] and sql.elsewhere > 0


def exchange_and_wait(qtbot: QtBot, window: MainWindow):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.merging.exchanged, timeout=20000) as blocker:
        assert window.merging.exchange_now()
    return blocker.args[0]


def test_exchange_with_the_desk_merges_their_set_and_opens_the_review(qtbot: QtBot, ours: MainWindow, two: Desks,
                                                                      tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    send_to_folder(two.theirs, folder)
    before = content(ours)
    assert ours.merging.act_exchange in ours.file_menu.actions() and ours.merging.act_exchange.isEnabled()
    assert ours.merging.set_shared_folder(folder)
    assert ours.merging.shared_folder() == folder.resolve()
    (folder / "holiday-photos.fcwchanges").write_text("not a change set")
    report = exchange_and_wait(qtbot, ours)
    assert report is not None and len(report.merged) == 1 and report.conflicts == 3
    assert report.written  # this desk's own set went to the folder
    assert two.new_claim in claim_ids(ours)
    assert ours.session.undo_stack.undoText() == "Exchange with desk"
    dialog = ours.merging.dialog
    assert dialog is not None and dialog.isVisible() and len(dialog.model.rows) == 3
    assert "Exchanged with" in dialog.summary.text()
    assert ours.merging.exchange_report is not None and ours.merging.exchange_report.isVisible()
    assert any("holiday-photos.fcwchanges" in p for p in report.problems)
    ours.session.undo_stack.undo()
    assert two.new_claim not in claim_ids(ours) and dialog.model.rows == []
    after = json.loads(content(ours))
    after.pop("exchange_sent", None)
    assert {k: v for k, v in after.items() if k != "settings"} == {
        k: v for k, v in json.loads(before).items() if k not in ("settings", "exchange_sent")}
    assert not ours.merging.set_shared_folder(tmp_path / "missing")
    assert "is not a folder" in ours.last_error
    assert ours.merging.shared_folder() == folder.resolve()  # unchanged


def test_opening_a_project_with_a_shared_folder_exchanges_at_once(qtbot: QtBot,
                                                                  make_window: Callable[[], MainWindow],
                                                                  two: Desks, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    send_to_folder(two.theirs, folder)
    ws = Workspace.open(two.ours)
    try:
        ws.apply(exchange_ops.set_folder, folder)
    finally:
        ws.close()
    window = make_window()
    with qtbot.waitSignal(window.merging.exchanged, timeout=20000) as blocker:
        assert window.open_project_path(two.ours)
    report = blocker.args[0]
    assert report is not None and len(report.merged) == 1 and two.new_claim in claim_ids(window)
    window.merging.dialog.close()  # the review opened for the conflicts that came in


def test_an_unreachable_shared_folder_on_open_is_said_quietly(qtbot: QtBot, make_window: Callable[[], MainWindow],
                                                              two: Desks, tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    ws = Workspace.open(two.ours)
    try:
        ws.apply(exchange_ops.set_folder, folder)
    finally:
        ws.close()
    folder.rmdir()  # the share is not mounted today
    window = make_window()
    assert window.open_project_path(two.ours)
    assert "cannot be reached" in window.statusBar().currentMessage()
    assert window.merging.task is None and window.last_error == ""


def test_an_edit_that_touches_no_conflict_does_not_count_them_again(qtbot: QtBot, ours: MainWindow, two: Desks,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The open count is read again only when a change's rows include a merge conflict's (or are unknown)."""
    merge_and_wait(qtbot, ours, two.theirs)
    assert "3 open" in ours.merging.act_review.text()
    counted: list[int] = []
    real = merge_ops.open_conflict_count
    monkeypatch.setattr(merge_ops, "open_conflict_count", lambda project: counted.append(1) or real(project))
    ours.session.apply(claim_ops.update_claim, two.claims["cut"], text="The night shift was cut twice.",
                       undo="Edit claim")
    assert counted == [] and "3 open" in ours.merging.act_review.text()
    dialog = ours.merging.dialog
    assert dialog is not None
    select_conflict(dialog, "rationale")
    qtbot.mouseClick(dialog.theirs_button, Qt.MouseButton.LeftButton)
    assert counted and "2 open" in ours.merging.act_review.text()
    ours.session.undo_stack.undo()  # the resolution: its rows are the conflict's again
    assert "3 open" in ours.merging.act_review.text()
