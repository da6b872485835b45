"""Growth at three sizes (issue 15): each core operation timed at sizes growing 10× a step, with the ratios.

A fixed budget at one size says nothing of the shape: an operation that is quadratic in the number of
highlights can still meet its budget at today's sizes. Each benchmark here times one operation at three sizes
(10× apart), records the times and the ratio of each step (``extra_info``), prints them in a table at the end
of the run (also written to ``.benchmarks/growth.txt``), and asserts (budgets.py, measure "ratio") that the
largest ratio stays under a bound chosen per operation:

* linear operations (open an article, load the claim list, export, import): ~10× a step is expected; the bound
  is 30× — three times linear, and far under the 100× of a quadratic step;
* operations meant to cost the same whatever the size (add one highlight to a document holding N highlights):
  ~1× expected, bound 3× (an O(N) step would be ~10×);
* full-text search: its ranking window (``store/search_query.WINDOW``, 4,000 matches) caps the work per query,
  so it is sub-linear — ~2-3× from 1,000 to 10,000 articles (common words reach the window), ~1-2× beyond;
  bound 6× (a search that read every match again would be ~10× a step).

Each size's figure is the fastest of several rounds (more rounds at the small sizes, where a round takes
milliseconds; ``extra_info`` has the medians too): other processes on the 2 shared cores only ever add time, so
the fastest round is the operation's own cost and the ratios are not the machine's noise (medians moved the
add-a-highlight ratio between 0.8× and 2.3× from run to run). The bounds leave room for a loaded machine.

The normal suite (``--benchmark-disable``) runs each operation once at smaller sizes (a tenth, or less: the
search over 2 / 20 / 200 articles), as a correctness test (no timing asserted), in a few seconds.

The search corpora of 1,000 / 10,000 / 100,000 articles, their index built, are kept between ``make bench`` runs
in ``.benchmarks/corpus/growth-indexed-*`` (1.5 GB, git-ignored) under a key made of the source that generates,
stores and indexes the articles (``_index_key``). Built afresh they take about 6 minutes, nearly all of it the
100,000 articles' index (the articles themselves come from the search benchmarks' cache,
``test_bench_search._cached_build``); from the cache they are opened read-only where they are, not copied.
``WORKBENCH_SEARCH_BENCH_CACHE=0`` builds them afresh in the run's temporary folder.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import bench_corpus as corpus  # tests/benchmarks is on sys.path (see conftest)
import budgets
import pytest
import search_corpus
import test_bench_search as search_bench
from bench_corpus import BigDoc, BigProject
from bench_widgets import shown_claim_panel
from PySide6.QtWidgets import QApplication
from pytest_benchmark.fixture import BenchmarkFixture
from pytestqt.qtbot import QtBot

from workbench.domain.model import DEFAULT_RATINGS, ClaimStatus, Stance
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import reports
from workbench.ops import search as search_ops
from workbench.ops.project import Project, create_project, open_project
from workbench.ui.main_window import MainWindow
from workbench.ui.session import Session

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints", extend=True)

HERE = Path(__file__).resolve().parent
RESULTS = HERE.parent.parent / ".benchmarks" / "growth.txt"


def _small(benchmark: BenchmarkFixture) -> bool:
    return bool(benchmark.disabled)


# ---------------------------------------------------------------------------------------------------------------
# Measuring and reporting


@dataclass
class Growth:
    operation: str
    labels: tuple[str, str, str]
    seconds: list[float] = field(default_factory=list)  # the fastest round at each size
    medians: list[float] = field(default_factory=list)
    rounds: list[int] = field(default_factory=list)

    @property
    def ratios(self) -> list[float]:
        return [b / a for a, b in zip(self.seconds, self.seconds[1:], strict=False)]

    def row(self) -> str:
        cells = [f"{self.operation:<34}"]
        for i, (label, seconds) in enumerate(zip(self.labels, self.seconds, strict=True)):
            cell = f"{label:>6} {_ms(seconds):>9}"
            if i:
                cell += f" (×{self.ratios[i - 1]:.1f})"
            cells.append(f"{cell:<25}")
        return "  ".join(cells).rstrip()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


class _Table:
    """Collects the rows; prints them at the end of the run (a pytest plugin registered by the first benchmark)."""

    def __init__(self) -> None:
        self.rows: list[Growth] = []

    def text(self) -> str:
        head = "growth at three sizes (fastest round per size; ×: ratio to the size 10× smaller)"
        return "\n".join([head, *(g.row() for g in self.rows)])

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.rows:
            terminalreporter.write_sep("-", "growth")
            terminalreporter.write_line(self.text())


_TABLE = _Table()


@pytest.fixture
def table(request: pytest.FixtureRequest) -> _Table:
    if not request.config.pluginmanager.is_registered(_TABLE):
        request.config.pluginmanager.register(_TABLE, "growth-table")
    return _TABLE


def _grow(benchmark: BenchmarkFixture, table: _Table, growth: Growth,
          measure: Callable[[int], list[float]], rounds: tuple[int, int, int]) -> None:
    """Time ``measure(rounds)`` (the next size's round timings) at each size, record, print, check the ratio."""

    def run_all() -> None:
        for i in range(3):
            timings = measure(1 if benchmark.disabled else rounds[i])
            assert timings
            growth.seconds.append(min(timings))
            growth.medians.append(statistics.median(timings))
            growth.rounds.append(len(timings))

    benchmark.pedantic(run_all, rounds=1, iterations=1)
    worst = max(growth.ratios)
    benchmark.extra_info.update(
        sizes=list(growth.labels), fastest_s=[round(s, 6) for s in growth.seconds],
        median_s=[round(s, 6) for s in growth.medians], rounds=growth.rounds,
        ratios=[round(r, 2) for r in growth.ratios], worst_ratio=round(worst, 2))
    if not benchmark.disabled:
        table.rows.append(growth)
        print(growth.row())
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(table.text() + "\n", encoding="utf-8")
    budgets.check(benchmark, worst)


# ---------------------------------------------------------------------------------------------------------------
# The reading pane: opening an article of 100 KB / 1 MB / 10 MB; adding one highlight to it


def _live_blog(path: Path, chars: int, count: int) -> BigProject:
    """A project with a short article and a live blog of ``chars`` characters with ``count`` highlights, made as
    conftest's ``big_projects`` are (the 1 MB and 10 MB ones are those)."""
    project = create_project(path)
    try:
        short = corpus.short_article(1, date="December 9, 2017")
        small_id = corpus.import_text(project, short, "short-report.txt")
        doc_id = corpus.import_text(project, corpus.article_text(chars, seed=chars), f"live-{chars}.txt")
        text = doc_ops.get_document(project, doc_id).text
        ranges = corpus.passage_ranges(text, count)
        claim_ids = corpus.add_highlights(project, doc_id, ranges)
        free = corpus.passage_ranges(text, count, phase=0.5)
    finally:
        project.close()
    return BigProject(path, small_id, BigDoc(doc_id, text, ranges, free, claim_ids))


@pytest.fixture(scope="session")
def live_blogs(tmp_path_factory: pytest.TempPathFactory, big_projects: dict[str, BigProject],
               big_docs: dict[str, tuple[int, int]]) -> list[BigProject]:
    """Three live blogs with one highlight a KB: 100 KB / 1 MB / 10 MB (the normal suite: a tenth of each)."""
    chars, count = big_docs["1mb"]
    smallest = _live_blog(tmp_path_factory.mktemp("growth-live") / "live-100kb.fcw", chars // 10, count // 10)
    return [smallest, big_projects["1mb"], big_projects["10mb"]]


def _labels_bytes(blogs: list[BigProject]) -> tuple[str, str, str]:
    return _labels_bytes_n([len(b.doc.text) for b in blogs])


def _open(window: MainWindow, big: BigProject, tmp_path: Path) -> BigDoc:
    target = tmp_path / big.path.name
    shutil.copyfile(big.path, target)
    assert window.open_project_path(target)
    assert window.current_document_id == big.small_id
    return big.doc


def test_growth_open_document(benchmark: BenchmarkFixture, table: _Table, shown_window: MainWindow,
                              live_blogs: list[BigProject], tmp_path: Path) -> None:
    """Open an article in the reading pane (text, highlights, first paint): 100 KB / 1 MB / 10 MB, with
    100 / 1,000 / 10,000 highlights. Linear in the text and the highlights."""
    window = shown_window
    view = window.reading.view
    sizes = iter(live_blogs)

    def measure(rounds: int) -> list[float]:
        big = next(sizes)
        doc = _open(window, big, tmp_path)
        timings = []
        for _ in range(rounds):
            window.open_document(big.small_id)  # not timed: another document is shown between rounds
            QApplication.processEvents()
            start = time.perf_counter()
            window.open_document(doc.id)
            view.viewport().repaint()
            QApplication.processEvents()
            timings.append(time.perf_counter() - start)
            assert view.highlight_count == doc.highlights
        assert window.reading.document is not None and window.reading.document.text == doc.text
        return timings

    growth = Growth("open an article (reading pane)", _labels_bytes(live_blogs))
    _grow(benchmark, table, growth, measure, rounds=(15, 9, 5))


def test_growth_add_highlight(benchmark: BenchmarkFixture, table: _Table, shown_window: MainWindow,
                              live_blogs: list[BigProject], tmp_path: Path) -> None:
    """Add one highlight (a selection as evidence) to the open article holding 100 / 1,000 / 10,000 highlights
    (100 KB / 1 MB / 10 MB): stored, painted, listed. Should not grow with the highlights already there."""
    window = shown_window
    view = window.reading.view
    sizes = iter(live_blogs)

    def measure(rounds: int) -> list[float]:
        big = next(sizes)
        doc = _open(window, big, tmp_path)
        window.open_document(doc.id)
        claim_id = doc.claim_ids[len(doc.claim_ids) // 2]
        window.claims.select_claim(claim_id)
        assert window.claims.current_claim == claim_id
        base = view.highlight_count
        free = doc.free_ranges[len(doc.free_ranges) // 2:]
        timings = []
        for a, b in free[:rounds]:
            view.select_range(a, b)  # not timed: the user's selection
            QApplication.processEvents()
            start = time.perf_counter()
            link = window.add_selection_as_evidence(Stance.REFUTES)
            view.viewport().repaint()
            timings.append(time.perf_counter() - start)
            assert link and window.last_error == ""
        assert view.highlight_count == base + len(timings) == doc.highlights + len(timings)
        return timings

    labels = tuple(f"{b.doc.highlights:,}" for b in live_blogs)
    growth = Growth("add one highlight (N in the doc)", labels)  # type: ignore[arg-type]
    _grow(benchmark, table, growth, measure, rounds=(25, 20, 20))


# ---------------------------------------------------------------------------------------------------------------
# Claims: the claim list and exports of 100 / 1,000 / 10,000 claims

CLAIM_DOCS = 5


def _seed_final_claims(project: Project, doc_ids: list[str], count: int) -> None:
    """``count`` rated, final claims spread over the documents (``bench_corpus.seed_claims``)."""
    corpus.seed_claims(
        project, doc_ids, count,
        lambda i: {"status": ClaimStatus.FINAL, "rating": DEFAULT_RATINGS[i % len(DEFAULT_RATINGS)].label,
                   "summary": f"Checked against {1 + i % 3} independent reports.",
                   "rationale": "The claim rests on **one outlet** alone." if i % 3 == 0 else ""},
        lambda i: ("Deir Ezzor", f"week {i % 5 + 1}") if i % 4 == 0 else ())


@pytest.fixture(scope="module")
def claim_projects(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Three projects with 100 / 1,000 / 10,000 final claims over the same five 300 KB articles (~10 s);
    the normal suite: 5 / 50 / 500 claims over five 30 KB articles."""
    small = request.config.getoption("benchmark_disable", False)
    counts, chars = ((5, 50, 500), 30_000) if small else ((100, 1_000, 10_000), 300_000)
    folder = tmp_path_factory.mktemp("growth-claims")
    base = folder / "base.fcw"
    project = create_project(base)
    try:
        doc_ids = [corpus.import_text(project, corpus.article_text(chars, seed=700 + i), f"live-{i}.txt")
                   for i in range(CLAIM_DOCS)]
    finally:
        project.close()
    paths = []
    for count in counts:
        path = folder / f"claims-{count}.fcw"
        shutil.copyfile(base, path)
        project = open_project(path)
        try:
            _seed_final_claims(project, doc_ids, count)
            assert len(claim_ops.list_claims(project)) == count
        finally:
            project.close()
        paths.append(path)
    return paths


def _claim_labels(paths: list[Path]) -> tuple[str, str, str]:
    return tuple(f"{int(p.stem.split('-')[1]):,}" for p in paths)  # type: ignore[return-value]


def test_growth_claim_list(benchmark: BenchmarkFixture, table: _Table, qtbot: QtBot,
                           claim_projects: list[Path]) -> None:
    """Load the claim list (the claim panel's refresh on opening a project, read from SQLite, shown):
    100 / 1,000 / 10,000 claims. Linear."""
    session = Session()
    panel, errors = shown_claim_panel(qtbot, session)
    paths = iter(claim_projects)

    def measure(rounds: int) -> list[float]:
        path = next(paths)
        count = int(path.stem.split("-")[1])
        session.set_project(open_project(path, read_only=True))
        timings = []
        for _ in range(rounds):
            start = time.perf_counter()
            panel.refresh()
            QApplication.processEvents()
            timings.append(time.perf_counter() - start)
            assert panel.model.rowCount() == count
        return timings

    try:
        _grow(benchmark, table, Growth("load the claim list", _claim_labels(claim_projects)), measure,
              rounds=(25, 10, 5))
        assert errors == []
    finally:
        session.set_project(None)
        panel.close()
        QApplication.processEvents()


def test_growth_export_csv(benchmark: BenchmarkFixture, table: _Table, claim_projects: list[Path]) -> None:
    """Export every final claim as a CSV table (the report read from SQLite, rationales rendered, the table written
    to memory): 100 / 1,000 / 10,000 claims. Linear. (The Markdown report is linear too but ~4 ms a claim: 10,000
    claims would take this file's whole time budget.)"""
    paths = iter(claim_projects)
    fmt = "csv"

    def measure(rounds: int) -> list[float]:
        path = next(paths)
        count = int(path.stem.split("-")[1])
        project = open_project(path, read_only=True)
        try:
            timings = []
            for _ in range(rounds):
                out = io.BytesIO()
                start = time.perf_counter()
                reports.export(project, fmt, None, out)
                timings.append(time.perf_counter() - start)
            data = out.getvalue().decode("utf-8")
            if fmt == "csv":
                assert data.count("\n") > count
        finally:
            project.close()
        return timings

    growth = Growth("export csv (all final claims)", _claim_labels(claim_projects))
    _grow(benchmark, table, growth, measure, rounds=(15, 5, 3))


# ---------------------------------------------------------------------------------------------------------------
# Import of one article of 100 KB / 1 MB / 10 MB


@pytest.fixture(scope="module")
def articles(request: pytest.FixtureRequest) -> list[bytes]:
    small = request.config.getoption("benchmark_disable", False)
    sizes = (1_000, 10_000, 100_000) if small else (100_000, 1_000_000, 10_000_000)
    return [corpus.article_text(n, seed=300 + n).encode("utf-8") for n in sizes]


def test_growth_import(benchmark: BenchmarkFixture, table: _Table, articles: list[bytes], tmp_path: Path) -> None:
    """Import one plain-text article into a project (read in the import sandbox, segmented, stored):
    100 KB / 1 MB / 10 MB. Linear."""
    data = iter(articles)
    made: list[Path] = []

    def measure(rounds: int) -> list[float]:
        article = next(data)
        timings = []
        for r in range(rounds):
            path = tmp_path / f"import-{len(made)}.fcw"
            made.append(path)
            project = create_project(path)  # not timed: a fresh project each round
            try:
                payload = f"Round {r}: ".encode() + article  # a new file each round (not a duplicate)
                start = time.perf_counter()
                outcome = doc_ops.import_data(project, payload, "live-blog.txt")
                timings.append(time.perf_counter() - start)
                assert outcome.status is doc_ops.ImportStatus.IMPORTED, outcome.line()
            finally:
                project.close()
            path.unlink()
        return timings

    labels = _labels_bytes_n([len(a) for a in articles])
    _grow(benchmark, table, Growth("import one article", labels), measure, rounds=(9, 5, 2))


def _labels_bytes_n(sizes: list[int]) -> tuple[str, str, str]:
    def label(n: int) -> str:
        return f"{round(n / 1e6)} MB" if n >= 1_000_000 else f"{round(n / 1e3)} KB"

    return tuple(label(n) for n in sizes)  # type: ignore[return-value]


# ---------------------------------------------------------------------------------------------------------------
# Full-text search over 1,000 / 10,000 / 100,000 articles

SEARCH_SIZES, SMALL_SEARCH_SIZES = (1_000, 10_000, 100_000), (2, 20, 200)
CACHE = search_bench.CACHE
WORKBENCH = HERE.parent.parent / "workbench"


def _index_key(size: int) -> str:
    """Changes when the generated articles, the schema, or the way documents are stored and indexed could change
    (not with every change to the store, as the articles-only cache: the rest of the store never touches them)."""
    digest = hashlib.sha256(str(size).encode())
    sources = [HERE / "bench_corpus.py", HERE / "search_corpus.py",
               *(WORKBENCH / "store" / f"{name}.py" for name in ("documents", "migrations", "project", "search",
                                                                "search_query")),
               *(WORKBENCH / "domain" / f"{name}.py" for name in ("model", "search_text", "segments", "stemming",
                                                                 "transliteration", "variants")),
               *sorted((WORKBENCH / "ops").glob("search*.py"))]
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


def _build_indexed(path: Path, size: int) -> None:
    if size == search_bench.FULL:
        search_bench._cached_build(path, size)  # the search benchmarks' 100,000 articles (cached)
    else:
        search_corpus.build(path, size)
    project = open_project(path, check_content=False)
    try:
        assert search_ops.rebuild_index(project) == size
        search_bench._add_entities(project)
    finally:
        project.close()


def _indexed_corpus(size: int, folder: Path, small: bool) -> Path:
    """A project of ``size`` articles with its index built: from the cache, or built (and cached)."""
    if small or os.environ.get("WORKBENCH_SEARCH_BENCH_CACHE") == "0":
        path = folder / f"indexed-{size}.fcw"
        _build_indexed(path, size)
        return path
    cached = CACHE / f"growth-indexed-{size}-{_index_key(size)}.fcw"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in CACHE.glob(f"growth-indexed-{size}-*"):
            old.unlink()
        partial = CACHE / f"growth-building-{size}-{os.getpid()}.fcw"
        _build_indexed(partial, size)  # closed: one self-contained file
        partial.replace(cached)
    return cached


@pytest.fixture(scope="module")
def search_corpora(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    small = bool(request.config.getoption("benchmark_disable", False))
    folder = tmp_path_factory.mktemp("growth-search")
    return [_indexed_corpus(n, folder, small) for n in (SMALL_SEARCH_SIZES if small else SEARCH_SIZES)]


@pytest.fixture
def read_only_corpora(search_corpora: list[Path]) -> Iterator[list[Project]]:
    projects = [open_project(p, read_only=True, check_content=False) for p in search_corpora]
    yield projects
    for p in projects:
        p.close()


def test_growth_search(benchmark: BenchmarkFixture, table: _Table, read_only_corpora: list[Project]) -> None:
    """Full-text search, top 20: the search benchmarks' 20 typical and 20 common-word queries (the figure: a query's
    mean time in a round of the 40), over 1,000 / 10,000 / 100,000 articles. Sub-linear: the ranking window
    caps the matches ranked."""
    projects = iter(read_only_corpora)
    queries = search_bench.QUERIES + search_bench.COMMON

    def measure(rounds: int) -> list[float]:
        project = next(projects)
        for q, kinds, filters in queries if rounds > 1 else ():  # warm the page cache, as a user's second search is
            search_ops.search(project, q, kinds, filters, limit=search_bench.TOP)
        timings = []
        for _ in range(rounds):
            start = time.perf_counter()
            hits = sum(len(search_ops.search(project, q, kinds, filters, limit=search_bench.TOP))
                       for q, kinds, filters in queries)
            timings.append((time.perf_counter() - start) / len(queries))
            assert hits > 0
        return timings

    labels = tuple(f"{n:,}" for n in (SMALL_SEARCH_SIZES if _small(benchmark) else SEARCH_SIZES))
    growth = Growth("search, 40 queries (mean)", labels)  # type: ignore[arg-type]
    _grow(benchmark, table, growth, measure, rounds=(5, 3, 3))
