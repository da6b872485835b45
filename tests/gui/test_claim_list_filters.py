"""The claim list's structured filters, counts, corroboration display, and reopening keeps everything."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from workbench.domain.model import Stance
from workbench.ops import claims as claim_ops
from workbench.ops import evidence as ev_ops
from workbench.ops import project as project_ops
from workbench.ops import sources as src_ops
from workbench.ops import verdicts
from workbench.store.dump import dump
from workbench.ui.claim_panel import ALL, OPEN_DOCUMENT
from workbench.ui.main_window import MainWindow

from .conftest import ARTICLES, doc_id_titled, import_and_wait


def _claims(qtbot: QtBot, window: MainWindow) -> tuple[str, str, str]:
    import_and_wait(qtbot, window, [ARTICLES / "bridge-report.txt", ARTICLES / "bridge-followup.txt"])
    report = doc_id_titled(window, "Militia Says")
    followup = doc_id_titled(window, "Satellite Images")
    p = window.project
    t1 = window.session.query(lambda pr: claim_ops.document_text(pr, pr.db, report), default="")
    t2 = window.session.query(lambda pr: claim_ops.document_text(pr, pr.db, followup), default="")
    q1 = "the bridge was hit by an improvised explosive device at dawn"
    q2 = "a section of the pontoon bridge near Abou Hammam is missing"
    a, _ = claim_ops.create_claim_from_passage(p, report, t1.index(q1), t1.index(q1) + len(q1), claimant="Shaam Voice")
    b, _ = claim_ops.create_claim_from_passage(p, followup, t2.index(q2), t2.index(q2) + len(q2),
                                               claimant="Euphrates Watch")
    verdicts.set_verdict(p, a, rating="False", status="final")
    verdicts.set_tags(p, b, "satellite, bridge")
    window.refresh_all()
    return a, b, report


def test_structured_filters_and_counts(qtbot: QtBot, window: MainWindow) -> None:
    a, b, report = _claims(qtbot, window)
    panel = window.claims
    assert panel.count.text() == "2 claims"

    def pick(combo, value) -> list[str]:  # type: ignore[no-untyped-def]
        combo.setCurrentIndex(combo.findData(value))
        combo.activated.emit(combo.currentIndex())
        return [panel.proxy.index(i, 0).data(256) for i in range(panel.proxy.rowCount())]

    assert pick(panel.status_filter, "final") == [a]
    assert panel.count.text() == "1 of 2"
    assert pick(panel.status_filter, ALL) == [a, b]
    assert pick(panel.rating_filter, "False") == [a]
    assert pick(panel.rating_filter, "") == [b]  # not rated
    assert pick(panel.rating_filter, ALL) == [a, b]
    assert pick(panel.claimant_filter, "Euphrates Watch") == [b]
    assert pick(panel.claimant_filter, ALL) == [a, b]
    assert pick(panel.tag_filter, "satellite") == [b]
    assert pick(panel.tag_filter, ALL) == [a, b]
    window.open_document(report)
    assert pick(panel.document_filter, OPEN_DOCUMENT) == [a]
    window.open_document(doc_id_titled(window, "Satellite Images"))
    assert [panel.proxy.index(i, 0).data(256) for i in range(panel.proxy.rowCount())] == [b]
    assert pick(panel.document_filter, ALL) == [a, b]
    # sorting by the rating column puts the rated claim after the unrated one
    panel.table.sortByColumn(3, panel.table.horizontalHeader().sortIndicatorOrder().AscendingOrder)
    assert [panel.proxy.index(i, 0).data(256) for i in range(2)] == [b, a]


def test_corroboration_counts_affiliations_once(qtbot: QtBot, window: MainWindow) -> None:
    a, _b, _report = _claims(qtbot, window)
    p = window.project
    for name, affiliation in (("Dawn Press", "pro-government"), ("Al-Watan Today", "pro-government"),
                              ("Euphrates Watch", "independent")):
        sid = src_ops.resolve_source(p, name) if name == "Euphrates Watch" else src_ops.create_source(
            p, name, affiliation=affiliation)[0]
        if name == "Euphrates Watch":
            src_ops.update_source(p, sid, affiliation=affiliation)
        ev_ops.add_note_evidence(p, a, f"{name} says the bridge is intact.", Stance.REFUTES, source=name)
    window.claims.select_claim(a)
    assert window.claims.editor.evidence.summary.text() == (
        "Supports: 0 (0 independent) · Refutes: 3 (2 independent) · Context: 0")


def test_reopening_keeps_everything_history_included(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    a, _b, _report = _claims(qtbot, window)
    ev_ops.add_url_evidence(window.project, a, "https://example.org/a", Stance.CONTEXT, title="A page")
    path = window.project.path
    before = dump(window.project.db, include_history=True)
    window.close_project()
    project = project_ops.open_project(path)
    try:
        assert dump(project.db, include_history=True) == before
    finally:
        project.close()
