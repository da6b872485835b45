"""Issue 13, point 8 — a published archive through Datasette: `workbench publish PROJECT -o archive.db` writes a
read-only public SQLite database of the final verdicts (and its Datasette metadata), `workbench serve` runs
Datasette on it. The archive is read back with sqlite3 (only final claims; nothing private anywhere in its bytes;
full-text search; corrections; every canned query runs) and served for real by Datasette on a free local port."""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench import cli
from workbench.ops import claims as claim_ops
from workbench.ops import corrections as correction_ops
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as evidence_ops
from workbench.ops import project as project_ops
from workbench.ops import settings as settings_ops
from workbench.ops import sources as source_ops
from workbench.ops import verdicts

ROOT = Path(__file__).resolve().parents[2]

ARTICLE = """Water Station Near Tell Harran Changed Hands, Rival Outlets Say

By Lina Mourad
March 14, 2018

Support Steppe Monitor

The pumping station on the eastern edge of Tell Harran was seized on Tuesday by fighters of the Free Steppe \
Battalion, the pro-opposition Steppe Echo reported, citing “sources inside the town”.

According to the outlet, the fighters also cut the main road to al-Qasr for several hours. No photos or video \
of the station were published.

The state-run Northern News Agency (NNA) quoted an army officer who said that the station had never left army \
control. “Engineers are repairing the pumps and water is flowing to the town,” the officer told NNA.

Residents reached by telephone described shelling overnight but said that water deliveries resumed on Wednesday \
morning. Steppe Monitor was not able to confirm who holds the station.

Click to see the full-size image

Comments

Umm Khaled
The water came back on Wednesday, that much is true.
"""

PRIVATE_NOTE = "Called the pharmacist Abu Salim on his private number 0944-PRIVATE"
SOURCE_NOTES = "Desk memo: Steppe Echo pays stringers per scoop, keep confidential"
URL_NOTE = "Checked by Rana, who thinks the map is doctored"
FILE_MARKER = b"FILE-BLOB-NEVER-PUBLISHED-7d3a"
REVIEW_TEXT = "cut the main road to al-Qasr"  # the in-review claim's quote (not published)
DRAFT_TEXT = "Residents reached by telephone described shelling overnight"
NOT_QUOTED = "Engineers are repairing the pumps"  # document text that no claim quotes
UNUSED = "Zeta Frontline Radio"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """One article, three claims — final (rated, with evidence of every kind and a correction), in review, draft
    — a source with private notes, and an unused source."""
    folder = tmp_path_factory.mktemp("publish")
    article = folder / "tell-harran-water.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    photo = folder / "station.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + FILE_MARKER + bytes(64))
    path = folder / "harran.fcw"
    project = project_ops.create_project(path)
    try:
        (outcome,), _ = doc_ops.import_files(project, [article])
        doc = outcome.document_id
        ids: dict[str, str] = {}
        for key, quote in (("final", "seized on Tuesday by fighters of the Free Steppe Battalion"),
                           ("review", REVIEW_TEXT), ("draft", DRAFT_TEXT)):
            start, end = claim_ops.locate_quote(project, doc, quote)
            ids[key], _ = claim_ops.create_claim_from_passage(project, doc, start, end, claimant="Steppe Echo")
        echo = source_ops.resolve_source(project, "Steppe Echo")
        source_ops.update_source(project, echo, kind="outlet", affiliation="pro-opposition", reliability="D",
                                 notes=SOURCE_NOTES, aliases=["Steppe Eko"],
                                 same_as="https://www.wikidata.org/wiki/Q000001\nhttps://steppe-echo.example")
        source_ops.create_source(project, UNUSED, notes="never cited")
        start, end = claim_ops.locate_quote(project, doc, "the station had never left army control")
        claim_ops.add_passage_evidence(project, ids["final"], doc, start, end, claim_ops.Stance.REFUTES,
                                       credibility=3, source="Northern News Agency")
        evidence_ops.add_url_evidence(project, ids["final"], "https://monitor.example/maps/harran-0314", "refutes",
                                      title="Front-line map, 14 March", accessed="2018-03-15", note=URL_NOTE,
                                      credibility=2, source="Steppe Monitor")
        evidence_ops.add_file_evidence(project, ids["final"], photo, "context", title="Photo of the pump house")
        evidence_ops.add_note_evidence(project, ids["final"], PRIVATE_NOTE, "refutes", credibility=2)
        verdicts.set_verdict(project, ids["final"], rating="Misleading", status="final",
                             summary="The station changed hands for hours at most.",
                             rationale="Steppe Echo relied on **unnamed sources**; the army and residents say the "
                                       "pumps kept working.")
        verdicts.set_tags(project, ids["final"], ["Tell Harran", "water"])
        verdicts.set_attribution(project, ids["final"], ["sources inside the town"])
        verdicts.set_verdict(project, ids["final"], rating="False")
        correction_ops.add_correction(project, ids["final"], "Residents confirmed the station never stopped.",
                                      change="Rating changed from Misleading to False.", date="2099-01-02")
        verdicts.set_verdict(project, ids["review"], rating="Unproven", status="review")
        settings_ops.set_settings(project, title="Steppe water checks", author="Harran Check Desk",
                                  base_url="https://check.example.org/harran")
    finally:
        project.close()
    return path, ids


@pytest.fixture
def desk(template: tuple[Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
         ) -> tuple[Path, dict[str, str]]:
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "harran.fcw"
    path.write_bytes(template[0].read_bytes())
    return path, template[1]


def wb(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def escape_fts(query: str) -> str:
    """Datasette's ``escape_fts`` SQL function (datasette.utils), for running canned queries with sqlite3."""
    if query.count('"') % 2:
        query += '"'
    bits = [b for b in re.split(r'(".*?")|\s+', query) if b and b != '""']
    return " ".join(f'"{b}"' if not b.startswith('"') else b for b in bits)


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.create_function("escape_fts", 1, escape_fts)
    return conn


def published(desk: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str],
              *extra: object) -> tuple[Path, dict[str, Any]]:
    path, _ids = desk
    out = tmp_path / "site" / "harran.db"
    out.parent.mkdir(exist_ok=True)
    code, stdout, err = wb(capsys, "publish", path, "-o", out, "--json", *extra)
    assert code == 0, err
    assert "2 claim(s) without a final verdict were left out" in err
    return out, json.loads(stdout)


def test_publish_writes_only_final_verdicts_and_nothing_private(
        desk: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, result = published(desk, tmp_path, capsys, "--license", "CC BY 4.0", "--license-url",
                            "https://creativecommons.org/licenses/by/4.0/")
    ids = desk[1]
    assert result["claims"] == 1 and result["withheld"] == 2 and result["corrections"] == 1
    assert result["license"] == "CC BY 4.0" and result["evidence"] == 4
    conn = connect(out)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"claims", "sources", "documents", "appearances", "evidence", "corrections", "ratings", "claim_tags",
            "attribution", "_archive", "claims_fts", "evidence_fts"} <= tables
    for private in ("history", "oplog", "settings", "evidence_files", "search_index", "passages", "segments"):
        assert private not in tables
    assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")} == {
        "verdicts", "evidence_cited"}
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    claim = conn.execute("SELECT id, claimant, rating, summary, rationale, published, modified, url, tags, "
                         "attribution FROM claims").fetchall()
    assert len(claim) == 1
    cid, claimant, rating, summary, rationale, pub, modified, url, tags, attribution = claim[0]
    assert (cid, claimant, rating) == (ids["final"], "Steppe Echo", "False")
    assert summary.startswith("The station changed hands") and "**unnamed sources**" in rationale
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", pub) and modified == "2099-01-02"
    assert url == f"https://check.example.org/harran#claim-{cid}"
    assert json.loads(tags) == ["Tell Harran", "water"] and attribution == "sources inside the town"
    verdict = conn.execute("SELECT rating, rating_definition, rating_colour FROM verdicts").fetchone()
    assert verdict == ("False", "The claim is inaccurate.", "#c62828")
    assert conn.execute("SELECT date, change, text FROM corrections").fetchall() == [
        ("2099-01-02", "Rating changed from Misleading to False.", "Residents confirmed the station never stopped.")]
    sources = {r[0]: r[1:] for r in conn.execute("SELECT name, kind, affiliation, reliability, same_as, aliases "
                                                 "FROM sources")}
    assert set(sources) == {"Steppe Echo", "Northern News Agency", "Steppe Monitor", "sources inside the town"}
    assert sources["Steppe Echo"] == ("outlet", "pro-opposition", "D", json.dumps(
        ["https://www.wikidata.org/wiki/Q000001", "https://steppe-echo.example"]), json.dumps(["Steppe Eko"]))
    evidence = {r[0]: r[1:] for r in conn.execute("SELECT kind, stance, credibility, quote, url, title, note, "
                                                  "file_name, file_sha256, file_media_type FROM evidence")}
    assert evidence["passage"][2] == "the station had never left army control"
    assert evidence["url"][3:6] == ("https://monitor.example/maps/harran-0314", "Front-line map, 14 March", "")
    assert evidence["note"][5] == "" and evidence["file"][6] == "station.png" and len(evidence["file"][7]) == 64
    cited = conn.execute("SELECT document_title, document_publisher FROM evidence_cited WHERE kind = 'passage'")
    assert cited.fetchone()[0].startswith("Water Station Near Tell Harran")
    conn.close()
    data = out.read_bytes()
    for secret in (PRIVATE_NOTE, SOURCE_NOTES, URL_NOTE, REVIEW_TEXT, DRAFT_TEXT, NOT_QUOTED, UNUSED):
        assert secret.encode() not in data, secret
    assert FILE_MARKER not in data
    assert not list(out.parent.glob(".*partial*")) and not list(out.parent.glob("*-journal"))


def test_full_text_search_and_the_canned_queries_run(
        desk: tuple[Path, dict[str, str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, result = published(desk, tmp_path, capsys)
    metadata = json.loads(Path(result["metadata"]).read_text(encoding="utf-8"))
    assert Path(result["metadata"]) == out.with_name("harran.metadata.json")
    assert metadata["title"] == "Steppe water checks" and metadata["license"] == "All rights reserved"
    assert metadata["source_url"] == "https://check.example.org/harran"
    database = metadata["databases"]["harran"]
    assert database["tables"]["claims"]["sort_desc"] == "published"
    assert database["tables"]["claims_fts_data"]["hidden"] is True
    assert database["tables"]["claims"]["columns"]["rationale"]
    queries = database["queries"]
    assert {q["title"] for q in queries.values()} == {"Verdicts by claimant", "Recent corrections",
                                                      "Claims by rating", "Search verdicts"}
    conn = connect(out)
    cid = desk[1]["final"]
    params = {"verdicts_by_claimant": {"claimant": "steppe eko"}, "recent_corrections": {},
              "claims_by_rating": {"rating": "False"}, "search_verdicts": {"q": "unnamed source"}}
    for name, query in queries.items():
        rows = conn.execute(query["sql"], params[name]).fetchall()
        assert rows, name
        assert cid in {v for row in rows for v in row}, name
    # stemmed, accent-folded search through the FTS index; the claimant's name is indexed too
    for words in ("pumps working", "Steppe Echo", "seize"):
        hits = conn.execute("SELECT c.id FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid "
                            "WHERE claims_fts MATCH ?", [escape_fts(words)]).fetchall()
        assert hits == [(cid,)], words
    assert conn.execute("SELECT count(*) FROM evidence_fts WHERE evidence_fts MATCH 'army'").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'telephone'").fetchone()[0] == 0


def test_public_notes_publishes_the_note_text(desk: tuple[Path, dict[str, str]], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out, _result = published(desk, tmp_path, capsys, "--public-notes")
    conn = connect(out)
    notes = dict(conn.execute("SELECT kind, note FROM evidence").fetchall())
    assert notes["note"] == PRIVATE_NOTE and notes["url"] == URL_NOTE
    assert SOURCE_NOTES.encode() not in out.read_bytes()  # a source's notes are never published


def test_publishing_again_replaces_the_archive(desk: tuple[Path, dict[str, str]], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = published(desk, tmp_path, capsys)
    first = out.read_bytes()
    verdicts_ids = desk[1]
    project = project_ops.open_project(desk[0])
    try:
        verdicts.set_verdict(project, verdicts_ids["review"], status="final")
    finally:
        project.close()
    code, stdout, err = wb(capsys, "publish", desk[0], "-o", out, "--json")
    assert code == 0, err
    assert json.loads(stdout)["claims"] == 2 and out.read_bytes() != first


def test_refusals_write_nothing(desk: tuple[Path, dict[str, str]], tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = desk
    before = path.read_bytes()
    out = tmp_path / "archive.db"
    # -o onto the project itself (and onto its name through another path)
    for target in (path, tmp_path / "." / path.name):
        code, stdout, err = wb(capsys, "publish", path, "-o", target)
        assert (code, stdout) == (2, "") and "is the project itself" in err
    assert path.read_bytes() == before
    # a damaged or foreign file as the project
    damaged = tmp_path / "damaged.fcw"
    damaged.write_bytes(b"this is not a project file" * 100)
    code, stdout, err = wb(capsys, "publish", damaged, "-o", out)
    assert (code, stdout) == (2, "") and err.startswith("error: ") and "damaged.fcw" in err
    assert not out.exists() and not out.with_name("archive.metadata.json").exists()
    # an existing file that is not an archive is never overwritten: another project, a text file
    for name, data in (("other.db", before), ("notes.db", b"my notes\n")):
        target = tmp_path / name
        target.write_bytes(data)
        code, stdout, err = wb(capsys, "publish", path, "-o", target)
        assert (code, stdout) == (2, "") and "is not replaced" in err, err
        assert target.read_bytes() == data
    # a metadata file that is not ours
    foreign_md = tmp_path / "fresh.metadata.json"
    foreign_md.write_text('{"title": "someone else"}', encoding="utf-8")
    code, _stdout, err = wb(capsys, "publish", path, "-o", tmp_path / "fresh.db")
    assert code == 2 and "fresh.metadata.json" in err and not (tmp_path / "fresh.db").exists()
    # no final verdict
    project = project_ops.open_project(path)
    try:
        verdicts.set_verdict(project, ids["final"], status="review")
    finally:
        project.close()
    code, stdout, err = wb(capsys, "publish", path, "-o", out)
    assert (code, stdout) == (2, "") and "no claim whose verdict is final" in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("archive", ".archive"))) == []


def test_serve_refuses_what_is_not_an_archive(desk: tuple[Path, dict[str, str]], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path, _ids = desk
    for target, reason in ((path, "not an archive written by Fact-Check Workbench"),
                           (tmp_path / "missing.db", "no such file")):
        code, stdout, err = wb(capsys, "serve", target, "--port", "8123")
        assert (code, stdout) == (2, "") and reason in err, err
    out, _ = published(desk, tmp_path, capsys)
    from workbench.ops import publish as publish_ops

    monkeypatch.setattr(publish_ops, "datasette_available", lambda: False)
    code, stdout, err = wb(capsys, "serve", out)
    assert (code, stdout) == (2, "")
    assert err == "error: workbench serve needs the publish extra: pip install 'fact-check-workbench[publish]'\n"


# ------------------------------------------------------------------------------------------- Datasette


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # a local test server
        return response.status, response.read()


@contextlib.contextmanager
def serving(archive: Path, tmp_path: Path) -> Iterator[str]:
    """`workbench serve ARCHIVE --port N --json` as a subprocess; yields its URL once Datasette answers."""
    port = free_port()
    env = {**os.environ, "WORKBENCH_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-m", "workbench", "serve", str(archive), "--port", str(port),
                             "--json"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        assert proc.stdout is not None
        url = json.loads(proc.stdout.readline())["url"]
        assert url == f"http://127.0.0.1:{port}/{archive.stem}"
        deadline = time.monotonic() + 60
        while True:
            try:
                get(f"http://127.0.0.1:{port}/-/versions.json")
                break
            except OSError as exc:
                if proc.poll() is not None or time.monotonic() > deadline:
                    problem = proc.stderr.read() if proc.stderr else b""
                    raise AssertionError(f"Datasette did not start: {problem!r}") from exc
                time.sleep(0.1)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)  # workbench serve and the Datasette it started
        proc.wait(timeout=30)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def test_datasette_serves_the_archive(desk: tuple[Path, dict[str, str]], tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = published(desk, tmp_path, capsys, "--license", "CC BY 4.0")
    cid = desk[1]["final"]
    with serving(out, tmp_path) as url:
        base = url.rsplit("/", 1)[0]
        status, page = get(base + "/")
        assert status == 200 and b"Steppe water checks" in page and b"CC BY 4.0" in page
        status, page = get(url + "/claims")
        assert status == 200 and b"Verdicts" in page and b"Free Steppe Battalion" in page
        status, body = get(url + "/claims.json?_search=" + urllib.parse.quote("pumps working") + "&_shape=array")
        assert [row["id"] for row in json.loads(body)] == [cid]
        status, body = get(url + "/claims.json?_search=telephone&_shape=array")
        assert json.loads(body) == []
        status, body = get(url + "/search_verdicts.json?q=" + urllib.parse.quote("unnamed") + "&_shape=array")
        assert [row["id"] for row in json.loads(body)] == [cid]
        status, body = get(url + "/recent_corrections.json?_shape=array")
        assert json.loads(body)[0]["change"] == "Rating changed from Misleading to False."
        status, body = get(url + "/verdicts.json?_shape=array")
        assert json.loads(body)[0]["rating_definition"] == "The claim is inaccurate."
        status, page = get(url)
        assert b"claims_fts_data" not in page  # hidden
        with pytest.raises(urllib.error.HTTPError) as missing:  # no history table in the archive
            get(url + "/history")
        assert missing.value.code == 404
        missing.value.close()
