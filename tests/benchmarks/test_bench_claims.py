"""The claim list and the claim editor under load (issue 3).

Budgets (budgets.py; medians on the 2-core development machine): filtering the claim list of 10,000 claims
< 100 ms; opening a claim with 200 pieces of evidence in the editor < 150 ms. Both are measured on a shown
``ClaimPanel`` and include the repaint that follows (``processEvents``), i.e. what the user waits for.

The project (10,000 claims, one of them with 200 pieces of evidence of every kind) is built once per session.
Making 10,000 claims through the ops, one transaction each, would take minutes: the claims, their passages,
appearances and tags are written with the store functions inside one ``project.write()``; the 200 pieces of
evidence go through the ops (nested in one transaction, document texts read once: see ``texts_read_once``).
The normal suite (a correctness run) uses 2,000 claims over five 100 KB articles, with the same 200 pieces.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import bench_corpus as corpus  # tests/benchmarks is on sys.path (see conftest)
import budgets
import pytest
from bench_widgets import shown_claim_panel
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytest_benchmark.fixture import BenchmarkFixture
from pytestqt.qtbot import QtBot

from workbench.domain.model import ClaimStatus, EvidenceKind, Stance
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as ev_ops
from workbench.ops import sources as src_ops
from workbench.ops.project import Project, create_project, open_project
from workbench.ui.claim_panel import ClaimPanel
from workbench.ui.session import Session

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints", extend=True)

CLAIMS, SMALL_CLAIMS = 10_000, 2_000  # the normal suite's project is smaller (a correctness run)
DOC_CHARS, SMALL_DOC_CHARS = 300_000, 100_000
EVIDENCE = 200
DOCS = 5
RATINGS = ("", "False", "Unproven", "Mostly false", "Misleading", "", "True")
TAGS = ((), ("handover",), ("shelling",), (), ("casualties",))
AFFILIATED = (("SANA", "pro-government"), ("Levant News Agency", "pro-government"),
              ("Euphrates Post", "pro-opposition"), ("Amaq", "ISIS-linked"), ("Hawar News", "SDF-affiliated"),
              ("Residents reached by phone", ""), ("Nurse at the field hospital", ""))
QUERY = "tal sarmin"


@dataclass(frozen=True)
class ClaimListProject:
    path: Path
    big_claim: str  # the claim with EVIDENCE pieces of evidence
    small_claim: str  # a claim with none (shown between rounds)
    by_stance: dict[Stance, int]
    files: int
    claims: int  # CLAIMS (SMALL_CLAIMS in the normal suite)


def png(width: int, height: int) -> bytes:
    """A real (RGB, gradient) PNG image, so that thumbnails are decoded as in use."""
    raw = b"".join(b"\x00" + bytes(c for x in range(width) for c in (x * 4 % 256, y * 5 % 256, 90))
                   for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _seed_claims(project: Project, doc_ids: list[str], count: int) -> list[str]:
    """``count`` claims of every status spread over the documents (``bench_corpus.seed_claims``)."""
    return corpus.seed_claims(
        project, doc_ids, count,
        lambda i: {"status": list(ClaimStatus)[i % 3], "rating": RATINGS[i % len(RATINGS)],
                   "summary": "Checked against the ministry's statement" if i % 11 == 0 else ""},
        lambda i: TAGS[i % len(TAGS)] + (("Tal Sarmin",) if i % 97 == 0 else ()))  # a few tagged with a place


def _seed_evidence(project: Project, claim_id: str, doc_ids: list[str], folder: Path) -> tuple[dict[Stance, int], int]:
    """EVIDENCE pieces of evidence through the ops: 120 passages, 40 URLs, 30 notes, 10 image files."""
    known = {src.name: src.id for src in src_ops.list_sources(project)}  # the claimants
    for name, affiliation in AFFILIATED:
        reliability = "BCDEF"[len(name) % 5]
        if name in known:
            src_ops.update_source(project, known[name], affiliation=affiliation, reliability=reliability)
        else:
            src_ops.create_source(project, name, affiliation=affiliation, reliability=reliability)
    images = []
    for k in range(10):
        path = folder / f"photo-{k}.png"
        path.write_bytes(png(96 + 8 * k, 64))
        images.append(path)
    free = {d: corpus.passage_ranges(doc_ops.get_document(project, d).text, 40, phase=0.5) for d in doc_ids}
    by_stance = dict.fromkeys(Stance, 0)
    with corpus.texts_read_once(project):
        for i in range(EVIDENCE):
            stance = corpus.STANCES[i % 3]
            source = AFFILIATED[i % len(AFFILIATED)][0] if i % 5 else None
            credibility = 1 + i % 6 if i % 4 else None
            if i < 120:
                doc = doc_ids[i % len(doc_ids)]
                claim_ops.add_passage_evidence(project, claim_id, doc, *free[doc][i // len(doc_ids)], stance,
                                               credibility=credibility, source=source)
            elif i < 160:
                ev_ops.add_url_evidence(project, claim_id, f"https://monitor.example/2017/12/report-{i}", stance,
                                        title=f"Report {i}: conflicting accounts from Tal Sarmin",
                                        accessed="2017-12-07", note="Saved as PDF" if i % 2 else "",
                                        credibility=credibility, source=source)
            elif i < 190:
                ev_ops.add_note_evidence(project, claim_id, f"Call {i}: a resident says the army is still there.",
                                         stance, credibility=credibility, source=source)
            else:
                ev_ops.add_file_evidence(project, claim_id, images[i - 190], stance, credibility=credibility,
                                         source=source)
            by_stance[stance] += 1
    return by_stance, len(images)


@pytest.fixture(scope="session")
def claim_list_project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> ClaimListProject:
    """10,000 claims over five 300 KB articles; one claim with 200 pieces of evidence (~10 s to build).

    The normal suite: 2,000 claims over five 100 KB articles (~2 s).
    """
    small_data = request.config.getoption("benchmark_disable", False)
    count, chars = (SMALL_CLAIMS, SMALL_DOC_CHARS) if small_data else (CLAIMS, DOC_CHARS)
    folder = tmp_path_factory.mktemp("claim-list")
    path = folder / f"claims-{count}.fcw"
    project = create_project(path)
    try:
        doc_ids = [corpus.import_text(project, corpus.article_text(chars, seed=900 + i), f"live-{i}.txt")
                   for i in range(DOCS)]
        ids = _seed_claims(project, doc_ids, count)
        big, small = ids[count // 2], ids[count // 2 + 1]
        by_stance, files = _seed_evidence(project, big, doc_ids, folder)
        assert len(claim_ops.list_claims(project)) == count
        assert len(ev_ops.evidence_views(project, big)) == EVIDENCE
    finally:
        project.close()
    return ClaimListProject(path, big, small, by_stance, files, count)


@pytest.fixture
def panel(qtbot: QtBot, claim_list_project: ClaimListProject) -> Iterator[ClaimPanel]:
    """A shown claim panel on the project (read-only: the cached file is never changed), rows loaded."""
    session = Session()
    session.set_project(open_project(claim_list_project.path, read_only=True))
    widget, errors = shown_claim_panel(qtbot, session, refresh=True)
    assert widget.model.rowCount() == claim_list_project.claims
    yield widget
    assert errors == []
    widget.close()
    session.set_project(None)
    assert session.project is None
    QApplication.processEvents()


def _searchable(panel: ClaimPanel, row: int) -> str:
    """What a user can see of a claim in the list: its text, claimant, rating, summary and tags."""
    r = panel.model.rows[row]
    return " ".join((r.claim.text, r.claimant, r.claim.rating, r.claim.summary, *r.tags)).casefold()


def _choose_status(panel: ClaimPanel, value: str | None) -> None:
    """Pick a status (None: any, the first entry) in the panel's status filter as the user does
    (``activated`` is emitted by clicks only)."""
    combo = panel.status_filter
    index = 0 if value is None else combo.findData(value)
    assert index >= 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


@pytest.mark.parametrize("filters", ["text", "status+text"])
def test_filter_10000_claims(benchmark: BenchmarkFixture, panel: ClaimPanel, claim_list_project: ClaimListProject,
                             filters: str) -> None:
    with_status = filters == "status+text"
    assert hasattr(panel, "status_filter")
    claims = claim_list_project.claims
    assert claims == (SMALL_CLAIMS if benchmark.disabled else CLAIMS)
    assert panel.proxy.rowCount() == claims

    def unfiltered() -> None:
        if with_status:
            _choose_status(panel, None)
        panel.filter.setText("")
        QApplication.processEvents()
        assert panel.proxy.rowCount() == claims

    def filter_claims() -> int:
        if with_status:
            _choose_status(panel, ClaimStatus.REVIEW.value)
        panel.filter.setText(QUERY)
        QApplication.processEvents()  # the table and the count label are updated and painted
        return panel.proxy.rowCount()

    shown = benchmark.pedantic(filter_claims, setup=unfiltered, rounds=15, iterations=1, warmup_rounds=1)

    wanted = [row for row in range(claims) if QUERY in _searchable(panel, row)
              and (not with_status or panel.model.rows[row].claim.status is ClaimStatus.REVIEW)]
    assert claims // 200 < shown == len(wanted) < claims // 10
    visible = sorted(panel.proxy.mapToSource(panel.proxy.index(i, 0)).row() for i in range(shown))
    assert visible == wanted
    assert panel.count.text() == f"{shown} of {claims}"
    budgets.check(benchmark)


def test_open_claim_with_200_evidence(benchmark: BenchmarkFixture, panel: ClaimPanel,
                                      claim_list_project: ClaimListProject) -> None:
    project = claim_list_project
    editor = panel.editor
    editor.tabs.setCurrentWidget(editor.evidence)  # the tab that shows the 200 pieces

    def show_another_claim() -> None:
        panel.select_claim(project.small_claim)
        QApplication.processEvents()
        assert editor.claim_id == project.small_claim and editor.evidence.count() == 0

    def open_big_claim() -> None:
        panel.select_claim(project.big_claim)
        QApplication.processEvents()  # laid out and painted

    benchmark.pedantic(open_big_claim, setup=show_another_claim, rounds=10, iterations=1, warmup_rounds=1)

    assert editor.claim_id == project.big_claim == panel.current_claim
    assert editor.evidence.count() == EVIDENCE
    assert {s: len(editor.evidence.items_of(s)) for s in Stance} == project.by_stance
    assert editor.tabs.tabText(1) == f"Evidence ({EVIDENCE})"
    kinds = [v.evidence.kind for s in Stance for v in editor.evidence.items_of(s)]
    assert {k: kinds.count(k) for k in EvidenceKind} == {EvidenceKind.PASSAGE: 120, EvidenceKind.URL: 40,
                                                         EvidenceKind.NOTE: 30, EvidenceKind.FILE: project.files}
    icons = [it for g in editor.evidence.groups.values() for it in (g.child(i) for i in range(g.childCount()))
             if not it.icon(0).isNull()]
    assert len(icons) == project.files  # the images are shown as thumbnails
    selected = panel.table.currentIndex()
    assert selected.isValid() and selected.data(Qt.ItemDataRole.UserRole) == project.big_claim
    budgets.check(benchmark)
