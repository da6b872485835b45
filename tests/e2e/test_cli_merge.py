"""Issue 14 from the command line: ``workbench merge --report``, ``conflicts``, ``resolve``, ``exchange`` and
``source merge``; bad input (a foreign file, a bundle of a newer version, no folder) exits 2 with the reason and
leaves the project file byte for byte as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.ops.test_merge import bundle_of, copy_of, edit_apart, start
from workbench import cli
from workbench.ops.project import open_project
from workbench.store.dump import dump


@pytest.fixture
def desks(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    base, ids = start(tmp_path)
    a = copy_of(base, tmp_path / "a.fcw")
    b = copy_of(base, tmp_path / "b.fcw")
    edit_apart(a, b, ids)
    (tmp_path / "newer.json").write_text(json.dumps({**bundle_of(base), "schema_version": 99}))
    for ws in (base, a, b):
        ws.close()
    return tmp_path / "a.fcw", tmp_path / "b.fcw", ids


def contents(path: Path) -> tuple[object, ...]:
    """Every row of the project, history and operation log included."""
    project = open_project(path, read_only=True)
    try:
        with project.read() as db:
            return (dump(db, include_history=True), db.execute("SELECT * FROM oplog").fetchall())
    finally:
        project.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main([str(a) for a in argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_merge_report_conflicts_resolve(desks, capsys: pytest.CaptureFixture[str]) -> None:
    a, b, _ids = desks
    status, out, _ = run(capsys, "merge", a, b, "--report")
    assert status == 0
    assert "merged    b.fcw: added 1 evidence" in out and "1 conflict(s) to review" in out
    assert "merge review:" in out and "rationale" in out
    assert "ours:   “Union rosters confirm two cuts.”" in out and "theirs: “The ministry says one cut.”" in out
    status, out, _ = run(capsys, "conflicts", a, "--json")
    [conflict] = json.loads(out)
    assert conflict["ours"] == "Union rosters confirm two cuts." and conflict["kind"] == "both-changed"
    status, out, _ = run(capsys, "resolve", a, conflict["id"][:8], "theirs")
    assert status == 0 and "kept theirs" in out
    assert run(capsys, "conflicts", a)[1].strip() == "no conflicts to review"
    status, out, _ = run(capsys, "undo", a)
    assert status == 0 and "Resolve conflict" in out
    assert len(json.loads(run(capsys, "conflicts", a, "--json")[1])) == 1
    status, out, _ = run(capsys, "merge", a, b, "--json")
    again = json.loads(out)
    assert not any(again["added"].values()) and not any(again["updated"].values()) and again["conflicts"] == []


def test_exchange_between_two_members(desks, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b, _ids = desks
    shared = tmp_path / "shared"
    shared.mkdir()
    status, out, _ = run(capsys, "exchange", a, "--folder", shared)
    assert status == 0 and "wrote " in out
    status, out, _ = run(capsys, "exchange", b, "--folder", shared, "--json")
    report = json.loads(out)
    assert status == 0 and len(report["merged"]) == 1 and report["written"]
    (shared / "minutes.docx").write_bytes(b"PK\x03\x04 not ours")
    status, out, err = run(capsys, "exchange", a)  # the folder is remembered
    assert status == 1 and "minutes.docx: not a change set" in err and "merged 1 change set(s)" in out


def test_source_merge(desks, capsys: pytest.CaptureFixture[str]) -> None:
    a, _b, _ids = desks
    run(capsys, "source", "add", a, "Dock workers' union")
    status, out, _ = run(capsys, "source", "merge", a, "Dock Workers Union", "Dock workers' union")
    assert status == 0 and "Dock workers' union" in out
    names = [s["name"] for s in json.loads(run(capsys, "list", a, "sources", "--json")[1])]
    assert "Dock workers' union" not in names and "Dock Workers Union" in names


@pytest.mark.parametrize("case", ["foreign", "newer", "itself", "missing"])
def test_bad_input_exits_2_and_changes_nothing(desks, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               case: str) -> None:
    a, _b, _ids = desks
    other = {"foreign": tmp_path / "notes.txt", "newer": tmp_path / "newer.json", "itself": a,
             "missing": tmp_path / "nowhere.fcw"}[case]
    if case == "foreign":
        other.write_text("call the port authority back on Tuesday")
    before = contents(a)
    status, _out, err = run(capsys, "merge", a, other)
    assert status == 2
    assert {"foreign": "neither a Fact-Check Workbench project", "newer": "newer version",
            "itself": "is the project itself", "missing": "does not exist"}[case] in err
    assert contents(a) == before


def test_exchange_without_a_folder_says_so(desks, capsys: pytest.CaptureFixture[str]) -> None:
    a, _b, _ids = desks
    status, _out, err = run(capsys, "exchange", a)
    assert status == 2 and "has no shared folder" in err
