"""The claim finder's list shows the check-worthiness order and marks opinions and headlines (issue 12, 5)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workbench.domain.claim_finder import AttributionSuggestion
from workbench.ui.main_window import MainWindow
from workbench.ui.rich_delegate import HTML_ROLE
from workbench.ui.suggestions import attribution_html, attribution_plain

from .conftest import doc_id_titled, import_and_wait

ARTICLE = """Daesh Claims Capture Of Two Villages South Of Bukran

BUKRAN, November 3 – Pro-government activists said the army still held the villages.

Sanctions are a crime against the people, the minister said.

Amaq also claimed that 23 soldiers were killed and a T-72 tank was destroyed near Ayyash on Sunday.
"""


def test_marks_in_html_and_plain_text() -> None:
    s = AttributionSuggestion(0, 10, "Sanctions are a crime, the minister said.", "Bassam Toumeh", (), "said",
                              score=-1.5, kind="opinion")
    assert "[opinion]" in attribution_html(s) and attribution_plain(s).startswith("[opinion] Bassam Toumeh: ")
    claim = AttributionSuggestion(0, 10, "Amaq said 23 soldiers died.", "Amaq", (), "said", score=5.0)
    assert "[" not in attribution_html(claim) and attribution_plain(claim) == "Amaq: Amaq said 23 soldiers died."


def test_finder_lists_best_first_and_marked_last(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "bukran.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    import_and_wait(qtbot, window, [path])
    window.open_document(doc_id_titled(window, "Daesh Claims"))
    finder = window.discovery.finder
    window.discovery.finder_dock.show()
    finder.refresh()
    qtbot.waitUntil(lambda: finder.model.rowCount() > 0, timeout=10000)
    assert finder.items[0].claimant == "Amaq"
    kinds = [s.kind for s in finder.items]
    assert kinds == sorted(kinds, key=lambda k: {"claim": 0, "opinion": 1, "headline": 2}[k])
    assert "opinion" in kinds
    row = kinds.index("opinion")
    assert "[opinion]" in str(finder.model.index(row, 0).data(HTML_ROLE))
    assert str(finder.model.index(row, 0).data(Qt.ItemDataRole.DisplayRole)).startswith("[opinion] ")
    assert "most check-worthy first" in finder.header.text()
