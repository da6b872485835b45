"""Issue 13 point 6 — a file of web annotations dropped on the window (or given to File ▸ Import) is imported
onto the project's documents: a status-bar summary, the annotations painted in the reading pane in their own
colour with their note as tool tip, one Edit ▸ Undo step, and New Claim from Selection after a click on one."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from workbench.domain.model import PassageRole
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops.documents import ImportStatus
from workbench.ui.colors import role_colour
from workbench.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
KHIRBET = ROOT / "tests" / "fixtures" / "ops" / "khirbet-nour-clashes.txt"
SEARCH = ROOT / "tests" / "fixtures" / "annotations" / "hypothesis-search.json"
URL = "https://orontes-dispatch.example/2017/12/khirbet-nour-clashes"


def _drop(window: MainWindow, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))


def test_dropping_hypothesis_annotations_paints_them(qtbot: QtBot, window: MainWindow) -> None:
    project = window.project
    assert project is not None
    (outcome,), _ = doc_ops.import_files(project, [KHIRBET])
    doc = outcome.document_id
    doc_ops.update_metadata(project, doc, replace(doc_ops.get_document(project, doc).metadata, url=URL))
    window.refresh_all()
    window.open_document(doc)
    assert window.reading.view.highlight_count == 0

    with qtbot.waitSignal(window.import_finished, timeout=30000) as blocker:
        _drop(window, [SEARCH])
    (result,) = blocker.args[0]
    assert result.status is ImportStatus.IMPORTED
    message = window.statusBar().currentMessage()
    assert "2 annotation(s) imported" in message and "2 not placed" in message
    assert window.import_report is not None  # the two not placed are listed by id and reason
    window.import_report.close()

    view = window.reading.view
    assert view.highlight_count == 2
    spans = [s for s in view._highlights.spans if s.highlight is not None]
    assert {s.highlight.role for s in spans} == {PassageRole.ANNOTATION}
    mill = next(s for s in spans if "local sources" in s.highlight.note)
    assert mill.fmt.background().color() == role_colour(PassageRole.ANNOTATION, None)
    assert mill.fmt.toolTip().startswith("Annotation: Second-hand")
    assert window.session.undo_stack.undoText() == "Import annotations"
    assert doc_ops.list_documents(project)[0].id == doc  # no document made of the JSON

    # a click on it selects its passage; New Claim from Selection makes it a claim
    with qtbot.waitSignal(view.annotation_clicked, timeout=5000):
        view.open_annotation(mill.highlight)
    assert view.selection_range() == (mill.highlight.start, mill.highlight.end)
    assert "Annotation: Second-hand" in window.statusBar().currentMessage()
    claim_id = window.new_claim_from_selection()
    assert claim_id
    assert claim_ops.get_claim(project, claim_id).text == "captured the grain mill and the old pumping station"
    assert view.highlight_count == 3  # the claim's appearance beside the annotation

    window.session.undo_stack.undo()  # the claim
    window.session.undo_stack.undo()  # the import: every annotation of the file
    assert view.highlight_count == 0
