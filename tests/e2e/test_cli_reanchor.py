"""Issue 16 item 2 on the command line: `workbench import` of a new version re-anchors (moved / to review /
orphaned per passage); `workbench reanchor` lists the review queue and makes the three choices.

Before the fix the import of a new version offered no re-anchoring at all and there was no `reanchor` command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.ops.reanchor_helpers import ISSUE_NEW, ISSUE_OLD, NEW_TEXT, QUOTES, V1, V2, passage_row, with_claims
from workbench.ops import claims as claim_ops
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


@pytest.fixture
def case_path(tmp_path: Path) -> tuple[Path, dict[str, str], dict[str, str]]:
    """A project with the first version and its claims; returns (path, claims, passages)."""
    path = tmp_path / "case.fcw"
    project = project_ops.create_project(path)
    try:
        case = with_claims(project)
    finally:
        project.close()
    return path, case.claims, case.passages


def _row(path: Path, passage_id: str) -> tuple[str, int, int, str, int, int]:
    project = project_ops.open_project(path, read_only=True)
    try:
        return passage_row(project, passage_id)
    finally:
        project.close()


def test_the_issue_import_of_a_new_version_reanchors_and_reports_each_passage(
        env: dict[str, str], case_path: tuple[Path, dict[str, str], dict[str, str]]) -> None:
    path, claims, passages = case_path
    done = run(env, "import", path, V2)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("imported  ") and "marashida-v2.txt" in lines[0]
    assert lines[1].startswith("new version ") and "7 passage(s): 3 moved, 3 to review, 1 orphaned" in lines[1]
    by_passage = {line[13:21]: line for line in lines[2:-1]}  # "  to review  1a2b3c4d  “…”"
    control_line = by_passage[passages["control"][:8]]
    assert control_line.startswith("  to review") and "[-confirmed-]" in control_line and "{+stated+}" in control_line
    assert by_passage[passages["wounded"][:8]].startswith("  to review")
    assert by_passage[passages["ambush"][:8]].startswith("  orphaned")
    for key in ("dawn", "denial", "tensions"):
        assert by_passage[passages[key][:8]].startswith("  moved")
    assert lines[-1] == f"  review them: workbench reanchor {path}"
    # the quote was not rewritten: the passage waits on the old version
    row = _row(path, passages["control"])
    assert ISSUE_OLD in row[3] and row[5] == 1

    # the review queue, as text and as JSON
    listed = run(env, "reanchor", path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("3 passage(s) to review, 1 orphan(s).")
    assert "    old: A military source quoted by SANA also [-confirmed-] that the village [-was-] under" \
           in listed.stdout
    assert "    new: A military source quoted by SANA also {+stated+} that the village {+remained+} under" \
           in listed.stdout
    assert listed.stdout.index("to review") < listed.stdout.index("orphan  ")  # what to decide first
    items = json.loads(run(env, "reanchor", path, row[0][:8], "--json").stdout)
    control = next(i for i in items if i["passage_id"] == passages["control"])
    assert (control["status"], control["reason"], control["quote"], control["new_text"]) == (
        "review", "changed", QUOTES["control"], NEW_TEXT["control"])
    assert {(c["old"], c["new"]) for c in control["changes"]} == {("confirmed", "stated"), ("was", "remained")}
    assert control["claims"] == sorted([claims["control"]])

    # accept: the quote becomes the new text, with history
    accepted = run(env, "reanchor", path, "--accept", passages["control"][:8])
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.startswith(f"accepted   {passages['control'][:8]} now on ")
    assert f"quote changed “{QUOTES['control']}” → “{NEW_TEXT['control']}”" in accepted.stdout
    assert _row(path, passages["control"])[3] == NEW_TEXT["control"]
    history = run(env, "history", path, "--claim", claims["control"])
    assert f"quote changed on re-anchoring: “{QUOTES['control']}” → “{NEW_TEXT['control']}”, accepted by " \
           in history.stdout
    assert ISSUE_NEW in _row(path, passages["control"])[3]

    # place by hand, keep as orphan
    placed = run(env, "reanchor", path, "--place", passages["wounded"], "--quote", "4 civilians were wounded",
                 "--json")
    assert placed.returncode == 0, placed.stderr
    assert json.loads(placed.stdout)["new_quote"] == "4 civilians were wounded"
    remaining = json.loads(run(env, "reanchor", path, "--json").stdout)
    evidence = next(i["passage_id"] for i in remaining if i["status"] == "review")
    orphaned = run(env, "reanchor", path, "--orphan", evidence[:8])
    assert orphaned.returncode == 0 and orphaned.stdout.startswith(f"orphan     {evidence[:8]}")
    assert [i["status"] for i in json.loads(run(env, "reanchor", path, "--json").stdout)] == ["orphan", "orphan"]
    check = run(env, "check", path)
    assert check.returncode == 0 and check.stdout.startswith("OK: ")


def test_import_json_and_no_reanchor(env: dict[str, str], tmp_path: Path,
                                     case_path: tuple[Path, dict[str, str], dict[str, str]]) -> None:
    path, _claims, passages = case_path
    copy = tmp_path / "copy.fcw"
    copy.write_bytes(path.read_bytes())
    done = run(env, "import", path, V2, "--json")
    assert done.returncode == 0, done.stderr
    (outcome,) = json.loads(done.stdout)
    assert outcome["status"] == "imported" and outcome["previous_id"]
    info = outcome["reanchor"]
    assert (info["moved"], info["review"], info["orphaned"]) == (3, 3, 1)
    statuses = {p["passage_id"]: p["status"] for p in info["passages"]}
    assert statuses[passages["control"]] == "review" and statuses[passages["ambush"]] == "orphaned"
    # --no-reanchor: the new version is imported, its passages stay where they are
    left = run(env, "import", copy, V2, "--no-reanchor")
    assert left.returncode == 0, left.stderr
    assert len(left.stdout.splitlines()) == 1 and left.stdout.startswith("imported  ")
    project = project_ops.open_project(copy, read_only=True)
    try:
        assert all(passage_row(project, pid)[4:] == (0, 0) for pid in passages.values())
        old = passage_row(project, passages["control"])[0]
        assert len(claim_ops.highlights(project, old)) == 7
    finally:
        project.close()
    # a file that is no new version: import prints what it always printed
    other = tmp_path / "other.txt"
    other.write_text("Another Story\n\nNothing to do with al-Marashida.\n", encoding="utf-8")
    plain = run(env, "import", path, other)
    assert plain.returncode == 0 and len(plain.stdout.splitlines()) == 1
    # both versions in one run: the second is a new version of the first, which has no passages yet
    fresh = run(env, "import", tmp_path / "fresh.fcw", V1, V2)
    assert fresh.returncode == 0 and len(fresh.stdout.splitlines()) == 2


def test_bad_arguments_exit_2(env: dict[str, str], case_path: tuple[Path, dict[str, str], dict[str, str]]) -> None:
    path, _claims, passages = case_path
    for args, message in (
        (("--place", passages["control"]), "needs --quote"),
        (("--quote", "x"), "--quote goes with --place"),
        (("--accept", "zz"), "too short"),
        (("--accept", "ffffffff"), "No passage"),
        (("--accept", passages["tensions"]), "not waiting for review"),
        (("nosuchdoc",), "No document"),
    ):
        done = run(env, "reanchor", path, *args)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert message in done.stderr, (args, done.stderr)
    both = run(env, "reanchor", path, "--accept", "abcd", "--orphan", "abcd")
    assert both.returncode == 2 and "not allowed with" in both.stderr
    missing = run(env, "reanchor", path.with_name("missing.fcw"))
    assert missing.returncode == 2 and "no such project file" in missing.stderr
    assert run(env, "reanchor", path).stdout.startswith("nothing to review")
