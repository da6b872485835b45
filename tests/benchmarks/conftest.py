"""Benchmark fixtures: generated projects built once per session, and a shown main window.

The benchmarks run in two modes:

* ``make bench`` (``pytest tests/benchmarks --benchmark-only``): several rounds each, timings reported;
* the normal suite (``--benchmark-disable``): each benchmarked function runs once, as a correctness test.

Expensive data (a 10 MB article with 10,000 highlights, a project with 1,000 claims, 100 files to import,
the demo project) is generated once per session here and copied where a benchmark changes it.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import bench_corpus as corpus  # noqa: E402

from workbench.ops import claims as claim_ops  # noqa: E402
from workbench.ops import documents as doc_ops  # noqa: E402
from workbench.ops.project import create_project  # noqa: E402
from workbench.ui.main_window import MainWindow  # noqa: E402


@dataclass(frozen=True)
class BigDoc:
    """A generated article stored in the big project, with what the benchmarks check against."""

    id: str
    text: str  # canonical text as stored (code points)
    ranges: list[tuple[int, int]]  # the highlighted ranges
    free_ranges: list[tuple[int, int]]  # sentences between them, not highlighted yet
    claim_ids: list[str]

    @property
    def highlights(self) -> int:
        return len(self.ranges)


@dataclass(frozen=True)
class BigProject:
    path: Path
    small_id: str
    docs: dict[str, BigDoc]  # "1mb" / "10mb"
    claims: int


@dataclass(frozen=True)
class ClaimsProject:
    path: Path
    doc_ids: list[str]
    claim_ids: list[str]
    evidence: int
    highlights_per_doc: dict[str, int]


BIG_DOCS = {"1mb": (1_000_000, 1_000), "10mb": (10_000_000, 10_000)}


@pytest.fixture(scope="session")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> BigProject:
    """One short article, a 1 MB article with 1,000 highlights and a 10 MB one with 10,000 (~6 s to build)."""
    path = tmp_path_factory.mktemp("big") / "big.fcw"
    project = create_project(path)
    try:
        small_id = corpus.import_text(project, corpus.short_article(1), "short-report.txt")
        docs: dict[str, BigDoc] = {}
        claims = 0
        for key, (chars, count) in BIG_DOCS.items():
            doc_id = corpus.import_text(project, corpus.article_text(chars, seed=chars), f"live-{key}.txt")
            text = doc_ops.get_document(project, doc_id).text
            ranges = corpus.passage_ranges(text, count)
            claim_ids = corpus.add_highlights(project, doc_id, ranges)
            claims += len(claim_ids)
            free = corpus.passage_ranges(text, count, phase=0.5)
            docs[key] = BigDoc(doc_id, text, ranges, free, claim_ids)
            assert len(claim_ops.highlights(project, doc_id)) == count
    finally:
        project.close()
    return BigProject(path, small_id, docs, claims)


@pytest.fixture(scope="session")
def claims_project(tmp_path_factory: pytest.TempPathFactory) -> ClaimsProject:
    """Ten 30 KB articles and 1,000 claims, each stated in one and with 1-2 pieces of evidence in others."""
    path = tmp_path_factory.mktemp("claims") / "claims.fcw"
    project = create_project(path)
    try:
        doc_ranges: dict[str, list[tuple[int, int]]] = {}
        for i in range(10):
            doc_id = corpus.import_text(project, corpus.article_text(30_000, seed=500 + i), f"article-{i}.txt")
            doc_ranges[doc_id] = corpus.passage_ranges(doc_ops.get_document(project, doc_id).text, 200)
        claim_ids = corpus.add_claims_across(project, doc_ranges, 1_000)
        per_doc = {d: len(claim_ops.highlights(project, d)) for d in doc_ranges}
    finally:
        project.close()
    evidence = sum(1 + i % 2 for i in range(1_000))
    return ClaimsProject(path, list(doc_ranges), claim_ids, evidence, per_doc)


@pytest.fixture(scope="session")
def import_folder(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """100 generated text articles of about 3 KB each."""
    return corpus.write_articles(tmp_path_factory.mktemp("imports"), 100, chars=3000)


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the demo project, built once (not part of the cold start measured)."""
    from workbench.app import ensure_demo_project

    data = tmp_path_factory.mktemp("demo-data")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_DATA_DIR", str(data))
        path = ensure_demo_project()
    assert path.parent == data and path.exists()
    return data


@pytest.fixture
def project_copy(tmp_path: Path) -> Callable[[Path], Path]:
    """Copy a cached project file into this test's folder (benchmarks that change it use the copy)."""

    def copy(path: Path) -> Path:
        target = tmp_path / path.name
        shutil.copyfile(path, target)
        return target

    return copy


@pytest.fixture
def shown_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """A real main window, shown offscreen at a laptop size, with isolated settings."""
    window = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window.ask = lambda _title, _question: True
    qtbot.addWidget(window)
    window.resize(1400, 860)
    # Lay out before the platform window exists: setting the minimum size on a shown window makes the
    # offscreen plugin warn "This plugin does not support propagateSizeHints()", and Qt warnings fail tests.
    window.layout().activate()
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    QApplication.processEvents()
