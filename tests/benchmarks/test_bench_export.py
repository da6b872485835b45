"""Exporting a big project: the HTML report, the PDF and the static site of 500 claims.

Budgets (issues 4 and 13; budgets.py): HTML report of a project with 500 claims < 2 s, the PDF < 10 s, the static
site < 3 s — each measured from the project file to the written file or swapped-in folder (reading the report out
of SQLite, rendering, writing atomically; for the site: the index, 500 claim pages, the rating scale, a page per
source, the sitemap and the feed, every file fsynced, the folder swapped in over the previous round's).
The project (five 60 KB articles; 500 claims, each stated once with one or two pieces of evidence, rated, final,
with a Markdown rationale, tags, an attribution chain, and a correction notice on every tenth) is built once per
session, in one transaction.
The normal suite (a correctness run) exports 100 claims instead.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import bench_corpus as corpus  # tests/benchmarks is on sys.path (see conftest)
import budgets
import html5lib
import pytest
from pypdf import PdfReader
from pytest_benchmark.fixture import BenchmarkFixture

from workbench import render_pdf
from workbench.domain.model import DEFAULT_RATINGS, ClaimStatus
from workbench.ops import corrections, reports, verdicts
from workbench.ops import documents as doc_ops
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
        for claim_id in claim_ids[::10]:
            corrections.add_correction(project, claim_id, "The village was misspelt; the rating stands.",
                                       change="Place name corrected", date="2099-01-02")
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


def test_static_site_of_500_claims(benchmark: BenchmarkFixture, project: Project, tmp_path: Path,
                                   claims: int) -> None:
    out = tmp_path / "site"
    benchmark.pedantic(reports.export, args=(project, "site", None, out), rounds=5, iterations=1, warmup_rounds=1)
    pages = sorted((out / "claims").glob("*/index.html"))
    assert len(pages) == claims
    for page in pages[:: max(1, claims // 20)]:  # a sample: each holds exactly one ClaimReview
        root = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        scripts = root.findall(".//script")
        assert len(scripts) == 1 and json.loads(scripts[0].text or "")["@type"] == "ClaimReview"
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    assert len(sitemap) >= claims + 3
    feed = ET.parse(out / "feed.xml").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == claims
    assert entries[0].findtext("{http://www.w3.org/2005/Atom}updated") == "2099-01-02T00:00:00Z"  # corrected first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary or old folder left
    budgets.check(benchmark)
