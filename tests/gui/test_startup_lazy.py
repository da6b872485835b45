"""Issue 15: what is not on the first screen is not loaded to start, and loads, whole, on first use.

The first test starts the app as a user does (a fresh interpreter building the window on the demo project) and
lists the modules loaded once the window has painted: the search ranking, the suggestion panels, the merge and
exchange machinery, the Markdown renderer, fuzzy matching, sqlite-utils' plugins and dateutil must not be among
them. The others check that each lazily made part still works when it is first needed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from workbench.ops import verdicts
from workbench.ui.main_window import MainWindow

from .test_claim_editor import _claim

CHILD = r"""
import gc, json, sys, time
from workbench.app import build_window, ensure_demo_project, make_application

app = make_application([sys.argv[0]])
from PySide6.QtWidgets import QApplication
gc_at_start = gc.isenabled()
window = build_window(ensure_demo_project())
gc_when_built = gc.isenabled()
window.layout().activate()
window.show()
deadline = time.monotonic() + 20
while not gc.isenabled() and time.monotonic() < deadline:  # the first paint, then the collector's return
    QApplication.processEvents()
import re, sqlite_utils.db, sqlite_utils.plugins
from workbench import code_cache
vt_compiled = isinstance(sqlite_utils.db._virtual_table_using_re, re.Pattern)
print(json.dumps({"virtual_table_pattern_compiled": vt_compiled, "code": code_cache.stats(),
                  "gc": [gc_at_start, gc_when_built, gc.isenabled()], "frozen": gc.get_freeze_count(),
                  "gc_resumed": app.workbench_gc_resumed, "switch_interval": sys.getswitchinterval(),
                  "modules": sorted(sys.modules), "plugins_loaded": sqlite_utils.plugins._plugins_loaded,
                  "claims": window.claims.model.rowCount(),
                  "text": len(window.reading.document.text) if window.reading.document else 0}))
window.close()
"""

NOT_TO_START = [
    "markdown_it",  # rationale previews: rendered when the Verdict tab is first shown
    "rapidfuzz",  # fuzzy re-anchoring and spelling variants
    "dateutil.parser._parser",  # sqlite-utils' date recipes (lazy module, store/__init__.py)
    "workbench.ops.search",  # ranking and suggestions
    "workbench.ops.exchange",  # a desk's shared folder
    "workbench.ops.reanchor",  # a new version's passages
    "workbench.ui.search_panel",
    "workbench.ui.suggestions",
    "workbench.ui.review_dialog",
    "workbench.ui.merge_dialog",
    "workbench.ui.export_dialog",
    "workbench.exporters",
    "workbench.domain.rendering",
    "workbench.domain.checkworthy",
]


def test_modules_not_needed_for_the_first_screen_are_not_loaded(tmp_path: Path) -> None:
    env = {**os.environ, "WORKBENCH_DATA_DIR": str(tmp_path / "data"), "WORKBENCH_CONFIG_DIR": str(tmp_path / "cfg"),
           "QT_QPA_PLATFORM": "offscreen"}
    build = "from workbench.app import ensure_demo_project; ensure_demo_project()"  # as on an earlier start
    subprocess.run([sys.executable, "-c", build], env=env, cwd=tmp_path, timeout=120, check=True)
    reports = []
    for _start in range(2):  # the second start as every start after the first
        proc = subprocess.run([sys.executable, "-c", CHILD], env=env, cwd=tmp_path, capture_output=True, text=True,
                              timeout=120, check=False)
        assert proc.returncode == 0, proc.stderr[-3000:]
        reports.append(json.loads(proc.stdout.splitlines()[-1]))
    first, report = reports
    # the dataclasses' methods and PySide6's start-up modules: compiled by the first start, then read from the
    # cache it wrote (code_cache)
    assert first["code"]["misses"] > 300 and first["code"]["hits"] == 0 and first["code"]["compiled"] >= 10
    assert report["code"]["misses"] == 0 and report["code"]["hits"] == first["code"]["misses"]
    assert report["claims"] > 0 and report["text"] > 0  # the first screen is all there
    # sqlite-utils plugins are neither looked for (a scan of every installed package's entry points) nor run on
    # the user's project: every Database() of the store passes execute_plugins=False
    assert report["plugins_loaded"] is False
    # sqlite-utils' virtual-table pattern (13-18 ms to compile) is not compiled by the start (store/__init__.py)
    assert report["virtual_table_pattern_compiled"] is False
    # the cyclic collector is paused from the QApplication to the first paint, then the start's objects are
    # frozen out of later collections and it runs again
    assert report["gc"] == [False, False, True] and report["frozen"] > 10_000
    assert report["gc_resumed"] == "first paint"  # not the time limit
    assert report["switch_interval"] == 0.001  # the window's thread gets the interpreter lock within 1 ms
    loaded = set(report["modules"])
    assert [m for m in NOT_TO_START if m in loaded] == [], report["modules"]
    assert "workbench.ui.main_window" in loaded and "sqlite_utils" in loaded  # the check itself sees modules


def test_rationale_preview_renders_when_the_verdict_tab_is_first_shown(qtbot: QtBot, window: MainWindow) -> None:
    claim_id = _claim(qtbot, window)
    window.session.apply(verdicts.set_verdict, claim_id, rationale="The ministry **denied** it.",
                         undo="Edit verdict")
    editor = window.claims.editor
    window.claims.select_claim(claim_id)
    assert editor.tabs.currentWidget() is not editor.verdict
    editor.tabs.setCurrentWidget(editor.verdict)
    qtbot.waitUntil(lambda: "denied" in editor.verdict.preview.toPlainText(), timeout=3000)
    assert "font-weight" in editor.verdict.preview.toHtml()  # **denied** rendered bold, not shown as asterisks
    assert "**" not in editor.verdict.preview.toPlainText()
    # while the tab is shown, a change of claim renders at once
    window.session.apply(verdicts.set_verdict, claim_id, rationale="Now *checked*.", undo="Edit verdict")
    qtbot.waitUntil(lambda: editor.verdict.preview.toPlainText().strip() == "Now checked.", timeout=3000)


def test_search_docks_make_their_panels_on_first_show(qtbot: QtBot, window: MainWindow) -> None:
    search = window.discovery
    assert search.search_dock.widget() is None and search.related_dock.widget() is None
    _claim(qtbot, window)
    search.act_related.trigger()  # View ▸ Related Passages
    qtbot.waitUntil(lambda: search.related_dock.widget() is not None, timeout=3000)
    assert search.related_dock.widget() is search.related
    assert search.related.claim_id == window.claims.editor.claim.id  # type: ignore[union-attr]
    search.act_finder.trigger()  # View ▸ Claim Finder (a tab behind Related passages)
    qtbot.waitUntil(lambda: search.finder_dock.widget() is not None, timeout=3000)
    assert search.finder.document_id == window.current_document_id
    search.show_search()
    assert search.search_dock.widget() is search.panel and search.search_dock.isVisible()


def test_the_window_core_is_imported_before_qt(tmp_path: Path) -> None:
    """PySide6's import hook reads the source of every module imported after it (to see whether it uses
    ``__feature__``); the launcher imports the Qt-free core first, so its ~120 modules are not read again."""
    script = ("import sys\nfrom workbench.app import WINDOW_CORE, make_application\nmake_application([sys.argv[0]])\n"
              "order = list(sys.modules)\n"
              "print(max(order.index(m) for m in WINDOW_CORE), order.index('PySide6.QtCore'), "
              "'sqlite_utils' in order[:order.index('PySide6.QtCore')])")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_CONFIG_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    last_core, qtcore, sqlite_utils_first = proc.stdout.split()
    assert int(last_core) < int(qtcore)
    assert sqlite_utils_first == "True"


def test_the_window_modules_entered_in_pysides_import_table_all_use_pyside() -> None:
    """``ui.application.skip_source_scans_of_window_modules`` enters every ``workbench/ui`` module as "uses
    PySide6" without reading it: true of each one (what PySide6's hook would find by reading it)."""
    import sys

    from workbench.ui import application

    ui = Path(application.__file__).parent
    modules = sorted(p for p in ui.glob("*.py") if p.name != "__init__.py")
    assert len(modules) > 30
    assert [p.name for p in modules if "PySide6" not in p.read_text(encoding="utf-8")] == []
    application.skip_source_scans_of_window_modules()
    table = sys.modules["shibokensupport.feature"].pyside_feature_dict  # type: ignore[attr-defined]
    assert all(table.get(f"workbench.ui.{p.stem}") == 0 for p in modules)


def test_no_modules_folder_as_in_the_installed_bundle_is_no_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    """The installed bundle keeps the modules in an archive: no ``workbench/ui`` folder to list (the .deb's
    smoke test once stopped here). The table is then left as it is."""
    import sys

    from workbench.ui import application

    table = sys.modules["shibokensupport.feature"].pyside_feature_dict  # type: ignore[attr-defined]
    before = dict(table)

    def no_folder(path: str) -> None:
        raise FileNotFoundError(2, "No such file or directory", path)

    monkeypatch.setattr(application.os, "scandir", no_folder)
    application.skip_source_scans_of_window_modules()
    assert table == before
