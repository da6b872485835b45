"""The evidence dialog: URL (with an archived copy), file (with a thumbnail) and note evidence; editing any
piece of evidence, passages included; inline validation and refusals; undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from workbench.domain.model import EvidenceKind, EvidenceView, Stance
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as evidence_ops
from workbench.ui.evidence_dialog import EvidenceDialog
from workbench.ui.thumbnails import thumbnail

from .reasoning_helpers import Case, open_case

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    yield from open_case(tmp_path)


def _png(path: Path, width: int = 640, height: int = 400) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#5d7a8c"))
    assert image.save(str(path), "PNG")
    return path


def _dialog(qtbot: QtBot, case: Case, kind: EvidenceKind, evidence: EvidenceView | None = None) -> EvidenceDialog:
    dialog = EvidenceDialog(case.session, case.claim_id, kind, evidence=evidence)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _views(case: Case) -> dict[str, EvidenceView]:
    assert case.session.project is not None
    return {v.evidence.id: v for v in evidence_ops.evidence_views(case.session.project, case.claim_id)}


def _ok(qtbot: QtBot, dialog: EvidenceDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_url_evidence_with_an_archived_copy(qtbot: QtBot, case: Case) -> None:
    dialog = _dialog(qtbot, case, EvidenceKind.URL)
    assert dialog.windowTitle() == "Add a web page as evidence"
    assert dialog.accessed.text() == date.today().isoformat()
    assert not dialog.file.isVisible() and dialog.url.isVisible()
    dialog.url.setText("https://levant-monitor.example/bridge-abu-hamam")
    dialog.title.setText("Levant Monitor: the bridge at Abu Hamam")
    dialog.accessed.setText("2017-10-17")
    qtbot.mouseClick(dialog.stance_buttons[Stance.REFUTES], Qt.MouseButton.LeftButton)
    dialog.credibility.setCurrentIndex(dialog.credibility.findData(3))
    assert dialog.credibility.currentText() == "3 — Possibly true"
    assert "Euphrates Watch" in dialog.source.completer().model().stringList()  # type: ignore[union-attr]
    dialog.source.setText("Levant Monitor")
    dialog.note.setPlainText("Saved the page the same day.")
    dialog.choose_file = lambda _caption, _filter: str(FIXTURES / "importers" / "page-levant-monitor.html")
    qtbot.mouseClick(dialog.archive_button, Qt.MouseButton.LeftButton)
    assert dialog.archive.text().endswith("page-levant-monitor.html")
    _ok(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted and not case.errors
    view = _views(case)[dialog.evidence_id]
    ev = view.evidence
    assert (ev.kind, ev.stance, ev.credibility, ev.url, ev.accessed) == (
        EvidenceKind.URL, Stance.REFUTES, 3, "https://levant-monitor.example/bridge-abu-hamam", "2017-10-17")
    assert ev.title == "Levant Monitor: the bridge at Abu Hamam" and ev.note == "Saved the page the same day."
    assert view.source is not None and view.source.name == "Levant Monitor"  # a new source
    assert ev.archived_document_id
    assert case.session.project is not None
    assert doc_ops.get_document(case.session.project, ev.archived_document_id).filename == "page-levant-monitor.html"
    stack = case.session.undo_stack
    assert stack.undoText() == "Add evidence"
    stack.undo()
    assert dialog.evidence_id not in _views(case)
    stack.redo()
    assert _views(case)[dialog.evidence_id].evidence == ev


def test_url_is_checked_before_and_by_the_op(qtbot: QtBot, case: Case) -> None:
    dialog = _dialog(qtbot, case, EvidenceKind.URL)
    _ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.message.text() == "Enter the web address (https://…) of the page."
    assert dialog.focusWidget() is dialog.url
    dialog.url.setText("levant-monitor.example/bridge")
    _ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.message.text() == ("“levant-monitor.example/bridge” is not a web address: it must start with "
                                     "http:// or https://.")
    dialog.url.setText("https://levant-monitor.example/bridge")
    dialog.archive.setText(str(FIXTURES / "no-such-page.html"))
    _ok(qtbot, dialog)
    assert dialog.isVisible() and "no-such-page.html" in dialog.message.text()
    assert case.session.undo_stack.count() == 0 and len(_views(case)) == 1


def test_image_file_evidence_shows_a_thumbnail(qtbot: QtBot, case: Case, tmp_path: Path) -> None:
    png = _png(tmp_path / "bridge-satellite.png")
    dialog = _dialog(qtbot, case, EvidenceKind.FILE)
    assert not dialog.preview.isVisible()
    _ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.message.text() == "Choose the file to store as evidence (Browse…)."
    dialog.choose_file = lambda _caption, _filter: str(png)
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    assert dialog.file.text() == str(png)
    assert dialog.preview.isVisible()
    assert (dialog.preview.pixmap().width(), dialog.preview.pixmap().height()) == (160, 100)
    assert dialog.file_info.text().startswith("bridge-satellite.png · ")
    dialog.title.setText("Satellite image, 15 October")
    dialog.credibility.setCurrentIndex(dialog.credibility.findData(1))
    dialog.source.setText("euphrates watch")  # an existing source, by another spelling
    _ok(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    view = _views(case)[dialog.evidence_id]
    assert view.file is not None and view.file.media_type == "image/png" and view.file.filename == png.name
    assert view.evidence.stance is Stance.SUPPORTS and view.evidence.credibility == 1
    assert view.source is not None and view.source.name == "Euphrates Watch"
    assert case.session.project is not None
    assert evidence_ops.file_data(case.session.project, dialog.evidence_id) == png.read_bytes()
    # editing it shows the stored image, not a file chooser
    edit = _dialog(qtbot, case, EvidenceKind.NOTE, evidence=view)
    assert edit.kind is EvidenceKind.FILE and edit.windowTitle() == "Edit evidence"
    assert not edit.browse_button.isVisible() and edit.preview.isVisible()
    assert edit.file_info.text().startswith("bridge-satellite.png · image/png · ")


def test_a_non_image_file_has_no_thumbnail(qtbot: QtBot, case: Case, tmp_path: Path) -> None:
    notes = tmp_path / "call-notes.txt"
    notes.write_text("Called the municipality at 10:40.", encoding="utf-8")
    dialog = _dialog(qtbot, case, EvidenceKind.FILE)
    dialog.file.setText(str(notes))
    dialog.file.editingFinished.emit()
    assert not dialog.preview.isVisible() and dialog.file_info.text().startswith("call-notes.txt")
    assert thumbnail(notes.read_bytes(), 160) is None
    dialog.accept()
    assert _views(case)[dialog.evidence_id].file.media_type == "text/plain"  # type: ignore[union-attr]


def test_note_evidence(qtbot: QtBot, case: Case) -> None:
    dialog = _dialog(qtbot, case, EvidenceKind.NOTE)
    assert dialog.focusWidget() is dialog.note
    dialog.note.setPlainText("   ")
    _ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.message.text() == "Write the note: what you found out, and how."
    dialog.note.setPlainText("A ferry operator at Abou Hammam said by phone that the bridge was closed on 13 October.")
    qtbot.mouseClick(dialog.stance_buttons[Stance.CONTEXT], Qt.MouseButton.LeftButton)
    _ok(qtbot, dialog)
    assert not dialog.isVisible()
    ev = _views(case)[dialog.evidence_id].evidence
    assert (ev.kind, ev.stance, ev.credibility, ev.source_id) == (EvidenceKind.NOTE, Stance.CONTEXT, None, None)
    assert ev.note.startswith("A ferry operator")


def test_editing_passage_evidence(qtbot: QtBot, case: Case) -> None:
    view = _views(case)[case.evidence_id]
    dialog = _dialog(qtbot, case, EvidenceKind.PASSAGE, evidence=view)
    assert dialog.stance_buttons[Stance.SUPPORTS].isChecked()
    assert dialog.credibility.currentText() == "2 — Probably true"
    assert dialog.source.text() == "Euphrates Watch"
    for hidden in (dialog.url, dialog.accessed, dialog.archive, dialog.file, dialog.browse_button):
        assert not hidden.isVisible()
    qtbot.mouseClick(dialog.stance_buttons[Stance.REFUTES], Qt.MouseButton.LeftButton)
    dialog.credibility.setCurrentIndex(0)  # not graded
    dialog.source.setText("Levant Dispatch")
    dialog.title.setText("Satellite images")
    dialog.note.setPlainText("The missing section is visible.")
    _ok(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted and not case.errors
    new = _views(case)[case.evidence_id]
    assert (new.evidence.stance, new.evidence.credibility, new.evidence.title, new.evidence.note) == (
        Stance.REFUTES, None, "Satellite images", "The missing section is visible.")
    assert new.source is not None and new.source.name == "Levant Dispatch"
    assert new.passage == view.passage
    stack = case.session.undo_stack
    assert stack.undoText() == "Edit evidence"
    stack.undo()
    assert _views(case)[case.evidence_id] == view


def test_editing_url_evidence_refuses_a_bad_date(qtbot: QtBot, case: Case) -> None:
    assert case.session.project is not None
    ev_id, _ = evidence_ops.add_url_evidence(case.session.project, case.claim_id, "https://example.org/a",
                                             Stance.SUPPORTS, title="A page")
    dialog = _dialog(qtbot, case, EvidenceKind.URL, evidence=_views(case)[ev_id])
    assert dialog.url.text() == "https://example.org/a" and not dialog.archive.isVisible()
    dialog.accessed.setText("17/10/2017")
    _ok(qtbot, dialog)
    assert dialog.isVisible() and "“17/10/2017”" in dialog.message.text() and "YYYY-MM-DD" in dialog.message.text()
    dialog.accessed.setText("2017-10-17")
    _ok(qtbot, dialog)
    assert not dialog.isVisible() and _views(case)[ev_id].evidence.accessed == "2017-10-17"


def test_passage_evidence_cannot_be_added_here(case: Case) -> None:
    with pytest.raises(ValueError, match="reading pane"):
        EvidenceDialog(case.session, case.claim_id, EvidenceKind.PASSAGE)
