"""The published archive (issue 13, point 8): `workbench publish` of a 10,000-claim project, and Datasette's
full-text search on the archive it writes.

Budgets (budgets.py): publish a project of 10,000 claims < 10 s (from the project file to the archive and its
metadata, written atomically, vacuumed and indexed); a full-text query through a running Datasette's JSON API
(`/archive/claims.json?_search=…&_shape=array`, each request timed from the client, a new connection each) p95
< 100 ms over 60 requests. The normal suite (``--benchmark-disable``) runs both once on 500 claims.

The project: ten generated 60 KB articles imported through the ops layer, then 10,000 claims written straight into
the file in one transaction (the ops path takes minutes for that many): each stated in a passage of one article
with one or two passages of others as evidence (every third also a web page), rated, with a Markdown rationale,
tags and an attribution chain; nine in ten final, one in ten a draft; one in twenty with a correction notice.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import bench_corpus as corpus  # tests/benchmarks is on sys.path (see conftest)
import budgets
import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from workbench import cli
from workbench.domain.model import DEFAULT_RATINGS
from workbench.ops import documents as doc_ops
from workbench.ops import settings as settings_ops
from workbench.ops.project import create_project, open_project

ROOT = Path(__file__).resolve().parents[2]
CLAIMS, SMALL_CLAIMS = 10_000, 500
REQUESTS = 60
QUERIES = ("Amaq", "local sources", "shelling", "checkpoint village", "SANA denied", "Deir Ezzor", "bridge",
           "independent outlets", "convoy", "Sputnik quoted", "civilians", "photo video")
RATIONALE = ("The claim rests on **{claimant}** alone, relayed by outlets of one side.\n\n"
             "- Two independent outlets report the opposite.\n- No photo or video was published.\n")


@pytest.fixture(scope="session")
def claims(request: pytest.FixtureRequest) -> int:
    return SMALL_CLAIMS if request.config.getoption("benchmark_disable", False) else CLAIMS


def _fill(path: Path, texts: dict[str, str], claims: int) -> None:
    """Write ``claims`` claims (with passages, evidence, tags, attribution, corrections) in one transaction."""
    ranges = {d: corpus.passage_ranges(t, 300) for d, t in texts.items()}
    docs = list(texts)
    now = "2018-01-15T10:00:00+00:00"
    sources = {name: str(uuid.uuid4()) for name in (*corpus.CLAIMANTS, "Euphrates Monitor")}
    rows: dict[str, list[tuple[object, ...]]] = {k: [] for k in ("passages", "claims", "appearances", "evidence",
                                                                  "claim_tags", "attribution", "corrections")}

    def passage(doc: str, i: int) -> str:
        a, b = ranges[doc][i % len(ranges[doc])]
        text = texts[doc]
        pid = str(uuid.uuid4())
        rows["passages"].append((pid, doc, a, b, text[a:b], text[max(0, a - 32):a], text[b:b + 32], now))
        return pid

    for i in range(claims):
        cid, home = str(uuid.uuid4()), docs[i % len(docs)]
        a, b = ranges[home][i % len(ranges[home])]
        claimant = corpus.CLAIMANTS[i % len(corpus.CLAIMANTS)]
        final = i % 10 != 9
        rating = DEFAULT_RATINGS[i % len(DEFAULT_RATINGS)].label
        day = f"2017-{1 + i % 12:02d}-{1 + i % 28:02d}"
        rows["claims"].append((cid, texts[home][a:b], sources[claimant], day, "final" if final else "draft", rating,
                               RATIONALE.format(claimant=claimant), f"Checked against {1 + i % 3} reports.", now,
                               now, f"2018-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00+00:00" if final else ""))
        rows["appearances"].append((str(uuid.uuid4()), cid, passage(home, i), now))
        for k in range(1, 2 + i % 2):
            other = docs[(i + k) % len(docs)]
            rows["evidence"].append((str(uuid.uuid4()), cid, "passage", ("supports", "refutes", "context")[(i + k) % 3],
                                     passage(other, i + 7 * k), "", "", "", 1 + i % 6, sources["Euphrates Monitor"],
                                     "", now))
        if i % 3 == 0:
            rows["evidence"].append((str(uuid.uuid4()), cid, "url", "refutes", None, f"https://monitor.example/{i}",
                                     f"Monitor's map of day {i}", "", 2, None, "2018-01-10", now))
        rows["claim_tags"] += [(cid, "Deir Ezzor"), (cid, f"week {i % 4 + 1}")]
        rows["attribution"].append((cid, 0, sources[corpus.CLAIMANTS[(i + 1) % len(corpus.CLAIMANTS)]]))
        if final and i % 20 == 0:
            rows["corrections"].append((str(uuid.uuid4()), cid, "2018-12-01", "Rating changed.",
                                        "A second video was found.", "desk", now))
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.executemany("INSERT INTO sources (id, name, kind, affiliation, reliability, notes, created_at) "
                             "VALUES (?, ?, 'outlet', '', 'C', 'private', ?)",
                             [(sid, name, now) for name, sid in sources.items()])
            statements = {
                "passages": "INSERT INTO passages (id, document_id, start, [end], exact, prefix, suffix, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                "claims": "INSERT INTO claims (id, text, claimant_id, claim_date, status, rating, rationale, summary, "
                          "created_at, updated_at, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "appearances": "INSERT INTO appearances (id, claim_id, passage_id, created_at) VALUES (?, ?, ?, ?)",
                "evidence": "INSERT INTO evidence (id, claim_id, kind, stance, passage_id, url, title, note, "
                            "credibility, source_id, accessed, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "claim_tags": "INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?)",
                "attribution": "INSERT INTO attribution (claim_id, position, source_id) VALUES (?, ?, ?)",
                "corrections": "INSERT INTO corrections (id, claim_id, date, change, text, who, created_at) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?)",
            }
            for table, sql in statements.items():
                conn.executemany(sql, rows[table])
            conn.execute("UPDATE search_state SET value = 'stale' WHERE key = 'search_index'")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


@pytest.fixture(scope="session")
def publish_project(tmp_path_factory: pytest.TempPathFactory, claims: int) -> Path:
    path = tmp_path_factory.mktemp("publish-bench") / f"{claims}-claims.fcw"
    project = create_project(path)
    try:
        texts = {}
        for i in range(10):
            doc_id = corpus.import_text(project, corpus.article_text(60_000, seed=700 + i), f"valley-{i}.txt")
            texts[doc_id] = doc_ops.get_document(project, doc_id).text
        settings_ops.set_settings(project, author="Euphrates Check Desk", base_url="https://check.example.org/r",
                                  title="Ten thousand claims from the Euphrates valley")
    finally:
        project.close()
    _fill(path, texts, claims)
    open_project(path, read_only=True).close()  # a sound project: the checks on open pass
    return path


def test_publish_10000_claims(benchmark: BenchmarkFixture, publish_project: Path, tmp_path: Path, claims: int,
                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "archive.db"

    def publish() -> int:
        return cli.main(["publish", str(publish_project), "-o", str(out), "--json"])

    assert benchmark.pedantic(publish, rounds=3, iterations=1) == 0
    result = json.loads(capsys.readouterr().out.splitlines()[-1])
    final = claims - claims // 10
    assert result["claims"] == final and result["withheld"] == claims // 10
    conn = sqlite3.connect(f"{out.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'Amaq'").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM evidence").fetchone()[0] == result["evidence"]
    finally:
        conn.close()
    benchmark.extra_info.update(claims=claims, archive_mb=round(out.stat().st_size / 1e6, 1))
    budgets.check(benchmark)


@pytest.fixture(scope="session")
def archive(publish_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("archive") / "archive.db"
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["publish", str(publish_project), "-o", str(out)]) == 0
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _datasette(archive: Path) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "workbench", "serve", str(archive), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/{archive.stem}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + ".json", timeout=5) as r:
                    r.read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)
        proc.wait(timeout=30)


def test_datasette_full_text_query(benchmark: BenchmarkFixture, archive: Path) -> None:
    latencies: list[float] = []
    with _datasette(archive) as url:
        def search(q: str) -> int:
            start = time.perf_counter()
            with urllib.request.urlopen(f"{url}/claims.json?_search={urllib.parse.quote(q)}&_shape=array",
                                        timeout=10) as r:
                rows = json.loads(r.read())
            latencies.append(time.perf_counter() - start)
            return len(rows)

        for q in QUERIES:  # warm up: Datasette's first requests load its templates
            search(q)
        latencies.clear()

        def run_all() -> int:
            return sum(search(QUERIES[i % len(QUERIES)]) for i in range(REQUESTS))

        assert benchmark.pedantic(run_all, rounds=1, iterations=1) > 0
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    benchmark.extra_info.update(requests=len(latencies), p50_ms=round(statistics.median(latencies) * 1000, 1),
                                p95_ms=round(p95 * 1000, 1), max_ms=round(latencies[-1] * 1000, 1))
    budgets.check(benchmark, p95)
