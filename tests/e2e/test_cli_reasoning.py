"""The command line for the fact-checker's reasoning (issue 3 §7), run as a subprocess.

Evidence of every kind (a passage, a URL with an archived copy, a PNG file, a note), verdicts, the sources
registry, listings as JSON and the readable history. The project is built once per module (in-process, which
is not what is tested here) and every command runs as ``python -m workbench ...``: about fifteen subprocesses.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import cli
from workbench.domain.model import Stance
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops.project import create_project, open_project
from workbench.store.dump import dump

OPS_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ops"
ROOT = Path(__file__).resolve().parents[2]
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND"
       b"\xaeB`\x82")
ARCHIVED_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Army Denies Losing Khirbet al-Nour | Eastern Wire</title>
<meta property="og:title" content="Army Denies Losing Khirbet al-Nour">
<meta property="og:site_name" content="Eastern Wire">
<script>alert("never run")</script></head>
<body><nav><a href="/">Home</a> <a href="/donate">Donate</a></nav>
<article><h1>Army Denies Losing Khirbet al-Nour</h1>
<p>A military source told Eastern Wire on Saturday that army units still held the grain mill of Khirbet al-Nour
and that reports of its capture by the Northern Tribes Brigade were “pure invention”.</p>
<p>The pro-opposition Qalamoun Voice, which first reported the capture, did not publish photos. Residents reached
by phone said the shooting stopped before dawn; their accounts could not be verified independently.</p>
</article></body></html>
"""


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("cli-reasoning-dirs")
    return {**os.environ, "WORKBENCH_CONFIG_DIR": str(base / "config"), "WORKBENCH_DATA_DIR": str(base / "data"),
            "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}


def run(env: dict[str, str], *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], env=env, cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def error(result: subprocess.CompletedProcess[str]) -> str:
    """The one-line message of a refused command (exit status 2, nothing on stdout)."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0].removeprefix("error: ")


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A project with two articles and one claim made in-process (the claim that is not under test)."""
    folder = tmp_path_factory.mktemp("cli-reasoning")
    path = folder / "desk.fcw"
    project = create_project(path)
    try:
        outcomes, _ = doc_ops.import_files(project, [OPS_FIXTURES / "khirbet-nour-clashes.txt",
                                                     OPS_FIXTURES / "ain-jadid-shelling.txt"])
        khirbet, ain = (o.document_id for o in outcomes)
        text = doc_ops.get_document(project, ain).text
        at = text.index("calling them")
        other, _ = claim_ops.create_claim_from_passage(project, ain, at, at + 12)
        a = text.index("A reverse image search")
        claim_ops.add_passage_evidence(project, other, ain, a, a + 22, Stance.CONTEXT)
    finally:
        project.close()
    png = folder / "satellite-khirbet.png"
    png.write_bytes(PNG)
    page = folder / "army-denies.html"
    page.write_text(ARCHIVED_PAGE, encoding="utf-8")
    return {"path": path, "khirbet": khirbet, "ain": ain, "other": other, "png": png, "page": page}


@pytest.mark.parametrize(("command", "expected"), [
    (["evidence", "add"], ["--url URL", "--file PATH", "--note TEXT", "--archive PATH", "--credibility 1-6",
                           "--source NAME", "exactly one"]),
    (["verdict"], ["--rating LABEL", "--rationale TEXT", "--summary TEXT", "--status draft|review|final"]),
    (["source", "add"], ["--reliability A-F", "--affiliation TEXT", "--alias TEXT", "--kind TEXT", "--notes TEXT"]),
    (["list"], ["{documents,claims,sources,evidence,entities}", "--claim ID", "--json"]),
    (["history"], ["--claim ID", "--json", "rating changed from Unproven to False"]),
    (["claim", "add"], ["--attribution NAME", "--tag TAG"]),
])
def test_help(command: list[str], expected: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Every new command and option is documented (in-process: the same parser as the subprocess)."""
    assert {"verdict", "source", "history"} <= set(cli.COMMANDS)
    with pytest.raises(SystemExit) as exit_:
        cli.main([*command, "--help"])
    assert exit_.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith(f"usage: workbench {' '.join(command)}")
    for text in expected:
        assert text in out, text


def test_help_through_the_entry_point(env: dict[str, str]) -> None:
    out = ok(run(env, "verdict", "--help"))
    assert out.startswith("usage: workbench verdict")


def test_reasoning_from_the_command_line(env: dict[str, str], desk: dict[str, object]) -> None:
    path, khirbet, ain = desk["path"], str(desk["khirbet"]), str(desk["ain"])
    png, page = desk["png"], desk["page"]
    assert isinstance(png, Path) and isinstance(page, Path)

    # a claim with its attribution chain and tags (repeated options; duplicates folded case-insensitively)
    made = json.loads(ok(run(env, "claim", "add", path, "--document", khirbet[:8], "--quote", "the village is calm",
                             "--claimant", "Levant News Agency", "--attribution", "LNA military source",
                             "--attribution", "Orontes Dispatch", "--tag", "Khirbet al-Nour", "--tag", "clashes",
                             "--tag", "khirbet al-nour", "--json")))
    claim = made["id"]
    assert UUID.match(claim)

    qv_id = ok(run(env, "source", "add", path, "Qalamoun Voice", "--reliability", "d", "--affiliation",
                  "pro-opposition", "--kind", "outlet", "--alias", "Qalamoun Voice Network", "--alias", "QV",
                  "--notes", "Cites “local sources” without names.")).strip()
    assert UUID.match(qv_id)

    # evidence of each kind; --source may name a source by an alias
    passage = json.loads(ok(run(env, "evidence", "add", path, "--claim", claim[:8], "--document", khirbet,
                                "--quote", "captured the grain mill", "--stance", "supports", "--credibility", "5",
                                "--source", "QV", "--json")))
    assert (passage["kind"], passage["stance"], passage["credibility"], passage["source"]) == (
        "passage", "supports", 5, "Qalamoun Voice")
    assert passage["quote"] == "captured the grain mill" and passage["document_id"] == khirbet
    assert passage["end"] - passage["start"] == len("captured the grain mill")
    url = json.loads(ok(run(env, "evidence", "add", path, "--claim", claim, "--url",
                            "https://eastern-wire.example/2017/12/army-denies",
                            "--title", "Army denies losing the mill",
                            "--accessed", "2017-12-10", "--archive", page, "--stance", "refutes", "--credibility", "3",
                            "--source", "Eastern Wire", "--json")))
    assert (url["kind"], url["url"], url["title"], url["accessed"], url["source"]) == (
        "url", "https://eastern-wire.example/2017/12/army-denies", "Army denies losing the mill", "2017-12-10",
        "Eastern Wire")
    assert UUID.match(url["archived_document_id"])
    image = json.loads(ok(run(env, "evidence", "add", path, "--claim", claim, "--file", png, "--title",
                              "Satellite image of the mill", "--stance", "context", "--json")))
    assert image["file"] == {"filename": "satellite-khirbet.png", "media_type": "image/png",
                             "sha256": hashlib.sha256(PNG).hexdigest(), "size": len(PNG)}
    assert image["credibility"] is None and image["source"] is None
    note = ok(run(env, "evidence", "add", path, "--claim", claim, "--note", "Phoned the mayor: the mill is shut.",
                  "--stance", "refutes", "--credibility", "2", "--source", "Mayor of Khirbet al-Nour")).strip()
    assert UUID.match(note)

    verdict = json.loads(ok(run(env, "verdict", path, "--claim", claim, "--rating", "mostly FALSE", "--rationale",
                                "The army **still holds** the mill.", "--summary", "Mill not captured",
                                "--status", "final", "--json")))
    assert verdict == {"id": claim, "rating": "Mostly false", "status": "final", "summary": "Mill not captured",
                       "rationale": "The army **still holds** the mill."}

    # the listing commands only read: they work while the project is open for writing (in the app)
    with contextlib.closing(open_project(path)):  # type: ignore[arg-type]
        sources = {s["name"]: s for s in json.loads(ok(run(env, "list", path, "sources", "--json")))}
        assert set(sources) == {"Levant News Agency", "LNA military source", "Orontes Dispatch", "Qalamoun Voice",
                                "Eastern Wire", "Mayor of Khirbet al-Nour"}
        qv = sources["Qalamoun Voice"]
        assert (qv["id"], qv["aliases"], qv["affiliation"], qv["reliability"], qv["kind"], qv["notes"]) == (
            qv_id, ["QV", "Qalamoun Voice Network"], "pro-opposition", "D", "outlet",
            "Cites “local sources” without names.")
        assert qv["reliability_label"] == "Not usually reliable"
        assert qv["usage"] == {"claimant": 0, "attribution": 0, "evidence": 1}
        assert sources["Levant News Agency"]["usage"] == {"claimant": 1, "attribution": 0, "evidence": 0}
        assert sources["Orontes Dispatch"]["usage"] == {"claimant": 0, "attribution": 1, "evidence": 0}

        listed = json.loads(ok(run(env, "list", path, "evidence", "--json")))
        assert [e["claim_id"] for e in listed] == [desk["other"], claim, claim, claim, claim]
        mine = listed[1:]
        assert [e["id"] for e in mine] == [passage["id"], url["id"], image["id"], note]
        assert [(e["kind"], e["stance"], e["credibility"], e["source"]) for e in mine] == [
            ("passage", "supports", 5, "Qalamoun Voice"), ("url", "refutes", 3, "Eastern Wire"),
            ("file", "context", None, None), ("note", "refutes", 2, "Mayor of Khirbet al-Nour")]
        assert mine[1]["archived_document_id"] == url["archived_document_id"]
        assert mine[3]["note"] == "Phoned the mayor: the mill is shut."
        assert mine[2]["file"]["media_type"] == "image/png"
        assert listed[0]["quote"] == "A reverse image search" and listed[0]["document_id"] == ain
        text = ok(run(env, "list", path, "evidence", "--claim", claim[:8])).splitlines()
        assert len(text) == 4
        assert text[0].startswith(f"{passage['id']}  {claim[:8]}  passage  supports  cred 5  “captured the grain mill”")
        assert text[1].endswith("Army denies losing the mill <https://eastern-wire.example/2017/12/army-denies>  "
                                "— Eastern Wire")
        assert "file     context   cred -  Satellite image of the mill" in text[2]

        history = ok(run(env, "history", path, "--claim", claim[:8])).splitlines()
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ"
    who = re.escape(getpass.getuser())
    assert all(re.match(rf"{stamp}  {who}  \S", line) for line in history), history
    sentences = [re.sub(rf"^{stamp}  {who}  ", "", line) for line in history]
    assert sentences == [
        "claim created: the village is calm",
        "attribution chain changed from (none) to LNA military source, Orontes Dispatch",
        "tags changed from (none) to clashes, Khirbet al-Nour",
        "evidence added (supports): captured the grain mill",
        "evidence added (refutes): Army denies losing the mill",
        "evidence added (adds context): Satellite image of the mill",
        "evidence added (refutes): Phoned the mayor: the mill is shut.",
        "rating changed from (none) to Mostly false",
        "rationale edited",
        "status changed from draft to final",
        "summary changed from (none) to Mill not captured",
    ]

    # the archived copy is an ordinary document of the project; the PNG is stored whole
    project = open_project(path, read_only=True)  # type: ignore[arg-type]
    try:
        archived = doc_ops.get_document(project, url["archived_document_id"])
        assert archived.metadata.title == "Army Denies Losing Khirbet al-Nour"
        assert "pure invention" in archived.text and "never run" not in archived.text
        from workbench.ops import evidence as ev_ops

        assert ev_ops.file_data(project, image["id"]) == PNG
    finally:
        project.close()


def test_refused_commands_change_nothing(env: dict[str, str], desk: dict[str, object]) -> None:
    path, ain, other = desk["path"], str(desk["ain"]), str(desk["other"])
    project = open_project(path, read_only=True)  # type: ignore[arg-type]
    try:
        before = dump(project.db, include_history=True)
    finally:
        project.close()

    both = error(run(env, "evidence", "add", path, "--claim", other, "--document", ain, "--quote", "calling them",
                     "--note", "and a note", "--stance", "refutes"))
    assert both == ("evidence add: give exactly one kind of evidence — --document ID --quote TEXT, --url URL, "
                    "--file PATH or --note TEXT (you gave --document and --note).")
    grade = error(run(env, "evidence", "add", path, "--claim", other, "--note", "Second-hand rumour",
                      "--stance", "supports", "--credibility", "7"))
    assert grade == "Credibility must be a grade from 1 (confirmed) to 6 (cannot be judged), not 7."
    rating = error(run(env, "verdict", path, "--claim", other, "--rating", "Pants on fire"))
    assert rating == ("“Pants on fire” is not on this project's rating scale (True, Mostly true, Mixed, "
                      "Mostly false, False, Unproven, Misleading).")
    unknown = error(run(env, "history", path, "--claim", "ffffffff"))
    assert "No claim with id 'ffffffff'" in unknown

    project = open_project(path, read_only=True)  # type: ignore[arg-type]
    try:
        assert dump(project.db, include_history=True) == before
    finally:
        project.close()
