"""`workbench resegment`: per-document report, --dry-run writes nothing, new versions, bad arguments."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.ops.resegment_helpers import (
    Case,
    badly_segmented,
    passages_of,
    read_differently,
)
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops

ROOT = Path(__file__).resolve().parents[2]


def run(env: dict[str, str], *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], env=env, cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "WORKBENCH_CONFIG_DIR": str(tmp_path / "config"),
            "WORKBENCH_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen",
            "PYTHONIOENCODING": "utf-8"}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def old_project(tmp_path: Path) -> tuple[Path, Case]:
    path = tmp_path / "old.fcw"
    project = project_ops.create_project(path)
    try:
        case = badly_segmented(project)
    finally:
        project.close()
    return path, case


def test_dry_run_then_resegment(env: dict[str, str], old_project: tuple[Path, Case]) -> None:
    path, case = old_project
    before = sha(path)
    dry = run(env, "resegment", path, "--all", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    first, total = dry.stdout.splitlines()
    assert first.startswith(f"re-segmented {case.doc_id[:8]} “Clashes Reported Near Khirbet al-Nour")
    assert "body 1,316 → " in first and "comments 0 → " in first and "boilerplate 0 → " in first
    assert "1 segment mark(s) of yours applied again" in first
    assert total == "1 document(s): 1 re-segmented, 0 new version(s), 0 unchanged, 0 failed; " \
                    "dry run: nothing was changed"
    assert sha(path) == before  # not a byte changed
    assert not Path(f"{path}.lock").exists()

    done = run(env, "resegment", path, case.doc_id[:8])  # a unique prefix is enough
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == first
    assert sha(path) != before

    again = run(env, "resegment", path, "--all", "--json")
    assert again.returncode == 0, again.stderr
    (row,) = json.loads(again.stdout)
    assert (row["document_id"], row["status"], row["dry_run"]) == (case.doc_id, "unchanged", False)
    assert row["before"] == row["after"] and row["after"]["comments"] > 0


def test_a_new_reading_is_reported_as_a_new_version(env: dict[str, str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "versions.fcw"
    project = project_ops.create_project(path)
    try:
        case = read_differently(project, monkeypatch)
    finally:
        project.close()
    result = run(env, "resegment", path, "--all", "--json", "--dry-run")
    assert result.returncode == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert (row["status"], row["dry_run"], row["new_document_id"]) == ("new version", True, "")
    assert row["passages"] == {"moved": 2, "review": 0, "orphaned": 1}
    result = run(env, "resegment", path, "--all")
    assert result.returncode == 0, result.stderr
    line = result.stdout.splitlines()[0]
    assert line.startswith(f"new version  {case.doc_id[:8]} → ")
    assert "imported as a new version" in line and "passages: 2 moved, 0 for review, 1 orphaned" in line
    assert "your segment marks: 1 carried, 1 not carried" in line
    project = project_ops.open_project(path, read_only=True)
    try:
        docs = doc_ops.list_documents(project)
        assert len(docs) == 2
        new_id = next(d.id for d in docs if d.id != case.doc_id)
        assert line.startswith(f"new version  {case.doc_id[:8]} → {new_id[:8]} ")
        assert len(passages_of(project, new_id)) == 2 and passages_of(project, case.doc_id) == {}
    finally:
        project.close()
    assert run(env, "check", path).returncode == 0


@pytest.mark.parametrize(("args", "message"), [
    ([], "name the documents (ids or unique prefixes) or give --all"),
    (["DOC", "--all"], "name the documents (ids or unique prefixes) or give --all"),
    (["zzzz"], "No document with id 'zzzz' in this project."),
])
def test_bad_arguments_exit_2(env: dict[str, str], old_project: tuple[Path, Case], args: list[str],
                              message: str) -> None:
    path, _case = old_project
    before = sha(path)
    result = run(env, "resegment", path, *[a.replace("DOC", _case.doc_id[:8]) for a in args])
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stdout == "" and sha(path) == before


def test_missing_project_exits_2(env: dict[str, str], tmp_path: Path) -> None:
    result = run(env, "resegment", tmp_path / "nowhere.fcw", "--all")
    assert result.returncode == 2 and "no such project file" in result.stderr
    assert not (tmp_path / "nowhere.fcw").exists()


def test_a_dry_run_on_an_older_project_says_what_to_do(env: dict[str, str], old_project: tuple[Path, Case]) -> None:
    path, _case = old_project
    project = project_ops.open_project(path)
    try:  # as if made before schema step 0005: read-only, it cannot be upgraded
        project.db.execute("DELETE FROM _sqlite_migrations WHERE name = '0005_reading'")
        project.db.conn.commit()
    finally:
        project.close()
    before = sha(path)
    result = run(env, "resegment", path, "--all", "--dry-run")
    assert result.returncode == 2 and result.stdout == ""
    assert "made by an older version" in result.stderr and "open it for writing once" in result.stderr
    assert sha(path) == before
