"""What kept the window from painting during an export, an import and a merge (issue 15), checked as behaviour:
no SQL on the GUI thread while exporting (the report settings are saved on the workspace's thread), an import of
articles hands the window its new library (read on the worker thread) and does not reread the claim list, and a
merge opens its review on a later turn of the event loop than the one that refreshes the window.

How long the window stops painting is a timing, measured by ``make bench``
(tests/benchmarks/test_bench_gui_stall_actions.py, budget 50 ms).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ARTICLES, import_and_wait
from tests.gui.test_gui_stalls import SqlThreads
from workbench.ops import settings as settings_ops
from workbench.ops.project import build_demo
from workbench.ui.export_dialog import ExportDialog
from workbench.ui.main_window import MainWindow


def _whole_project_export(window: MainWindow, fmt: str) -> ExportDialog:
    """File ▸ Export… on the whole project, drafts included, in format ``fmt``."""
    window.act_export.trigger()
    dialog = window.export_window
    assert isinstance(dialog, ExportDialog)
    dialog.set_scope("project")
    dialog.include_drafts.setChecked(True)
    dialog.set_format(fmt)
    return dialog


@pytest.fixture
def sql(monkeypatch: pytest.MonkeyPatch) -> SqlThreads:
    return SqlThreads(monkeypatch)


def test_exporting_saves_the_settings_and_writes_the_file_without_sql_on_the_gui_thread(
        sql: SqlThreads, make_window: Callable[[], MainWindow], tmp_path: Path, qtbot: QtBot) -> None:
    build_demo(tmp_path / "demo.fcw").close()
    window = make_window()
    assert window.open_project_path(tmp_path / "demo.fcw")
    dialog = _whole_project_export(window, "md")
    qtbot.waitUntil(lambda: dialog.preview.toPlainText() != "", timeout=20000)
    sql.reset()
    dialog.author.setText("Euphrates Check Desk")
    dialog.path.setText(str(tmp_path / "report.md"))
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.export_button.click()
    assert sql.elsewhere > 0
    assert sql.on_gui == []
    assert (tmp_path / "report.md").read_text(encoding="utf-8").count("Euphrates Check Desk") >= 1
    saved = window.session.query(settings_ops.get_settings, default=None)
    assert saved is not None and saved.author == "Euphrates Check Desk"
    dialog.close()


def test_a_read_only_project_exports_with_its_settings_unchanged(make_window: Callable[[], MainWindow],
                                                                  tmp_path: Path, qtbot: QtBot) -> None:
    from workbench.ops.project import open_project

    build_demo(tmp_path / "demo.fcw").close()
    window = make_window()
    window._set_project(open_project(tmp_path / "demo.fcw", read_only=True))
    dialog = _whole_project_export(window, "csv")
    dialog.path.setText(str(tmp_path / "claims.csv"))
    with qtbot.waitSignal(dialog.exported, timeout=20000):
        dialog.export_button.click()
    assert (tmp_path / "claims.csv").stat().st_size > 0
    dialog.close()


def test_an_import_of_articles_shows_the_new_library_without_rereading_the_claims(
        sql: SqlThreads, window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    rereads: list[int] = []
    real = window.claims.refresh
    monkeypatch.setattr(window.claims, "refresh", lambda: rereads.append(1) or real())
    sql.reset()
    outcomes = import_and_wait(qtbot, window, sorted(ARTICLES.glob("*.txt")))
    assert len(outcomes) == 2 and all(o.document_id for o in outcomes)
    assert {d.id for d in window.library.model.docs} == {o.document_id for o in outcomes}
    assert f"{len(outcomes)} document(s)" in window.status_label.text()
    assert rereads == []  # articles add documents, never claims
    assert sql.on_gui == []


def test_merging_refreshes_the_window_first_and_opens_the_review_on_a_later_turn(
        make_window: Callable[[], MainWindow], tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.gui.merge_helpers import desks

    two = desks(tmp_path)
    window = make_window()
    assert window.open_project_path(two.ours)
    merging = window.merging
    events: list[str] = []
    after, show = merging._after_merge, merging.show_review
    monkeypatch.setattr(merging, "_after_merge", lambda *a: (after(*a), events.append("window refreshed")))
    monkeypatch.setattr(merging, "show_review", lambda: (events.append("review opened"), show())[1])
    merging.merged.connect(lambda _report: events.append("merged"))
    with qtbot.waitSignal(merging.merged, timeout=20000) as blocker:
        assert merging.merge_path(two.theirs)
    assert blocker.args[0] is not None and len(blocker.args[0].conflicts) == 3
    assert events == ["window refreshed", "review opened", "merged"]
    assert two.new_claim in {r.claim.id for r in window.claims.model.rows}
    assert merging.dialog is not None and merging.dialog.isVisible()
    assert "Undo the whole merge" in merging.dialog.summary.text()


def test_new_versions_imported_together_are_planned_in_one_task_and_each_offered(
        window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.gui.test_durability_ui import V1, V2, Asked
    from workbench.ops import claims as claim_ops

    names = ("tal-sabkha.txt", "tal-sabkha-copy.txt")
    for version, text in (("v1", V1), ("v2", V2)):
        (tmp_path / version).mkdir()
        for i, name in enumerate(names):
            (tmp_path / version / name).write_text(text.replace("Tal Sabkha, Army", f"Tal Sabkha {i}, Army"),
                                                   encoding="utf-8")
    import_and_wait(qtbot, window, [tmp_path / "v1" / n for n in names])
    for doc in window.library.model.docs:
        start, end = claim_ops.locate_quote(window.project, doc.id, "militiamen entered Tal Sabkha at dawn")
        window.session.apply(claim_ops.create_claim_from_passage, doc.id, start, end)
    asked = Asked(True)
    window.ask = asked  # type: ignore[method-assign]
    submitted: list[str] = []
    real_submit = window.runner.submit
    monkeypatch.setattr(window.runner, "submit", lambda fn, name="", **kw: submitted.append(name)
                        or real_submit(fn, name, **kw))
    moved: list[object] = []
    window.durability.reanchored.connect(moved.append)
    import_and_wait(qtbot, window, [tmp_path / "v2" / n for n in names])
    qtbot.waitUntil(lambda: len(moved) == 2, timeout=20000)
    assert submitted.count("plan re-anchoring") == 1
    assert asked.titles == ["New version of a document"] * 2


def test_a_restored_backup_is_shown_in_stages_and_a_newer_project_wins(
        make_window: Callable[[], MainWindow], tmp_path: Path, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Restoring in a window on screen: the library at once, the claim list when the worker has read it (not
    waited for), the first document on the turn after; the same project as an ordinary open shows in the end."""
    from workbench.ops import backup as backup_ops
    from workbench.ui import durability

    source = tmp_path / "demo.fcw"
    build_demo(source).close()
    backup_ops.make_backup(source)
    [backup] = backup_ops.list_backups(source)
    window = make_window()
    target = tmp_path / "restored.fcw"
    monkeypatch.setattr(durability, "ask_save_path", lambda *_a: target)
    assert window.durability.restore_backup(backup) == target
    assert window.project is not None and window.project.path == target
    assert window.library.model.rowCount() > 0  # at once
    assert window.claims.model.rowCount() == 0 and window.reading.document is None  # not waited for
    qtbot.waitUntil(lambda: window.reading.document is not None, timeout=10000)
    restored = (window.library.model.rowCount(), window.claims.model.rowCount(), window.reading.document.id)
    assert restored[1] > 0
    assert window.open_project_path(target)  # the same file opened the ordinary way, all at once
    assert (window.library.model.rowCount(), window.claims.model.rowCount(),
            window.reading.document.id) == restored  # type: ignore[union-attr]

    # a project opened before the restored one's claim list came: its answer is dropped, nothing else is opened
    window.close_project()
    other = tmp_path / "other.fcw"
    assert window.new_project_path(other)
    second = tmp_path / "restored-2.fcw"
    monkeypatch.setattr(durability, "ask_save_path", lambda *_a: second)
    assert window.durability.restore_backup(backup) == second
    assert window.new_project_path(tmp_path / "newest.fcw")
    qtbot.wait(200)
    assert window.project is not None and window.project.path.name == "newest.fcw"
    assert window.claims.model.rowCount() == 0 and window.reading.document is None
