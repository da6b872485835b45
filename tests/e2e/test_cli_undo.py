"""``workbench undo``, ``redo`` and ``log`` (issue 11): the operation log stored in the project, shared by the
window and the command line; a replay that would overwrite a change made outside the log is refused (exit 1)
and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench import cli
from workbench.store.dump import dump
from workbench.store.project import open_project


def wb(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def content(path: Path) -> dict:
    project = open_project(path, read_only=True)
    try:
        return dump(project.db)
    finally:
        project.close()


def test_commands_are_undone_and_redone_across_invocations(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "desk.fcw"
    assert wb(capsys, "new", path)[0] == 0
    empty = content(path)
    assert wb(capsys, "source", "add", path, "Salma Observer", "--reliability", "C")[0] == 0
    one = content(path)
    assert wb(capsys, "source", "add", path, "District office")[0] == 0
    two = content(path)
    code, out, _ = wb(capsys, "log", path, "--json")
    entries = json.loads(out)
    assert code == 0 and [e["label"] for e in entries] == ["Add source", "Add source"]
    assert {e["origin"] for e in entries} == {"cli"} and {e["state"] for e in entries} == {"done"}

    assert wb(capsys, "undo", path) == (0, "undone  Add source\n", "")
    assert content(path) == one
    code, out, _ = wb(capsys, "undo", path, "--json")
    assert code == 0 and json.loads(out) == {"undone": ["Add source"], "refused": "", "undo": None,
                                             "redo": "Add source"}
    assert content(path) == empty
    assert wb(capsys, "undo", path) == (0, "Nothing to undo.\n", "")
    assert wb(capsys, "redo", path, "--steps", "5") == (0, "redone  Add source\nredone  Add source\n", "")
    assert content(path) == two
    code, out, _ = wb(capsys, "log", path)
    assert code == 0 and out.count("Add source") == 2 and "cli" in out


def test_a_refused_undo_exits_1_names_the_reason_and_changes_nothing(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "desk.fcw"
    wb(capsys, "new", path)
    wb(capsys, "source", "add", path, "Salma Observer", "--alias", "the Observer")
    # the entity commands first make entities of the sources' aliases (no undo step of its own, as in the
    # window): that entity refers to the new source, so undoing "Add source" would leave it pointing at nothing
    assert wb(capsys, "alias", "kind", path, "the Observer", "organisation")[0] == 0
    log_before = wb(capsys, "log", path, "--json")[1]
    before = content(path)
    code, out, err = wb(capsys, "undo", path)
    assert (code, out) == (1, "")
    assert err == ("Cannot undo “Add source”: the entity “Salma Observer” refers to the source “Salma Observer”, "
                   "added or changed after it — by a change that is not in the undo history. Nothing was undone.\n")
    assert content(path) == before and wb(capsys, "log", path, "--json")[1] == log_before


def test_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "desk.fcw"
    wb(capsys, "new", path)
    code, out, err = wb(capsys, "undo", path, "--steps", "0")
    assert code == 2 and out == "" and "--steps must be 1 or more (got 0)" in err
    code, out, err = wb(capsys, "redo", tmp_path / "missing.fcw")
    assert code == 2 and out == "" and "missing.fcw" in err
