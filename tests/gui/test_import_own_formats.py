"""Issue 13, point 7 — the app's own formats are recognised by content wherever files are imported, the window's
drop included: a project bundle is merged in as `workbench import` does, a damaged one is refused with the
reason, exported ClaimReview is refused as not articles; never a document titled "{". Exported Web Annotations
(and Hypothesis API JSON) are imported as annotations onto the project's documents (issue 13 point 6): here the
bundle dropped with them already holds their passages, so they are "already imported"; the command line's
``import`` of them says to use ``workbench annotations import``."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops
from workbench.ops import reports, verdicts
from workbench.ops import settings as settings_ops
from workbench.ops.documents import ImportStatus
from workbench.ui.main_window import MainWindow

OPS = Path(__file__).resolve().parents[1] / "fixtures" / "ops"


@pytest.fixture
def exports(tmp_path: Path) -> dict[str, Path]:
    """A bundle, a ClaimReview and a Web Annotations export of a small project (one final, rated claim)."""
    project = project_ops.create_project(tmp_path / "source.fcw")
    try:
        (outcome,), _ = doc_ops.import_files(project, [OPS / "khirbet-nour-clashes.txt"])
        start, end = claim_ops.locate_quote(project, outcome.document_id, "captured the grain mill")
        claim_id, _ = claim_ops.create_claim_from_passage(project, outcome.document_id, start, end,
                                                          claimant="Local sources")
        verdicts.set_verdict(project, claim_id, rating="False", status="final")
        settings_ops.set_settings(project, base_url="https://checks.example/k/")
        out = {}
        for fmt, name in (("bundle", "desk-copy.json"), ("claimreview", "reviews.jsonld"),
                          ("annotations", "highlights.txt")):  # any name: recognised by content
            out[fmt] = tmp_path / name
            reports.export(project, fmt, None, out[fmt])
    finally:
        project.close()
    damaged = tmp_path / "broken.json"
    damaged.write_bytes(out["bundle"].read_bytes()[:400])
    out["damaged"] = damaged
    return out


def _drop(window: MainWindow, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))


def test_dropping_the_apps_own_files(qtbot: QtBot, window: MainWindow, exports: dict[str, Path]) -> None:
    with qtbot.waitSignal(window.import_finished, timeout=30000) as blocker:
        _drop(window, [exports["bundle"], exports["damaged"], exports["claimreview"], exports["annotations"]])
    outcomes = {Path(o.path).name: o for o in blocker.args[0]}
    assert outcomes["desk-copy.json"].status is ImportStatus.IMPORTED  # merged in: its document and claim
    assert "desk-copy.json" in window.statusBar().currentMessage()
    assert [r.claim.text for r in claim_ops.list_claims(window.project)] == ["captured the grain mill"]
    assert window.library.model.rowCount() == 1
    assert outcomes["broken.json"].status is ImportStatus.REJECTED
    assert "damaged project bundle" in outcomes["broken.json"].line()
    assert "ClaimReview" in outcomes["reviews.jsonld"].reason
    annotations = outcomes["highlights.txt"]  # recognised by content, imported as annotations: already there
    assert annotations.status is ImportStatus.DUPLICATE and "already imported" in annotations.line()
    assert annotations.result is not None and annotations.result.format == "w3c"
    titles = [d.metadata.title for d in doc_ops.list_documents(window.project)]
    assert not any(t.lstrip().startswith(("{", "[")) for t in titles)
    text = window.import_report.findChild(type(window.reading.view).__mro__[1], "importReport").toPlainText()
    assert "broken.json" in text and "reviews.jsonld" in text and "highlights.txt" in text
    window.import_report.close()


def test_the_command_line_refuses_exported_json_ld_as_a_document(exports: dict[str, Path], tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench import cli

    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    project = tmp_path / "desk.fcw"
    project_ops.create_project(project).close()
    code = cli.main(["import", str(project), str(exports["claimreview"]), str(exports["annotations"])])
    out, err = capsys.readouterr()
    assert code != 0 or "rejected" in out + err
    assert "ClaimReview" in out + err and "Web Annotations" in out + err
    assert "workbench annotations import" in out + err
    opened = project_ops.open_project(project, read_only=True)
    try:
        assert doc_ops.list_documents(opened) == []
    finally:
        opened.close()
