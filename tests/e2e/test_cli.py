"""The real command line, run as a subprocess (``python -m workbench ...``)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

OPS_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ops"
ROOT = Path(__file__).resolve().parents[2]
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    base = tmp_path_factory.mktemp("cli-dirs")
    return {**os.environ, "WORKBENCH_CONFIG_DIR": str(base / "config"), "WORKBENCH_DATA_DIR": str(base / "data"),
            "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}


def run(env: dict[str, str], *args: object, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], env=env, cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout, check=False)


@pytest.fixture(scope="module")
def imported(env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A project made by ``import`` of the ops fixtures folder: (path, file name → document id)."""
    path = tmp_path_factory.mktemp("cli-project") / "desk.fcw"
    result = run(env, "import", path, OPS_FIXTURES, "--json")
    assert result.returncode == 0, result.stderr
    return path, {Path(o["path"]).name: o["document_id"] for o in json.loads(result.stdout)}


@pytest.mark.parametrize("command", [[], ["import"], ["list"], ["claim"], ["claim", "add"], ["evidence"],
                                     ["evidence", "add"], ["check"], ["screenshot"]])
def test_help_exits_0(env: dict[str, str], command: list[str]) -> None:
    result = run(env, *command, "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: workbench")


def test_import_reports_each_file(env: dict[str, str], tmp_path: Path) -> None:
    project = tmp_path / "newsroom.fcw"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("khirbet-nour-clashes.txt", "ain-jadid-shelling.txt"):
        shutil.copyfile(OPS_FIXTURES / name, inbox / name)
    first = run(env, "import", project, inbox)
    assert first.returncode == 0, first.stderr
    assert project.is_file()
    lines = first.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"imported  {inbox / 'ain-jadid-shelling.txt'} → ")
    assert "“Ministry Denies Shelling Of Ain Jadid Market”" in lines[0]
    assert lines[1].startswith(f"imported  {inbox / 'khirbet-nour-clashes.txt'} → ")

    renamed = tmp_path / "same-article-renamed.txt"
    shutil.copyfile(OPS_FIXTURES / "khirbet-nour-clashes.txt", renamed)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    second = run(env, "import", project, renamed, OPS_FIXTURES / "mixed-scripts.txt", binary,
                 tmp_path / "never-written.txt")
    assert second.returncode == 1  # a file was rejected
    lines = second.stdout.splitlines()
    assert lines[0].startswith(f"duplicate {renamed} (already imported as ")
    assert lines[1].startswith(f"imported  {OPS_FIXTURES / 'mixed-scripts.txt'} → ")
    assert lines[2] == f"rejected  {binary}: is a binary file, not text"
    assert lines[3] == f"rejected  {tmp_path / 'never-written.txt'}: does not exist"

    again = run(env, "import", project, inbox, "--json")
    assert again.returncode == 0  # duplicates only: nothing rejected
    outcomes = json.loads(again.stdout)
    assert [o["status"] for o in outcomes] == ["duplicate", "duplicate"]
    assert all(UUID.match(o["document_id"]) for o in outcomes)
    assert set(outcomes[0]) == {"path", "status", "document_id", "title", "reason", "previous_id"}

    listed = json.loads(run(env, "list", project, "documents", "--json").stdout)
    assert len(listed) == 3
    assert {d["filename"] for d in listed} == {"khirbet-nour-clashes.txt", "ain-jadid-shelling.txt",
                                               "mixed-scripts.txt"}


def test_import_refuses_a_project_that_is_not_one(env: dict[str, str], tmp_path: Path) -> None:
    notes = tmp_path / "notes.fcw"
    notes.write_text("not a project", encoding="utf-8")
    result = run(env, "import", notes, OPS_FIXTURES / "mixed-scripts.txt")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: notes.fcw is not a Fact-Check Workbench project (not an SQLite file)."
    assert notes.read_text(encoding="utf-8") == "not a project"


def test_list_documents_and_claims(env: dict[str, str], imported: tuple[Path, dict[str, str]]) -> None:
    path, ids = imported
    text = run(env, "list", path, "documents")
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    assert len(lines) == 3
    khirbet = next(line for line in lines if line.startswith(ids["khirbet-nour-clashes.txt"]))
    assert "2017-12-09  Clashes Reported Near Khirbet al-Nour As Rival Claims Multiply" in khirbet
    docs = json.loads(run(env, "list", path, "documents", "--json").stdout)
    assert {d["id"] for d in docs} == set(ids.values())
    assert all(d["media_type"] == "text/plain" and len(d["sha256"]) == 64 for d in docs)
    absent = path.with_name("absent.fcw")
    result = run(env, "list", absent, "claims")
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {absent}: no such project file."
    assert not absent.exists()
    bad = run(env, "list", path, "verdicts")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


def test_claims_and_evidence(env: dict[str, str], imported: tuple[Path, dict[str, str]]) -> None:
    path, ids = imported
    assert run(env, "list", path, "claims").stdout.strip() == "(no claims)"
    khirbet, ain = ids["khirbet-nour-clashes.txt"], ids["ain-jadid-shelling.txt"]

    added = run(env, "claim", "add", path, "--document", khirbet[:8], "--quote", "the village is calm",
                "--claimant", "Levant News Agency", "--date", "2017-12-08")
    assert added.returncode == 0, added.stderr
    claim_id = added.stdout.strip()
    assert UUID.match(claim_id)

    first = json.loads(run(env, "claim", "add", path, "--document", khirbet, "--quote", "sources said that",
                           "--json").stdout)
    second = run(env, "claim", "add", path, "--document", khirbet, "--quote", "sources said that",
                 "--occurrence", "2", "--text", "The clashes moved towards Tell Bir Saba.", "--json")
    assert second.returncode == 0, second.stderr
    second_span = json.loads(second.stdout)
    assert second_span["start"] > first["end"]
    assert second_span["end"] - second_span["start"] == len("sources said that")

    missing = run(env, "claim", "add", path, "--document", khirbet, "--quote", "the mill was never taken")
    assert missing.returncode == 2
    assert missing.stdout == ""
    assert missing.stderr.strip() == ("error: The quote “the mill was never taken” does not occur in "
                                      "“Clashes Reported Near Khirbet al-Nour As Rival Claims Multiply”.")
    third = run(env, "claim", "add", path, "--document", khirbet, "--quote", "sources said that",
                "--occurrence", "3")
    assert third.returncode == 2 and "occurs 2 time(s)" in third.stderr
    bad_date = run(env, "claim", "add", path, "--document", khirbet, "--quote", "calm", "--date", "Friday")
    assert bad_date.returncode == 2 and "“Friday” is not a date" in bad_date.stderr

    for stance, quote in [("supports", "Our units repelled an attack"),
                          ("refutes", "no artillery unit fired"), ("context", "could not reach the field")]:
        doc = khirbet if stance == "supports" else ain
        result = run(env, "evidence", "add", path, "--claim", claim_id[:8], "--document", doc, "--quote", quote,
                     "--stance", stance)
        assert result.returncode == 0, result.stderr
        assert UUID.match(result.stdout.strip())
    bad = run(env, "evidence", "add", path, "--claim", claim_id, "--document", ain, "--quote", "calling them",
              "--stance", "agrees")
    assert bad.returncode == 2
    assert "--stance: use supports, refutes or context" in bad.stderr
    unknown = run(env, "evidence", "add", path, "--claim", "ffffffff", "--document", ain, "--quote", "calling",
                  "--stance", "refutes")
    assert unknown.returncode == 2 and "No claim with id 'ffffffff'" in unknown.stderr

    rows = {r["id"]: r for r in json.loads(run(env, "list", path, "claims", "--json").stdout)}
    assert len(rows) == 3
    row = rows[claim_id]
    assert (row["text"], row["claimant"], row["claim_date"], row["status"]) == (
        "the village is calm", "Levant News Agency", "2017-12-08", "draft")
    assert (row["appearances"], row["supports"], row["refutes"], row["context"]) == (1, 1, 1, 1)
    assert row["documents"] == [khirbet]
    assert rows[second_span["id"]]["text"] == "The clashes moved towards Tell Bir Saba."
    assert rows[first["id"]]["claim_date"] == "2017-12-09"
    text_rows = run(env, "list", path, "claims").stdout
    assert f"{claim_id}  [draft] +1 −1 ctx1  the village is calm  — Levant News Agency" in text_rows

    check = run(env, "check", path)
    assert check.returncode == 0
    assert check.stdout.strip() == f"OK: {path} is sound (3 documents, 3 claims, 6 passages)."


def test_check_damaged_and_foreign_files(env: dict[str, str], imported: tuple[Path, dict[str, str]],
                                         tmp_path: Path) -> None:
    path, _ = imported
    report = json.loads(run(env, "check", path, "--json").stdout)
    assert report["ok"] is True and report["problems"] == [] and report["documents"] == 3

    overwritten = tmp_path / "overwritten.fcw"
    data = bytearray(path.read_bytes())
    needle = b"Heavy fighting broke out on Friday night"
    hits = [m.start() for m in re.finditer(re.escape(needle), data)]
    assert hits  # the article's bytes sit inside a page of the file
    for at in hits:
        data[at : at + len(needle)] = b"\xff" * len(needle)
    overwritten.write_bytes(bytes(data))
    truncated = tmp_path / "truncated.fcw"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    result = run(env, "check", overwritten)
    assert result.returncode == 1, result.stdout
    assert result.stdout.startswith(f"PROBLEMS in {overwritten}:\n  - ")
    assert "“Clashes Reported Near Khirbet al-Nour As Rival Claims Multiply” no longer matches its SHA-256" in (
        result.stdout)
    assert "  - overwritten.fcw is damaged (Could not decode to UTF-8" in result.stdout
    assert len(result.stdout) < 1000  # the damaged text is not dumped on the terminal
    result = run(env, "check", truncated, "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    (problem,) = report["problems"]  # named as truncated, with the sizes (issue 10)
    assert re.fullmatch(r"truncated\.fcw is damaged \(truncated: \d+ bytes instead of the \d+ its header records\)\.",
                        problem), problem

    text = tmp_path / "dispatch.txt"
    text.write_text("Local sources said the road to Bir Hamid was cut.", encoding="utf-8")
    result = run(env, "check", text)
    assert result.returncode != 0
    assert "dispatch.txt is not a Fact-Check Workbench project (not an SQLite file)." in result.stdout
    result = run(env, "check", tmp_path / "absent.fcw")
    assert result.returncode != 0
    assert "absent.fcw: no such project file." in result.stdout


def assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    assert len(data) > 10_000


def test_screenshots(env: dict[str, str], imported: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    path, ids = imported
    out = tmp_path / "shots" / "project.png"
    result = run(env, "screenshot", path, out, "--document", ids["mixed-scripts.txt"][:8], "--size", "1000x700")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    assert_png(out)
    assert out.read_bytes()[16:24] == (1000).to_bytes(4, "big") + (700).to_bytes(4, "big")  # IHDR size

    demo = tmp_path / "demo.png"
    result = run(env, "screenshot", "--demo", demo)
    assert result.returncode == 0, result.stderr
    assert_png(demo)
    assert (Path(env["WORKBENCH_DATA_DIR"]) / "demo.fcw").is_file()

    neither = run(env, "screenshot", tmp_path / "x.png")
    assert neither.returncode == 2
    assert neither.stderr.strip() == "error: screenshot: give a PROJECT or --demo."
    missing = run(env, "screenshot", tmp_path / "absent.fcw", tmp_path / "x.png")
    assert missing.returncode == 2
    assert "absent.fcw: no such project file." in missing.stderr
    assert not (tmp_path / "x.png").exists()
