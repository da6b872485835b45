"""`workbench import`: an importer's bug rejects only its file; file names cannot forge result lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.ops.test_import_batch import PAGE, broken_importer
from workbench import cli, importers, logfile
from workbench.importers import sandbox
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops

OPS_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ops"
ROOT = Path(__file__).resolve().parents[2]
REASON = "internal error in the HTML importer — details in the log"


def run(env: dict[str, str], *args: str | bytes | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *map(os.fsdecode, args)], env=env, cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "WORKBENCH_CONFIG_DIR": str(tmp_path / "config"),
            "WORKBENCH_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen",
            "PYTHONIOENCODING": "utf-8"}


@pytest.fixture
def three(tmp_path: Path) -> list[Path]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_bytes((OPS_FIXTURES / "khirbet-nour-clashes.txt").read_bytes())
    (inbox / "b.html").write_bytes(PAGE)
    (inbox / "c.md").write_bytes((OPS_FIXTURES / "ain-jadid-shelling.txt").read_bytes())
    return [inbox / "a.txt", inbox / "b.html", inbox / "c.md"]


def test_a_bug_in_one_importer_rejects_one_line(tmp_path: Path, three: list[Path], monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sandbox, "IN_PROCESS", True)  # the replaced importer runs here, not in the sandbox
    monkeypatch.setitem(importers._IMPORTERS, "html", broken_importer)
    project = tmp_path / "desk.fcw"
    assert cli.main(["import", str(project), *map(str, three)]) == 1  # 1: a file was rejected
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"imported  {three[0]} → ")
    assert lines[1] == f"rejected  {three[1]}: {REASON}"
    assert lines[2].startswith(f"imported  {three[2]} → ")
    log = logfile.log_path().read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "IndexError: list index out of range" in log
    assert "while importing 'b.html'" in log
    opened = project_ops.open_project(project, read_only=True)
    try:
        assert len(doc_ops.list_documents(opened)) == 2
    finally:
        opened.close()
    # and as JSON: each file's outcome, the HTML one rejected with the same reason
    monkeypatch.setitem(importers._IMPORTERS, "html", broken_importer)
    assert cli.main(["import", str(tmp_path / "other.fcw"), *map(str, three), "--json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [(r["status"], r["reason"]) for r in rows] == [("imported", ""), ("rejected", REASON), ("imported", "")]


def test_file_names_cannot_forge_result_lines(env: dict[str, str], tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    article = (OPS_FIXTURES / "khirbet-nour-clashes.txt").read_bytes()
    forged = "evil\nimported  news-fake.txt → deadbeef “Forged”\n.txt"
    (inbox / forged).write_bytes(article)
    (inbox / "\x1b[2J\x1b[31mred.txt").write_bytes(article.replace(b"Khirbet", b"Kherbet"))
    (inbox / "empty\r.txt").write_bytes(b"")
    result = run(env, "import", tmp_path / "desk.fcw", inbox)
    assert result.returncode == 1, result.stderr  # the empty file is rejected
    lines = result.stdout.splitlines()
    assert len(lines) == 3  # one per file, whatever the names hold
    assert not any(line.startswith("imported  news-fake.txt") for line in lines)
    shown = {line.split(" ", 1)[0]: line for line in lines}
    assert repr(str(inbox / "empty\r.txt")) in shown["rejected"]
    assert any(repr(str(inbox / forged)) in line for line in lines)
    assert any("\\x1b[2J\\x1b[31mred.txt" in line for line in lines)
    assert all(line.isprintable() for line in lines)


def test_undecodable_file_names_are_escaped(env: dict[str, str], tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"  # on Linux a file name is bytes, not necessarily UTF-8
    inbox.mkdir()
    name = os.path.join(os.fsencode(inbox), b"caf\xe9 report.txt")
    with open(name, "wb") as fh:
        fh.write((OPS_FIXTURES / "ain-jadid-shelling.txt").read_bytes())
    result = run(env, "import", tmp_path / "desk.fcw", name)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("imported  '") and "caf\\udce9 report.txt'" in result.stdout
    result = run(env, "import", tmp_path / "desk2.fcw", name, "--json")
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert os.fsencode(row["path"]) == name  # the escape decodes back to the very bytes of the name
    project = project_ops.open_project(tmp_path / "desk2.fcw", read_only=True)
    try:  # stored with the undecodable byte as U+FFFD
        assert [d.filename for d in doc_ops.list_documents(project)] == ["caf\ufffd report.txt"]
    finally:
        project.close()
