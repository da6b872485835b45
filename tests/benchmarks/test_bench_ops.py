"""The ops layer without widgets: importing many files, listing claims, querying highlights.

Budgets (budgets.py): import 100 files of ~3 KB into a fresh project < 5 s. Listing 1,000 claims and querying
a document's highlights have no budget from the brief; they are what every claim edit and every document
open pays (proposed: < 50 ms, the GUI rule; the 10,000 highlights of the 10 MB article < 150 ms, a tenth of
that article's open). The normal suite runs them on a fifth (claims) and a tenth (highlights) of the data.
"""

from __future__ import annotations

from pathlib import Path

import budgets
import pytest
from bench_corpus import BigProject, ClaimsProject
from pytest_benchmark.fixture import BenchmarkFixture

from workbench.domain.model import PassageRole
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops.project import Project, create_project, open_project


def test_import_100_files(benchmark: BenchmarkFixture, import_folder: list[Path], tmp_path: Path) -> None:
    projects: list[Project] = []

    def fresh_project() -> tuple[tuple[Project], dict[str, object]]:
        project = create_project(tmp_path / f"import-{len(projects)}.fcw")
        projects.append(project)
        return (project,), {}

    def import_all(project: Project) -> list[doc_ops.ImportOutcome]:
        outcomes, _changes = doc_ops.import_files(project, import_folder)
        return outcomes

    try:
        outcomes = benchmark.pedantic(import_all, setup=fresh_project, rounds=3, iterations=1)
        files = len(import_folder)
        assert files == (20 if benchmark.disabled else 100)
        assert len(outcomes) == files
        assert {o.status for o in outcomes} == {doc_ops.ImportStatus.IMPORTED}
        for project in projects:
            docs = doc_ops.list_documents(project)
            assert len(docs) == files
            assert len({d.sha256 for d in docs}) == files
            assert sorted(d.size for d in docs) == sorted(p.stat().st_size for p in import_folder)
        sample = doc_ops.get_document(projects[-1], outcomes[0].document_id)
        assert sample.text.startswith(import_folder[0].read_text(encoding="utf-8").splitlines()[0])
    finally:
        for project in projects:
            project.close()
    budgets.check(benchmark)


@pytest.fixture
def claims_db(claims_project: ClaimsProject):
    project = open_project(claims_project.path, read_only=True)
    yield project
    project.close()


def test_list_claims_1000(benchmark: BenchmarkFixture, claims_db: Project, claims_project: ClaimsProject) -> None:
    rows = benchmark(claim_ops.list_claims, claims_db)
    claims = len(claims_project.claim_ids)
    assert claims == (200 if benchmark.disabled else 1_000)
    assert len(rows) == claims
    assert {r.claim.id for r in rows} == set(claims_project.claim_ids)
    assert sum(r.appearances for r in rows) == claims
    assert sum(r.supports + r.refutes + r.context for r in rows) == claims_project.evidence
    assert all(len(r.document_ids) == 1 and r.claimant for r in rows)
    budgets.check(benchmark)


def test_highlights_query_claims_project(
    benchmark: BenchmarkFixture, claims_db: Project, claims_project: ClaimsProject
) -> None:
    doc_id = claims_project.doc_ids[0]
    highlights = benchmark(claim_ops.highlights, claims_db, doc_id)
    assert len(highlights) == claims_project.highlights_per_doc[doc_id] > len(claims_project.claim_ids) // 10
    assert {h.role for h in highlights} == {PassageRole.APPEARANCE, PassageRole.EVIDENCE}
    assert [h.start for h in highlights] == sorted(h.start for h in highlights)
    budgets.check(benchmark)


@pytest.fixture
def big_db(big_projects: dict[str, BigProject]):
    project = open_project(big_projects["10mb"].path, read_only=True)
    yield project
    project.close()


def test_highlights_query_10000(
    benchmark: BenchmarkFixture, big_db: Project, big_projects: dict[str, BigProject],
    big_docs: dict[str, tuple[int, int]]
) -> None:
    doc = big_projects["10mb"].doc
    highlights = benchmark(claim_ops.highlights, big_db, doc.id)
    assert len(highlights) == doc.highlights == big_docs["10mb"][1]  # 10,000 (1,000 in the normal suite)
    assert sorted((h.start, h.end) for h in highlights) == sorted(doc.ranges)
    budgets.check(benchmark)
