"""The longest time the window stops painting (issue 15: ≤ 50 ms on a 2-core machine) during the other long
actions, each through the window as the user starts it: opening the Export dialog, exporting in every format,
importing a batch of files, searching, the related-evidence suggestions, making a backup, merging.

The same 5 ms timer as ``test_bench_gui_stall.py`` (``StallMeter``) measures the longest gap between its ticks
during each action; the figure is the median over the rounds of each round's longest gap. The project is the
export benchmark's (500 final claims over five 60 KB articles; 100 claims in the normal suite).
``tests/gui/test_gui_stalls.py`` checks the rule behind it in every ``make test``: no SQL statement runs on the
GUI thread during these actions.
"""

from __future__ import annotations

import shutil
import statistics
from collections.abc import Callable
from pathlib import Path

import budgets
import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from pytestqt.qtbot import QtBot
from test_bench_export import claims, export_project  # noqa: F401  (fixtures: the 500-claim project)
from test_bench_gui_stall import StallMeter, window  # noqa: F401  (fixture: a shown main window)

from workbench.ops import sources as src_ops
from workbench.ui.export_dialog import ExportDialog
from workbench.ui.main_window import MainWindow

ROUNDS = 3


def _settle(qtbot: QtBot) -> None:
    qtbot.wait(100)  # layout and painting left over from the last action


@pytest.fixture
def opened(window: MainWindow, export_project: Path, tmp_path: Path, qtbot: QtBot) -> MainWindow:  # noqa: F811
    path = tmp_path / "desk.fcw"
    shutil.copyfile(export_project, path)
    assert window.open_project_path(path)
    qtbot.waitUntil(lambda: len(window.claims.model.rows) > 0, timeout=20000)
    _settle(qtbot)
    return window


def _measure(benchmark: BenchmarkFixture, qtbot: QtBot, action: Callable[[], None],
             before: Callable[[], None] | None = None) -> float:
    meter, stalls = StallMeter(), []

    def once() -> None:
        if before is not None:
            before()
        _settle(qtbot)
        with meter.measuring():
            action()
        stalls.append(meter.longest / 1000)

    benchmark.pedantic(once, rounds=ROUNDS, iterations=1)
    figure = statistics.median(stalls)
    benchmark.extra_info["stalls_s"] = [round(s, 4) for s in stalls]
    budgets.check(benchmark, figure)
    return figure


def _open_export_dialog(w: MainWindow, qtbot: QtBot) -> ExportDialog:
    w.act_export.trigger()
    dialog = w.export_window
    assert isinstance(dialog, ExportDialog)
    qtbot.waitUntil(lambda: dialog.preview.toPlainText() != "", timeout=20000)
    qtbot.wait(50)  # the preview painted
    return dialog


def test_gui_stall_export_dialog(benchmark: BenchmarkFixture, opened: MainWindow, qtbot: QtBot) -> None:
    def close() -> None:
        dialog = getattr(opened, "export_window", None)
        if dialog is not None and dialog.isVisible():
            dialog.close()

    _measure(benchmark, qtbot, lambda: _open_export_dialog(opened, qtbot), before=close)
    close()


@pytest.mark.parametrize("fmt", ["html", "pdf", "md", "csv", "claimreview", "annotations", "hypothesis",
                                 "bundle", "site"])
def test_gui_stall_export(benchmark: BenchmarkFixture, opened: MainWindow, qtbot: QtBot, tmp_path: Path,
                          fmt: str) -> None:
    dialog = _open_export_dialog(opened, qtbot)
    dialog.set_scope("project")
    dialog.update_preview()
    dialog.set_format(fmt)
    qtbot.wait(500)  # the preview of that format
    n = [0]

    def export() -> None:
        n[0] += 1
        dialog.path.setText(str(tmp_path / f"out-{n[0]}"))
        with qtbot.waitSignal(dialog.exported, timeout=60000):
            dialog.export_button.click()

    _measure(benchmark, qtbot, export)
    assert dialog.last_path
    dialog.close()


def test_gui_stall_import(benchmark: BenchmarkFixture, opened: MainWindow, qtbot: QtBot,
                          import_folder: list[Path], tmp_path: Path) -> None:
    n = [0]

    def import_batch() -> None:
        n[0] += 1
        folder = tmp_path / f"batch-{n[0]}"
        folder.mkdir()
        files = []
        for f in import_folder:  # new bytes each round: no duplicates
            target = folder / f.name
            target.write_text(f.read_text(encoding="utf-8") + f"\nRound {n[0]}.\n", encoding="utf-8")
            files.append(target)
        with qtbot.waitSignal(opened.import_finished, timeout=60000):
            opened.import_paths(files)

    _measure(benchmark, qtbot, import_batch)
    assert opened.last_error == ""


def test_gui_stall_search(benchmark: BenchmarkFixture, opened: MainWindow, qtbot: QtBot) -> None:
    panel = opened.discovery.panel
    opened.discovery.search_dock.show()
    words = iter(["Mayadin", "bridge", "Khasham", "\"local sources\"", "shelling"] * 3)

    def search() -> None:
        panel.query.setText(next(words))
        with qtbot.waitSignal(panel.searched, timeout=20000):
            panel.run()
        qtbot.wait(30)  # the hits painted

    _measure(benchmark, qtbot, search)


def test_gui_stall_suggestions(benchmark: BenchmarkFixture, opened: MainWindow, qtbot: QtBot) -> None:
    related = opened.discovery.related
    opened.discovery.related_dock.show()
    rows = iter(range(1, 100))

    def suggest() -> None:
        with qtbot.waitSignal(related.shown, timeout=20000):
            opened.claims.select_claim(opened.claims.model.rows[next(rows)].claim.id)
        qtbot.wait(30)

    _measure(benchmark, qtbot, suggest)


def test_gui_stall_backup(benchmark: BenchmarkFixture, opened: MainWindow, qtbot: QtBot) -> None:
    def backup() -> None:
        opened.session.apply(src_ops.create_source, "An outlet", reliability="C", undo="Add source")
        task = opened.durability.backup_now()
        assert task is not None
        with qtbot.waitSignal(task.finished, timeout=60000):
            pass

    _measure(benchmark, qtbot, backup)


def test_gui_stall_merge(benchmark: BenchmarkFixture, window: MainWindow, qtbot: QtBot,  # noqa: F811
                         tmp_path: Path) -> None:
    from tests.gui.merge_helpers import desks

    n = [0]

    def prepare() -> None:
        n[0] += 1
        folder = tmp_path / f"round-{n[0]}"
        folder.mkdir()
        made = desks(folder)
        assert window.open_project_path(made.ours)
        qtbot.waitUntil(lambda: len(window.claims.model.rows) > 0, timeout=20000)
        prepare.theirs = made.theirs  # type: ignore[attr-defined]

    def merge() -> None:
        with qtbot.waitSignal(window.merging.merged, timeout=60000) as blocker:
            assert window.merging.merge_path(prepare.theirs)  # type: ignore[attr-defined]
        assert blocker.args[0] is not None
        qtbot.wait(30)  # the merged claims painted

    _measure(benchmark, qtbot, merge, before=prepare)


def test_gui_stall_restore(benchmark: BenchmarkFixture, window: MainWindow, qtbot: QtBot,  # noqa: F811
                           export_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    from workbench.ops import backup as backup_ops
    from workbench.ui import durability

    source = tmp_path / "desk.fcw"
    shutil.copyfile(export_project, source)
    backup_ops.make_backup(source)
    [backup] = backup_ops.list_backups(source)
    n = [0]

    def restore() -> None:
        n[0] += 1
        target = tmp_path / f"restored-{n[0]}.fcw"
        monkeypatch.setattr(durability, "ask_save_path", lambda *_a: target)
        assert window.durability.restore_backup(backup) == target
        qtbot.waitUntil(lambda: len(window.claims.model.rows) > 0, timeout=20000)
        qtbot.wait(30)

    _measure(benchmark, qtbot, restore, before=window.close_project)
