"""Merging two desks' projects (issue 14): `workbench merge` of one 5,000-claim project into another, after each
side made 500 logged edits since they parted.

Budget (budgets.py): reading the other project (``ops.merge.load_side``) and merging it in (``ops.merge.merge``,
through ``Workspace.apply`` with a label: one undoable step, recorded in the operation log) < 10 s. The time of
the ``load_side`` step alone is reported too (``load_side_s``: the slowest of the rounds, ``load_side_median_s``).
The normal suite (``--benchmark-disable``) runs it once on 500 claims and 50 edits a side.

The start: ten generated 60 KB articles imported through the ops layer, exported as a bundle, to which 5,000
claims are added as rows (each stated in a passage of one article, with a passage of another as evidence, every
third also a note, rated, with a rationale and two tags); both sides are copies of that bundle, imported through
``ops.bundle.import_bundle`` (which checks it: columns, references, passages against their texts). Then each side,
through its Workspace, with a fixed seed: ratings and rationales set, claim texts and statuses edited, notes added
as evidence, claims created from passages and deleted, sources added. Each side edits its own half of the claims
and both edit the first 4 % of them ("hot" claims: the same field changed on both sides is a conflict); a side
deletes only claims of its own half. Built once per session (about 15 s), each round merges into a fresh copy.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import statistics
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bench_corpus as corpus  # tests/benchmarks is on sys.path (see conftest)
import budgets
import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from workbench.core.workspace import Workspace
from workbench.domain.model import DEFAULT_RATINGS
from workbench.domain.selectors import make_quote
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as ev_ops
from workbench.ops import merge as merge_ops
from workbench.ops import reports as report_ops
from workbench.ops import sources as src_ops
from workbench.ops import verdicts as verdict_ops
from workbench.ops.bundle import import_bundle

CLAIMS, EDITS = 5_000, 500
SMALL_CLAIMS, SMALL_EDITS = 500, 50
DOCS, SMALL_DOCS = 10, 2
HOT = 0.04  # the share of claims both sides edit
RATIONALES = ("The figure comes from {who} alone; two independent outlets report the opposite.",
              "Satellite images from the next day show the {what} intact.",
              "A second video, geolocated by the desk, contradicts {who}.")


@dataclass(frozen=True)
class MergeCorpus:
    ours: Path  # A: a cached project, copied for each round
    theirs: Path  # B
    claims: int
    edits: int
    added: dict[str, int]  # claims each side created ("a", "b")
    deleted: dict[str, int]  # claims each side deleted


@pytest.fixture(scope="session")
def merge_size(request: pytest.FixtureRequest) -> tuple[int, int, int]:
    """(claims, edits a side, articles) of this run."""
    if request.config.getoption("benchmark_disable", False):
        return SMALL_CLAIMS, SMALL_EDITS, SMALL_DOCS
    return CLAIMS, EDITS, DOCS


def _fast(ws: Workspace) -> Workspace:
    """Building only: no fsync at each commit (the merge itself is timed with the project's own settings)."""
    ws.run(lambda: ws.project.db.execute("PRAGMA synchronous = OFF"))
    return ws


def _start_bundle(folder: Path, claims: int, docs: int) -> tuple[dict[str, Any], dict[str, str]]:
    """The common start as a bundle: ``docs`` articles imported through the ops layer, ``claims`` claims added as
    bundle rows. Returns the bundle and each document's text."""
    ws = _fast(Workspace.create(folder / "start.fcw"))
    try:
        texts = {}
        for i in range(docs):
            doc_id = corpus.import_text(ws.project, corpus.article_text(60_000, seed=900 + i), f"valley-{i}.txt")
            texts[doc_id] = ws.query(doc_ops.get_document, doc_id).text
        out = io.BytesIO()
        ws.query(report_ops.export, "bundle", None, out)
        bundle = json.loads(out.getvalue())
    finally:
        ws.close()
    now = "2018-01-15T10:00:00Z"
    tables = bundle["tables"]
    sources = {name: str(uuid.uuid4()) for name in corpus.CLAIMANTS}
    tables["sources"] += [{"id": sid, "name": name, "kind": "outlet", "affiliation": "", "reliability": "C",
                           "notes": "", "created_at": now, "same_as": "", "job_title": "", "image": ""}
                          for name, sid in sources.items()]
    ranges = {d: corpus.passage_ranges(t, 240) for d, t in texts.items()}
    doc_ids = list(texts)

    def passage(doc: str, i: int) -> str:
        a, b = ranges[doc][i % len(ranges[doc])]
        quote = make_quote(texts[doc], a, b)
        pid = str(uuid.uuid4())
        tables["passages"].append({"id": pid, "document_id": doc, "start": a, "end": b, "exact": quote.exact,
                                   "prefix": quote.prefix, "suffix": quote.suffix, "orphan": 0, "created_at": now,
                                   "needs_review": 0, "note": "", "annotation": ""})
        return pid

    for i in range(claims):
        cid, home = str(uuid.uuid4()), doc_ids[i % len(doc_ids)]
        claimant = corpus.CLAIMANTS[i % len(corpus.CLAIMANTS)]
        a, b = ranges[home][i % len(ranges[home])]
        tables["claims"].append({
            "id": cid, "text": texts[home][a:b], "claimant_id": sources[claimant],
            "claim_date": f"2017-{1 + i % 12:02d}-{1 + i % 28:02d}", "status": "draft" if i % 4 else "review",
            "rating": DEFAULT_RATINGS[i % len(DEFAULT_RATINGS)].label if i % 3 else "",
            "rationale": RATIONALES[i % 3].format(who=claimant, what="bridge") if i % 3 else "", "summary": "",
            "created_at": now, "updated_at": now, "published_at": "", "assignee": "", "submitted_by": "",
            "submitted_at": "", "reviewed_by": "", "reviewed_at": ""})
        tables["appearances"].append({"id": str(uuid.uuid4()), "claim_id": cid, "passage_id": passage(home, i),
                                      "created_at": now})
        other = doc_ids[(i + 1) % len(doc_ids)]
        evidence = {"id": str(uuid.uuid4()), "claim_id": cid, "kind": "passage", "stance": "refutes",
                    "passage_id": passage(other, i + 7), "url": "", "title": "", "note": "", "credibility": 2,
                    "source_id": None, "accessed": "", "created_at": now, "archived_document_id": None}
        tables["evidence"].append(evidence)
        if i % 3 == 0:
            tables["evidence"].append({**evidence, "id": str(uuid.uuid4()), "kind": "note", "stance": "context",
                                       "passage_id": None, "note": f"Called the local council ({i})."})
        tables["claim_tags"] += [{"claim_id": cid, "tag": "Deir Ezzor"}, {"claim_id": cid, "tag": f"week {i % 4}"}]
    return bundle, texts


def _edit(ws: Workspace, side: str, rng: random.Random, own: list[str], hot: list[str],
          free: list[tuple[str, int, int]], counts: dict[str, int]) -> None:
    """One realistic logged edit on side ``side``: a claim of its own half, or now and then a hot one."""
    roll = rng.random()
    claim = rng.choice(hot) if rng.random() < 0.3 else rng.choice(own)
    if roll < 0.25:
        rating = DEFAULT_RATINGS[rng.randrange(len(DEFAULT_RATINGS))].label
        ws.apply(verdict_ops.set_verdict, claim, rating=rating, label="Edit verdict")
    elif roll < 0.45:
        rationale = RATIONALES[rng.randrange(3)].format(who=f"desk {side}", what=f"bridge {rng.randrange(99)}")
        ws.apply(verdict_ops.set_verdict, claim, rationale=rationale, label="Edit verdict")
    elif roll < 0.55:
        ws.apply(claim_ops.update_claim, claim, text=f"Edited by {side}: claim {rng.randrange(10_000)}",
                 label="Edit claim")
    elif roll < 0.62:
        ws.apply(claim_ops.update_claim, claim, status="review", label="Edit claim")
    elif roll < 0.75:
        ws.apply(ev_ops.add_note_evidence, claim, f"Phoned the hospital ({side}, {rng.randrange(999)}).",
                 "refutes", label="Add evidence")
    elif roll < 0.87 and free:
        doc, a, b = free.pop()
        made = ws.apply(claim_ops.create_claim_from_passage, doc, a, b, claimant=corpus.CLAIMANTS[a % 7],
                        label="Create claim").result
        own.append(made)
        counts["added"] += 1
    elif roll < 0.95 and len(own) > 10:
        gone = own.pop(rng.randrange(len(own)))
        ws.apply(claim_ops.delete_claim, gone, label="Delete claim")
        counts["deleted"] += 1
    else:
        ws.apply(src_ops.create_source, f"Local council {side}{counts['sources']}", label="Add source")
        counts["sources"] += 1


@pytest.fixture(scope="session")
def merge_corpus(tmp_path_factory: pytest.TempPathFactory, merge_size: tuple[int, int, int]) -> MergeCorpus:
    claims, edits, docs = merge_size
    folder = tmp_path_factory.mktemp("merge-bench")
    bundle, texts = _start_bundle(folder, claims, docs)
    claim_ids = [c["id"] for c in bundle["tables"]["claims"]]
    hot_count = int(claims * HOT)
    hot, rest = claim_ids[:hot_count], claim_ids[hot_count:]
    free_all = [(d, a, b) for d, t in texts.items() for a, b in corpus.passage_ranges(t, 240, phase=0.5)]
    added, deleted = {}, {}
    for n, side in enumerate(("a", "b")):
        ws = _fast(Workspace.create(folder / f"{side}.fcw"))
        try:
            ws.apply(import_bundle, bundle, "start.json")
            rng = random.Random(1400 + n)
            own = rest[n::2]
            free = free_all[n::2]
            counts = {"added": 0, "deleted": 0, "sources": 0}
            for _ in range(edits):
                _edit(ws, side, rng, own, hot, free, counts)
            added[side], deleted[side] = counts["added"], counts["deleted"]
            ws.run(lambda w=ws: w.project.db.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
        finally:
            ws.close()
    return MergeCorpus(folder / "a.fcw", folder / "b.fcw", claims, edits, added, deleted)


def test_merge_5000_claims(benchmark: BenchmarkFixture, merge_corpus: MergeCorpus, tmp_path: Path) -> None:
    workspaces: list[Workspace] = []
    load_times: list[float] = []

    def fresh_copy() -> tuple[tuple[Workspace], dict[str, Any]]:
        target = tmp_path / f"ours-{len(workspaces)}.fcw"
        shutil.copyfile(merge_corpus.ours, target)
        ws = Workspace.open(target)
        workspaces.append(ws)
        return (ws,), {}

    def merge(ws: Workspace) -> merge_ops.MergeReport:
        started = time.perf_counter()
        side = ws.query(merge_ops.load_side, merge_corpus.theirs)
        load_times.append(time.perf_counter() - started)
        return ws.apply(merge_ops.merge, side, label=f"Merge {merge_corpus.theirs.name}").result  # type: ignore[no-any-return]

    try:
        report = benchmark.pedantic(merge, setup=fresh_copy, rounds=3, iterations=1)
        ws = workspaces[-1]
        assert report.added["claims"] == merge_corpus.added["b"]
        assert report.deleted["claims"] == merge_corpus.deleted["b"]
        assert report.conflicts  # the hot claims: the same field changed on both sides
        assert all(c["tbl"] == "claims" and c["kind"] == "both-changed" for c in report.conflicts)
        with ws.project.read() as db:
            count = db.execute("SELECT count(*) FROM claims").fetchone()[0]
        assert count == merge_corpus.claims + sum(merge_corpus.added.values()) - sum(merge_corpus.deleted.values())
        assert ws.undo_label == f"Merge {merge_corpus.theirs.name}"
    finally:
        for ws in workspaces:
            ws.close()
    benchmark.extra_info.update(
        claims=merge_corpus.claims, edits_per_side=merge_corpus.edits, conflicts=len(report.conflicts),
        added=report.added, updated=report.updated, deleted=report.deleted,
        load_side_s=round(max(load_times), 4), load_side_median_s=round(statistics.median(load_times), 4))
    budgets.check(benchmark)
