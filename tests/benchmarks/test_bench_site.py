"""Exporting a big project as a static site: 500 final claims, each on a page of its own.

Budget (issue 13; budgets.py): the static site of a project with 500 final claims < 3 s — measured from the
project file to the swapped-in folder (reading the report out of SQLite, rendering the index, 500 claim pages,
the rating scale, a page per source, the sitemap and the feed, writing and fsyncing every file, swapping the
folder in over the site of the previous round).
The project (five 60 KB articles; 500 claims, each stated once with one or two pieces of evidence, rated, final,
with a Markdown rationale, tags, an attribution chain, and a correction notice on every tenth) is built once per
session, in one transaction. The normal suite (a correctness run) exports 100 claims instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import bench_corpus as corpus  # tests/benchmarks is on sys.path (see conftest)
import budgets
import html5lib
import pytest
from pytest_benchmark.fixture import BenchmarkFixture

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
def site_claims(request: pytest.FixtureRequest) -> int:
    return SMALL_CLAIMS if request.config.getoption("benchmark_disable", False) else CLAIMS


@pytest.fixture(scope="session")
def site_project(tmp_path_factory: pytest.TempPathFactory, site_claims: int) -> Path:
    path = tmp_path_factory.mktemp("site-bench") / f"{site_claims}-final-claims.fcw"
    project = create_project(path)
    try:
        doc_ranges = {}
        for i in range(5):
            doc_id = corpus.import_text(project, corpus.article_text(60_000, seed=1900 + i), f"report-{i}.txt")
            doc_ranges[doc_id] = corpus.passage_ranges(doc_ops.get_document(project, doc_id).text, 300)
        with project.write():  # one transaction: a few seconds instead of a few thousand commits
            claim_ids = corpus.add_claims_across(project, doc_ranges, site_claims)
            for i, claim_id in enumerate(claim_ids):
                claimant = corpus.CLAIMANTS[i % len(corpus.CLAIMANTS)]
                verdicts.set_verdict(project, claim_id, rating=DEFAULT_RATINGS[i % len(DEFAULT_RATINGS)].label,
                                     status=ClaimStatus.FINAL, rationale=RATIONALE.format(claimant=claimant),
                                     summary=f"Checked against {1 + i % 2} independent reports.")
                verdicts.set_tags(project, claim_id, ["Deir Ezzor", f"week {i % 4 + 1}"])
                verdicts.set_attribution(project, claim_id, ["local sources", corpus.CLAIMANTS[(i + 1) % 7]])
        for claim_id in claim_ids[::10]:
            corrections.add_correction(project, claim_id, "The village was misspelt; the rating stands.",
                                       change="Place name corrected", date="2099-01-02")
        settings_ops.set_settings(project, author="Euphrates Check Desk", base_url="https://check.example.org/site",
                                  title="Five hundred claims from the Euphrates valley")
    finally:
        project.close()
    return path


@pytest.fixture
def project(site_project: Path) -> Iterator[Project]:
    project = open_project(site_project, read_only=True)
    yield project
    project.close()


def test_static_site_of_500_claims(benchmark: BenchmarkFixture, project: Project, tmp_path: Path,
                                   site_claims: int) -> None:
    out = tmp_path / "site"
    benchmark.pedantic(reports.export, args=(project, "site", None, out), rounds=5, iterations=1, warmup_rounds=1)
    pages = sorted((out / "claims").glob("*/index.html"))
    assert len(pages) == site_claims
    for page in pages[:: max(1, site_claims // 20)]:  # a sample: each holds exactly one ClaimReview
        root = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        scripts = root.findall(".//script")
        assert len(scripts) == 1 and json.loads(scripts[0].text or "")["@type"] == "ClaimReview"
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    assert len(sitemap) >= site_claims + 3
    feed = ET.parse(out / "feed.xml").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == site_claims
    assert entries[0].findtext("{http://www.w3.org/2005/Atom}updated") == "2099-01-02T00:00:00Z"  # corrected first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary or old folder left
    budgets.check(benchmark)
