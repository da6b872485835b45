"""Exporting a big project: the HTML report and the PDF of 500 claims.

Budgets (issue 4; budgets.py): HTML report of a project with 500 claims < 2 s, the PDF < 10 s — each measured from the
project file to the written file (reading the report out of SQLite, rendering, writing atomically).
The project (five 60 KB articles; 500 claims, each stated once with one or two pieces of evidence, rated, with a
Markdown rationale, tags and an attribution chain) is built once per session, in one transaction.
The normal suite (a correctness run) exports 100 claims instead.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import bench_corpus as corpus  # tests/benchmarks is on sys.path (see conftest)
import budgets
import html5lib
import pytest
from pypdf import PdfReader
from pytest_benchmark.fixture import BenchmarkFixture

from workbench import render_pdf
from workbench.domain.model import DEFAULT_RATINGS, ClaimStatus
from workbench.ops import documents as doc_ops
from workbench.ops import reports, verdicts
from workbench.ops import settings as settings_ops
from workbench.ops.project import Project, create_project, open_project

CLAIMS, SMALL_CLAIMS = 500, 100
RATIONALE = ("The claim rests on **{claimant}** alone, relayed by outlets of one side.\n\n"
             "- Two independent outlets report the opposite.\n- No photo or video was published.\n\n"
             "See [the monitor's map](https://monitor.example/map) for the front line on that day.")


@pytest.fixture(scope="session")
def claims(request: pytest.FixtureRequest) -> int:
    return SMALL_CLAIMS if request.config.getoption("benchmark_disable", False) else CLAIMS


@pytest.fixture(scope="session")
def export_project(tmp_path_factory: pytest.TempPathFactory, claims: int) -> Path:
    path = tmp_path_factory.mktemp("export-bench") / f"{claims}-claims.fcw"
    project = create_project(path)
    try:
        doc_ranges = {}
        for i in range(5):
            doc_id = corpus.import_text(project, corpus.article_text(60_000, seed=900 + i), f"report-{i}.txt")
            doc_ranges[doc_id] = corpus.passage_ranges(doc_ops.get_document(project, doc_id).text, 300)
        with project.write():  # one transaction: a few seconds instead of a few thousand commits
            claim_ids = corpus.add_claims_across(project, doc_ranges, claims)
            for i, claim_id in enumerate(claim_ids):
                rating = DEFAULT_RATINGS[i % len(DEFAULT_RATINGS)]
                claimant = corpus.CLAIMANTS[i % len(corpus.CLAIMANTS)]
                verdicts.set_verdict(project, claim_id, rating=rating.label, status=ClaimStatus.FINAL,
                                     summary=f"Checked against {1 + i % 2} independent reports.",
                                     rationale=RATIONALE.format(claimant=claimant))
                verdicts.set_tags(project, claim_id, ["Deir Ezzor", f"week {i % 4 + 1}"])
                verdicts.set_attribution(project, claim_id, ["local sources", corpus.CLAIMANTS[(i + 1) % 7]])
        settings_ops.set_settings(project, author="Euphrates Check Desk", base_url="https://check.example.org/r",
                                  title="Five hundred claims from the Euphrates valley")
    finally:
        project.close()
    return path


@pytest.fixture
def project(export_project: Path) -> Iterator[Project]:
    project = open_project(export_project, read_only=True)
    yield project
    project.close()


def test_html_report_of_500_claims(benchmark: BenchmarkFixture, project: Project, tmp_path: Path,
                                   claims: int) -> None:
    out = tmp_path / "report.html"
    benchmark.pedantic(reports.export, args=(project, "html", None, out), rounds=5, iterations=1, warmup_rounds=1)
    root = html5lib.parse(out.read_bytes(), namespaceHTMLElements=False)
    assert len(root.findall(".//article")) == claims
    assert len(root.findall(".//script")) == 1
    budgets.check(benchmark)


def test_pdf_report_of_500_claims(benchmark: BenchmarkFixture, project: Project, tmp_path: Path,
                                  qapp: object, claims: int) -> None:
    render_pdf.register()  # qapp: pytest-qt's QApplication, so that render_pdf does not make a QGuiApplication
    out = tmp_path / "report.pdf"
    benchmark.pedantic(reports.export, args=(project, "pdf", None, out), rounds=2, iterations=1)
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    pages = len(reader.pages)
    assert pages > claims + 1  # a title page, each claim on a page of its own, the methodology
    last = " ".join(reader.pages[-1].extract_text().split())
    assert last.endswith(f"Page {pages} of {pages}")
    budgets.check(benchmark)
