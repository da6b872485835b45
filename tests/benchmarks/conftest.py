"""Benchmark fixtures: generated projects built once per session, and a shown main window.

The benchmarks run in two modes:

* ``make bench`` (``pytest tests/benchmarks --benchmark-only``): several rounds each, timings reported;
* the normal suite (``--benchmark-disable``): each benchmarked function runs once, as a correctness test, on
  smaller data (``small_data``): the same code paths in a few seconds instead of a minute.

Every benchmark's budget is in ``budgets.py`` and asserted by ``make bench`` only (``budgets.check``); a
benchmark that forgets to call it fails (``pytest_runtest_makereport`` below).

Expensive data (a 10 MB article with 10,000 highlights, a project with 1,000 claims, 100 files to import,
the demo project) is generated once per session here and copied where a benchmark changes it.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import bench_corpus as corpus  # noqa: E402
from bench_corpus import BigDoc, BigProject, ClaimsProject  # noqa: E402

from workbench.domain.offsets import OffsetMap  # noqa: E402
from workbench.ops import claims as claim_ops  # noqa: E402
from workbench.ops import documents as doc_ops  # noqa: E402
from workbench.ops.project import create_project  # noqa: E402
from workbench.ui.application import configure_interpreter  # noqa: E402
from workbench.ui.main_window import MainWindow  # noqa: E402

configure_interpreter()  # as the app's process is set up (make_application): the windows here are built directly

# (characters, highlights) of the big article; the normal suite uses a tenth of each (small_data).
BIG_DOCS = {"1mb": (1_000_000, 1_000), "10mb": (10_000_000, 10_000)}
SMALL_BIG_DOCS = {"1mb": (100_000, 100), "10mb": (1_000_000, 1_000)}


def small_data(config: pytest.Config) -> bool:
    """True in the normal suite (``--benchmark-disable``): fixtures build smaller data, no budget is asserted."""
    return bool(config.getoption("benchmark_disable", False))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    """A benchmark that passes without calling ``budgets.check`` (which records its budget) fails."""
    report: pytest.TestReport = yield
    benchmark = getattr(item, "funcargs", {}).get("benchmark")
    if report.when == "call" and report.passed and benchmark is not None and "budget_s" not in benchmark.extra_info:
        report.outcome = "failed"
        report.longrepr = f"{item.name} does not check its budget: call budgets.check (tests/benchmarks/budgets.py)"
    return report


@pytest.fixture(scope="session")
def big_docs(request: pytest.FixtureRequest) -> dict[str, tuple[int, int]]:
    """(characters, highlights) of each big article in this run."""
    return SMALL_BIG_DOCS if small_data(request.config) else BIG_DOCS


@pytest.fixture(scope="session")
def big_projects(tmp_path_factory: pytest.TempPathFactory, big_docs: dict[str, tuple[int, int]]
                 ) -> dict[str, BigProject]:
    """Two projects, each with one short article and a big one (~35 s to build both; ~3 s in the normal suite).

    "1mb": a 1 MB live blog with 1,000 highlights (100 claims, each stated once with 9 pieces of evidence);
    "10mb": a 10 MB live blog with 10,000 highlights (1,000 claims).
    In the normal suite each is a tenth of that (100 KB / 100 highlights, 1 MB / 1,000 highlights).
    """
    projects = {}
    folder = tmp_path_factory.mktemp("big")
    for key, (chars, count) in big_docs.items():
        path = folder / f"live-{key}.fcw"
        project = create_project(path)
        try:
            short = corpus.short_article(1, date="December 9, 2017")  # the newest: listed and opened first
            small_id = corpus.import_text(project, short, "short-report.txt")
            doc_id = corpus.import_text(project, corpus.article_text(chars, seed=chars), f"live-{key}.txt")
            text = doc_ops.get_document(project, doc_id).text
            assert OffsetMap(text).has_astral and "\u0627" in text  # emoji shift UTF-16 offsets; Arabic is RTL
            ranges = corpus.passage_ranges(text, count)
            claim_ids = corpus.add_highlights(project, doc_id, ranges)
            free = corpus.passage_ranges(text, count, phase=0.5)
            assert len(claim_ops.highlights(project, doc_id)) == count
            assert doc_ops.list_documents(project)[0].id == small_id
        finally:
            project.close()
        projects[key] = BigProject(path, small_id, BigDoc(doc_id, text, ranges, free, claim_ids))
    return projects


@pytest.fixture(scope="session")
def claims_project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> ClaimsProject:
    """Ten 60 KB articles and 1,000 claims, each stated in one and with 1-2 pieces of evidence in others
    (normal suite: five articles, 200 claims)."""
    small = small_data(request.config)
    docs, claims = (5, 200) if small else (10, 1_000)
    path = tmp_path_factory.mktemp("claims") / "claims.fcw"
    project = create_project(path)
    try:
        doc_ranges: dict[str, list[tuple[int, int]]] = {}
        for i in range(docs):
            doc_id = corpus.import_text(project, corpus.article_text(60_000, seed=500 + i), f"article-{i}.txt")
            doc_ranges[doc_id] = corpus.passage_ranges(doc_ops.get_document(project, doc_id).text, 300)
        claim_ids = corpus.add_claims_across(project, doc_ranges, claims)
        per_doc = {d: len(claim_ops.highlights(project, d)) for d in doc_ranges}
    finally:
        project.close()
    evidence = sum(1 + i % 2 for i in range(claims))
    return ClaimsProject(path, list(doc_ranges), claim_ids, evidence, per_doc)


@pytest.fixture(scope="session")
def import_folder(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """100 generated text articles of about 3 KB each (20 in the normal suite)."""
    count = 20 if small_data(request.config) else 100
    return corpus.write_articles(tmp_path_factory.mktemp("imports"), count, chars=3000)


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the demo project, built once (not part of the cold start measured)."""
    from workbench.app import ensure_demo_project

    data = tmp_path_factory.mktemp("demo-data")
    # The shipped app imports compiled bytecode (PyInstaller bundles it; pip compiles site-packages on install).
    # A source checkout run with PYTHONDONTWRITEBYTECODE=1 would otherwise recompile the package in every fresh
    # process, so the cold-start benchmarks would time the compiler. compileall writes the __pycache__ files.
    import compileall

    import workbench

    assert compileall.compile_dir(Path(workbench.__file__).parent, quiet=1)
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
    # Lay out before the platform window exists: a minimum-size change on a shown window makes the offscreen
    # plugin warn "This plugin does not support propagateSizeHints()" (harmless, offscreen only; the modules
    # that open projects in a shown window also mark it ignored, since the claim list can change it).
    layout = window.layout()
    assert layout is not None
    layout.activate()
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    QApplication.processEvents()
